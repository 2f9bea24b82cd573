import { eq } from "drizzle-orm";
import type { Transaction } from "./client.ts";
import { formSubmissions } from "./schema/index.ts";

/** What became of a form's token: sent for the first time, or already used for the record given. */
export type Submission = { first: true } | { first: false; recordType: string; recordId: number | null };

/**
 * Claims a form's token in the transaction that adds its record. The first claim wins; a second
 * (a double click, or the same form sent again) waits for the first to commit, then learns which
 * record it added.
 */
export async function claimSubmission(tx: Transaction, token: string, recordType: string): Promise<Submission> {
  const claimed = await tx.insert(formSubmissions).values({ token, recordType }).onConflictDoNothing().returning({ token: formSubmissions.token });
  if (claimed.length === 1) return { first: true };
  const [earlier] = await tx.select().from(formSubmissions).where(eq(formSubmissions.token, token));
  return { first: false, recordType: earlier?.recordType ?? "", recordId: earlier?.recordId ?? null };
}

/** Notes the record a claimed token's form added, in the same transaction. */
export async function noteSubmission(tx: Transaction, token: string, recordId: number): Promise<void> {
  await tx.update(formSubmissions).set({ recordId }).where(eq(formSubmissions.token, token));
}
