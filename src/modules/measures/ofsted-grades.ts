import { UnreadableFileError } from "../../core/file-problems.ts";
import ExcelJS from "exceljs";

export type OfstedJudgement = "Outstanding" | "Good" | "Requires improvement to be good" | "Inadequate";

export interface OfstedGrade {
  /** As the workbook writes it, which is in lower case ("plymouth"): match councils by code. */
  laName: string;
  oldLaCode: string | null;
  newLaCode: string | null;
  /** The overall effectiveness judgement of the council's latest ILACS inspection. */
  judgement: OfstedJudgement;
  /** ISO date the report was published. */
  publishedOn: string | null;
}

/**
 * The scraped overview writes grades in lower case and shortens "requires improvement to
 * be good"; Ofsted's own wording is kept here so reports quote the judgement exactly.
 */
const JUDGEMENTS: Record<string, OfstedJudgement> = {
  outstanding: "Outstanding",
  good: "Good",
  "requires improvement": "Requires improvement to be good",
  "requires improvement to be good": "Requires improvement to be good",
  inadequate: "Inadequate",
};

/** How the scrape (written with pandas) writes a blank: an inspection whose grade is not yet out. */
const BLANKS = new Set(["", "nan", "none", "null"]);

const COLUMNS = {
  laName: "local_authority",
  oldLaCode: "la_code",
  newLaCode: "ltla23cd",
  judgement: "overall_effectiveness_grade",
  publishedOn: "publication_date",
} as const;

/**
 * Reads the latest ILACS judgement per council from the data-to-insight Ofsted overview
 * workbook (`ofsted_csc_ilacs_overview.xlsx`, one row per council). A council whose latest
 * inspection has no overall grade yet is left out, since there is no judgement to compare;
 * a grade that is not one of Ofsted's four is an error, not a guess.
 */
export async function parseOfstedOverview(buffer: Buffer | ArrayBuffer): Promise<OfstedGrade[]> {
  const workbook = new ExcelJS.Workbook();
  // exceljs declares its own Buffer, which today's @types/node Buffer no longer matches.
  type ExcelBuffer = Parameters<typeof workbook.xlsx.load>[0];
  try {
    await workbook.xlsx.load((Buffer.isBuffer(buffer) ? buffer : Buffer.from(buffer)) as unknown as ExcelBuffer);
  } catch {
    throw new UnreadableFileError("This is not an Excel workbook: Ofsted's ILACS overview is an .xlsx file");
  }

  for (const sheet of workbook.worksheets) {
    const header = new Map<string, number>();
    sheet.getRow(1).eachCell((cell, column) => header.set(cellText(cell.value).toLowerCase(), column));
    if (!header.has(COLUMNS.laName) || !header.has(COLUMNS.judgement)) continue;

    const grades: OfstedGrade[] = [];
    sheet.eachRow((row, line) => {
      if (line === 1) return;
      const read = (name: string) => {
        const column = header.get(name);
        const text = column === undefined ? "" : cellText(row.getCell(column).value);
        return BLANKS.has(text.toLowerCase()) ? null : text;
      };
      const laName = read(COLUMNS.laName);
      const grade = read(COLUMNS.judgement);
      if (laName === null || grade === null) return;
      const judgement = JUDGEMENTS[grade.toLowerCase()];
      if (!judgement) throw new UnreadableFileError(`${sheet.name} row ${String(line)}: "${grade}" is not an Ofsted judgement`);
      grades.push({
        laName,
        oldLaCode: read(COLUMNS.oldLaCode),
        newLaCode: read(COLUMNS.newLaCode),
        judgement,
        publishedOn: isoDate(row.getCell(header.get(COLUMNS.publishedOn) ?? 0).value),
      });
    });
    return grades;
  }
  throw new UnreadableFileError(`This is not the Ofsted ILACS overview: no sheet has the columns ${COLUMNS.laName} and ${COLUMNS.judgement}`);
}

/**
 * The old_la_codes of councils judged Good or Outstanding overall, for the "good or
 * outstanding councils" benchmark. A council with no la_code in the workbook is keyed by its
 * name as written (lower case) instead, so callers matching by code will not find it.
 */
export function goodOrOutstanding(grades: OfstedGrade[]): Set<string> {
  return new Set(grades.filter((g) => g.judgement === "Good" || g.judgement === "Outstanding").map((g) => g.oldLaCode ?? g.laName));
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((r) => r.text).join("").trim();
    if ("text" in value) return String(value.text).trim();
    if ("result" in value) return value.result === undefined ? "" : cellText(value.result as ExcelJS.CellValue);
    return "";
  }
  return String(value).trim();
}

/** Publication dates are written dd/mm/yy ("15/03/24") in this workbook; a real date cell works too. */
function isoDate(value: ExcelJS.CellValue): string | null {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})$/.exec(cellText(value));
  if (!match) return null;
  const [, day, month, year] = match as unknown as [string, string, string, string];
  const fullYear = year.length === 2 ? `20${year}` : year;
  return `${fullYear}-${month.padStart(2, "0")}-${day.padStart(2, "0")}`;
}
