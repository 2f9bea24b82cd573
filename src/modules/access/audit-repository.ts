import { and, asc, desc, eq, gte, lt, type SQL } from "drizzle-orm";
import type { Database, Transaction } from "../../db/client.ts";
import { accessEvents, auditEvents } from "../../db/schema/access.ts";

export type AuditEventRow = typeof auditEvents.$inferSelect;
export type NewAuditEvent = typeof auditEvents.$inferInsert;
export type NewAccessEvent = typeof accessEvents.$inferInsert;

export async function insertAuditEvent(tx: Database | Transaction, event: NewAuditEvent): Promise<void> {
  await tx.insert(auditEvents).values(event);
}

export async function insertAccessEvent(tx: Database | Transaction, event: NewAccessEvent): Promise<void> {
  await tx.insert(accessEvents).values(event);
}

export async function listRecordHistory(db: Database, recordType: string, recordId: string): Promise<AuditEventRow[]> {
  return db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.recordType, recordType), eq(auditEvents.recordId, recordId)))
    .orderBy(desc(auditEvents.occurredAt), desc(auditEvents.id));
}

export interface AuditFilters {
  username?: string | undefined;
  recordType?: string | undefined;
  /** Inclusive start and exclusive end, as instants. */
  from?: Date | undefined;
  to?: Date | undefined;
}

export async function searchAuditEvents(db: Database, filters: AuditFilters, limit: number): Promise<AuditEventRow[]> {
  const conditions: SQL[] = [];
  if (filters.username) conditions.push(eq(auditEvents.username, filters.username));
  if (filters.recordType) conditions.push(eq(auditEvents.recordType, filters.recordType));
  if (filters.from) conditions.push(gte(auditEvents.occurredAt, filters.from));
  if (filters.to) conditions.push(lt(auditEvents.occurredAt, filters.to));
  return db
    .select()
    .from(auditEvents)
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(desc(auditEvents.occurredAt), desc(auditEvents.id))
    .limit(limit);
}

export async function listRecordTypes(db: Database): Promise<string[]> {
  const rows = await db.selectDistinct({ recordType: auditEvents.recordType }).from(auditEvents).orderBy(asc(auditEvents.recordType));
  return rows.map((r) => r.recordType);
}
