import type { FeedbackGiver, FeedbackKind, FeedbackTheme } from "../../core/feedback-themes.ts";
import type { Database } from "../../db/client.ts";
import { recordChange, type ChangeContext } from "../access/index.ts";
import * as links from "./link-repository.ts";
import * as weeks from "./week-repository.ts";
import { weekFields, type WeekContent } from "./weeks.ts";

/** An item of feedback a report lists, gathered across the audit programme of a period. */
export interface ReportedFeedback {
  kind: FeedbackKind;
  theme: FeedbackTheme;
  words: string;
  givenBy: FeedbackGiver;
  serviceArea: string;
  gatheredFrom: string;
  gatheredTo: string;
}

/** A practice week a report gives, with the priorities (by their ids) it is linked to. */
export type ReportedWeek = WeekContent & { priorityIds: readonly number[] };

/**
 * Keeps the practice weeks and families' feedback a council's published reports give, in one
 * transaction: an audit event for each week (with the priorities it is linked to), and one for the
 * feedback saying where it came from. `recordedBy` says who recorded them, as pages show it.
 */
export async function loadPracticeRecord(db: Database, context: ChangeContext, record: { weeks: readonly ReportedWeek[]; feedback: readonly ReportedFeedback[]; recordedBy: string; source: string }): Promise<{ weeks: number; feedback: number }> {
  return db.transaction(async (tx) => {
    for (const { priorityIds, ...content } of record.weeks) {
      const week = await weeks.insertWeek(tx, { ...content, recordedById: null, recordedByName: record.recordedBy });
      for (const priorityId of priorityIds) await links.insertLink(tx, { recordType: "practice-week", recordId: week.id, priorityId, linkedById: null, linkedByName: record.recordedBy });
      await recordChange(tx, context, { action: "create", recordType: "practice week", recordId: week.id, after: { ...weekFields(week), linkedToPriorities: priorityIds.length } });
    }
    for (const item of record.feedback) await weeks.insertFeedback(tx, { ...item, source: "audit-programme", recordedById: null, recordedByName: record.recordedBy });
    if (record.feedback.length > 0) await recordChange(tx, context, { action: "load", recordType: "families' feedback", recordId: 0, after: { items: record.feedback.length, source: record.source } });
    return { weeks: record.weeks.length, feedback: record.feedback.length };
  });
}
