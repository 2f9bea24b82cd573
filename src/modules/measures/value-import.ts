import { createHash } from "node:crypto";
import ExcelJS from "exceljs";
import { UnreadableFileError } from "../../core/file-problems.ts";
import type { Database } from "../../db/client.ts";
import { recordChange, type ChangeContext } from "../access/audit.ts";
import type { RowProblem } from "./file-reading/problems.ts";
import { formatOf, readCheckedValues } from "./file-reading/read-table.ts";
import * as repository from "./repository.ts";
import { valuesTemplateColumns } from "./schemas.ts";
import { checkValues, type CheckedValues, type ParsedValue } from "./value-rows.ts";

export type { RowProblem } from "./file-reading/problems.ts";
export type { ParsedValue } from "./value-rows.ts";

/**
 * Checks every row of an import before anything is stored: each problem names its row (the
 * spreadsheet's, the header being row 1), column and reason. The first 100 problems are listed
 * and the rest counted (`moreProblems`). An imported file is checked this way in the worker
 * that reads it (see readValuesFile); this is for rows typed in the app.
 */
export async function validateValues(db: Database, table: Record<string, string>[]): Promise<CheckedValues> {
  return checkValues(table, new Set((await repository.listMeasures(db)).map((m) => m.code)));
}

/** Reads and checks a values file (CSV or Excel, by its name) in a worker thread; throws UnreadableFileError. */
export async function readValuesFile(db: Database, fileName: string, content: Uint8Array): Promise<CheckedValues> {
  return readCheckedValues(content, formatOf(fileName), (await repository.listMeasures(db)).map((m) => m.code));
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
  let checked: CheckedValues;
  try {
    checked = await readValuesFile(db, fileName, content);
  } catch (error) {
    if (!(error instanceof UnreadableFileError)) throw error;
    return { ok: false, problems: [{ row: 1, column: "(file)", message: error.message }], added: 0, changed: 0, unchanged: 0 };
  }
  const { rows, problems, moreProblems } = checked;
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
