import { sql } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import { selectRows } from "../../db/rows.ts";

/** The only place case files sent in the app are kept and read: the analyst's choices, the files in chunks, and what the import did. */

export interface UploadRecord {
  id: number;
  kind: string;
  laCode: string | null;
  collectionYear: number | null;
  extractDate: string | null;
  validRowsOnly: boolean;
  fileNames: string[];
  sentBy: string;
  state: "received" | "imported" | "already" | "refused" | "failed";
  outcome: unknown;
}

export type NewUpload = Omit<UploadRecord, "id" | "state" | "outcome">;

export async function insertUpload(tx: Executor, upload: NewUpload): Promise<number> {
  const [row] = await selectRows(
    tx,
    sql`insert into casework.uploads (kind, la_code, collection_year, extract_date, valid_rows_only, file_names, sent_by)
        values (${upload.kind}, ${upload.laCode}, ${upload.collectionYear}, ${upload.extractDate}, ${upload.validRowsOnly}, ${JSON.stringify(upload.fileNames)}::jsonb, ${upload.sentBy})
        returning id`,
  );
  return Number(row?.id);
}

export async function insertChunk(tx: Executor, uploadId: number, fileIndex: number, seq: number, bytes: Buffer): Promise<void> {
  await tx.execute(sql`insert into casework.upload_chunks (upload_id, file_index, seq, bytes) values (${uploadId}, ${fileIndex}, ${seq}, ${bytes})`);
}

/** One chunk of a sent file, or undefined past its end. */
export async function chunkOf(db: Executor, uploadId: number, fileIndex: number, seq: number): Promise<Buffer | undefined> {
  const [row] = await selectRows(db, sql`select bytes from casework.upload_chunks where upload_id = ${uploadId} and file_index = ${fileIndex} and seq = ${seq}`);
  return row ? Buffer.from(row.bytes as Uint8Array) : undefined;
}

export async function findUpload(db: Executor, id: number): Promise<UploadRecord | undefined> {
  const [row] = await selectRows(
    db,
    sql`select id, kind, la_code, collection_year, extract_date::text as extract_date, valid_rows_only, file_names, sent_by, state, outcome from casework.uploads where id = ${id}`,
  );
  if (!row) return undefined;
  return {
    id: Number(row.id),
    kind: String(row.kind),
    laCode: row.la_code === null ? null : String(row.la_code),
    collectionYear: row.collection_year === null ? null : Number(row.collection_year),
    extractDate: row.extract_date === null ? null : String(row.extract_date),
    validRowsOnly: Boolean(row.valid_rows_only),
    fileNames: row.file_names as string[],
    sentBy: String(row.sent_by),
    state: String(row.state) as UploadRecord["state"],
    outcome: row.outcome,
  };
}

/** Records what the import did and lets the files go: their bytes are not kept once read. */
export async function settleUpload(db: Executor, id: number, state: UploadRecord["state"], outcome: unknown): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`update casework.uploads set state = ${state}, outcome = ${outcome === null ? null : JSON.stringify(outcome)}::jsonb where id = ${id}`);
    await tx.execute(sql`delete from casework.upload_chunks where upload_id = ${id}`);
  });
}
