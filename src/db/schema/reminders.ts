import { sql } from "drizzle-orm";
import { index, integer, pgEnum, pgTable, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { reminderKinds, reminderStatuses } from "../../core/reminder-kinds.ts";
import { users } from "./access.ts";
import { reportingPeriods } from "./progress.ts";

export const reminderKind = pgEnum("reminder_kind", reminderKinds);
export const reminderStatus = pgEnum("reminder_status", reminderStatuses);

/**
 * Every reminder, once: the unique key (recipient, kind, period, occasion) is claimed before
 * anything is sent, so runs at the same moment, in one app instance or several, send each once.
 * Held reminders are the outbox administrators read when no mail server is configured.
 */
export const reminders = pgTable(
  "reminders",
  {
    id: serial("id").primaryKey(),
    recipientId: integer("recipient_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    recipientName: text("recipient_name").notNull(),
    /** As it was when the reminder was written; null when the account has none. */
    recipientEmail: text("recipient_email"),
    kind: reminderKind("kind").notNull(),
    /** The reporting period a lead's reminder is about; none for an approver's daily list. */
    periodId: integer("period_id").references(() => reportingPeriods.id, { onDelete: "cascade" }),
    /** Which reminder of the period ("before-10", "on-the-day"), or the day of a daily list (YYYY-MM-DD). */
    occasion: text("occasion").notNull(),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    status: reminderStatus("status").notNull(),
    attempts: integer("attempts").notNull().default(0),
    /** Why it was held, or why the last attempt failed, in words; never the message. */
    problem: text("problem"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    /** When the run now sending it claimed it: a claim left by a run that stopped is taken over after an hour. */
    claimedAt: timestamp("claimed_at", { withTimezone: true }).notNull(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("reminders_unique").on(t.recipientId, t.kind, sql`coalesce(${t.periodId}, 0)`, t.occasion),
    index("reminders_created").on(t.createdAt),
  ],
);
