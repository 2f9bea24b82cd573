import { conflicted, notFound, succeeded, type Outcome } from "../../core/problems.ts";
import type { Database, Executor, Transaction } from "../../db/client.ts";
import { recordChange, type ChangeContext } from "./audit.ts";

/**
 * A change to a record made in the app (a priority, a milestone, a measure). It runs in one
 * transaction with its audit event, and names the version the editor started from: if someone
 * else saved first, nothing is written and the caller gets the record as it now stands, to show
 * the editor what changed.
 */
export interface VersionedEdit<T> {
  /** The record type the audit trail names ("priority", "measure"). */
  recordType: string;
  load: (db: Executor) => Promise<T | undefined>;
  /** The fields the audit trail and the conflict page compare. */
  fields: (row: T) => Record<string, unknown>;
  /** Writes the change if the record is still at the version read; false when someone else got there first. */
  update: (tx: Transaction, row: T) => Promise<boolean>;
}

export async function versionedEdit<T extends { id: number; version: number }>(db: Database, context: ChangeContext, edit: VersionedEdit<T>, version: number): Promise<Outcome<T>> {
  return db.transaction(async (tx) => {
    const current = await edit.load(tx);
    if (!current) return notFound();
    if (current.version !== version || !(await edit.update(tx, current))) return conflicted(current);
    const saved = await edit.load(tx);
    if (!saved) return notFound();
    await recordChange(tx, context, { action: "update", recordType: edit.recordType, recordId: current.id, before: edit.fields(current), after: edit.fields(saved) });
    return succeeded(saved);
  });
}
