import { UnreadableFileError } from "../../core/file-problems.ts";
import type { Database, Executor } from "../../db/client.ts";
import type { ChangeContext } from "../access/index.ts";
import { importDfeFile, importNeighbourModel, importOfstedJudgements, neighbourSetName, sha256Of, type BenchmarkImportResult, type NeighbourImport } from "./benchmark-import.ts";
import * as repository from "./reference-import-repository.ts";
import type { ReferenceImportFacts } from "./reference-import-repository.ts";
import type { ApplyProgress } from "./value-import.ts";

export type ReferenceImportKind = ReferenceImportFacts["kind"];
export type { ReferenceImportFacts } from "./reference-import-repository.ts";

/** A reference file as sent in the app: its kind, name and bytes, and the measure or year it is for. */
export interface ReferenceFile {
  kind: ReferenceImportKind;
  fileName: string;
  content: Buffer;
  /** The measure a DfE statistics file is for. */
  measureCode?: string;
  /** The year DfE published a neighbour model. */
  year?: number;
}

/**
 * What a reference import did, as its page shows it once its job is done: a DfE file's result
 * (imported, or refused with its problems by row and column), the neighbour sets it added,
 * changed and left alone, the councils whose judgements it holds, or why a file was unreadable.
 */
export type ReferenceImportResult =
  | { kind: "dfe-statistics"; benchmarks: BenchmarkImportResult }
  | { kind: "neighbour-model"; neighbours: NeighbourImport }
  | { kind: "ofsted-judgements"; councils: number }
  | { kind: "refused"; message: string };

/**
 * Keeps a reference file sent in the app, waiting to be imported, and sends the job that imports
 * it in the same transaction: the file is kept only with its job, and its job only with the file.
 */
export async function receiveReferenceFile(db: Database, context: ChangeContext, file: ReferenceFile, send: (tx: Executor, importId: number) => Promise<string>): Promise<{ importId: number; job: string }> {
  return db.transaction(async (tx) => {
    const importId = await repository.insertReferenceImport(tx, {
      kind: file.kind,
      fileName: file.fileName,
      content: file.content,
      sha256: sha256Of(file.content),
      measureCode: file.measureCode ?? null,
      year: file.year ?? null,
      sentBy: context.username,
    });
    return { importId, job: await send(tx, importId) };
  });
}

/** A reference import's record (without its file); undefined for none. */
export async function findReferenceImport(db: Database, id: number): Promise<ReferenceImportFacts | undefined> {
  return repository.findReferenceImport(db, id);
}

/** What a settled import did or why it was refused; null while it waits, and for one whose job stopped. */
export const referenceImportResult = (record: ReferenceImportFacts): ReferenceImportResult | null => (record.state === "imported" || record.state === "refused" ? (record.result as ReferenceImportResult) : null);

const required = <T>(value: T | null, what: string): T => {
  if (value === null) throw new Error(`a reference import of this kind has ${what}`);
  return value;
};

/**
 * Imports a kept reference file, as its job does, all or nothing, with the import's one audit
 * event: the import is settled in the transaction that saves its data. A file that cannot be read,
 * or whose rows do not fit, is settled as refused with its problems, and nothing else changes. Any
 * other failure marks the import failed, having changed nothing, and is thrown. An import already
 * settled is left as it is.
 */
export async function runReferenceImport(db: Database, context: ChangeContext, importId: number, progress: ApplyProgress = async () => undefined): Promise<{ state: ReferenceImportFacts["state"] }> {
  const record = await repository.findReferenceImport(db, importId);
  const content = await repository.referenceImportContent(db, importId);
  if (!record || !content) throw new Error(`there is no reference import ${String(importId)}`);
  if (record.state !== "received") return { state: record.state };
  const settled = (tx: Executor, result: ReferenceImportResult) => repository.settleReferenceImport(tx, importId, "imported", result);
  const { fileName } = record;
  try {
    switch (record.kind) {
      case "dfe-statistics": {
        const measureCode = required(record.measureCode, "a measure");
        const benchmarks = await importDfeFile(db, context, { measureCode, fileName, content }, { progress, saved: (tx, result) => settled(tx, { kind: "dfe-statistics", benchmarks: result }) });
        if (benchmarks.ok) break;
        await repository.settleReferenceImport(db, importId, "refused", { kind: "dfe-statistics", benchmarks } satisfies ReferenceImportResult);
        return { state: "refused" };
      }
      case "neighbour-model": {
        const year = required(record.year, "a year");
        await importNeighbourModel(db, context, { fileName, content, year, name: neighbourSetName(year) }, { progress, saved: (tx, neighbours) => settled(tx, { kind: "neighbour-model", neighbours }) });
        break;
      }
      case "ofsted-judgements":
        await importOfstedJudgements(db, context, { fileName, content }, { progress, saved: (tx, councils) => settled(tx, { kind: "ofsted-judgements", councils }) });
        break;
    }
  } catch (error) {
    if (!(error instanceof UnreadableFileError)) {
      await repository.settleReferenceImport(db, importId, "failed", null);
      throw error;
    }
    await repository.settleReferenceImport(db, importId, "refused", { kind: "refused", message: error.message } satisfies ReferenceImportResult);
    return { state: "refused" };
  }
  return { state: "imported" };
}

/** Why a reference file could not be imported, in words for the person who sent it; nothing was changed. */
export class ReferenceImportFailed extends Error {
  constructor(cause: unknown) {
    super("The file was not imported, so nothing has changed: try again, and if it happens again tell your administrator.", { cause });
    this.name = "ReferenceImportFailed";
  }
}
