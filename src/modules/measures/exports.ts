import { notFormula, toCsv } from "../../core/csv.ts";
import type { Unit } from "../../core/measure-format.ts";
import { planYearLabel } from "../../core/plan-years.ts";
import { ragLabels } from "../../core/rag.ts";
import { oglNotice } from "./ogl.ts";
import type { ScorecardRow } from "./scorecard.ts";
import { assuranceLabels, variationLabels } from "./service.ts";

/**
 * The scorecard as a download (CSV and Excel), one column definition for both: numbers as
 * numbers, a value's numerator and denominator in columns of their own, words as words. The
 * licence DfE's figures come under is a note beside the table, never a row of it.
 */

/** What a column holds: words, a figure in the measure's unit, or a whole count (a numerator, a rank). */
type ColumnKind = "text" | "figure" | "count";

interface ExportColumn {
  header: string;
  kind: ColumnKind;
  cell: (row: ScorecardRow) => string | number | null;
}

const travel = (d: { arrow: string; word: string }) => `${d.arrow} ${d.word}`.trim();

export const scorecardColumns: readonly ExportColumn[] = [
  { header: "code", kind: "text", cell: (r) => r.measure.code },
  { header: "title", kind: "text", cell: (r) => r.measure.title },
  { header: "priorities", kind: "text", cell: (r) => r.priorities.join(" ") },
  { header: "unit", kind: "text", cell: (r) => r.measure.unit },
  { header: "latest", kind: "figure", cell: (r) => r.latest?.value ?? null },
  { header: "numerator", kind: "count", cell: (r) => r.latest?.numerator ?? null },
  { header: "denominator", kind: "count", cell: (r) => r.latest?.denominator ?? null },
  { header: "period", kind: "text", cell: (r) => (r.latest ? r.latestLabel : "") },
  { header: "target", kind: "figure", cell: (r) => r.target?.value ?? null },
  { header: "target_year", kind: "text", cell: (r) => (r.target ? planYearLabel(r.target.planYear) : "") },
  { header: "rag", kind: "text", cell: (r) => (r.rag ? ragLabels[r.rag] : "") },
  { header: "short_term", kind: "text", cell: (r) => travel(r.shortTerm) },
  { header: "long_term", kind: "text", cell: (r) => travel(r.longTerm) },
  { header: "variation", kind: "text", cell: (r) => variationLabels[r.spc.variation] },
  { header: "assurance", kind: "text", cell: (r) => (r.spc.assurance ? assuranceLabels[r.spc.assurance] : "") },
  { header: "england", kind: "figure", cell: (r) => r.benchmark?.england ?? null },
  { header: "statistical_neighbours", kind: "figure", cell: (r) => r.benchmark?.neighbourMean.mean ?? null },
  { header: "neighbours_with_value", kind: "count", cell: (r) => (r.benchmark && r.benchmark.neighbourMean.mean !== null ? r.benchmark.neighbourMean.count : null) },
  { header: "quartile_band", kind: "text", cell: (r) => r.benchmark?.summary?.quartileBand ?? "" },
  { header: "rank", kind: "count", cell: (r) => r.benchmark?.summary?.rank ?? null },
  { header: "rank_of", kind: "count", cell: (r) => (r.benchmark?.summary?.rank ? r.benchmark.summary.rankOf : null) },
];

/** What the notes beside the table say: what the columns hold, and the licence. */
const notes = [
  ["Licence", oglNotice],
  ["Figures", "latest, target, england and statistical_neighbours are in the unit the unit column names; for a percentage, numerator and denominator are the counts it is worked out from."],
  ["Statistical neighbours", "The mean of the council's ten statistical neighbours with a value; neighbours_with_value says how many had one."],
  ["Quartile band", "A is the best quarter of councils by the measure's polarity."],
];

/** The scorecard as CSV: figures as plain numbers in the measure's unit (a percentage as 43.3), and the licence after the table. */
export function scorecardCsv(rows: readonly ScorecardRow[]): string {
  const table = toCsv(
    scorecardColumns.map((c) => c.header),
    rows.map((r) => scorecardColumns.map((c) => c.cell(r))),
  );
  // A CSV file has one table and nowhere else to put a note: the licence follows it, after a blank line.
  return `${table}\r\n${toCsv([oglNotice], [])}`;
}

const places = (decimals: number) => (decimals > 0 ? `.${"0".repeat(decimals)}` : "");

/** Excel's number format for a figure: a percentage with the measure's decimal places, money in pounds, others with separators. */
export function figureFormat(unit: Unit, decimals: number): string {
  if (unit === "percentage" || unit === "percentage-change") return `0${places(decimals)}%`;
  if (unit === "money") return `"£"#,##0${places(decimals)}`;
  return `#,##0${places(decimals)}`;
}

export const countFormat = "#,##0";

/** The scorecard as an Excel workbook: a "Scorecard" sheet of numbers with number formats, and a "Notes" sheet with the licence. */
export async function scorecardXlsx(rows: readonly ScorecardRow[]): Promise<Buffer> {
  const { default: ExcelJS } = await import("exceljs");
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Scorecard", { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.addRow(scorecardColumns.map((c) => c.header)).font = { bold: true };
  for (const r of rows) {
    const row = sheet.addRow([]);
    scorecardColumns.forEach((column, i) => {
      const value = column.cell(r);
      const cell = row.getCell(i + 1);
      if (value === null || value === "") return;
      if (typeof value === "string") {
        // A text cell that starts like a formula is written with a leading apostrophe, as in the CSV.
        cell.value = notFormula(value);
        return;
      }
      if (column.kind === "figure") {
        // Excel holds a percentage as a fraction of one: 43.3% is 0.433, shown as 43.3%.
        cell.value = r.measure.unit === "percentage" || r.measure.unit === "percentage-change" ? Number(`${String(value)}e-2`) : value;
        cell.numFmt = figureFormat(r.measure.unit, r.measure.decimals);
      } else {
        cell.value = value;
        cell.numFmt = countFormat;
      }
    });
  }
  const notesSheet = workbook.addWorksheet("Notes");
  notesSheet.columns = [{ width: 24 }, { width: 100 }];
  for (const note of notes) notesSheet.addRow(note);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
