import { and, asc, desc, eq, gte, lte, type SQL } from "drizzle-orm";
import type { LinkRecordType } from "../../core/quality-links.ts";
import type { Executor } from "../../db/client.ts";
import { qualityActions, qualityAudits, qualityLinks, qualityPracticeWeeks } from "../../db/schema/quality.ts";
import type { ActionRow, AuditRow } from "./repository.ts";
import type { PracticeWeekRow } from "./week-repository.ts";

export type LinkRow = typeof qualityLinks.$inferSelect;
export type NewLink = typeof qualityLinks.$inferInsert;

/** Adds a link; undefined when the record is already linked to the same place. */
export async function insertLink(tx: Executor, values: NewLink): Promise<LinkRow | undefined> {
  const [row] = await tx.insert(qualityLinks).values(values).onConflictDoNothing().returning();
  return row;
}

export async function findLink(db: Executor, id: number): Promise<LinkRow | undefined> {
  const [row] = await db.select().from(qualityLinks).where(eq(qualityLinks.id, id));
  return row;
}

/** Removes one of a record's links; undefined when it has none of that id. */
export async function deleteLink(tx: Executor, recordType: LinkRecordType, recordId: number, id: number): Promise<LinkRow | undefined> {
  const [row] = await tx
    .delete(qualityLinks)
    .where(and(eq(qualityLinks.id, id), eq(qualityLinks.recordType, recordType), eq(qualityLinks.recordId, recordId)))
    .returning();
  return row;
}

/** A record's links, in the order they were made. */
export async function listLinksOf(db: Executor, recordType: LinkRecordType, recordId: number): Promise<LinkRow[]> {
  return db
    .select()
    .from(qualityLinks)
    .where(and(eq(qualityLinks.recordType, recordType), eq(qualityLinks.recordId, recordId)))
    .orderBy(asc(qualityLinks.id));
}

const linkedTo = (recordType: LinkRecordType, id: SQL | typeof qualityAudits.id | typeof qualityActions.id | typeof qualityPracticeWeeks.id, priorityId: number) =>
  and(eq(qualityLinks.recordType, recordType), eq(qualityLinks.recordId, id), eq(qualityLinks.priorityId, priorityId));

/** The audits linked to a priority (or to one of its milestones), newest first, once each; within `from`–`to` when given. */
export async function listAuditsLinkedTo(db: Executor, priorityId: number, dates: { from?: string; to?: string } = {}): Promise<AuditRow[]> {
  const conditions: SQL[] = [];
  if (dates.from) conditions.push(gte(qualityAudits.auditDate, dates.from));
  if (dates.to) conditions.push(lte(qualityAudits.auditDate, dates.to));
  return db
    .selectDistinctOn([qualityAudits.auditDate, qualityAudits.id], { audit: qualityAudits })
    .from(qualityAudits)
    .innerJoin(qualityLinks, linkedTo("audit", qualityAudits.id, priorityId))
    .where(and(...conditions))
    .orderBy(desc(qualityAudits.auditDate), desc(qualityAudits.id))
    .then((rows) => rows.map((r) => r.audit));
}

/** The actions linked to a priority (or to one of its milestones), soonest due first, once each. */
export async function listActionsLinkedTo(db: Executor, priorityId: number): Promise<ActionRow[]> {
  return db
    .selectDistinctOn([qualityActions.dueOn, qualityActions.id], { action: qualityActions })
    .from(qualityActions)
    .innerJoin(qualityLinks, linkedTo("action", qualityActions.id, priorityId))
    .orderBy(asc(qualityActions.dueOn), asc(qualityActions.id))
    .then((rows) => rows.map((r) => r.action));
}


/** The practice weeks linked to a priority (or to one of its milestones), newest first, once each; those overlapping `from`–`to` when given. */
export async function listWeeksLinkedTo(db: Executor, priorityId: number, dates: { from?: string; to?: string } = {}): Promise<PracticeWeekRow[]> {
  const conditions: SQL[] = [];
  if (dates.from) conditions.push(gte(qualityPracticeWeeks.endsOn, dates.from));
  if (dates.to) conditions.push(lte(qualityPracticeWeeks.startsOn, dates.to));
  return db
    .selectDistinctOn([qualityPracticeWeeks.startsOn, qualityPracticeWeeks.id], { week: qualityPracticeWeeks })
    .from(qualityPracticeWeeks)
    .innerJoin(qualityLinks, linkedTo("practice-week", qualityPracticeWeeks.id, priorityId))
    .where(and(...conditions))
    .orderBy(desc(qualityPracticeWeeks.startsOn), desc(qualityPracticeWeeks.id))
    .then((rows) => rows.map((r) => r.week));
}
