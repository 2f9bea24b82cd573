import type { Database, Transaction } from "../../db/client.ts";
import * as repository from "./audit-repository.ts";
import type { Actor } from "./roles.ts";

/**
 * Who is acting and under which correlation id. Every change is written with its audit event in
 * the same transaction, so there is never a change without its record or a record without its change.
 */
export interface ChangeContext {
  userId: number | null;
  username: string;
  correlationId: string;
}

export function contextOf(actor: Actor, correlationId: string): ChangeContext {
  return { userId: actor.id, username: actor.username, correlationId };
}

export interface Change {
  action: string;
  recordType: string;
  recordId: string | number;
  before?: unknown;
  after?: unknown;
}

export async function recordChange(tx: Database | Transaction, context: ChangeContext, change: Change): Promise<void> {
  await repository.insertAuditEvent(tx, {
    userId: context.userId,
    username: context.username,
    correlationId: context.correlationId,
    action: change.action,
    recordType: change.recordType,
    recordId: String(change.recordId),
    before: change.before ?? null,
    after: change.after ?? null,
  });
}

/** Records that someone looked at child-level data; call it wherever such data is shown. */
export async function recordAccess(
  tx: Database | Transaction,
  context: ChangeContext & { userId: number },
  view: { recordType: string; recordId: string | number; purpose: string },
): Promise<void> {
  await repository.insertAccessEvent(tx, {
    userId: context.userId,
    username: context.username,
    correlationId: context.correlationId,
    recordType: view.recordType,
    recordId: String(view.recordId),
    purpose: view.purpose,
  });
}

export interface HistoryEntry {
  occurredAt: Date;
  username: string;
  action: string;
  changes: { field: string; before: string; after: string }[];
}

/** A record's history, newest first, with each change shown field by field. */
export async function historyOf(db: Database, recordType: string, recordId: string | number): Promise<HistoryEntry[]> {
  const events = await repository.listRecordHistory(db, recordType, String(recordId));
  return events.map((event) => ({
    occurredAt: event.occurredAt,
    username: event.username,
    action: event.action,
    changes: fieldChanges(event.before, event.after),
  }));
}

/** The fields that differ between two versions of a record, written for people to read. */
export function fieldChanges(before: unknown, after: unknown): { field: string; before: string; after: string }[] {
  const a = (before ?? {}) as Record<string, unknown>;
  const b = (after ?? {}) as Record<string, unknown>;
  const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((f) => f !== "version");
  return fields
    .filter((field) => JSON.stringify(a[field]) !== JSON.stringify(b[field]))
    .map((field) => ({ field, before: readable(a[field]), after: readable(b[field]) }));
}

function readable(value: unknown): string {
  if (value === undefined || value === null || value === "") return "(none)";
  if (Array.isArray(value)) return value.map(readable).join("\n");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

export { searchAuditEvents, listRecordTypes } from "./audit-repository.ts";
export type { AuditFilters, AuditEventRow } from "./audit-repository.ts";
