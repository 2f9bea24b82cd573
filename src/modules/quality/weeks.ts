import { activityKindLabels, type WeekActivity } from "../../core/practice-weeks.ts";
import { notFound, type Outcome } from "../../core/problems.ts";
import type { Database } from "../../db/client.ts";
import { addOnce, type Added } from "../../db/form-submissions.ts";
import { recordChange, versionedEdit, type Actor, type ChangeContext } from "../access/index.ts";
import * as weeks from "./week-repository.ts";
import type { PracticeWeekRow, WeekFilters } from "./week-repository.ts";

export type { PracticeWeekRow, WeekFilters };

/**
 * Practice weeks: recorded once per form, changed by versioned edits that refuse a stale version,
 * every change in one transaction with its audit event. A week raises actions as a case audit does.
 */

/** What a practice week holds, as its form gives it. */
export interface WeekContent {
  theme: string;
  serviceArea: string;
  startsOn: string;
  endsOn: string;
  description: string;
  activities: WeekActivity[];
  strengths: string[];
  areasForImprovement: string[];
  learning: string;
}

/** An activity in words: "Case audits: 12 (in two teams)". */
export function activityInWords(activity: WeekActivity): string {
  const held = activity.held === null ? "" : `: ${String(activity.held)}`;
  return `${activityKindLabels[activity.kind]}${held}${activity.note ? ` (${activity.note})` : ""}`;
}

/** A week as the audit trail and the conflict page show it. */
export function weekFields(week: WeekContent) {
  return {
    theme: week.theme,
    serviceArea: week.serviceArea,
    startsOn: week.startsOn,
    endsOn: week.endsOn,
    description: week.description,
    activities: week.activities.map(activityInWords),
    strengths: week.strengths,
    areasForImprovement: week.areasForImprovement,
    learning: week.learning,
  };
}

export const findWeek = (db: Database, id: number) => weeks.findWeek(db, id);
export const listWeeks = (db: Database, filters: WeekFilters) => weeks.listWeeks(db, filters);
export const listActionsOfWeek = (db: Database, weekId: number) => weeks.listActionsOfWeek(db, weekId);

/** Records a practice week; the recorder is whoever sends the form. */
export function addWeek(db: Database, context: ChangeContext, recorder: Actor, formToken: string, content: WeekContent): Promise<Added<PracticeWeekRow>> {
  return addOnce(db, formToken, "practice week", (tx, id) => weeks.findWeek(tx, id), async (tx) => {
    const week = await weeks.insertWeek(tx, { ...content, recordedById: recorder.id, recordedByName: recorder.displayName });
    await recordChange(tx, context, { action: "create", recordType: "practice week", recordId: week.id, after: weekFields(week) });
    return week;
  });
}

/** Changes a practice week, if no one has since `version`. */
export async function changeWeek(db: Database, context: ChangeContext, id: number, version: number, content: WeekContent): Promise<Outcome<PracticeWeekRow>> {
  if (!(await weeks.findWeek(db, id))) return notFound();
  return versionedEdit<PracticeWeekRow>(
    db,
    context,
    {
      recordType: "practice week",
      load: (d) => weeks.findWeek(d, id),
      fields: (week) => weekFields(week),
      update: (tx, current) => weeks.updateWeekAt(tx, id, current.version, content),
    },
    version,
  );
}

/** The practice weeks with findings that overlap a period, newest first, for the learning report. */
export async function practiceWeeksIn(db: Database, period: { from: string; to: string; serviceArea?: string | undefined }): Promise<PracticeWeekRow[]> {
  return weeks.listWeeks(db, { from: period.from, to: period.to, serviceArea: period.serviceArea, withFindings: true });
}
