import { dayNumberOf } from "./day-numbers.ts";

/**
 * A practice week: a short spell of focused quality assurance in one service area, on a theme.
 * Its activities are of a fixed set of kinds, each with how many were held where that is known;
 * its findings are strengths and areas for improvement, a short item each. Until findings are
 * recorded, its dates against today say whether it is planned, under way or held.
 */

export const activityKinds = ["case-audits", "practice-observations", "focus-groups", "conversations-with-families", "conversations-with-practitioners"] as const;
export type ActivityKind = (typeof activityKinds)[number];

export const activityKindLabels: Record<ActivityKind, string> = {
  "case-audits": "Case audits",
  "practice-observations": "Practice observations",
  "focus-groups": "Focus groups",
  "conversations-with-families": "Conversations with families",
  "conversations-with-practitioners": "Conversations with practitioners",
};

/** One kind of activity held in the week: how many, where the council knows, and a note. */
export interface WeekActivity {
  kind: ActivityKind;
  held: number | null;
  note: string;
}

/**
 * The longest a practice week may run, in days, first and last included: five weeks, so that a
 * week the council records only by its month (1 to 30 November) fits, and a term's programme does not.
 */
export const longestWeekDays = 35;

/** Why a week's dates cannot be saved, or null when they can: it ends on or after it starts, and lasts at most `longestWeekDays`. */
export function weekDatesProblem(startsOn: string, endsOn: string): string | null {
  const start = dayNumberOf(startsOn);
  const end = dayNumberOf(endsOn);
  if (start === null || end === null) return "Enter the dates the week starts and ends on";
  if (end < start) return "The week must end on or after the day it starts";
  if (end - start + 1 > longestWeekDays) return `A practice week lasts at most ${String(longestWeekDays)} days: record a longer programme as several weeks`;
  return null;
}

/** The most findings of each kind a week keeps, and the longest one: more is a report, not a list. */
export const mostFindings = 30;
export const longestFinding = 500;

/** A list typed one item a line: each line trimmed, blank lines left out. */
export function findingLines(typed: string): string[] {
  return typed
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

/** Why a list of findings cannot be saved, or null: at most `mostFindings` items, none longer than `longestFinding` characters. */
export function findingsProblem(label: string, items: readonly string[]): string | null {
  if (items.length > mostFindings) return `${label} holds at most ${String(mostFindings)} items, one a line`;
  const long = items.findIndex((item) => [...item].length > longestFinding);
  if (long >= 0) return `${label}: item ${String(long + 1)} must be ${String(longestFinding)} characters or fewer`;
  return null;
}

export const weekStages = ["planned", "under-way", "held", "findings-recorded"] as const;
export type WeekStage = (typeof weekStages)[number];

export const weekStageLabels: Record<WeekStage, string> = {
  planned: "Planned",
  "under-way": "Under way",
  held: "Held, findings to record",
  "findings-recorded": "Findings recorded",
};

/** Where a week is on `today` (an ISO date in Europe/London): once it has findings, that; otherwise by its dates. */
export function weekStage(week: { startsOn: string; endsOn: string; strengths: readonly string[]; areasForImprovement: readonly string[] }, today: string): WeekStage {
  if (week.strengths.length > 0 || week.areasForImprovement.length > 0) return "findings-recorded";
  if (today < week.startsOn) return "planned";
  if (today <= week.endsOn) return "under-way";
  return "held";
}
