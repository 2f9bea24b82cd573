/**
 * Whether a milestone is due, for the list of work that waits for its owner and its priority's
 * leads: overdue when its due date has passed and it is not complete; due soon when it falls due
 * between today and the days ahead that the list looks at (60 by default; a milestone due today
 * is due soon, not yet overdue). A milestone with no due date, or one that is complete, is neither.
 */
export type MilestoneDue = "overdue" | "due-soon";

export const daysAhead = 60;

/** An ISO date `days` after another (before it when negative), across month and year ends; dates are from 1900 on. */
export function addDays(isoDate: string, days: number): string {
  const [year, month, day] = isoDate.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

export function milestoneDue(dueOn: string | null, today: string, complete: boolean, within = daysAhead): MilestoneDue | null {
  if (dueOn === null || complete) return null;
  if (dueOn < today) return "overdue";
  return dueOn <= addDays(today, within) ? "due-soon" : null;
}
