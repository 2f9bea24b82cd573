import { integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * The forms that add a record, each sent once: a form carries a token made when its page was
 * shown, and the record it added is noted against it, so a second click (or the same form sent
 * again after going back) finds that record instead of adding another.
 */
export const formSubmissions = pgTable("form_submissions", {
  token: text("token").primaryKey(),
  /** What the form adds ("priority", "milestone"…): a token sent to another kind of form is refused. */
  recordType: text("record_type").notNull(),
  /** Null only inside the transaction that adds the record. */
  recordId: integer("record_id"),
  submittedAt: timestamp("submitted_at", { withTimezone: true }).notNull().defaultNow(),
});
