import { UnreadableFileError } from "../../core/file-problems.ts";
import { isCouncilCode } from "./file-reading/cell-rules.ts";
import type { Sheet } from "./file-reading/read-table.ts";

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
 * workbook (`ofsted_csc_ilacs_overview.xlsx`, one row per council), as read by read-table.ts.
 * A council whose latest inspection has no overall grade yet is left out, since there is no
 * judgement to compare; a grade that is not one of Ofsted's four is an error, not a guess.
 */
export function parseOfstedOverview(sheets: Sheet[]): OfstedGrade[] {
  for (const sheet of sheets) {
    const header = new Map(sheet.header.map((name, column) => [name.toLowerCase(), column]));
    if (!header.has(COLUMNS.laName) || !header.has(COLUMNS.judgement)) continue;

    const grades: OfstedGrade[] = [];
    for (const { line, cells } of sheet.rows) {
      const read = (name: string) => {
        const column = header.get(name);
        const text = column === undefined ? "" : (cells[column] ?? "").trim();
        return BLANKS.has(text.toLowerCase()) ? null : text;
      };
      const laName = read(COLUMNS.laName);
      const grade = read(COLUMNS.judgement);
      if (laName === null || grade === null) continue;
      const judgement = JUDGEMENTS[grade.toLowerCase()];
      if (!judgement) throw new UnreadableFileError(`${sheet.name} row ${String(line)}: "${grade.slice(0, 40)}" is not an Ofsted judgement`);
      const code = read(COLUMNS.oldLaCode);
      if (code !== null && !isCouncilCode(code)) throw new UnreadableFileError(`${sheet.name} row ${String(line)}, ${COLUMNS.oldLaCode}: "${code.slice(0, 20)}" is not a council code (three digits, like 879)`);
      grades.push({ laName, oldLaCode: code, newLaCode: read(COLUMNS.newLaCode), judgement, publishedOn: isoDate(read(COLUMNS.publishedOn) ?? "") });
    }
    // An empty sheet would replace every judgement with none.
    if (grades.length === 0) throw new UnreadableFileError(`${sheet.name} has no council's judgement: it is not the overview, or its rows are missing`);
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

/** Publication dates are written dd/mm/yy ("15/03/24") in this workbook; a real date cell reads as YYYY-MM-DD. */
function isoDate(text: string): string | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return text;
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})$/.exec(text);
  if (!match) return null;
  const [, day, month, year] = match as unknown as [string, string, string, string];
  const fullYear = year.length === 2 ? `20${year}` : year;
  return `${fullYear}-${month.padStart(2, "0")}-${day.padStart(2, "0")}`;
}
