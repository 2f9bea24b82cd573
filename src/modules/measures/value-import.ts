import { createHash } from "node:crypto";
import { UnreadableFileError } from "../../core/file-problems.ts";
import { pluralise } from "../../core/format.ts";
import type { Database } from "../../db/client.ts";
import { recordChange, type ChangeContext } from "../access/index.ts";
import type { RowProblem } from "./file-reading/problems.ts";
import { formatOf, readCheckedValues } from "./file-reading/read-table.ts";
import * as imports from "./import-repository.ts";
import type { ValueImportRow } from "./import-repository.ts";
import * as repository from "./repository.ts";
import { valuesTemplateColumns } from "./schemas.ts";
import { checkValues, type CheckedValues, type MeasureShape } from "./value-rows.ts";

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
  return (await repository.listTypedMeasures(db)).map((m) => ({ code: m.code, unit: m.unit, decimals: m.decimals }));
}

/** Reads and checks a values file (CSV or Excel, by its name) in a worker thread; throws UnreadableFileError. */
export async function readValuesFile(db: Database, fileName: string, content: Uint8Array): Promise<CheckedValues> {
  return readCheckedValues(content, formatOf(fileName), await measureShapes(db));
}

export interface ImportResult {
  ok: boolean;
  /** The import's record, refused or applied: its page lists its problems or what it changed. */
  importId: number;
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

/** A file received: its import's id, and the problems that refused it or the warnings it carries. */
export interface ReceivedImport {
  importId: number;
  ok: boolean;
  problems: RowProblem[];
  moreProblems: number;
  warnings: RowProblem[];
  moreWarnings: number;
}

/**
 * Receives a values file: reads and checks it (in a worker thread), then records the import and
 * stages its checked rows, in batches, in one transaction. A file with problems is recorded as
 * refused, with its problems counted and the first of them kept, and its single audit event;
 * nothing is staged and no value changes. A file without is left received, for applyValuesImport.
 */
export async function receiveValuesFile(db: Database, context: ChangeContext, fileName: string, content: Buffer): Promise<ReceivedImport> {
  const sha256 = createHash("sha256").update(content).digest("hex");
  let checked: CheckedValues;
  try {
    checked = await readValuesFile(db, fileName, content);
  } catch (error) {
    if (!(error instanceof UnreadableFileError)) throw error;
    checked = { rows: [], problems: [{ row: 1, column: "(file)", message: error.message }], moreProblems: 0, warnings: [], moreWarnings: 0 };
  }
  const { rows, problems, moreProblems, warnings, moreWarnings } = checked;
  const refused = problems.length > 0;
  const record = {
    fileName,
    sha256,
    rows: rows.length,
    importedBy: context.username,
    problems: problems.length + moreProblems,
    listedProblems: problems,
    warnings: refused ? 0 : warnings.length + moreWarnings,
    listedWarnings: refused ? [] : warnings,
  };
  const importId = await db.transaction(async (tx) => {
    if (refused) {
      const row = await imports.insertImport(tx, { ...record, state: "refused" });
      await recordChange(tx, context, importEvent(row));
      return row.id;
    }
    const row = await imports.insertImport(tx, { ...record, state: "received" });
    await imports.stageRows(tx, row.id, rows);
    return row.id;
  });
  return { importId, ok: !refused, problems, moreProblems, warnings: refused ? [] : warnings, moreWarnings: refused ? 0 : moreWarnings };
}

/** A values import's record (its file, who sent it, what became of it); undefined for none. */
export async function findValuesImport(db: Database, id: number): Promise<ValueImportRow | undefined> {
  return imports.findImportById(db, id);
}

/** What applying an import did: applied or unchanged, or, for an import already settled, what it was settled as. */
export interface AppliedImport {
  state: ValueImportRow["state"];
  added: number;
  changed: number;
  unchanged: number;
}

/** The steps of applying an import, in the words the page that waits on it shows. */
export const applySteps = {
  checking: "Checking the values against those stored",
  saving: "Saving the values",
} as const;

/** Told as each step of applying starts: its words, how many steps are done, and of how many. */
export type ApplyProgress = (step: string, done: number, total: number) => Promise<void>;

/** Why an import could not be applied, in words for the person who sent it; nothing was changed. */
export class ApplyFailed extends Error {
  constructor(reason: string, cause?: unknown) {
    super(`The values were not saved, so nothing has changed: ${reason}`, { cause });
    this.name = "ApplyFailed";
  }
}

/**
 * Applies a received import all or nothing, in one transaction and a few statements whatever the
 * number of rows: the import is locked (so it is applied once, however many ask), then the
 * measures it has rows for take their turns and the stored values it meets are locked, in order,
 * and compared with its rows, not only its fingerprint (a file imported before whose values were
 * changed since is applied again). Rows the same as what is stored change nothing; the others are
 * written, and the import keeps what each value was before. One audit event records the import
 * with its file, SHA-256 and counts; an import that was refused or is already settled is left as it is.
 *
 * `progress` is told of each step before the transaction that does it opens: progress is written
 * to the database, and the embedded one has a single connection, which the transaction holds.
 * Checking is done in its own read, so the step of saving can say how many values it writes.
 */
export async function applyValuesImport(db: Database, context: ChangeContext, importId: number, progress: ApplyProgress = async () => undefined): Promise<AppliedImport> {
  const waiting = await imports.findImportById(db, importId);
  if (waiting?.state === "received") {
    await progress(applySteps.checking, 0, 2);
    const { stored, rows } = await imports.countStoredMatches(db, importId);
    await progress(`${applySteps.saving}: ${pluralise(rows, "row")}, ${String(stored)} of them already stored`, 1, 2);
  }
  return db.transaction(async (tx) => {
    const received = await imports.lockImport(tx, importId);
    if (!received) throw new Error(`there is no values import ${String(importId)}`);
    if (received.state !== "received") return { state: received.state, added: received.added ?? 0, changed: received.changed ?? 0, unchanged: received.unchanged ?? 0 };
    const provenance = `Imported from ${received.fileName} by ${received.importedBy}`;
    await imports.lockImportMeasures(tx, importId);
    await imports.markStoredValues(tx, importId);
    const marked = await imports.countOutcomes(tx, importId);
    // A statement that writes no row still moves the scorecard's data version: write only what differs.
    if (marked.changed > 0) await imports.updateChangedValues(tx, importId, provenance);
    if (marked.unmatched > 0) await imports.insertNewValues(tx, importId, provenance);
    const counts = marked.unmatched > 0 ? await imports.countOutcomes(tx, importId) : marked;
    // Every row's measure was there when the file was checked; one gone since undoes the import.
    if (counts.unmatched > 0) throw new ApplyFailed(`${pluralise(counts.unmatched, "row")} of the file ${counts.unmatched === 1 ? "is" : "are"} for a measure removed since it was checked. Import the file again to see which.`);
    const state = counts.added + counts.changed > 0 ? "applied" : "unchanged";
    const settled = await imports.settleImport(tx, importId, { state, added: counts.added, changed: counts.changed, unchanged: counts.unchanged });
    await recordChange(tx, context, importEvent(settled));
    return { state, added: counts.added, changed: counts.changed, unchanged: counts.unchanged };
  });
}

/**
 * An import's one audit event: the file, its SHA-256 and what became of its rows. What each value
 * was before and became is kept with the import (its rows), which the event names by its id.
 */
function importEvent(row: ValueImportRow) {
  const { fileName, sha256, state, rows, added, changed, unchanged, problems } = row;
  return {
    action: "import",
    recordType: "values import",
    recordId: row.id,
    after: { fileName, sha256, state, rows, ...(state === "refused" ? { problems } : { added, changed, unchanged }) },
  };
}

/**
 * Imports a values file all or nothing: receives it (checked, recorded and staged) and applies it
 * at once. The result says what it added, changed and left alone, and when nothing changed and
 * the file had changed values before, when and by whom it was imported then.
 */
export async function importValues(db: Database, context: ChangeContext, fileName: string, content: Buffer): Promise<ImportResult> {
  const received = await receiveValuesFile(db, context, fileName, content);
  const { importId, problems, moreProblems } = received;
  if (!received.ok) return { ok: false, importId, problems, moreProblems, added: 0, changed: 0, unchanged: 0, warnings: [] };
  await applyValuesImport(db, context, importId);
  const result = await appliedImportResult(db, importId);
  if (!result) throw new Error(`values import ${String(importId)} was applied but is not there`);
  return result;
}

/**
 * What an applied import did, as the import page shows it: its counts, its warnings and, when it
 * changed nothing and the same file had changed values before, when and by whom that was. Null for
 * an import not applied (refused, or still waiting).
 */
export async function appliedImportResult(db: Database, importId: number): Promise<(ImportResult & { fileName: string }) | null> {
  const record = await imports.findImportById(db, importId);
  if (record?.state !== "applied" && record?.state !== "unchanged") return null;
  const [added, changed, unchanged] = [record.added ?? 0, record.changed ?? 0, record.unchanged ?? 0];
  const warnings = record.listedWarnings;
  const earlier = added + changed === 0 ? await importedBefore(db, record) : undefined;
  return { ok: true, importId, fileName: record.fileName, problems: [], added, changed, unchanged, importedBefore: earlier, warnings, moreWarnings: Math.max(0, record.warnings - warnings.length) };
}

/** When the same file as this import last changed what is stored, and who imported it then. */
async function importedBefore(db: Database, current: ValueImportRow): Promise<{ at: Date; by: string } | undefined> {
  const earlier = await imports.findAppliedImport(db, current.sha256, current.id);
  return earlier ? { at: earlier.importedAt, by: earlier.importedBy } : undefined;
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
