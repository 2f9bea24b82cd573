import { createHash } from "node:crypto";
import { UnreadableFileError } from "../../core/file-problems.ts";
import type { Database } from "../../db/client.ts";
import type { ChangeContext } from "../access/audit.ts";
import type { RowProblem } from "./file-reading/problems.ts";
import { formatOf, readCheckedValues } from "./file-reading/read-table.ts";
import * as repository from "./repository.ts";
import { valuesTemplateColumns } from "./schemas.ts";
import { checkValues, type CheckedValues, type MeasureShape } from "./value-rows.ts";
import { saveValues } from "./value-saving.ts";

export type { RowProblem } from "./file-reading/problems.ts";
export type { ParsedValue } from "./value-rows.ts";

/**
 * Checks every row of an import before anything is stored: each problem names its row (the
 * spreadsheet's, the header being row 1), column and reason. The first 100 problems are listed
 * and the rest counted (`moreProblems`). An imported file is checked this way in the worker
 * that reads it (see readValuesFile); this is for rows typed in the app.
 */
export async function validateValues(db: Database, table: Record<string, string>[]): Promise<CheckedValues> {
  return checkValues(table, await measureShapes(db));
}

/** Each measure's code, unit and decimal places: what its values are checked by. */
async function measureShapes(db: Database): Promise<MeasureShape[]> {
  return (await repository.listMeasures(db)).map((m) => ({ code: m.code, unit: m.unit, decimals: m.decimals }));
}

/** Reads and checks a values file (CSV or Excel, by its name) in a worker thread; throws UnreadableFileError. */
export async function readValuesFile(db: Database, fileName: string, content: Uint8Array): Promise<CheckedValues> {
  return readCheckedValues(content, formatOf(fileName), await measureShapes(db));
}

export interface ImportResult {
  ok: boolean;
  problems: RowProblem[];
  /** Problems found beyond those listed. */
  moreProblems?: number;
  added: number;
  changed: number;
  unchanged: number;
  /** When nothing changed and this file had been imported before: when, and by whom. */
  importedBefore?: { at: Date; by: string } | undefined;
  /** Values imported but worth a second look, each naming its row and measure. */
  warnings: RowProblem[];
  /** Warnings beyond those listed. */
  moreWarnings?: number;
}

/**
 * Imports a values file all or nothing. The file's rows are compared with what is stored, not
 * only its fingerprint: a file imported before whose values were changed since is applied again.
 * Rows that match what is stored change nothing; every change is audited with the file it came
 * from, and the file is recorded as imported only when it changed something.
 */
export async function importValues(db: Database, context: ChangeContext, fileName: string, content: Buffer): Promise<ImportResult> {
  const sha256 = createHash("sha256").update(content).digest("hex");
  let checked: CheckedValues;
  try {
    checked = await readValuesFile(db, fileName, content);
  } catch (error) {
    if (!(error instanceof UnreadableFileError)) throw error;
    return { ok: false, problems: [{ row: 1, column: "(file)", message: error.message }], added: 0, changed: 0, unchanged: 0, warnings: [] };
  }
  const { rows, problems, moreProblems, warnings, moreWarnings } = checked;
  if (problems.length > 0) return { ok: false, problems, moreProblems, added: 0, changed: 0, unchanged: 0, warnings: [] };
  const saved = await saveValues(db, context, rows, {
    provenance: `Imported from ${fileName} by ${context.username}`,
    file: fileName,
    onApplied: (tx) => repository.insertImport(tx, { fileName, sha256, rows: rows.length, importedBy: context.username }),
  });
  const earlier = saved.added + saved.changed === 0 ? await repository.findImport(db, sha256) : undefined;
  return { ok: true, problems: [], added: saved.added, changed: saved.changed, unchanged: saved.unchanged, importedBefore: earlier ? { at: earlier.importedAt, by: earlier.importedBy } : undefined, warnings, moreWarnings };
}

/** The template to fill in: the columns, and one example row per measure code for guidance. */
export function templateCsv(codes: string[]): string {
  const example = codes.slice(0, 3).map((code) => `${code},2025-12-31,,,,final,`);
  return [valuesTemplateColumns.join(","), ...example].join("\r\n") + "\r\n";
}

export async function templateXlsx(codes: string[]): Promise<Buffer> {
  const { default: ExcelJS } = await import("exceljs");
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
