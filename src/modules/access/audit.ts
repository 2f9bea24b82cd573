import { fieldChanges } from "../../core/field-changes.ts";
import { formatDate } from "../../core/format.ts";
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

/** The words a record's own data gives for it, most telling first. */
const nameFields = ["title", "displayName", "name", "measure", "code", "username", "period", "fileName", "text"] as const;

/**
 * What an audit event is about, in words, from what the event itself holds: "Measure value:
 * REREFERRALS, 31 January 2026" rather than "measure value 111". Falls back to the record type and
 * its number when the event holds nothing more telling.
 */
export function recordName(event: { recordType: string; recordId: string; before: unknown; after: unknown }): string {
  const data = { ...((event.before ?? {}) as Record<string, unknown>), ...((event.after ?? {}) as Record<string, unknown>) };
  const type = event.recordType.charAt(0).toUpperCase() + event.recordType.slice(1);
  const named = nameFields.map((field) => data[field]).find((v): v is string | number => (typeof v === "string" && v.trim() !== "") || typeof v === "number");
  const parts: string[] = [];
  if (named !== undefined) parts.push(String(named).length > 80 ? `${String(named).slice(0, 79)}…` : String(named));
  if (typeof data.periodEnd === "string" && /^\d{4}-\d{2}-\d{2}$/.test(data.periodEnd)) parts.push(formatDate(data.periodEnd));
  if (typeof data.planYear === "string") parts.push(data.planYear);
  if (typeof data.priority === "number") parts.push(`priority ${String(data.priority)}`);
  return parts.length > 0 ? `${type}: ${parts.join(", ")}` : `${type} ${event.recordId}`;
}

/**
 * Records whose detail is kept on a page of their own rather than in the event: a values import
 * names its file and counts, and its page lists each value it changed, before and after; a case
 * audit and an audit template are read whole on their pages.
 */
const recordPages: Readonly<Record<string, (recordId: string) => string>> = {
  "values import": (recordId) => `/measures/imports/${recordId}`,
  "case audit": (recordId) => `/quality/audits/${recordId}`,
  "audit template": (recordId) => `/quality/templates/${recordId}`,
  "audit action": (recordId) => `/quality/actions/${recordId}`,
  "audit programme": (recordId) => `/quality/programmes/${recordId}`,
  "practice week": (recordId) => `/quality/practice-weeks/${recordId}`,
  risk: (recordId) => `/risks/${recordId}`,
  board: (recordId) => `/boards/${recordId}`,
  meeting: (recordId) => `/meetings/${recordId}`,
  "board action": (recordId) => `/board-actions/${recordId}`,
};

/** The page that holds more of an event's record than the event does, if there is one. */
export function recordPage(event: { recordType: string; recordId: string }): string | undefined {
  return recordPages[event.recordType]?.(event.recordId);
}

export { searchAuditEvents, listRecordTypes } from "./audit-repository.ts";
export type { AuditFilters, AuditEventRow } from "./audit-repository.ts";
