import { checkValue, type ValueShape } from "../../core/value-rules.ts";
import { ProblemList, type RowProblem } from "./file-reading/problems.ts";
import type { Sheet } from "./file-reading/table.ts";
import { valueRowSchema } from "./schemas.ts";

/**
 * The rules for rows of values, from the template or the entry grid: pure, so a file's rows
 * are checked in the worker thread that reads it (file-reading/table-worker.ts).
 */
export interface ParsedValue {
  row: number;
  code: string;
  periodEnd: string;
  value: number;
  numerator: number | null;
  denominator: number | null;
  status: "final" | "provisional";
  note: string;
}

/** The rows of a values file keyed by their (lower-case) column, with where each is in the file. */
export interface ValuesFile {
  records: Record<string, string>[];
  /** The row (CSV line, or workbook row) each record is at. */
  lines: number[];
  /** The records with more cells than the header has columns. */
  overflowing: Set<number>;
}

export interface CheckedValues {
  rows: ParsedValue[];
  problems: RowProblem[];
  /** Problems found beyond those listed. */
  moreProblems: number;
  /** Values kept but worth a second look (a fraction typed for a percentage), each naming its row and measure. */
  warnings: RowProblem[];
  /** Warnings found beyond those listed. */
  moreWarnings: number;
}

/** A measure as the rules for its values need it: its code, unit and decimal places. */
export interface MeasureShape extends ValueShape {
  code: string;
}

/** The first sheet of a values file as records by column, leaving out empty rows. */
export function valuesFile(sheet: Sheet | undefined): ValuesFile {
  const header = (sheet?.header ?? []).map((name) => name.toLowerCase());
  const file: ValuesFile = { records: [], lines: [], overflowing: new Set() };
  for (const row of sheet?.rows ?? []) {
    if (row.cells.every((cell) => cell.trim() === "")) continue;
    if (row.cells.slice(header.length).some((cell) => cell.trim() !== "")) file.overflowing.add(file.records.length);
    file.records.push(Object.fromEntries(header.map((name, i) => [name, row.cells[i] ?? ""])));
    file.lines.push(row.line);
  }
  return file;
}

/**
 * Checks every row against the measures there are: each problem names its row (the
 * spreadsheet's, the header being row 1), column and reason; the first 100 are listed and the
 * rest counted. A value is checked against what its measure could have (see core/value-rules.ts):
 * an impossible one is a problem, a doubtful one a warning that does not stop the rows being saved.
 */
export function checkValues(table: Record<string, string>[], measures: readonly MeasureShape[], file: Pick<ValuesFile, "lines" | "overflowing"> = { lines: [], overflowing: new Set() }): CheckedValues {
  const shapes = new Map(measures.map((m) => [m.code, m]));
  const found = new ProblemList();
  const doubts = new ProblemList();
  const rows: ParsedValue[] = [];
  const done = () => ({ rows, problems: found.listed, moreProblems: found.more, warnings: doubts.listed, moreWarnings: doubts.more });
  const first = table[0];
  if (!first) {
    found.add({ row: 1, column: "(file)", message: "The file has no rows of values" });
    return done();
  }
  for (const column of ["measure_code", "period_end", "value"]) {
    if (!(column in first)) found.add({ row: 1, column, message: `The column ${column} is missing: use the template` });
  }
  if (found.count > 0) return done();
  const seen = new Map<string, number>();
  for (const [index, raw] of table.entries()) {
    const row = file.lines[index] ?? index + 2;
    if (file.overflowing.has(index)) found.add({ row, column: "(row)", message: "The row has more cells than the header has columns: a cell with a comma in it must be in quotes" });
    const parsed = valueRowSchema.safeParse(raw);
    if (!parsed.success) {
      const columns = new Set<string>();
      for (const issue of parsed.error.issues) {
        const column = String(issue.path[0] ?? "(row)");
        if (!columns.has(column)) found.add({ row, column, message: issue.message });
        columns.add(column);
      }
      continue;
    }
    const r = parsed.data;
    const code = r.measure_code.toUpperCase();
    const shape = shapes.get(code);
    if (!shape) found.add({ row, column: "measure_code", message: `There is no measure ${code}` });
    const key = `${code} ${r.period_end}`;
    if (seen.has(key)) found.add({ row, column: "period_end", message: `${code} already has a value for ${r.period_end} in row ${seen.get(key)}` });
    seen.set(key, row);
    const { numerator, denominator } = r;
    if ((numerator === null) !== (denominator === null)) found.add({ row, column: numerator === null ? "numerator" : "denominator", message: "Give both the numerator and the denominator, or neither" });
    const value = r.value ?? 0;
    if (shape) {
      const checked = checkValue({ value, numerator, denominator }, shape);
      for (const problem of checked.problems) found.add({ row, ...problem });
      for (const warning of checked.warnings) doubts.add({ row, column: "value", message: `${code}: ${warning}` });
    }
    rows.push({ row, code, periodEnd: r.period_end, value, numerator, denominator, status: r.status === "provisional" ? "provisional" : "final", note: r.note });
  }
  return done();
}
