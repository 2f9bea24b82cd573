import { auditQuarter, quarterKey } from "../../core/audit-grades.ts";
import { feedbackByTheme, feedbackCountsByTheme, feedbackGiverLabels, feedbackKindLabels, feedbackSourceLabels, feedbackThemeLabels, type FeedbackGiver, type FeedbackKind, type FeedbackSource, type FeedbackTheme } from "../../core/feedback-themes.ts";
import { periodDates, periodLabel } from "../../core/reporting-periods.ts";
import type { Database } from "../../db/client.ts";
import { addOnce, type Added } from "../../db/form-submissions.ts";
import { recordChange, type Actor, type ChangeContext } from "../access/index.ts";
import type { FeedbackForm } from "./week-schemas.ts";
import * as weeks from "./week-repository.ts";
import type { FeedbackRow } from "./week-repository.ts";

export type { FeedbackRow };

/**
 * Families' feedback: recorded once per form, with its audit event, from a case audit, a practice
 * week or the audit programme of a period; read a quarter at a time, by kind and theme.
 */

/** An item as the audit trail shows it. */
function feedbackFields(item: FeedbackRow) {
  return {
    kind: feedbackKindLabels[item.kind],
    theme: feedbackThemeLabels[item.theme],
    words: item.words,
    givenBy: feedbackGiverLabels[item.givenBy],
    serviceArea: item.serviceArea,
    source: feedbackSourceLabels[item.source],
    caseAudit: item.auditId === null ? "" : `Case audit ${String(item.auditId)}`,
    practiceWeek: item.practiceWeekId === null ? "" : `Practice week ${String(item.practiceWeekId)}`,
    gatheredFrom: item.gatheredFrom,
    gatheredTo: item.gatheredTo,
  };
}

/** Where an item was gathered, and over which days: a case audit's or a week's, or the programme's as typed. */
export type FeedbackOrigin =
  | { source: "case-audit"; auditId: number; serviceArea: string; on: string }
  | { source: "practice-week"; practiceWeekId: number; serviceArea: string; from: string; to: string }
  | { source: "audit-programme"; serviceArea: string; from: string; to: string };

/** Records an item of feedback where it was gathered; the recorder is whoever sends the form. */
export function addFeedback(db: Database, context: ChangeContext, recorder: Actor, form: FeedbackForm, origin: FeedbackOrigin): Promise<Added<FeedbackRow>> {
  const link =
    origin.source === "case-audit"
      ? { auditId: origin.auditId, gatheredFrom: origin.on, gatheredTo: origin.on }
      : origin.source === "practice-week"
        ? { practiceWeekId: origin.practiceWeekId, gatheredFrom: origin.from, gatheredTo: origin.to }
        : { gatheredFrom: origin.from, gatheredTo: origin.to };
  return addOnce(db, form.formToken, "families' feedback", (tx, id) => weeks.findFeedback(tx, id), async (tx) => {
    const item = await weeks.insertFeedback(tx, {
      kind: form.kind,
      theme: form.theme,
      words: form.words,
      givenBy: form.givenBy,
      serviceArea: origin.serviceArea,
      source: origin.source,
      ...link,
      recordedById: recorder.id,
      recordedByName: recorder.displayName,
    });
    await recordChange(tx, context, { action: "create", recordType: "families' feedback", recordId: item.id, after: feedbackFields(item) });
    return item;
  });
}

export const feedbackOfAudit = (db: Database, auditId: number) => weeks.listFeedback(db, { auditId });
export const feedbackOfWeek = (db: Database, practiceWeekId: number) => weeks.listFeedback(db, { practiceWeekId });

/** An item as the learning report reads it. */
export interface FeedbackItem {
  kind: FeedbackKind;
  theme: FeedbackTheme;
  words: string;
  givenBy: FeedbackGiver;
  serviceArea: string;
  source: FeedbackSource;
}

/** The feedback gathered by a day from `from` to `to` (ISO dates), of one service area or all, in the order it was recorded. */
export async function feedbackIn(db: Database, period: { from: string; to: string; serviceArea?: string | undefined }): Promise<FeedbackItem[]> {
  const rows = await weeks.listFeedback(db, period);
  return rows.map(({ kind, theme, words, givenBy, serviceArea, source }) => ({ kind, theme, words, givenBy, serviceArea, source }));
}

/** A quarter that holds feedback, as a filter names it ("2024-Q3") and as pages say it. */
export interface FeedbackQuarter {
  key: string;
  label: string;
  from: string;
  to: string;
}

/** The quarters that hold feedback, newest first; an item counts in the quarter of the last day it was gathered. */
export async function feedbackQuarters(db: Database): Promise<FeedbackQuarter[]> {
  const quarters = new Map<string, FeedbackQuarter>();
  for (const day of await weeks.listFeedbackDates(db)) {
    const spec = auditQuarter(day);
    const period = { planYear: spec.planYear, kind: "quarter" as const, quarter: spec.quarter };
    const dates = periodDates(period);
    quarters.set(quarterKey(spec), { key: quarterKey(spec), label: periodLabel(period), from: dates.startsOn, to: dates.endsOn });
  }
  return [...quarters.values()].sort((a, b) => b.key.localeCompare(a.key));
}

/** A quarter's feedback, of one service area or all, by kind and theme; with `suppress`, counts only, small ones as "c". */
export async function quarterFeedback(db: Database, quarter: FeedbackQuarter, serviceArea: string | undefined, suppress: boolean) {
  const rows = await weeks.listFeedback(db, { from: quarter.from, to: quarter.to, serviceArea });
  return { items: suppress ? null : rows.length, byTheme: feedbackByTheme(rows, { suppress }) };
}

/** The latest quarter with feedback, and its counts by theme for the overview; with `suppress`, small counts are "c". */
export async function feedbackOverview(db: Database, suppress: boolean) {
  const [quarter] = await feedbackQuarters(db);
  if (!quarter) return null;
  const rows = await weeks.listFeedback(db, { from: quarter.from, to: quarter.to });
  return { quarter, themes: feedbackCountsByTheme(rows, { suppress }) };
}
