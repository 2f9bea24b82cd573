import { asWritten, ukDate } from "./case-files.ts";
import { ssda903Codes } from "./ssda903-codes.ts";
import type { CellValue } from "./workbook-stream.ts";

/**
 * How an Annex A workbook's cells are read for its columns: text, dates, counts and the fixed
 * answers some columns take, each as the value the store keeps or a problem that says, in a
 * council officer's words, what is wrong with the cell.
 */

/** A cell as text, trimmed: a date as YYYY-MM-DD, an Excel error as itself, an empty cell as "". */
export function plainText(value: CellValue): string {
  if (value === null) return "";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "object") return value.error;
  return String(value).trim();
}

/** A cell read for a column: its value for the store, or what is wrong with it. */
export type Read = { value: string | number | null } | { problem: string };

/** How a column's cells are read. */
export type Reader = (cell: CellValue) => Read;

const isExcelError = (cell: CellValue): cell is { error: string } => cell !== null && typeof cell === "object" && !(cell instanceof Date);

const excelError = (cell: { error: string }): Read => ({ problem: `the cell shows the Excel error ${cell.error}: put the value in, or leave the cell empty` });

/** Text as written, or nothing for an empty cell. */
export const text: Reader = (cell) => {
  if (isExcelError(cell)) return excelError(cell);
  return { value: plainText(cell) || null };
};

/** A child's id as the case system gave it; a workbook may hold it as a number. */
export const childId: Reader = (cell) => (typeof cell === "number" ? { value: String(cell) } : text(cell));

/** Excel counts days from 30 December 1899 (its 1900 system, as Annex A workbooks are written). */
const excelEpoch = Date.UTC(1899, 11, 30);

/** A date: a real Excel date (or its serial number, as a formula gives it) or text written dd/mm/yyyy. */
export const date: Reader = (cell) => {
  if (cell === null || cell === "") return { value: null };
  if (cell instanceof Date) return { value: cell.toISOString().slice(0, 10) };
  if (typeof cell === "number" && cell >= 1 && cell < 2958466) return { value: new Date(excelEpoch + Math.floor(cell) * 86_400_000).toISOString().slice(0, 10) };
  if (typeof cell === "object") return excelError(cell);
  const written = String(cell).trim();
  if (!written) return { value: null };
  const day = ukDate(written);
  return day ? { value: day } : { problem: `${asWritten(written)} is not a date: enter a date, or write it as dd/mm/yyyy` };
};

/** A whole number, such as a count of previous plans. */
export const count: Reader = (cell) => {
  if (cell === null || cell === "") return { value: null };
  if (isExcelError(cell)) return excelError(cell);
  const written = plainText(cell);
  return /^\d+$/.test(written) ? { value: Number(written) } : { problem: `${asWritten(written)} is not a whole number` };
};

/** Text compared as Annex A's lists are: without case, punctuation or extra spaces. */
export const squash = (written: string) =>
  written
    .toLowerCase()
    .replace(/[‘’`]/g, "'")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();

/** The letter Annex A's answer lists put before an answer: "q) " in "q) 6: Police". */
const answerLetter = /^[a-z]{1,2}\d?\)\s*/i;

/**
 * A fixed list of Annex A answers, read as a workbook gives them: "q) 6: Police", "6: Police",
 * "6", "N1 - Abuse or neglect", or the answer's words alone ("Female", "Physical abuse").
 */
function codes(described: string, known: Iterable<string>, words: Record<string, string> = {}): Reader {
  const set = new Set(known);
  return (cell) => {
    if (isExcelError(cell)) return excelError(cell);
    const written = plainText(cell);
    if (!written) return { value: null };
    const answer = written.replace(answerLetter, "");
    const code = /^([a-z0-9]+)\s*(?:$|[:\-–])/i.exec(answer)?.[1]?.toUpperCase();
    if (code && set.has(code)) return { value: code };
    const byWords = words[squash(answer)];
    if (byWords !== undefined) return { value: byWords };
    return { problem: `must be one of ${described}; it is ${asWritten(written)}` };
  };
}

/** The words after an Annex A code: "Police" in "q) 6: Police". */
export function codeWords(cell: CellValue): string | null {
  const written = plainText(cell).replace(answerLetter, "");
  const words = /^[a-z0-9]+\s*[:\-–]\s*(.+)$/i.exec(written)?.[1]?.trim();
  return words || null;
}

/** An SSDA903 list without the codes Annex A's column has no use for. */
const without = (list: ReadonlySet<string>, ...left: string[]) => [...list].filter((code) => !left.includes(code));

export const yesNo = codes("Yes or No", [], { yes: "Y", y: "Y", no: "N", n: "N" });
export const yesNoUnknown = codes("Yes, No or Unknown", [], { yes: "Y", y: "Y", no: "N", n: "N", unknown: "U" });
/** Annex A's Gender, kept as M, F, U (not stated or recorded) or N (neither). */
export const gender = codes("a) Male, b) Female, c) Not stated/recorded or d) Neither", [], { male: "M", female: "F", "not stated recorded": "U", "not stated": "U", "not recorded": "U", neither: "N" });
export const ethnicity = codes("the DfE ethnicity codes (WBRI, WIRI … NOBT)", ssda903Codes.ETHNIC);
/** A contact's or referral's source, as the CIN census codes it. */
export const source = codes("the CIN census sources 1A to 10 (such as q) 6: Police)", ["1A", "1B", "1C", "1D", "2A", "2B", "3A", "3B", "3C", "3D", "3E", "3F", "4", "5A", "5B", "5C", "5D", "6", "7", "8", "9", "10"]);
export const need = codes("the need codes N0 to N9 (such as N1 - Abuse or neglect)", ["N0", "N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8", "N9"]);
export const closure = codes("the closure reasons RC1 to RC9", ["RC1", "RC2", "RC3", "RC4", "RC5", "RC6", "RC7", "RC8", "RC9"]);
export const abuse = codes("Neglect, Physical abuse, Sexual abuse, Emotional abuse or Multiple/not recommended", ["NEG", "PHY", "SAB", "EMO", "MUL"], {
  neglect: "NEG",
  "physical abuse": "PHY",
  "sexual abuse": "SAB",
  "emotional abuse": "EMO",
  "multiple not recommended": "MUL",
  multiple: "MUL",
});
export const legalStatus = codes("the 903 legal statuses (C1, C2, D1, E1, J1 to J3, L1 to L3, V2 to V4)", ssda903Codes.LS);
/** X1, the 903's end of an episode within a period of care, does not end care: Annex A's column is why care ended. */
export const ceased = codes("the 903 reasons for ceasing care (E11 to E9)", without(ssda903Codes.REC, "X1"));
export const placementType = codes("the 903 placement types (such as U4 or K2)", ssda903Codes.PLACE);
export const provider = codes("the 903 providers PR0 to PR5", ssda903Codes.PLACE_PROVIDER);
export const eligibility = codes("Relevant, Former relevant, Qualifying or Eligible", [], {
  relevant: "Relevant",
  "relevant child": "Relevant",
  "former relevant": "Former Relevant",
  "former relevant child": "Former Relevant",
  qualifying: "Qualifying",
  "qualifying care leaver": "Qualifying",
  eligible: "Eligible",
  "eligible child": "Eligible",
});
export const inTouch = codes("Yes, No, Died, Refuses contact, No longer requires services or Returned home", ssda903Codes.IN_TOUCH, {
  yes: "YES",
  no: "NO",
  died: "DIED",
  "young person refuses contact": "REFU",
  "refuses contact": "REFU",
  "young person no longer requires services": "NREQ",
  "no longer requires services": "NREQ",
  "young person has returned home": "RHOM",
  "returned home": "RHOM",
});
/** Annex A's accommodation and activity lists have no 0, the 903's code for no information. */
export const accommodation = codes("the 903 accommodation codes (such as U: Independent living)", without(ssda903Codes.ACCOM_TYPE, "0"));
export const suitable = codes("Suitable or Unsuitable", ["1", "2"], { suitable: "1", unsuitable: "2" });
export const activity = codes("the 903 activity codes (such as F1 or G5)", without(ssda903Codes.ACTIV, "0"));
/** Why a child is no longer to be placed for adoption: the 903's RD codes (its E11 and E12 are adoptions made). */
export const adoptionReversed = codes("the reasons RD1 to RD4", without(ssda903Codes.REASON_PLACED_CEASED, "E11", "E12"));
