import { and, asc, desc, eq, gte, isNotNull, lte, or, sql, type SQL } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import { qualityActions, qualityFeedback, qualityPracticeWeeks } from "../../db/schema/quality.ts";

export type PracticeWeekRow = typeof qualityPracticeWeeks.$inferSelect;
export type NewPracticeWeek = typeof qualityPracticeWeeks.$inferInsert;
export type FeedbackRow = typeof qualityFeedback.$inferSelect;
export type NewFeedback = typeof qualityFeedback.$inferInsert;

export async function insertWeek(tx: Executor, values: NewPracticeWeek): Promise<PracticeWeekRow> {
  const [row] = await tx.insert(qualityPracticeWeeks).values(values).returning();
  if (!row) throw new Error("the practice week was not added");
  return row;
}

export async function findWeek(db: Executor, id: number): Promise<PracticeWeekRow | undefined> {
  const [row] = await db.select().from(qualityPracticeWeeks).where(eq(qualityPracticeWeeks.id, id));
  return row;
}

export interface WeekFilters {
  serviceArea?: string | undefined;
  /** Weeks that end on or after `from` and start on or before `to`, as ISO dates. */
  from?: string | undefined;
  to?: string | undefined;
  /** Only weeks with findings recorded. */
  withFindings?: boolean;
}

/** Practice weeks, newest first, as the filters choose. */
export async function listWeeks(db: Executor, filters: WeekFilters): Promise<PracticeWeekRow[]> {
  const conditions: SQL[] = [];
  if (filters.serviceArea) conditions.push(eq(qualityPracticeWeeks.serviceArea, filters.serviceArea));
  if (filters.from) conditions.push(gte(qualityPracticeWeeks.endsOn, filters.from));
  if (filters.to) conditions.push(lte(qualityPracticeWeeks.startsOn, filters.to));
  if (filters.withFindings) {
    const findings = or(sql`jsonb_array_length(${qualityPracticeWeeks.strengths}) > 0`, sql`jsonb_array_length(${qualityPracticeWeeks.areasForImprovement}) > 0`);
    if (findings) conditions.push(findings);
  }
  return db
    .select()
    .from(qualityPracticeWeeks)
    .where(and(...conditions))
    .orderBy(desc(qualityPracticeWeeks.startsOn), desc(qualityPracticeWeeks.id));
}

/** Saves a week's new content, if it is still at `version`. */
export async function updateWeekAt(tx: Executor, id: number, version: number, values: Partial<NewPracticeWeek>): Promise<boolean> {
  const rows = await tx
    .update(qualityPracticeWeeks)
    .set({ ...values, version: version + 1 })
    .where(and(eq(qualityPracticeWeeks.id, id), eq(qualityPracticeWeeks.version, version)))
    .returning({ id: qualityPracticeWeeks.id });
  return rows.length === 1;
}

/** The actions a practice week raised, in the order they were raised. */
export async function listActionsOfWeek(db: Executor, weekId: number) {
  return db.select().from(qualityActions).where(eq(qualityActions.practiceWeekId, weekId)).orderBy(asc(qualityActions.id));
}

export async function insertFeedback(tx: Executor, values: NewFeedback): Promise<FeedbackRow> {
  const [row] = await tx.insert(qualityFeedback).values(values).returning();
  if (!row) throw new Error("the feedback was not added");
  return row;
}

export async function findFeedback(db: Executor, id: number): Promise<FeedbackRow | undefined> {
  const [row] = await db.select().from(qualityFeedback).where(eq(qualityFeedback.id, id));
  return row;
}

export interface FeedbackFilters {
  /** Feedback gathered by a day from `from` to `to` (its `gatheredTo`), as ISO dates. */
  from?: string | undefined;
  to?: string | undefined;
  serviceArea?: string | undefined;
  auditId?: number;
  practiceWeekId?: number;
}

/** Families' feedback, in the order it was recorded, as the filters choose. */
export async function listFeedback(db: Executor, filters: FeedbackFilters): Promise<FeedbackRow[]> {
  const conditions: SQL[] = [];
  if (filters.from) conditions.push(gte(qualityFeedback.gatheredTo, filters.from));
  if (filters.to) conditions.push(lte(qualityFeedback.gatheredTo, filters.to));
  if (filters.serviceArea) conditions.push(eq(qualityFeedback.serviceArea, filters.serviceArea));
  if (filters.auditId !== undefined) conditions.push(eq(qualityFeedback.auditId, filters.auditId));
  if (filters.practiceWeekId !== undefined) conditions.push(eq(qualityFeedback.practiceWeekId, filters.practiceWeekId));
  return db
    .select()
    .from(qualityFeedback)
    .where(and(...conditions))
    .orderBy(asc(qualityFeedback.id));
}

/** The last day of feedback gathered, of each item, for the quarters that hold any. */
export async function listFeedbackDates(db: Executor): Promise<string[]> {
  const rows = await db.selectDistinct({ gatheredTo: qualityFeedback.gatheredTo }).from(qualityFeedback).where(isNotNull(qualityFeedback.gatheredTo));
  return rows.map((r) => r.gatheredTo);
}
