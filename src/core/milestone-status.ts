/**
 * A milestone's status in a reporting period. Each status has its word and a tag colour; the
 * word always shows, so colour never carries the meaning alone. The year-end statuses are
 * offered only in a year-end review.
 */
export const milestoneStatuses = ["not_started", "on_track", "at_risk", "off_track", "complete", "carried_forward", "not_achieved"] as const;
export type MilestoneStatus = (typeof milestoneStatuses)[number];

export const yearEndOnly: readonly MilestoneStatus[] = ["carried_forward", "not_achieved"];

export const statusLabels: Record<MilestoneStatus, string> = {
  not_started: "Not started",
  on_track: "On track",
  at_risk: "At risk",
  off_track: "Off track",
  complete: "Complete",
  carried_forward: "Carried forward",
  not_achieved: "Not achieved",
};

/** GOV.UK tag colour modifiers. */
export const statusColours: Record<MilestoneStatus, string> = {
  not_started: "grey",
  on_track: "green",
  at_risk: "yellow",
  off_track: "red",
  complete: "blue",
  carried_forward: "purple",
  not_achieved: "orange",
};

/** What a milestone with no status shows: honest about having no assessment. */
export const notAssessed = { label: "Not assessed", colour: "grey" } as const;

export function statusesFor(yearEnd: boolean): MilestoneStatus[] {
  return milestoneStatuses.filter((s) => yearEnd || !yearEndOnly.includes(s));
}

export function isMilestoneStatus(value: string): value is MilestoneStatus {
  return (milestoneStatuses as readonly string[]).includes(value);
}

/** "5 on track, 2 at risk, 1 not assessed": a status mix in words, in the order statuses are listed. */
export function statusMix(statuses: (MilestoneStatus | null)[]): { label: string; colour: string; count: number }[] {
  const mix = milestoneStatuses
    .map((s) => ({ label: statusLabels[s], colour: statusColours[s], count: statuses.filter((x) => x === s).length }))
    .filter((entry) => entry.count > 0);
  const unassessed = statuses.filter((x) => x === null).length;
  return unassessed > 0 ? [...mix, { ...notAssessed, count: unassessed }] : mix;
}
