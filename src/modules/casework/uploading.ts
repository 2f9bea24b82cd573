import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { once } from "node:events";
import type { Database, Executor } from "../../db/client.ts";
import type { ChangeContext } from "../access/index.ts";
import type { CaseFile } from "./case-files.ts";
import type { CaseworkKeySource } from "./casework-key.ts";
import { computeMeasures } from "./computing.ts";
import { importCaseFiles, importSteps, isCaseImportKind, type CaseImportKind } from "./importing.ts";
import type { LoadOutcome } from "./loading.ts";
import * as repository from "./upload-repository.ts";
import type { UploadRecord } from "./upload-repository.ts";

export type { UploadRecord } from "./upload-repository.ts";

/** What an analyst sent in the import form: the kind, their choices, and the files as the app wrote them to disk. */
export interface SentCaseFiles {
  kind: CaseImportKind;
  laCode: string | null;
  collectionYear: number | null;
  extractDate: string | null;
  validRowsOnly: boolean;
  files: CaseFile[];
}

/** The pieces a sent file is kept in: a few megabytes, written and read one at a time. */
const chunkBytes = 4 * 1024 * 1024;

/**
 * Keeps case files sent in the app, in chunks, and sends the job that imports them, in one
 * transaction: the files are kept only with their job, and the job only with its files. Any
 * process doing jobs can import them, as the files are in the database, not on this machine.
 */
export async function receiveCaseFiles(db: Database, context: ChangeContext, sent: SentCaseFiles, send: (tx: Executor, uploadId: number) => Promise<string>): Promise<{ uploadId: number; job: string }> {
  return db.transaction(async (tx) => {
    const uploadId = await repository.insertUpload(tx, {
      kind: sent.kind,
      laCode: sent.laCode,
      collectionYear: sent.collectionYear,
      extractDate: sent.extractDate,
      validRowsOnly: sent.validRowsOnly,
      fileNames: sent.files.map((file) => file.name),
      sentBy: context.username,
    });
    for (const [fileIndex, file] of sent.files.entries()) {
      let seq = 0;
      for await (const chunk of createReadStream(file.path, { highWaterMark: chunkBytes })) {
        await repository.insertChunk(tx, uploadId, fileIndex, seq, chunk as Buffer);
        seq += 1;
      }
    }
    return { uploadId, job: await send(tx, uploadId) };
  });
}

export async function findUpload(db: Database, id: number): Promise<UploadRecord | undefined> {
  return repository.findUpload(db, id);
}

/** Writes a kept file back to disk, a chunk at a time, for its importer to read as a stream. */
async function writeKeptFile(db: Database, uploadId: number, fileIndex: number, path: string): Promise<void> {
  const out = createWriteStream(path, { mode: 0o600 });
  try {
    for (let seq = 0; ; seq += 1) {
      const chunk = await repository.chunkOf(db, uploadId, fileIndex, seq);
      if (!chunk) break;
      if (!out.write(chunk)) await once(out, "drain");
    }
  } finally {
    out.end();
    await once(out, "close");
  }
}

/** What an import of sent files did, as its upload keeps it for the page that follows the job. */
export type UploadOutcome = { kind: "loaded" | "already"; extractId: number } | Extract<LoadOutcome, { kind: "refused" }>;

const stateOf: Record<LoadOutcome["kind"], UploadRecord["state"]> = { loaded: "imported", already: "already", refused: "refused" };

/**
 * Imports kept case files, as their job does: writes them back to a temporary folder, imports
 * them as one extract (or finds them imported already, or refuses them with their problems), and
 * settles the upload with what happened, letting the kept bytes go. A failure settles it as
 * failed, having changed nothing, and is thrown.
 */
export async function runCaseUpload(db: Database, by: ChangeContext, key: CaseworkKeySource, uploadId: number, progress: (step: string, done: number, total: number) => Promise<void>): Promise<UploadOutcome | null> {
  const upload = await repository.findUpload(db, uploadId);
  if (!upload) throw new Error(`there is no case upload ${String(uploadId)}`);
  if (upload.state !== "received") return (upload.outcome as UploadOutcome | null) ?? null;
  if (!isCaseImportKind(upload.kind)) throw new Error(`case upload ${String(uploadId)} is of no kind Waymark imports: ${upload.kind}`);
  const folder = await mkdtemp(join(tmpdir(), "waymark-case-files-"));
  const steps = importSteps.length + 2;
  let outcome: UploadOutcome;
  let laCode: string | null = null;
  try {
    await progress("Reading the files", 0, steps);
    const files = upload.fileNames.map((name, index) => ({ name, path: join(folder, String(index)) }));
    for (const [index, file] of files.entries()) await writeKeptFile(db, uploadId, index, file.path);
    const request = { kind: upload.kind, files, laCode: upload.laCode, collectionYear: upload.collectionYear, extractDate: upload.extractDate, validRowsOnly: upload.validRowsOnly };
    const loaded = await importCaseFiles(db, by, key, request, (step, index) => progress(step, index + 1, steps));
    outcome = loaded.kind === "refused" ? loaded : { kind: loaded.kind, extractId: loaded.extract.id };
    if (loaded.kind === "loaded") laCode = loaded.extract.laCode;
    await repository.settleUpload(db, uploadId, stateOf[loaded.kind], outcome);
  } catch (error) {
    await repository.settleUpload(db, uploadId, "failed", { message: error instanceof Error ? error.message : String(error) });
    throw error;
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
  // The records are in: the council's measures are computed again from them, in the same job.
  if (laCode) {
    await progress("Computing the measures", steps - 1, steps);
    await computeMeasures(db, by, laCode);
  }
  return outcome;
}
