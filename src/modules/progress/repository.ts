import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { selectRows } from "../../db/rows.ts";
import type { Executor, Transaction } from "../../db/client.ts";
import { milestoneReviews, milestoneUpdates, progressUpdates, reportingPeriods } from "../../db/schema/progress.ts";

export type PeriodRow = typeof reportingPeriods.$inferSelect;
export type UpdateRow = typeof progressUpdates.$inferSelect;
export type MilestoneUpdateRow = typeof milestoneUpdates.$inferSelect;
export type ReviewRow = typeof milestoneReviews.$inferSelect;

export async function listPeriods(db: Executor, planId: number): Promise<PeriodRow[]> {
  return db.select().from(reportingPeriods).where(eq(reportingPeriods.planId, planId));
}

export async function findPeriod(db: Executor, id: number): Promise<PeriodRow | undefined> {
  const [row] = await db.select().from(reportingPeriods).where(eq(reportingPeriods.id, id));
  return row;
}

/** Opens a period; undefined when the plan already has that period (perhaps opened a moment ago). */
export async function insertPeriod(tx: Executor, values: typeof reportingPeriods.$inferInsert): Promise<PeriodRow | undefined> {
  const [row] = await tx.insert(reportingPeriods).values(values).onConflictDoNothing().returning();
  return row;
}

export async function setPeriodOpen(tx: Executor, id: number, open: boolean): Promise<void> {
  await tx.update(reportingPeriods).set({ open }).where(eq(reportingPeriods.id, id));
}

export async function findUpdate(db: Executor, periodId: number, priorityId: number | null): Promise<UpdateRow | undefined> {
  const [row] = await db
    .select()
    .from(progressUpdates)
    .where(
      and(
        eq(progressUpdates.periodId, periodId),
        priorityId === null ? and(eq(progressUpdates.scope, "service"), isNull(progressUpdates.priorityId)) : eq(progressUpdates.priorityId, priorityId),
      ),
    );
  return row;
}

export async function findUpdateById(db: Executor, id: number): Promise<UpdateRow | undefined> {
  const [row] = await db.select().from(progressUpdates).where(eq(progressUpdates.id, id));
  return row;
}

/** Starts an update; undefined when the period already has one for it (someone else started it first). */
export async function insertUpdate(tx: Executor, values: typeof progressUpdates.$inferInsert): Promise<UpdateRow | undefined> {
  const [row] = await tx.insert(progressUpdates).values(values).onConflictDoNothing().returning();
  return row;
}

/** Changes an update only if it still has the version the change was made from. */
export async function updateUpdateAt(tx: Transaction, id: number, version: number, values: Partial<typeof progressUpdates.$inferInsert>): Promise<UpdateRow | undefined> {
  const [row] = await tx
    .update(progressUpdates)
    .set({ ...values, version: version + 1 })
    .where(and(eq(progressUpdates.id, id), eq(progressUpdates.version, version)))
    .returning();
  return row;
}

export async function listUpdatesOfPeriods(db: Executor, periodIds: number[]): Promise<UpdateRow[]> {
  if (periodIds.length === 0) return [];
  return db.select().from(progressUpdates).where(inArray(progressUpdates.periodId, periodIds)).orderBy(asc(progressUpdates.id));
}

export async function listUpdatesOfPriority(db: Executor, priorityId: number): Promise<UpdateRow[]> {
  return db.select().from(progressUpdates).where(eq(progressUpdates.priorityId, priorityId));
}

export async function listMilestoneUpdates(db: Executor, updateIds: number[]): Promise<MilestoneUpdateRow[]> {
  if (updateIds.length === 0) return [];
  return db.select().from(milestoneUpdates).where(inArray(milestoneUpdates.updateId, updateIds));
}

export async function replaceMilestoneUpdates(tx: Executor, updateId: number, rows: Omit<typeof milestoneUpdates.$inferInsert, "updateId">[]): Promise<void> {
  await tx.delete(milestoneUpdates).where(eq(milestoneUpdates.updateId, updateId));
  if (rows.length > 0) await tx.insert(milestoneUpdates).values(rows.map((r) => ({ ...r, updateId })));
}

export async function listReviews(db: Executor, milestoneIds: number[]): Promise<ReviewRow[]> {
  if (milestoneIds.length === 0) return [];
  return db.select().from(milestoneReviews).where(inArray(milestoneReviews.milestoneId, milestoneIds));
}

export async function upsertReview(tx: Executor, values: typeof milestoneReviews.$inferInsert): Promise<void> {
  await tx
    .insert(milestoneReviews)
    .values(values)
    .onConflictDoUpdate({
      target: milestoneReviews.milestoneId,
      set: { decision: values.decision, note: values.note, nextMilestoneId: values.nextMilestoneId, reviewedBy: values.reviewedBy, reviewedAt: sql`excluded.reviewed_at` },
    });
}

export interface ProgressHit {
  updateId: number;
  periodId: number;
  priorityId: number | null;
  text: string;
}

/**
 * Approved progress updates whose narrative, achievements, challenges or plans match the words,
 * with the first paragraph that does. Drafts are never searched: search shows what everyone may read.
 */
export async function searchApprovedUpdates(db: Executor, planId: number, query: string, limit = 50): Promise<ProgressHit[]> {
  const tsQuery = sql`websearch_to_tsquery('english', ${query})`;
  const rows = await selectRows(db, sql`
    with paragraphs as (
      select u.id, u.period_id, u.priority_id, p.text, p.at
        from progress_updates u
        join reporting_periods r on r.id = u.period_id
        cross join lateral (
          select value #>> '{}' as text, ordinality as at
            from jsonb_array_elements(u.narrative || u.achievements || u.planned_next
                   || jsonb_path_query_array(u.challenges, '$[*].challenge') || jsonb_path_query_array(u.challenges, '$[*].mitigation')) with ordinality
        ) p
       where r.plan_id = ${planId} and u.state = 'approved'
    ),
    matching as (
      select distinct on (id) id, period_id, priority_id, text
        from paragraphs
       where to_tsvector('english', text) @@ ${tsQuery}
       order by id, at
    )
    select * from matching order by period_id desc, priority_id nulls first limit ${limit}
  `);
  return rows.map((row) => ({ updateId: Number(row.id), periodId: Number(row.period_id), priorityId: row.priority_id === null ? null : Number(row.priority_id), text: String(row.text) }));
}
