import { createHash } from "node:crypto";
import { parse as parseCsv } from "csv-parse/sync";
import ExcelJS from "exceljs";
import type { Database } from "../../db/client.ts";
import type { ChangeContext } from "../access/audit.ts";
import * as repository from "./repository.ts";
import { valueRowSchema, valuesTemplateColumns } from "./schemas.ts";
import { saveValues, type ParsedValue } from "./value-saving.ts";

/** A problem with one cell of an import, as the person will find it in their spreadsheet. */
export interface RowProblem {
  row: number;
  column: string;
  message: string;
}

/** Reads the values template from CSV or Excel (by the file's name) into plain rows of text. */
export async function readTable(fileName: string, content: Buffer): Promise<Record<string, string>[]> {
  if (/\.xlsx$/i.test(fileName)) {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    if (!sheet) return [];
    const header: string[] = [];
    const rows: Record<string, string>[] = [];
    sheet.eachRow({ includeEmpty: false }, (row, number) => {
      const cells = (row.values as unknown[]).slice(1).map((cell) => cellText(cell));
      if (number === 1) header.push(...cells.map((c) => c.trim().toLowerCase()));
      else rows.push(Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ""])));
    });
    return rows;
  }
  return parseCsv(content, { columns: (names: string[]) => names.map((n) => n.trim().toLowerCase()), skip_empty_lines: true, bom: true, relax_column_count: true }) as Record<string, string>[];
}

function cellText(cell: unknown): string {
  if (cell === null || cell === undefined) return "";
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  if (typeof cell === "object" && "result" in (cell as object)) return cellText((cell as { result: unknown }).result);
  if (typeof cell === "object" && "text" in (cell as object)) return String((cell as { text: unknown }).text);
  return String(cell);
}

/**
 * Checks every row of an import before anything is stored: each problem names its row (the
 * spreadsheet's, the header being row 1), column and reason.
 */
export async function validateValues(db: Database, table: Record<string, string>[]): Promise<{ rows: ParsedValue[]; problems: RowProblem[] }> {
  const problems: RowProblem[] = [];
  const rows: ParsedValue[] = [];
  const first = table[0];
  if (!first) return { rows, problems: [{ row: 1, column: "(file)", message: "The file has no rows of values" }] };
  for (const column of ["measure_code", "period_end", "value"]) {
    if (!(column in first)) problems.push({ row: 1, column, message: `The column ${column} is missing: use the template` });
  }
  if (problems.length > 0) return { rows, problems };
  const codes = new Set((await repository.listMeasures(db)).map((m) => m.code));
  const seen = new Map<string, number>();
  table.forEach((raw, index) => {
    const row = index + 2;
    const parsed = valueRowSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push({ row, column: String(issue.path[0] ?? "(row)"), message: issue.message });
      return;
    }
    const r = parsed.data;
    const code = r.measure_code.toUpperCase();
    if (!codes.has(code)) problems.push({ row, column: "measure_code", message: `There is no measure ${code}` });
    const date = new Date(`${r.period_end}T00:00:00Z`);
    if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== r.period_end) problems.push({ row, column: "period_end", message: `${r.period_end} is not a real date` });
    const key = `${code} ${r.period_end}`;
    if (seen.has(key)) problems.push({ row, column: "period_end", message: `${code} already has a value for ${r.period_end} in row ${seen.get(key)}` });
    seen.set(key, row);
    const numerator = r.numerator === "" ? null : Number(r.numerator);
    const denominator = r.denominator === "" ? null : Number(r.denominator);
    if ((numerator === null) !== (denominator === null)) problems.push({ row, column: numerator === null ? "numerator" : "denominator", message: "Give both the numerator and the denominator, or neither" });
    if (numerator !== null && denominator !== null && numerator > denominator) problems.push({ row, column: "numerator", message: "The numerator is larger than the denominator" });
    rows.push({ row, code, periodEnd: r.period_end, value: Number(r.value), numerator, denominator, status: r.status === "provisional" ? "provisional" : "final", note: r.note });
  });
  return { rows, problems };
}

export interface ImportResult {
  ok: boolean;
  problems: RowProblem[];
  added: number;
  changed: number;
  unchanged: number;
  /** When nothing changed and this file had been imported before: when, and by whom. */
  importedBefore?: { at: Date; by: string } | undefined;
}

/**
 * Imports a values file all or nothing. The file's rows are compared with what is stored, not
 * only its fingerprint: a file imported before whose values were changed since is applied again.
 * Rows that match what is stored change nothing; every change is audited with the file it came
 * from, and the file is recorded as imported only when it changed something.
 */
export async function importValues(db: Database, context: ChangeContext, fileName: string, content: Buffer): Promise<ImportResult> {
  const sha256 = createHash("sha256").update(content).digest("hex");
  let table: Record<string, string>[];
  try {
    table = await readTable(fileName, content);
  } catch {
    return { ok: false, problems: [{ row: 1, column: "(file)", message: "The file cannot be read: upload the template as CSV or Excel (.xlsx)" }], added: 0, changed: 0, unchanged: 0 };
  }
  const { rows, problems } = await validateValues(db, table);
  if (problems.length > 0) return { ok: false, problems, added: 0, changed: 0, unchanged: 0 };
  const saved = await saveValues(db, context, rows, {
    provenance: `Imported from ${fileName} by ${context.username}`,
    file: fileName,
    onApplied: (tx) => repository.insertImport(tx, { fileName, sha256, rows: rows.length, importedBy: context.username }),
  });
  const earlier = saved.added + saved.changed === 0 ? await repository.findImport(db, sha256) : undefined;
  return { ok: true, problems: [], added: saved.added, changed: saved.changed, unchanged: saved.unchanged, importedBefore: earlier ? { at: earlier.importedAt, by: earlier.importedBy } : undefined };
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
