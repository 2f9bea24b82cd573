import { createReadStream } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";
import type { Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import { createInflateRaw } from "node:zlib";
import { SaxesParser } from "saxes";
import { UnreadableFileError } from "../../core/file-problems.ts";
import { formatDate } from "../../core/format.ts";
import { fileLimits, megabytes } from "../../core/upload-limits.ts";
import { londonDateOf } from "../../core/values-as-at.ts";
import { CaseFileProblems } from "./case-file-problems.ts";
import { asWritten, DroppedFields, fileSha256, isoDate, ukDate, type CaseFile } from "./case-files.ts";
import { filesHash, type CaseRow, type CaseRows, type PreparedExtract } from "./loading.ts";
import type { StoreTableName } from "./store-repository.ts";

/**
 * Ofsted's Annex A workbook: the lists of children a council sends inspectors before an ILACS
 * inspection, one sheet a list ("List 1" to "List 11"), read as a stream and checked cell by cell.
 *
 * Each list's columns are found by their headers, compared without case, spaces or punctuation,
 * so a column moved or renamed slightly between Annex A versions is still read. What each list
 * becomes in the store:
 * - List 1, contacts: `ssd_contacts`.
 * - List 2, early help: not stored (the store has no early-help table); its rows are counted in
 *   the extract's summary as "List 2".
 * - List 3, referrals, and List 6, children in need: `ssd_cin_episodes`, one per child and start
 *   date, so a referral that is also an open case in List 6 is one episode with List 6's primary
 *   need and closure added; List 6's "Date Child Was Last Seen" is a seen visit (`ssd_cin_visits`).
 *   Annex A gives no child-in-need plan dates, so nothing goes to `ssd_cin_plans`.
 * - List 4, assessments: `ssd_cin_assessments` ("requiring social care support" No = no further action).
 * - List 5, "section 47 enquiries": `ssd_s47_enquiry`, and `ssd_initial_cp_conference` where a
 *   conference date is given.
 * - List 7, child protection plans: `ssd_cp_plans`, the last statutory visit (`ssd_cp_visits`,
 *   seen when the child was seen alone) and the latest review conference (`ssd_cp_reviews`).
 * - List 8, children looked after: the period of care (`ssd_cla_episodes`), its legal status,
 *   latest placement, latest review and last social work visit; health and dental dates are not
 *   stored (the store's health checks need the council's own type codes).
 * - List 9, care leavers: `ssd_care_leavers`, one row per young person per extract date, since
 *   the list is a snapshot.
 * - List 10, adoption: `ssd_permanence`. List 11, adopters: not stored (adopters are not
 *   children, and the store keeps permanence per child); counted as "List 11".
 * Every child becomes an `ssd_person` (date of birth, sex and gender from Annex A's Gender,
 * ethnicity), an `ssd_disability` row where the disability question is answered (NONE for No; YES
 * for Yes, as Annex A does not say which) and an `ssd_immigration_status` row (UASC) where a list
 * says so. A child who appears in several lists must have the same details in each.
 *
 * Annex A gives no record ids: each record's is the child's id, the kind of record and its key
 * date (`12345|referral|2024-09-16`), so the same record in a later workbook, even from another
 * list, updates rather than duplicates. Staff names, postcodes and any column that looks like a
 * name, address, UPN, NHS number or comment are dropped and counted.
 *
 * Annex A names no council, so `settings.laCode` is required. It has no reference date either
 * (the latest date in it is only the latest event): the extract date is `settings.extractDate`,
 * or else the day of the import in England. It has no collection year.
 */
export async function prepareAnnexA(files: CaseFile[], settings: AnnexASettings): Promise<PreparedExtract> {
  const [file, ...others] = files;
  if (!file || others.length > 0) throw new UnreadableFileError(`An Annex A import takes one workbook (.xlsx); ${String(files.length)} files were given.`);
  const sha256 = await fileSha256(file);
  const parts = await workbookParts(file);

  const problems = new CaseFileProblems();
  const settingsPlace = { file: file.name, place: "import settings" };
  const laCode = settings.laCode?.trim() ?? "";
  if (!laCode) problems.add({ ...settingsPlace, field: "council", message: "Annex A does not say which council it is from: choose the council before importing it" });
  let extractDate = londonDateOf(new Date());
  if (settings.extractDate) {
    const given = isoDate(settings.extractDate);
    if (given) extractDate = given;
    else problems.add({ ...settingsPlace, field: "extract date", message: `${asWritten(settings.extractDate)} is not a date: give it as YYYY-MM-DD` });
  }

  const reading = new Reading(extractDate);
  const dropped = new DroppedFields();
  let rowCount = 0;
  let listsFound = 0;
  for await (const event of workbookEvents(file, parts)) {
    if (event.kind === "sheet") {
      listsFound += 1;
      const { sheet } = event;
      for (const missing of sheet.missing) {
        problems.add({ file: sheet.file, place: `row ${String(sheet.headerRow)}`, field: missing, message: `List ${String(sheet.list.number)} has no "${missing}" column, which Annex A requires: none of its rows can be read` });
      }
    } else if (event.kind === "row") {
      rowCount += 1;
      for (const [index, header] of event.sheet.dropped) dropped.drop(header, plainText(event.row.cells[index] ?? null));
      for (const problem of reading.check(event.sheet, event.row)) problems.add(problem);
    } else {
      listsFound += 1;
      if (event.rows > 0) dropped.counts[`List ${String(event.list)}`] = (dropped.counts[`List ${String(event.list)}`] ?? 0) + event.rows;
    }
  }
  if (listsFound === 0) problems.add({ file: file.name, place: "the workbook", field: "", message: `${file.name} holds none of the Annex A lists: its sheets should be named "List 1" to "List 11"` });

  return {
    laCode,
    source: "annex-a",
    label: file.name,
    sha256: filesHash([{ name: file.name, sha256 }]),
    extractDate,
    collectionYear: null,
    synthetic: false,
    dropped: dropped.counts,
    problems,
    rowCount,
    sameRecord: (table) => sameRecord[table] ?? "Child Unique ID",
    rows: () => reading.rows(file, parts),
  };
}

/** What the analyst tells the import that the workbook does not say. */
export interface AnnexASettings {
  laCode?: string | null;
  /** The day the lists were taken from the case system, as YYYY-MM-DD; the day of the import when not given. */
  extractDate?: string | null;
}

/** What makes two rows of a table the same record, in Annex A's words. */
const sameRecord: Partial<Record<StoreTableName, string>> = {
  ssd_person: "Child Unique ID",
  ssd_disability: "Child Unique ID",
  ssd_immigration_status: "Child Unique ID",
  ssd_contacts: "Child Unique ID and Date of Contact",
  ssd_cin_episodes: "Child Unique ID and Date of Referral (CIN Start Date in List 6)",
  ssd_cin_visits: "Child Unique ID and Date Child Was Last Seen",
  ssd_cin_assessments: "Child Unique ID and Continuous Assessment Start Date",
  ssd_s47_enquiry: "Child Unique ID and Strategy discussion initiating Section 47 Enquiry Start Date",
  ssd_initial_cp_conference: "Child Unique ID and Date of Initial Child Protection Conference",
  ssd_cp_plans: "Child Unique ID and Child Protection Plan Start Date",
  ssd_cp_visits: "Child Unique ID and Date of the Last Statutory Visit",
  ssd_cp_reviews: "Child Unique ID and Date of latest review conference",
  ssd_cla_episodes: "Child Unique ID and Date Started to be Looked After",
  ssd_legal_status: "Child Unique ID and Start date of current legal status",
  ssd_cla_placement: "Child Unique ID and Start Date of Most Recent Placement",
  ssd_cla_reviews: "Child Unique ID and Date of Latest Statutory Review",
  ssd_cla_visits: "Child Unique ID and Date of Last Social Work Visit",
  ssd_care_leavers: "Child Unique ID (once in List 9)",
  ssd_permanence: "Child Unique ID and Date of Decision that Child Should be Placed for Adoption",
};

// ---------------------------------------------------------------------------------------------
// Cells and codes

/** A cell as its value: a formula as its result, an Excel error as itself. */
type Plain = string | number | boolean | Date | { error: string } | null;

function plainText(value: Plain): string {
  if (value === null) return "";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "object") return value.error;
  return String(value).trim();
}

/** A cell read for a column: its value for the store, or what is wrong with it. */
type Read = { value: string | number | null } | { problem: string };

type Reader = (cell: Plain) => Read;

const excelError = (cell: { error: string }): Read => ({ problem: `the cell shows the Excel error ${cell.error}: put the value in, or leave the cell empty` });

const text: Reader = (cell) => {
  if (cell !== null && typeof cell === "object" && !(cell instanceof Date)) return excelError(cell);
  return { value: plainText(cell) || null };
};

/** Excel counts days from 30 December 1899 (its 1900 system, as Annex A workbooks are written). */
const excelEpoch = Date.UTC(1899, 11, 30);

/** A date: a real Excel date (or its serial number, as a formula gives it) or text written dd/mm/yyyy. */
const date: Reader = (cell) => {
  if (cell === null || cell === "") return { value: null };
  if (cell instanceof Date) return { value: cell.toISOString().slice(0, 10) };
  if (typeof cell === "number" && cell >= 1 && cell < 2958466) return { value: new Date(excelEpoch + Math.floor(cell) * 86_400_000).toISOString().slice(0, 10) };
  if (typeof cell === "object") return excelError(cell);
  const written = String(cell).trim();
  if (!written) return { value: null };
  const day = ukDate(written);
  return day ? { value: day } : { problem: `${asWritten(written)} is not a date: enter a date, or write it as dd/mm/yyyy` };
};

const count: Reader = (cell) => {
  if (cell === null || cell === "") return { value: null };
  if (typeof cell === "object" && !(cell instanceof Date)) return excelError(cell);
  const written = plainText(cell);
  return /^\d+$/.test(written) ? { value: Number(written) } : { problem: `${asWritten(written)} is not a whole number` };
};

/** Text compared as Annex A's lists are: without case, punctuation or extra spaces. */
const squash = (written: string) =>
  written
    .toLowerCase()
    .replace(/[‘’`]/g, "'")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();

/**
 * A fixed list of Annex A answers, read as a workbook gives them: "q) 6: Police", "6: Police",
 * "6", "N1 - Abuse or neglect", or the answer's words alone ("Female", "Physical abuse").
 */
function codes(described: string, known: readonly string[], words: Record<string, string> = {}): Reader {
  const set = new Set(known);
  return (cell) => {
    if (cell !== null && typeof cell === "object" && !(cell instanceof Date)) return excelError(cell);
    const written = plainText(cell);
    if (!written) return { value: null };
    const answer = written.replace(/^[a-z]{1,2}\d?\)\s*/i, "");
    const code = /^([a-z0-9]+)\s*(?:$|[:\-–])/i.exec(answer)?.[1]?.toUpperCase();
    if (code && set.has(code)) return { value: code };
    const byWords = words[squash(answer)];
    if (byWords !== undefined) return { value: byWords };
    return { problem: `must be one of ${described}; it is ${asWritten(written)}` };
  };
}

/** The words after an Annex A code: "Police" in "q) 6: Police". */
function codeWords(cell: Plain): string | null {
  const written = plainText(cell).replace(/^[a-z]{1,2}\d?\)\s*/i, "");
  const words = /^[a-z0-9]+\s*[:\-–]\s*(.+)$/i.exec(written)?.[1]?.trim();
  return words || null;
}

const yesNo = codes("Yes or No", [], { yes: "Y", y: "Y", no: "N", n: "N" });
const yesNoUnknown = codes("Yes, No or Unknown", [], { yes: "Y", y: "Y", no: "N", n: "N", unknown: "U" });
/** Annex A's Gender, kept as the SSD's sex (M, F, U) and gender (01, 02, 00, 09). */
const gender = codes("a) Male, b) Female, c) Not stated/recorded or d) Neither", [], { male: "M", female: "F", "not stated recorded": "U", "not stated": "U", "not recorded": "U", neither: "N" });
const ethnicity = codes(
  "the DfE ethnicity codes (WBRI, WIRI … NOBT)",
  ["WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN", "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT"],
);
const source = codes("the CIN census sources 1A to 10 (such as q) 6: Police)", ["1A", "1B", "1C", "1D", "2A", "2B", "3A", "3B", "3C", "3D", "3E", "3F", "4", "5A", "5B", "5C", "5D", "6", "7", "8", "9", "10"]);
const need = codes("the need codes N0 to N9 (such as N1 - Abuse or neglect)", ["N0", "N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8", "N9"]);
const closure = codes("the closure reasons RC1 to RC9", ["RC1", "RC2", "RC3", "RC4", "RC5", "RC6", "RC7", "RC8", "RC9"]);
const abuse = codes("Neglect, Physical abuse, Sexual abuse, Emotional abuse or Multiple/not recommended", ["NEG", "PHY", "SAB", "EMO", "MUL"], {
  neglect: "NEG",
  "physical abuse": "PHY",
  "sexual abuse": "SAB",
  "emotional abuse": "EMO",
  "multiple not recommended": "MUL",
  multiple: "MUL",
});
const legalStatus = codes("the 903 legal statuses (C1, C2, D1, E1, J1 to J3, L1 to L3, V2 to V4)", ["C1", "C2", "D1", "E1", "J1", "J2", "J3", "L1", "L2", "L3", "V2", "V3", "V4"]);
const ceased = codes("the 903 reasons for ceasing care (E11 to E9)", ["E11", "E12", "E13", "E14", "E15", "E16", "E17", "E2", "E3", "E41", "E45", "E46", "E47", "E48", "E4A", "E4B", "E5", "E6", "E7", "E8", "E9"]);
const placementType = codes("the 903 placement types (such as U4 or K2)", [
  "A3", "A4", "A5", "A6", "H5", "K1", "K2", "K3", "P1", "P2", "P3", "R1", "R2", "R3", "R5", "S1", "T0", "T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6", "Z1", "Z11", "Z12", "Z13", "Z14",
]);
const provider = codes("the 903 providers PR0 to PR5", ["PR0", "PR1", "PR2", "PR3", "PR4", "PR5"]);
const eligibility = codes("Relevant, Former relevant, Qualifying or Eligible", [], {
  relevant: "Relevant",
  "relevant child": "Relevant",
  "former relevant": "Former Relevant",
  "former relevant child": "Former Relevant",
  qualifying: "Qualifying",
  "qualifying care leaver": "Qualifying",
  eligible: "Eligible",
  "eligible child": "Eligible",
});
const inTouch = codes("Yes, No, Died, Refuses contact, No longer requires services or Returned home", ["YES", "NO", "DIED", "REFU", "NREQ", "RHOM"], {
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
const accommodation = codes("the 903 accommodation codes (such as U: Independent living)", ["B", "C", "D", "E", "G", "H", "K", "R", "S", "T", "U", "V", "W", "X", "Y", "Z"]);
const suitable = codes("Suitable or Unsuitable", ["1", "2"], { suitable: "1", unsuitable: "2" });
const activity = codes("the 903 activity codes (such as F1 or G5)", ["F1", "P1", "F2", "P2", "F3", "P3", "F4", "P4", "F5", "P5", "G4", "G5", "G6"]);
const adoptionReversed = codes("the reasons RD1 to RD4", ["RD1", "RD2", "RD3", "RD4"]);

// ---------------------------------------------------------------------------------------------
// The lists

/** A column of a list: its headers (Annex A's own first, then the other wordings met), how its cells are read, and whether a row needs it. */
interface Column {
  headers: string[];
  read: Reader;
  required?: boolean;
}

type Value = string | number | null;

/** A checked row of a list, as its records are made from it. */
interface ListRow {
  child: string;
  value(column: string): Value;
  /** A record's id: the child, the kind of record and its key date. */
  id(kind: string, key: Value): string;
  extractDate: string;
  /** What List 6 adds to a referral List 3 also holds (read only for List 3 rows). */
  laterEpisode: Record<string, Value> | undefined;
  /** Whether List 3 holds this List 6 row's episode as a referral. */
  listedAsReferral: boolean;
}

interface StoreRecord {
  table: StoreTableName;
  values: Record<string, Value>;
}

interface AnnexAList {
  number: number;
  columns: Record<string, Column>;
  /** Pairs of date columns where the second may not be before the first. */
  order: [string, string][];
  records(row: ListRow): StoreRecord[];
}

/** A child's id as the case system gave it; a workbook may hold it as a number. */
const childId: Reader = (cell) => (typeof cell === "number" ? { value: String(cell) } : text(cell));

const personColumns: Record<string, Column> = {
  child: { headers: ["Child Unique ID", "Child ID", "Unique Child ID", "Child's Unique ID"], read: childId, required: true },
  gender: { headers: ["Gender", "Sex"], read: gender },
  ethnicity: { headers: ["Ethnicity"], read: ethnicity },
  dob: { headers: ["Date of Birth", "DOB"], read: date },
  disability: { headers: ["Does the Child have a Disability", "Disability"], read: yesNoUnknown },
  uasc: { headers: ["Unaccompanied Asylum Seeking Child"], read: yesNo },
};

const team: Column = { headers: ["Allocated Team", "Team"], read: text };

/** The lists the store holds, by number; List 2 (early help) and List 11 (adopters) are counted, not stored. */
const lists: AnnexAList[] = [
  {
    number: 1,
    columns: { contactDate: { headers: ["Date of Contact"], read: date, required: true }, source: { headers: ["Contact Source", "Source of Contact"], read: source } },
    order: [],
    records: (row) => [
      {
        table: "ssd_contacts",
        values: {
          cont_contact_id: row.id("contact", row.value("contactDate")),
          cont_person_id: row.child,
          cont_contact_date: row.value("contactDate"),
          cont_contact_source_code: row.value("source"),
          cont_contact_source_desc: row.value("sourceWords"),
        },
      },
    ],
  },
  {
    number: 3,
    columns: {
      referralDate: { headers: ["Date of Referral"], read: date, required: true },
      source: { headers: ["Referral Source", "Source of Referral"], read: source },
      nfa: { headers: ["Referral NFA?", "Referral NFA"], read: yesNo },
      team,
    },
    order: [],
    records: (row) => [
      {
        table: "ssd_cin_episodes",
        values: {
          cine_referral_id: row.id("referral", row.value("referralDate")),
          cine_person_id: row.child,
          cine_referral_date: row.value("referralDate"),
          cine_referral_source_code: row.value("source"),
          cine_referral_source_desc: row.value("sourceWords"),
          cine_referral_nfa: row.value("nfa"),
          cine_referral_team: row.value("team"),
          ...row.laterEpisode,
        },
      },
    ],
  },
  {
    number: 4,
    columns: {
      startDate: { headers: ["Continuous Assessment Start Date", "Assessment Start Date"], read: date, required: true },
      seen: { headers: ["Child Seen During Continuous Assessment", "Child Seen During Assessment"], read: yesNoUnknown },
      authorised: { headers: ["Continuous Assessment Date of Authorisation", "Assessment Date of Authorisation"], read: date },
      support: { headers: ["Was the child assessed as requiring LA children's social care support?"], read: yesNoUnknown },
      team,
    },
    order: [["startDate", "authorised"]],
    records: (row) => [
      {
        table: "ssd_cin_assessments",
        values: {
          cina_assessment_id: row.id("assessment", row.value("startDate")),
          cina_person_id: row.child,
          cina_assessment_start_date: row.value("startDate"),
          cina_assessment_child_seen: yesOrNo(row.value("seen")),
          cina_assessment_auth_date: row.value("authorised"),
          // Not needing social care support is the assessment's no further action.
          cina_assessment_outcome_nfa: { Y: "N", N: "Y" }[String(row.value("support"))] ?? null,
          cina_assessment_team: row.value("team"),
        },
      },
    ],
  },
  {
    number: 5,
    columns: {
      s47Date: { headers: ["Strategy discussion initiating Section 47 Enquiry Start Date", "Section 47 Enquiry Start Date"], read: date, required: true },
      icpcUnnecessary: { headers: ["Was an Initial Child Protection Conference deemed unnecessary?"], read: yesNo },
      icpcDate: { headers: ["Date of Initial Child Protection Conference"], read: date },
      cpPlan: { headers: ["Did the Initial Child Protection Conference Result in a Child Protection Plan"], read: yesNo },
      team,
    },
    order: [["s47Date", "icpcDate"]],
    records: (row) => {
      const s47 = row.id("s47", row.value("s47Date"));
      const unnecessary = row.value("icpcUnnecessary");
      const records: StoreRecord[] = [
        {
          table: "ssd_s47_enquiry",
          values: {
            s47e_s47_enquiry_id: s47,
            s47e_person_id: row.child,
            s47e_s47_start_date: row.value("s47Date"),
            s47e_s47_outcome_json: unnecessary === null ? null : JSON.stringify({ CP_CONFERENCE_FLAG: unnecessary === "Y" ? "N" : "Y" }),
            s47e_s47_completed_by_team: row.value("team"),
          },
        },
      ];
      if (row.value("icpcDate") !== null) {
        records.push({
          table: "ssd_initial_cp_conference",
          values: {
            icpc_icpc_id: row.id("icpc", row.value("icpcDate")),
            icpc_s47_enquiry_id: s47,
            icpc_person_id: row.child,
            icpc_icpc_date: row.value("icpcDate"),
            icpc_icpc_outcome_cp_flag: row.value("cpPlan"),
            icpc_icpc_team: row.value("team"),
          },
        });
      }
      return records;
    },
  },
  {
    number: 6,
    columns: {
      startDate: { headers: ["CIN Start Date"], read: date, required: true },
      need: { headers: ["Primary Need Code", "Primary Need"], read: need },
      lastSeen: { headers: ["Date Child Was Last Seen"], read: date },
      closed: { headers: ["CIN Closure Date"], read: date },
      closeReason: { headers: ["Reason for Closure"], read: closure },
      team,
    },
    order: [["startDate", "closed"]],
    records: (row) => {
      const records: StoreRecord[] = [];
      if (!row.listedAsReferral) {
        records.push({
          table: "ssd_cin_episodes",
          values: { cine_referral_id: row.id("referral", row.value("startDate")), cine_person_id: row.child, cine_referral_date: row.value("startDate"), cine_referral_team: row.value("team"), ...cinEpisodeDetails(row) },
        });
      }
      if (row.value("lastSeen") !== null) {
        records.push({
          table: "ssd_cin_visits",
          values: { cinv_cin_visit_id: row.id("CIN visit", row.value("lastSeen")), cinv_person_id: row.child, cinv_cin_visit_date: row.value("lastSeen"), cinv_cin_visit_seen: "Y" },
        });
      }
      return records;
    },
  },
  {
    number: 7,
    columns: {
      startDate: { headers: ["Child Protection Plan Start Date"], read: date, required: true },
      initial: { headers: ["Initial Category of Abuse"], read: abuse },
      latest: { headers: ["Latest Category of Abuse"], read: abuse },
      visit: { headers: ["Date of the Last Statutory Visit", "Date of Last Statutory Visit"], read: date },
      seenAlone: { headers: ["Was the Child Seen Alone?"], read: yesNoUnknown },
      review: { headers: ["Date of latest review conference"], read: date },
      endDate: { headers: ["Child Protection Plan End Date"], read: date },
      previous: { headers: ["Number of Previous Child Protection Plans"], read: count },
    },
    order: [["startDate", "endDate"]],
    records: (row) => {
      const plan = row.id("CP plan", row.value("startDate"));
      const seenAlone = yesOrNo(row.value("seenAlone"));
      const records: StoreRecord[] = [
        {
          table: "ssd_cp_plans",
          values: {
            cppl_cp_plan_id: plan,
            cppl_person_id: row.child,
            cppl_cp_plan_start_date: row.value("startDate"),
            cppl_cp_plan_end_date: row.value("endDate"),
            cppl_cp_plan_initial_category: row.value("initial"),
            cppl_cp_plan_latest_category: row.value("latest"),
            cppl_previous_plans: row.value("previous"),
          },
        },
      ];
      if (row.value("visit") !== null) {
        // A child seen alone was seen; otherwise Annex A does not say whether the child was seen.
        records.push({
          table: "ssd_cp_visits",
          values: { cppv_cp_visit_id: row.id("CP visit", row.value("visit")), cppv_person_id: row.child, cppv_cp_plan_id: plan, cppv_cp_visit_date: row.value("visit"), cppv_cp_visit_seen: seenAlone === "Y" ? "Y" : null, cppv_cp_visit_seen_alone: seenAlone },
        });
      }
      if (row.value("review") !== null) {
        records.push({ table: "ssd_cp_reviews", values: { cppr_cp_review_id: row.id("CP review", row.value("review")), cppr_person_id: row.child, cppr_cp_plan_id: plan, cppr_cp_review_date: row.value("review") } });
      }
      return records;
    },
  },
  {
    number: 8,
    columns: {
      startDate: { headers: ["Date Started to be Looked After"], read: date, required: true },
      need: { headers: ["Child's Category of Need", "Category of Need"], read: need },
      legalStart: { headers: ["Start date of current legal status"], read: date },
      legalStatus: { headers: ["Child's Legal Status", "Legal Status"], read: legalStatus },
      review: { headers: ["Date of Latest Statutory Review"], read: date },
      visit: { headers: ["Date of Last Social Work Visit"], read: date },
      iro: { headers: ["Date of Last IRO Visit / Contact to the Child"], read: date },
      ceasedDate: { headers: ["Date Ceased to be Looked After"], read: date },
      ceasedReason: { headers: ["Reason Ceased to be Looked After"], read: ceased },
      placementStart: { headers: ["Start Date of Most Recent Placement"], read: date },
      placementType: { headers: ["Placement Type"], read: placementType },
      provider: { headers: ["Placement Provider"], read: provider },
      urn: { headers: ["URN of Placement"], read: text },
    },
    order: [
      ["startDate", "ceasedDate"],
      ["placementStart", "ceasedDate"],
    ],
    records: (row) => {
      const period = row.id("CLA period", row.value("startDate"));
      const placement = row.value("placementStart") === null ? null : row.id("placement", row.value("placementStart"));
      const records: StoreRecord[] = [
        {
          table: "ssd_cla_episodes",
          values: {
            clae_cla_episode_id: period,
            clae_person_id: row.child,
            clae_cla_episode_start_date: row.value("startDate"),
            clae_entered_care_date: row.value("startDate"),
            clae_cla_primary_need_code: row.value("need"),
            clae_cla_episode_ceased_date: row.value("ceasedDate"),
            clae_cla_episode_ceased_reason: row.value("ceasedReason"),
            clae_cla_id: period,
            clae_cla_placement_id: placement,
            clae_cla_last_iro_contact_date: row.value("iro"),
          },
        },
      ];
      if (row.value("legalStart") !== null) {
        records.push({
          table: "ssd_legal_status",
          values: { lega_legal_status_id: row.id("legal status", row.value("legalStart")), lega_person_id: row.child, lega_legal_status: row.value("legalStatus"), lega_legal_status_start_date: row.value("legalStart"), lega_legal_status_end_date: row.value("ceasedDate") },
        });
      }
      if (placement !== null) {
        records.push({
          table: "ssd_cla_placement",
          values: {
            clap_cla_placement_id: placement,
            clap_person_id: row.child,
            clap_cla_id: period,
            clap_cla_placement_start_date: row.value("placementStart"),
            clap_cla_placement_end_date: row.value("ceasedDate"),
            clap_cla_placement_type: row.value("placementType"),
            clap_cla_placement_provider: row.value("provider"),
            clap_cla_placement_urn: row.value("urn"),
          },
        });
      }
      if (row.value("review") !== null) {
        records.push({ table: "ssd_cla_reviews", values: { clar_cla_review_id: row.id("CLA review", row.value("review")), clar_cla_id: period, clar_person_id: row.child, clar_cla_review_date: row.value("review") } });
      }
      if (row.value("visit") !== null) {
        records.push({ table: "ssd_cla_visits", values: { clav_cla_visit_id: row.id("CLA visit", row.value("visit")), clav_cla_id: period, clav_person_id: row.child, clav_cla_visit_date: row.value("visit") } });
      }
      return records;
    },
  },
  {
    number: 9,
    columns: {
      eligibility: { headers: ["Eligibility Category"], read: eligibility },
      pathwayReview: { headers: ["Latest Pathway Plan Review Date"], read: date },
      inTouch: { headers: ["LA in Touch"], read: inTouch },
      contact: { headers: ["Latest Date of Contact"], read: date },
      accommodation: { headers: ["Type of Accommodation"], read: accommodation },
      suitable: { headers: ["Suitability of Accommodation"], read: suitable },
      activity: { headers: ["Activity Status"], read: activity },
      team,
    },
    order: [],
    records: (row) => [
      {
        table: "ssd_care_leavers",
        values: {
          // The list is a snapshot: a later workbook's row for the young person is another row, not a change to this one.
          clea_table_id: row.id("care leaver", row.extractDate),
          clea_person_id: row.child,
          clea_care_leaver_eligibility: row.value("eligibility"),
          clea_care_leaver_in_touch: row.value("inTouch"),
          clea_care_leaver_latest_contact: row.value("contact"),
          clea_care_leaver_accommodation: row.value("accommodation"),
          clea_care_leaver_accom_suitable: row.value("suitable"),
          clea_care_leaver_activity: row.value("activity"),
          clea_pathway_plan_review_date: row.value("pathwayReview"),
          clea_care_leaver_allocated_team: row.value("team"),
        },
      },
    ],
  },
  {
    number: 10,
    columns: {
      decision: { headers: ["Date of Decision that Child Should be Placed for Adoption"], read: date, required: true },
      matched: { headers: ["Date of Matching Child and Prospective Adopters"], read: date },
      placed: { headers: ["Date Placed for Adoption"], read: date },
      reversed: { headers: ["Date of Decision that Child Should No Longer be Placed for Adoption"], read: date },
      reversedReason: { headers: ["Reason Why Child No Longer Placed for Adoption"], read: adoptionReversed },
      fostering: { headers: ["Date the child was placed for fostering in FFA or concurrent planning placement"], read: date },
    },
    order: [
      ["decision", "reversed"],
      ["decision", "placed"],
    ],
    records: (row) => [
      {
        table: "ssd_permanence",
        values: {
          perm_table_id: row.id("adoption", row.value("decision")),
          perm_person_id: row.child,
          perm_adm_decision_date: row.value("decision"),
          perm_matched_date: row.value("matched"),
          perm_placed_for_adoption_date: row.value("placed"),
          perm_decision_reversed_date: row.value("reversed"),
          perm_decision_reversed_reason: row.value("reversedReason"),
          perm_placed_foster_carer_date: row.value("fostering"),
        },
      },
    ],
  },
];

/** Lists Annex A has that the store does not hold: their rows are counted in the extract's summary. */
const unstoredLists = new Map([
  [2, ["Child Unique ID"]],
  [11, ["Individual adopter identifier", "Adopter identifier"]],
]);

/** Columns never stored whatever list they are in: staff names and postcodes by their Annex A headers, anything else by its header's words. */
const droppedHeaders = new Set(["allocated worker", "allocated personal advisor", "allocated personal adviser", "placement postcode"]);
const droppedWords = /\b(names?|upn|address(es)?|postcode|post code|nhs|comments?|notes?)\b/;

function cinEpisodeDetails(row: ListRow): Record<string, Value> {
  return { cine_cin_primary_need_code: row.value("need"), cine_close_date: row.value("closed"), cine_close_reason: row.value("closeReason") };
}

const yesOrNo = (answer: Value) => (answer === "Y" || answer === "N" ? answer : null);

// ---------------------------------------------------------------------------------------------
// Reading the workbook

/** A list's sheet as found: where its header is, which column holds what, and what it lacks. */
interface ListSheet {
  /** The file and sheet, as problems name them: "Annex_A.xlsx, List 3". */
  file: string;
  /** The sheet's name: "List 3". */
  name: string;
  list: AnnexAList;
  headerRow: number;
  columns: Map<string, { index: number; header: string }>;
  dropped: [number, string][];
  /** Required columns the sheet does not have, by Annex A's header. */
  missing: string[];
}

interface SheetRow {
  number: number;
  /** The row's cells by column, from 0 for column A; a gap is an empty cell. */
  cells: Plain[];
}

type WorkbookEvent = { kind: "sheet"; sheet: ListSheet } | { kind: "row"; sheet: ListSheet; row: SheetRow } | { kind: "unstored"; list: number; rows: number };

/** How far down a sheet its header may be (below a title, say). */
const headerSearchRows = 10;

/** The sheet's list number: "List 3", "list 3 - referrals", "List3". */
function listNumberOf(sheetName: string): number | null {
  const found = /^list ?(\d{1,2})\b/.exec(squash(sheetName));
  return found ? Number(found[1]) : null;
}

/**
 * Reads the workbook as a stream, sheet by sheet and row by row, telling what it meets: each list
 * sheet once its header is found, each row below it with something in it, and how many rows the
 * lists the store does not hold have. Any other sheet is passed over.
 */
async function* workbookEvents(file: CaseFile, parts: WorkbookParts): AsyncGenerator<WorkbookEvent> {
  for (const { name: sheetName, part } of await sheetsOf(file, parts)) {
    const number = listNumberOf(sheetName);
    const list = lists.find((candidate) => candidate.number === number);
    const unstored = number === null ? undefined : unstoredLists.get(number);
    if (!list && !unstored) continue;
    const sheetFile = `${file.name}, ${sheetName}`;
    let sheet: ListSheet | null = null;
    let unstoredHeader = false;
    let unstoredRows = 0;
    let filled = 0;
    for await (const row of sheetRows(file, part, parts.sharedStrings)) {
      if (row.cells.every((cell) => plainText(cell ?? null) === "")) continue;
      filled += 1;
      if (list && sheet) yield { kind: "row", sheet, row };
      else if (list) {
        sheet = listSheet(sheetFile, sheetName, list, row.number, row.cells) ?? (row.number >= headerSearchRows ? headerless(sheetFile, sheetName, list) : null);
        if (sheet) yield { kind: "sheet", sheet };
      } else if (unstored) {
        if (unstoredHeader) unstoredRows += 1;
        else unstoredHeader = row.cells.some((cell) => unstored.some((header) => squash(plainText(cell ?? null)) === squash(header)));
      }
    }
    // A list with a few rows and no header in them.
    if (list && !sheet && filled > 0) yield { kind: "sheet", sheet: headerless(sheetFile, sheetName, list) };
    if (unstored && number !== null) yield { kind: "unstored", list: number, rows: unstoredRows };
  }
}

/** The sheet's layout when this row is its header (it names the child's id column), or null when it is not. */
function listSheet(file: string, name: string, list: AnnexAList, headerRow: number, cells: Plain[]): ListSheet | null {
  const wanted = Object.entries({ ...personColumns, ...list.columns });
  const headers = Array.from(cells, (cell) => plainText(cell ?? null));
  const matches = (alias: string, header: string) => header === squash(alias) || header.startsWith(`${squash(alias)} `);
  if (!headers.some((header) => personColumns.child?.headers.some((alias) => matches(alias, squash(header))))) return null;
  const columns = new Map<string, { index: number; header: string }>();
  const dropped: [number, string][] = [];
  headers.forEach((written, index) => {
    const header = squash(written);
    if (!header) return;
    // A header equal to a column's name wins over one that only starts with it.
    const exact = wanted.find(([key, column]) => !columns.has(key) && column.headers.some((alias) => squash(alias) === header));
    const found = exact ?? wanted.find(([key, column]) => !columns.has(key) && column.headers.some((alias) => matches(alias, header)));
    if (found) columns.set(found[0], { index, header: written });
    else if (droppedHeaders.has(header) || droppedWords.test(header)) dropped.push([index, written]);
  });
  const missing = wanted.filter(([key, column]) => column.required && !columns.has(key)).map(([key, column]) => column.headers[0] ?? key);
  return { file, name, list, headerRow, columns, dropped, missing };
}

/** A list sheet whose header was not found: one problem for the sheet, and none of its rows read. */
function headerless(file: string, name: string, list: AnnexAList): ListSheet {
  return { file, name, list, headerRow: 1, columns: new Map(), dropped: [], missing: [personColumns.child?.headers[0] ?? "Child Unique ID"] };
}

// ---------------------------------------------------------------------------------------------
// Checking rows and making records

/** What the lists say of a child: the same in every list the child is in. */
interface Person {
  dob: Value;
  gender: Value;
  ethnicity: Value;
  disability: Value;
  uasc: boolean;
  file: string;
  list: string;
  place: string;
}

/** The details every list gives of a child, with what a problem calls them. */
const personFields = [
  ["dob", "date of birth"],
  ["gender", "gender"],
  ["ethnicity", "ethnicity"],
  ["disability", "disability answer"],
] as const;

/** A row's cells read for its list's columns, and what is wrong with them. */
interface ParsedRow {
  values: Map<string, Value>;
  problems: { field: string; message: string }[];
}

/**
 * The checking of a workbook's rows (the first reading) and the making of records from those
 * without problems (the second). Between them it holds what records need from other rows: each
 * child's details, the rows that had problems, and the referrals List 6 adds to.
 */
class Reading {
  private readonly persons = new Map<string, Person>();
  /** Rows with a problem, by file and row: none of their records is loaded. */
  private readonly invalid = new Set<string>();
  /** List 3's referrals, by child and date. */
  private readonly referrals = new Set<string>();
  /** What List 6 says of each episode, by child and start date. */
  private readonly episodes = new Map<string, Record<string, Value>>();

  constructor(private readonly extractDate: string) {}

  /** Checks a row, noting what later rows and records need; returns its problems. */
  check(sheet: ListSheet, row: SheetRow): { file: string; place: string; field: string; message: string }[] {
    const place = `row ${String(row.number)}`;
    if (sheet.missing.length > 0) {
      this.invalid.add(`${sheet.file}|${place}`);
      return [];
    }
    const parsed = parse(sheet, row);
    const child = parsed.values.get("child");
    if (parsed.problems.length === 0 && typeof child === "string") parsed.problems.push(...this.samePerson(child, parsed.values, sheet, place));
    if (parsed.problems.length > 0) {
      this.invalid.add(`${sheet.file}|${place}`);
      return parsed.problems.map((problem) => ({ file: sheet.file, place, ...problem }));
    }
    const key = `${String(child)}|${String(parsed.values.get(sheet.list.number === 3 ? "referralDate" : "startDate"))}`;
    if (sheet.list.number === 3) this.referrals.add(key);
    if (sheet.list.number === 6) this.episodes.set(key, { cine_cin_primary_need_code: parsed.values.get("need") ?? null, cine_close_date: parsed.values.get("closed") ?? null, cine_close_reason: parsed.values.get("closeReason") ?? null });
    return [];
  }

  /** A child's details must agree with those other lists gave; those given for the first time are added. */
  private samePerson(child: string, values: Map<string, Value>, sheet: ListSheet, place: string): { field: string; message: string }[] {
    const { file, name: list } = sheet;
    const known = this.persons.get(child);
    const given = { dob: values.get("dob") ?? null, gender: values.get("gender") ?? null, ethnicity: values.get("ethnicity") ?? null, disability: values.get("disability") ?? null };
    if (!known) {
      this.persons.set(child, { ...given, uasc: values.get("uasc") === "Y", file, list, place });
      return [];
    }
    const differing = personFields.filter(([field]) => given[field] !== null && known[field] !== null && given[field] !== known[field]);
    const where = known.file === file ? known.place : `${known.list} ${known.place}`;
    if (differing.length > 0) {
      return differing.map(([field, noun]) => ({
        field: headerOf(field),
        message: `${shown(field, given[field])} here but ${shown(field, known[field])} in ${where}: a child's ${noun} must be the same in every list`,
      }));
    }
    for (const [field] of personFields) if (known[field] === null) known[field] = given[field];
    if (values.get("uasc") === "Y") known.uasc = true;
    return [];
  }

  /** The records of the rows without problems, read again from the file, in batches for the loader. */
  async *rows(file: CaseFile, parts: WorkbookParts): AsyncGenerator<CaseRows> {
    const batches = new Map<StoreTableName, CaseRow[]>();
    const add = (table: StoreTableName, row: CaseRow) => {
      const batch = batches.get(table) ?? [];
      batch.push(row);
      batches.set(table, batch);
      return batch.length >= recordsPerBatch;
    };
    for await (const event of workbookEvents(file, parts)) {
      if (event.kind !== "row") continue;
      const { sheet, row } = event;
      const place = `row ${String(row.number)}`;
      if (this.invalid.has(`${sheet.file}|${place}`)) continue;
      const parsed = parse(sheet, row);
      const child = String(parsed.values.get("child"));
      const keyDate = parsed.values.get(sheet.list.number === 3 ? "referralDate" : "startDate") ?? null;
      const listRow: ListRow = {
        child,
        value: (column) => parsed.values.get(column) ?? null,
        id: (kind, key) => `${child}|${kind}|${String(key)}`,
        extractDate: this.extractDate,
        laterEpisode: sheet.list.number === 3 ? this.episodes.get(`${child}|${String(keyDate)}`) : undefined,
        listedAsReferral: sheet.list.number === 6 && this.referrals.has(`${child}|${String(keyDate)}`),
      };
      for (const record of sheet.list.records(listRow)) {
        if (add(record.table, { file: sheet.file, place, ...record.values })) {
          yield { table: record.table, rows: batches.get(record.table) ?? [] };
          batches.delete(record.table);
        }
      }
    }
    for (const [child, person] of this.persons) {
      const at = { file: person.file, place: person.place };
      add("ssd_person", { ...at, pers_person_id: child, pers_dob: person.dob, pers_sex: sexOf[String(person.gender)] ?? null, pers_gender: genderOf[String(person.gender)] ?? null, pers_ethnicity: person.ethnicity });
      const disability = { Y: "YES", N: "NONE" }[String(person.disability)];
      if (disability) add("ssd_disability", { ...at, disa_table_id: `${child}|disability`, disa_person_id: child, disa_disability_code: disability });
      if (person.uasc) add("ssd_immigration_status", { ...at, immi_immigration_status_id: `${child}|UASC`, immi_person_id: child, immi_immigration_status: "UASC" });
    }
    for (const [table, rows] of batches) if (rows.length > 0) yield { table, rows };
  }
}

/** The most records the loader is given at once. */
const recordsPerBatch = 2_000;

/** Annex A's Gender as the SSD's sex (M, F, U) and gender (01 male, 02 female, 00 not known, 09 neither). */
const sexOf: Record<string, string> = { M: "M", F: "F", U: "U" };
const genderOf: Record<string, string> = { M: "01", F: "02", U: "00", N: "09" };

/** A child's detail by the header Annex A gives it. */
const headerOf = (field: (typeof personFields)[number][0]) => personColumns[field]?.headers[0] ?? field;

function shown(field: (typeof personFields)[number][0], value: Value): string {
  if (field === "dob" && typeof value === "string") return formatDate(value);
  const words: Record<string, string> = { M: "Male", F: "Female", U: field === "gender" ? "Not stated/recorded" : "Unknown", N: field === "gender" ? "Neither" : "No", Y: "Yes" };
  return field === "gender" || field === "disability" ? (words[String(value)] ?? String(value)) : String(value);
}

/** Reads a row's cells for its list's columns, and checks what each list requires of them. */
function parse(sheet: ListSheet, row: SheetRow): ParsedRow {
  const values = new Map<string, Value>();
  const problems: ParsedRow["problems"] = [];
  const all = { ...personColumns, ...sheet.list.columns };
  for (const [key, column] of Object.entries(all)) {
    const at = sheet.columns.get(key);
    if (!at) continue;
    const cell = row.cells[at.index] ?? null;
    const read = column.read(cell);
    if ("problem" in read) {
      problems.push({ field: at.header, message: read.problem });
      continue;
    }
    values.set(key, read.value);
    if (column.read === source) values.set(`${key}Words`, codeWords(cell));
    if (column.required && read.value === null) problems.push({ field: at.header, message: key === "child" ? "is empty: every row needs the child's id" : "is empty: every row of this list needs it" });
  }
  for (const [start, end] of sheet.list.order) {
    const from = values.get(start);
    const to = values.get(end);
    if (typeof from === "string" && typeof to === "string" && to < from) {
      problems.push({ field: sheet.columns.get(end)?.header ?? end, message: `${formatDate(to)} is before the ${sheet.columns.get(start)?.header ?? start}, ${formatDate(from)}` });
    }
  }
  return { values, problems };
}

// ---------------------------------------------------------------------------------------------
// The workbook: a zip of XML parts, read here as streams. (exceljs's streaming reader, 4.4, drops
// whole sheets and the shared text now and then when a workbook's sheets come before its shared
// text, as Excel writes them: exceljs issue 683. The parts are few and named, so they are read
// directly, in the order the reading needs them.)

/** A part of the workbook's zip: where its packed bytes are, and how large it says it is unpacked. */
interface ZipPart {
  name: string;
  method: number;
  start: number;
  compressed: number;
  size: number;
}

interface WorkbookParts {
  byName: Map<string, ZipPart>;
  /** The workbook's shared text, which cells refer to by number. */
  sharedStrings: string[];
}

/**
 * Checks a workbook's zip before it is read, reading no more than its directory at once: each
 * part's unpacked size and the whole's within the limits every workbook import keeps, the parts
 * end to end with nothing hidden between them, and each part unpacking to no more than it claims
 * (a "zip bomb" can lie). A workbook that fails is refused whole, saying why. Then reads the
 * shared text the sheets refer to.
 */
async function workbookParts(file: CaseFile): Promise<WorkbookParts> {
  const notWorkbook = () => new UnreadableFileError(`${file.name} is not an Excel workbook (.xlsx), or it is damaged: save it from Excel as an .xlsx file and try again.`);
  const tooLarge = (why: string) => new UnreadableFileError(`${file.name} is too large: ${why}.`);
  const byName = new Map<string, ZipPart>();
  const handle = await open(file.path, "r");
  try {
    const directory = await zipDirectory(handle, (await handle.stat()).size);
    if (!directory) throw notWorkbook();
    const listed: { name: string; method: number; local: number; compressed: number; size: number }[] = [];
    let total = 0;
    for (let at = 0, n = 0; n < directory.entries; n++) {
      const entry = directory.bytes;
      if (at + 46 > entry.length || entry.readUInt32LE(at) !== 0x02014b50) throw notWorkbook();
      const nameLength = entry.readUInt16LE(at + 28);
      const part = { name: entry.toString("utf8", at + 46, at + 46 + nameLength), method: entry.readUInt16LE(at + 10), compressed: entry.readUInt32LE(at + 20), size: entry.readUInt32LE(at + 24), local: entry.readUInt32LE(at + 42) };
      at += 46 + nameLength + entry.readUInt16LE(at + 30) + entry.readUInt16LE(at + 32);
      if (part.compressed === 0xffffffff || part.size === 0xffffffff || part.local === 0xffffffff) throw tooLarge(`the part ${part.name} is over 4 GB unpacked`);
      if (part.size > fileLimits.workbookPartBytes) throw tooLarge(`the part ${part.name} would be ${megabytes(part.size)} unpacked; the limit for one part is ${megabytes(fileLimits.workbookPartBytes)}`);
      total += part.size;
      if (total > fileLimits.workbookBytes) throw tooLarge(`its parts would be over ${megabytes(fileLimits.workbookBytes)} unpacked, the limit for a workbook`);
      listed.push(part);
    }
    // The parts lie end to end from the start of the file to its directory (a data descriptor of
    // at most 16 bytes may follow each): a part the directory does not list has nowhere to hide.
    let next = 0;
    for (const part of listed.sort((a, b) => a.local - b.local)) {
      if (part.local < next || part.local - next > 16 || (next === 0 && part.local !== 0)) throw notWorkbook();
      const header = Buffer.alloc(30);
      await handle.read(header, 0, 30, part.local);
      if (header.readUInt32LE(0) !== 0x04034b50) throw notWorkbook();
      const start = part.local + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
      if (start + part.compressed > directory.offset) throw notWorkbook();
      const found = { name: part.name, method: part.method, start, compressed: part.compressed, size: part.size };
      await checkPartUnpacks(file, found, tooLarge, notWorkbook);
      byName.set(part.name, found);
      next = start + part.compressed;
    }
    if (directory.offset < next || directory.offset - next > 16) throw notWorkbook();
  } finally {
    await handle.close();
  }
  if (!byName.has("xl/workbook.xml")) throw notWorkbook();
  const sharedStrings: string[] = [];
  const shared = byName.get("xl/sharedStrings.xml");
  if (shared) {
    let text: string[] | null = null;
    let phonetic = 0;
    for await (const events of xmlEvents(file, shared)) {
      for (const event of events) {
        if (event.kind === "open" && event.name === "si") text = [];
        else if (event.kind === "open" && event.name === "rPh") phonetic += 1;
        else if (event.kind === "close" && event.name === "rPh") phonetic -= 1;
        else if (event.kind === "text" && event.within === "t" && phonetic === 0) text?.push(event.text);
        else if (event.kind === "close" && event.name === "si") {
          sharedStrings.push((text ?? []).join(""));
          text = null;
        }
      }
    }
  }
  return { byName, sharedStrings };
}

/** Unpacks one part as a stream, stopping as soon as it passes the size it claims. */
async function checkPartUnpacks(file: CaseFile, part: ZipPart, tooLarge: (why: string) => Error, notWorkbook: () => Error): Promise<void> {
  if (part.method !== 0 && part.method !== 8) throw notWorkbook();
  if (part.method === 0 && part.compressed !== part.size) throw notWorkbook();
  // A folder's entry, or an empty part, holds nothing to unpack.
  if (part.compressed === 0) {
    if (part.size !== 0) throw notWorkbook();
    return;
  }
  let unpacked = 0;
  try {
    for await (const chunk of partStream(file, part)) {
      unpacked += (chunk as Buffer).length;
      if (unpacked > part.size) throw tooLarge(`the part ${part.name} unpacks to more than the ${megabytes(part.size)} it claims`);
    }
  } catch (error) {
    if (error instanceof UnreadableFileError) throw error;
    throw notWorkbook();
  }
  if (unpacked !== part.size) throw tooLarge(`the part ${part.name} does not unpack to the size it claims`);
}

/** A part's bytes, unpacked, as a stream. */
function partStream(file: CaseFile, part: ZipPart): Readable {
  const packed = createReadStream(file.path, { start: part.start, end: part.start + part.compressed - 1 });
  return part.method === 0 ? packed : packed.pipe(createInflateRaw());
}

/** The zip's directory, read from the end of the file: how many parts, where it starts, and its bytes. */
async function zipDirectory(handle: FileHandle, size: number): Promise<{ entries: number; offset: number; bytes: Buffer } | null> {
  if (size < 22) return null;
  const first = Buffer.alloc(4);
  await handle.read(first, 0, 4, 0);
  if (first.readUInt32LE(0) !== 0x04034b50) return null;
  // The end record is the last 22 bytes, unless a comment (at most 65,535 bytes) follows it.
  const tailLength = Math.min(size, 22 + 0xffff);
  const tail = Buffer.alloc(tailLength);
  await handle.read(tail, 0, tailLength, size - tailLength);
  for (let at = tailLength - 22; at >= 0; at--) {
    if (tail.readUInt32LE(at) !== 0x06054b50) continue;
    const entries = tail.readUInt16LE(at + 10);
    const length = tail.readUInt32LE(at + 12);
    const offset = tail.readUInt32LE(at + 16);
    // A directory of more than a megabyte is not a workbook's: it lists a few dozen parts.
    if (entries === 0xffff || offset + length > size - tailLength + at || length > 1024 * 1024) return null;
    const bytes = Buffer.alloc(length);
    await handle.read(bytes, 0, length, offset);
    return { entries, offset, bytes };
  }
  return null;
}

/** What the XML of a part holds, in order: elements opening (by local name) and closing, and text with the element it is in. */
type XmlEvent = { kind: "open"; name: string; attributes: Record<string, string> } | { kind: "close"; name: string } | { kind: "text"; text: string; within: string };

const localName = (name: string) => name.slice(name.indexOf(":") + 1);

/** A part's XML, parsed as it is unpacked: the events of each chunk at a time. */
async function* xmlEvents(file: CaseFile, part: ZipPart): AsyncGenerator<XmlEvent[]> {
  const parser = new SaxesParser();
  let events: XmlEvent[] = [];
  const open: string[] = [];
  parser.on("opentag", (tag) => {
    const attributes: Record<string, string> = {};
    for (const [name, value] of Object.entries(tag.attributes)) attributes[localName(name)] = String(value);
    open.push(localName(tag.name));
    events.push({ kind: "open", name: localName(tag.name), attributes });
    if (tag.isSelfClosing) events.push({ kind: "close", name: open.pop() ?? "" });
  });
  parser.on("closetag", (tag) => {
    if (tag.isSelfClosing) return;
    open.pop();
    events.push({ kind: "close", name: localName(tag.name) });
  });
  parser.on("text", (text) => events.push({ kind: "text", text, within: open.at(-1) ?? "" }));
  parser.on("cdata", (text) => events.push({ kind: "text", text, within: open.at(-1) ?? "" }));
  const decoder = new StringDecoder("utf8");
  try {
    for await (const chunk of partStream(file, part)) {
      parser.write(decoder.write(chunk as Buffer));
      yield events;
      events = [];
    }
    parser.write(decoder.end()).close();
  } catch {
    throw new UnreadableFileError(`${file.name} is damaged: its part ${part.name} cannot be read.`);
  }
  yield events;
}

/** The workbook's sheets in the order Excel shows them, each with its part. */
async function sheetsOf(file: CaseFile, parts: WorkbookParts): Promise<{ name: string; part: ZipPart }[]> {
  const targets = new Map<string, string>();
  const rels = parts.byName.get("xl/_rels/workbook.xml.rels");
  if (rels) {
    for await (const events of xmlEvents(file, rels)) {
      for (const event of events) if (event.kind === "open" && event.name === "Relationship") targets.set(event.attributes.Id ?? "", event.attributes.Target ?? "");
    }
  }
  const sheets: { name: string; part: ZipPart }[] = [];
  for await (const events of xmlEvents(file, parts.byName.get("xl/workbook.xml") as ZipPart)) {
    for (const event of events) {
      if (event.kind !== "open" || event.name !== "sheet") continue;
      const target = targets.get(event.attributes.id ?? "") ?? "";
      const part = parts.byName.get(target.startsWith("/") ? target.slice(1) : `xl/${target}`);
      if (part) sheets.push({ name: event.attributes.name ?? "", part });
    }
  }
  return sheets;
}

/** A sheet's rows, read as a stream: each cell as its value, shared text looked up, a formula as its last result. */
async function* sheetRows(file: CaseFile, part: ZipPart, sharedStrings: string[]): AsyncGenerator<SheetRow> {
  let row: SheetRow | null = null;
  let cell: { column: number; type: string; value: string[] } | null = null;
  let lastRow = 0;
  for await (const events of xmlEvents(file, part)) {
    for (const event of events) {
      if (event.kind === "open" && event.name === "row") {
        lastRow = Number(event.attributes.r ?? lastRow + 1);
        row = { number: lastRow, cells: [] };
      } else if (event.kind === "open" && event.name === "c" && row) {
        const column = columnOf(event.attributes.r) ?? row.cells.length;
        cell = { column, type: event.attributes.t ?? "n", value: [] };
      } else if (event.kind === "text" && cell && (event.within === "v" || (event.within === "t" && cell.type === "inlineStr"))) {
        cell.value.push(event.text);
      } else if (event.kind === "close" && event.name === "c" && row && cell) {
        row.cells[cell.column] = cellValue(cell.type, cell.value.join(""), sharedStrings);
        cell = null;
      } else if (event.kind === "close" && event.name === "row" && row) {
        yield row;
        row = null;
      }
    }
  }
}

/** The column of a cell reference, from 0: "A1" → 0, "AB7" → 27. */
function columnOf(reference: string | undefined): number | null {
  const letters = /^([A-Z]+)\d*$/.exec(reference ?? "")?.[1];
  if (!letters) return null;
  return [...letters].reduce((column, letter) => column * 26 + letter.charCodeAt(0) - 64, 0) - 1;
}

function cellValue(type: string, written: string, sharedStrings: string[]): Plain {
  if (written === "") return null;
  switch (type) {
    case "s":
      return sharedStrings[Number(written)] ?? null;
    case "str":
    case "inlineStr":
      return written;
    case "b":
      return written === "1";
    case "e":
      return { error: written };
    case "d": {
      const day = isoDate(written);
      return day ? new Date(`${day}T00:00:00Z`) : written;
    }
    default: {
      const number = Number(written);
      return Number.isFinite(number) ? number : written;
    }
  }
}
