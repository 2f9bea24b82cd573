import { integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * How far a background job has got, for the pages that wait on it: the queue keeps each job's
 * state, its result and its error, but not the step it is on.
 */
export const jobProgress = pgTable("job_progress", {
  jobId: uuid("job_id").primaryKey(),
  /** The step in words, as the waiting page shows it ("Printing the PDF"). */
  step: text("step").notNull(),
  /** Steps finished, of `total`. */
  done: integer("done").notNull(),
  total: integer("total").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
