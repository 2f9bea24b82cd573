import { eq } from "drizzle-orm";
import { UserError } from "../core/problems.ts";
import type { Database, Transaction } from "./client.ts";
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

/** What an add did: the record, and whether this sending repeated one already added. */
export interface Added<T> {
  record: T;
  repeated: boolean;
}

/** A form whose token belongs to another form, or whose record is gone: it must be reloaded. */
export class StaleFormError extends UserError {
  constructor() {
    super("conflict", "This form has expired: reload the page and try again");
    this.name = "StaleFormError";
  }
}

/**
 * Runs an add once per form token, in one transaction: the same form sent twice adds one record,
 * and the second sending is told which (`repeated`). `create` adds the record and its audit event.
 */
export async function addOnce<T extends { id: number }>(db: Database, formToken: string, recordType: string, find: (tx: Transaction, id: number) => Promise<T | undefined>, create: (tx: Transaction) => Promise<T>): Promise<Added<T>> {
  return db.transaction(async (tx) => {
    const claim = await claimSubmission(tx, formToken, recordType);
    if (!claim.first) {
      const earlier = claim.recordType === recordType && claim.recordId !== null ? await find(tx, claim.recordId) : undefined;
      if (!earlier) throw new StaleFormError();
      return { record: earlier, repeated: true };
    }
    const row = await create(tx);
    await noteSubmission(tx, formToken, row.id);
    return { record: row, repeated: false };
  });
}
