import { eq, sql } from "drizzle-orm";
import { onlyRow } from "../../core/lookup.ts";
import type { Executor } from "../../db/client.ts";
import { referenceImports } from "../../db/schema/measures.ts";

export type ReferenceImportRow = typeof referenceImports.$inferSelect;
/** A reference import as its pages show it: everything but the file's bytes. */
export type ReferenceImportFacts = Omit<ReferenceImportRow, "content">;

const t = referenceImports;
const facts = { id: t.id, kind: t.kind, fileName: t.fileName, sha256: t.sha256, measureCode: t.measureCode, year: t.year, sentBy: t.sentBy, state: t.state, result: t.result, receivedAt: t.receivedAt, finishedAt: t.finishedAt };

export async function insertReferenceImport(tx: Executor, values: Omit<typeof referenceImports.$inferInsert, "id" | "state" | "result">): Promise<number> {
  return onlyRow(await tx.insert(referenceImports).values(values).returning({ id: referenceImports.id }), "a reference import").id;
}

export async function findReferenceImport(db: Executor, id: number): Promise<ReferenceImportFacts | undefined> {
  const [row] = await db.select(facts).from(referenceImports).where(eq(referenceImports.id, id));
  return row;
}

/** The file a reference import was sent, as it was sent. */
export async function referenceImportContent(db: Executor, id: number): Promise<Buffer | undefined> {
  const [row] = await db.select({ content: referenceImports.content }).from(referenceImports).where(eq(referenceImports.id, id));
  return row?.content;
}

/** Settles an import: what it did, or why it was refused or stopped. */
export async function settleReferenceImport(tx: Executor, id: number, state: Exclude<ReferenceImportRow["state"], "received">, result: object | null): Promise<void> {
  await tx.update(referenceImports).set({ state, result, finishedAt: sql`clock_timestamp()` }).where(eq(referenceImports.id, id));
}
