import { and, desc, eq, lt, or, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import { reminders } from "../../db/schema/reminders.ts";

export type ReminderRow = typeof reminders.$inferSelect;
export type NewReminder = typeof reminders.$inferInsert;

/** The reminder's unique key: who, what kind, which period, which occasion. */
function sameKey(values: Pick<NewReminder, "recipientId" | "kind" | "periodId" | "occasion">) {
  return and(
    eq(reminders.recipientId, values.recipientId),
    eq(reminders.kind, values.kind),
    sql`coalesce(${reminders.periodId}, 0) = ${values.periodId ?? 0}`,
    eq(reminders.occasion, values.occasion),
  );
}

/**
 * Claims a reminder for this run, in one transaction: a new one by inserting its row (the unique key
 * refuses a second), or, when `retry` is set, one whose last attempt failed or whose sender stopped
 * before `staleBefore`, by changing its status only if it is still so (a row lock makes a second
 * claimant wait and then find it taken). Undefined when it is not this run's to send.
 */
export async function claimReminder(db: Executor, values: NewReminder, options: { retry: boolean; staleBefore: Date }): Promise<ReminderRow | undefined> {
  return db.transaction(async (tx) => {
    const [inserted] = await tx.insert(reminders).values(values).onConflictDoNothing().returning();
    if (inserted || !options.retry) return inserted;
    const [reclaimed] = await tx
      .update(reminders)
      .set({
        recipientName: values.recipientName,
        recipientEmail: values.recipientEmail,
        subject: values.subject,
        body: values.body,
        status: "sending",
        problem: null,
        claimedAt: values.claimedAt,
      })
      .where(and(sameKey(values), or(eq(reminders.status, "failed"), and(eq(reminders.status, "sending"), lt(reminders.claimedAt, options.staleBefore)))))
      .returning();
    return reclaimed;
  });
}

export async function markSent(db: Executor, id: number, at: Date): Promise<void> {
  await db
    .update(reminders)
    .set({ status: "sent", sentAt: at, problem: null, attempts: sql`${reminders.attempts} + 1` })
    .where(and(eq(reminders.id, id), eq(reminders.status, "sending")));
}

export async function markFailed(db: Executor, id: number, problem: string): Promise<void> {
  await db
    .update(reminders)
    .set({ status: "failed", problem, attempts: sql`${reminders.attempts} + 1` })
    .where(and(eq(reminders.id, id), eq(reminders.status, "sending")));
}

/** The newest reminders first. */
export async function listRecent(db: Executor, limit: number): Promise<ReminderRow[]> {
  return db.select().from(reminders).orderBy(desc(reminders.createdAt), desc(reminders.id)).limit(limit);
}

export async function countReminders(db: Executor): Promise<number> {
  return db.$count(reminders);
}
