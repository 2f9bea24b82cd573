import { createHash } from "node:crypto";
import ExcelJS from "exceljs";
import { UnreadableFileError } from "../../core/file-problems.ts";
import type { Database } from "../../db/client.ts";
import { recordChange, type ChangeContext } from "../access/audit.ts";
import { ProblemList, type RowProblem } from "./file-reading/problems.ts";
import { formatOf, readTable } from "./file-reading/read-table.ts";
import * as repository from "./repository.ts";
import { valueRowSchema, valuesTemplateColumns } from "./schemas.ts";

export type { RowProblem } from "./file-reading/problems.ts";

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

/** Reads the values template from CSV or Excel (by the file's name), off the request thread; throws UnreadableFileError. */
export async function readValuesFile(fileName: string, content: Uint8Array): Promise<ValuesFile> {
  const [sheet] = await readTable(content, formatOf(fileName));
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

/** Rows checked between pauses that let the server answer other requests. */
const rowsBetweenPauses = 2_000;
const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Checks every row of an import before anything is stored: each problem names its row (the
 * spreadsheet's, the header being row 1), column and reason. The first 100 problems are listed
 * and the rest counted (`moreProblems`).
 */
export async function validateValues(
  db: Database,
  table: Record<string, string>[],
  file: Pick<ValuesFile, "lines" | "overflowing"> = { lines: [], overflowing: new Set() },
): Promise<{ rows: ParsedValue[]; problems: RowProblem[]; moreProblems: number }> {
  const found = new ProblemList();
  const done = () => ({ rows, problems: found.listed, moreProblems: found.more });
  const rows: ParsedValue[] = [];
  const first = table[0];
  if (!first) {
    found.add({ row: 1, column: "(file)", message: "The file has no rows of values" });
    return done();
  }
  for (const column of ["measure_code", "period_end", "value"]) {
    if (!(column in first)) found.add({ row: 1, column, message: `The column ${column} is missing: use the template` });
  }
  if (found.count > 0) return done();
  const codes = new Set((await repository.listMeasures(db)).map((m) => m.code));
  const seen = new Map<string, number>();
  for (const [index, raw] of table.entries()) {
    if (index > 0 && index % rowsBetweenPauses === 0) await pause();
    const row = file.lines[index] ?? index + 2;
    if (file.overflowing.has(index)) found.add({ row, column: "(row)", message: `The row has more cells than the header has columns: a cell with a comma in it must be in quotes` });
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
    if (!codes.has(code)) found.add({ row, column: "measure_code", message: `There is no measure ${code}` });
    const date = new Date(`${r.period_end}T00:00:00Z`);
    if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== r.period_end) found.add({ row, column: "period_end", message: `${r.period_end} is not a real date` });
    const key = `${code} ${r.period_end}`;
    if (seen.has(key)) found.add({ row, column: "period_end", message: `${code} already has a value for ${r.period_end} in row ${seen.get(key)}` });
    seen.set(key, row);
    const numerator = r.numerator === "" ? null : Number(r.numerator);
    const denominator = r.denominator === "" ? null : Number(r.denominator);
    if ((numerator === null) !== (denominator === null)) found.add({ row, column: numerator === null ? "numerator" : "denominator", message: "Give both the numerator and the denominator, or neither" });
    if (numerator !== null && denominator !== null && numerator > denominator) found.add({ row, column: "numerator", message: "The numerator is larger than the denominator" });
    rows.push({ row, code, periodEnd: r.period_end, value: Number(r.value), numerator, denominator, status: r.status === "provisional" ? "provisional" : "final", note: r.note });
  }
  return done();
}

export interface ImportResult {
  ok: boolean;
  problems: RowProblem[];
  /** Problems found beyond those listed. */
  moreProblems?: number;
  added: number;
  changed: number;
  unchanged: number;
}

/**
 * Imports a values file all or nothing. Importing the same file again, or rows that match what
 * is stored, changes nothing. Every change is audited with the file it came from.
 */
export async function importValues(db: Database, context: ChangeContext, fileName: string, content: Buffer): Promise<ImportResult> {
  const sha256 = createHash("sha256").update(content).digest("hex");
  let file: ValuesFile;
  try {
    file = await readValuesFile(fileName, content);
  } catch (error) {
    if (!(error instanceof UnreadableFileError)) throw error;
    return { ok: false, problems: [{ row: 1, column: "(file)", message: error.message }], added: 0, changed: 0, unchanged: 0 };
  }
  const { rows, problems, moreProblems } = await validateValues(db, file.records, file);
  if (problems.length > 0) return { ok: false, problems, moreProblems, added: 0, changed: 0, unchanged: 0 };
  if (await repository.findImport(db, sha256)) return { ok: true, problems: [], added: 0, changed: 0, unchanged: rows.length };
  return applyValues(db, context, rows, `Imported from ${fileName} by ${context.username}`, { fileName, sha256 });
}

/**
 * Stores checked values in one transaction: new ones added, different ones changed (with the
 * value before kept in the audit trail), the same ones left alone.
 */
export async function applyValues(
  db: Database,
  context: ChangeContext,
  rows: ParsedValue[],
  provenance: string,
  file?: { fileName: string; sha256: string },
): Promise<ImportResult> {
  const measures = new Map((await repository.listMeasures(db)).map((m) => [m.code, m]));
  let added = 0;
  let changed = 0;
  let unchanged = 0;
  await db.transaction(async (tx) => {
    for (const r of rows) {
      const measure = measures.get(r.code);
      if (!measure) continue;
      const existing = await repository.findValue(tx, measure.id, r.periodEnd);
      const fields = { value: r.value, numerator: r.numerator, denominator: r.denominator, status: r.status, note: r.note };
      const source = file ? { file: file.fileName } : {};
      if (!existing) {
        const saved = await repository.insertValue(tx, { measureId: measure.id, periodEnd: r.periodEnd, ...fields, provenance });
        await recordChange(tx, context, { action: file ? "import" : "enter", recordType: "measure value", recordId: saved.id, after: { code: r.code, periodEnd: r.periodEnd, ...fields, ...source } });
        added += 1;
      } else if (existing.value !== r.value || existing.numerator !== r.numerator || existing.denominator !== r.denominator || existing.status !== r.status || existing.note !== r.note) {
        await repository.updateValueAt(tx, existing.id, existing.version, { ...fields, provenance });
        await recordChange(tx, context, {
          action: file ? "import" : "enter",
          recordType: "measure value",
          recordId: existing.id,
          before: { value: existing.value, numerator: existing.numerator, denominator: existing.denominator, status: existing.status, note: existing.note },
          after: { ...fields, ...source },
        });
        changed += 1;
      } else unchanged += 1;
    }
    if (file) await repository.insertImport(tx, { fileName: file.fileName, sha256: file.sha256, rows: rows.length, importedBy: context.username });
  });
  return { ok: true, problems: [], added, changed, unchanged };
}

/** The template to fill in: the columns, and one example row per measure code for guidance. */
export function templateCsv(codes: string[]): string {
  const example = codes.slice(0, 3).map((code) => `${code},2025-12-31,,,,final,`);
  return [valuesTemplateColumns.join(","), ...example].join("\r\n") + "\r\n";
}

export async function templateXlsx(codes: string[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Values");
  sheet.addRow([...valuesTemplateColumns]);
  for (const code of codes) sheet.addRow([code, "", "", "", "", "final", ""]);
  const guide = workbook.addWorksheet("How to fill this in");
  guide.addRow(["Column", "What to enter"]);
  guide.addRows([
    ["measure_code", "The measure's code, as the scorecard lists it"],
    ["period_end", "The last day of the period the value is for, as YYYY-MM-DD (2025-12-31 for December 2025)"],
    ["value", "The value, a number (43.3 for 43.3%)"],
    ["numerator, denominator", "Both or neither: 88 and 203 for 43.3% (88/203)"],
    ["status", "final or provisional"],
    ["note", "Anything a reader should know about this value"],
  ]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
