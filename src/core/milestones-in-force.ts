/**
 * Which of a plan's milestones were in force on a date. A year-end review may reset the next
 * year's milestones: the ones it set come into force on the day it was held, and the plan's
 * original ones it replaced stay in force until that day. A paper dated before a review (the
 * report that asked Cabinet to agree the plan, say) therefore shows the milestones as they were
 * agreed, and one dated on or after it shows them as reset.
 *
 * Milestones added or carried forward outside a reset carry no date, so they count as in force
 * on every date.
 */
export interface MilestoneDates {
  /** The day of the review that set the milestone; null for one not set by a review. */
  setOn: string | null;
  /** The day of the review that replaced it; null while it stands. */
  supersededOn: string | null;
}

/** Whether a milestone was in force on `date` (ISO dates compare as text). */
export function inForceAfterResets(milestone: MilestoneDates, date: string): boolean {
  const set = milestone.setOn === null || milestone.setOn <= date;
  const standing = milestone.supersededOn === null || milestone.supersededOn > date;
  return set && standing;
}
