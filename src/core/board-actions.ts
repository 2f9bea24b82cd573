/**
 * Boards and their action logs. An action is open, in progress or complete; it is overdue once
 * its due date has passed (Europe/London) and it is not complete. An action raised at a meeting is
 * carried to each later meeting of the same board as a matter arising until it is complete, and
 * once more at the first meeting after it was completed, so the board hears it was done.
 */

export const boardActionStatuses = ["open", "in-progress", "complete"] as const;
export type BoardActionStatus = (typeof boardActionStatuses)[number];

export const boardActionStatusLabels: Record<BoardActionStatus, string> = { open: "Open", "in-progress": "In progress", complete: "Complete" };

export const boardFrequencies = ["weekly", "fortnightly", "monthly", "six-weekly", "bi-monthly", "quarterly", "six-monthly", "annually", "as-needed", "not-recorded"] as const;
export type BoardFrequency = (typeof boardFrequencies)[number];

export const boardFrequencyLabels: Record<BoardFrequency, string> = {
  weekly: "Weekly",
  fortnightly: "Fortnightly",
  monthly: "Monthly",
  "six-weekly": "Every six weeks",
  "bi-monthly": "Every two months",
  quarterly: "Quarterly",
  "six-monthly": "Every six months",
  annually: "Annually",
  "as-needed": "As needed",
  "not-recorded": "Not recorded",
};

export const attendanceKinds = ["present", "apologies", "absent"] as const;
export type Attendance = (typeof attendanceKinds)[number];

export const attendanceLabels: Record<Attendance, string> = { present: "Present", apologies: "Apologies", absent: "Absent" };

/** Whether an action is overdue on `today`: past its due date and not complete. Due today is not yet overdue. */
export function boardActionOverdue(action: { status: BoardActionStatus; dueOn: string }, today: string): boolean {
  return action.status !== "complete" && action.dueOn < today;
}

/** An action as matters arising weighs it: the day of the meeting it was raised at, and the London day it was completed, if it was. */
export interface LoggedAction {
  raisedOn: string;
  completedOn: string | null;
}

/**
 * Whether an action raised at an earlier meeting of a board is a matter arising at a meeting of
 * that board held on `heldOn`, whose previous meeting was held on `previousOn` (null for the
 * board's first). It is, when it was raised before this meeting and is not complete, or was
 * completed on or after the previous meeting's day.
 */
export function mattersArising(action: LoggedAction, heldOn: string, previousOn: string | null): boolean {
  if (action.raisedOn >= heldOn) return false;
  if (action.completedOn === null) return true;
  if (action.completedOn >= heldOn) return true;
  return previousOn !== null && action.completedOn >= previousOn;
}

/** Minutes are drafted after a meeting and approved at the next: none yet, a draft, or approved. */
export const minutesStates = ["none", "draft", "approved"] as const;
export type MinutesState = (typeof minutesStates)[number];

export const minutesStateLabels: Record<MinutesState, string> = { none: "No minutes yet", draft: "Draft minutes", approved: "Minutes approved" };
