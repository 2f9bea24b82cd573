import { byQuarter } from "./audit-measures.ts";

/**
 * The actions a case audit raises, to be closed with evidence of what was done ("closing the
 * loop"). An action is for the case, the team or the service; it is open until closed. An open
 * action is overdue once its due date has passed in the council's own day (Europe/London): one due
 * today is not yet overdue.
 */
export const actionScopes = ["case", "team", "service"] as const;
export type ActionScope = (typeof actionScopes)[number];

export const actionScopeLabels: Record<ActionScope, string> = {
  case: "The case",
  team: "The team",
  service: "The service",
};

export const actionStatuses = ["open", "closed"] as const;
export type ActionStatus = (typeof actionStatuses)[number];

/** What an action's list and page say of it: open, overdue or closed. */
export const actionStates = ["open", "overdue", "closed"] as const;
export type ActionState = (typeof actionStates)[number];

export const actionStateLabels: Record<ActionState, string> = { open: "Open", overdue: "Overdue", closed: "Closed" };

/** Whether an action is open, overdue or closed on `today`, an ISO date in Europe/London. */
export function actionState(action: { status: ActionStatus; dueOn: string }, today: string): ActionState {
  if (action.status === "closed") return "closed";
  return action.dueOn < today ? "overdue" : "open";
}

/** An action as the "closed on time" measure counts it: its due date, and the day it was closed in Europe/London, if it has been. */
export interface TimedAction {
  dueOn: string;
  closedOn: string | null;
}

/** One quarter's actions closed on time: of those due in the quarter, how many were closed on or before their due date. */
export interface OnTimeFigure {
  /** The quarter's last day: 2024-12-31 for October to December 2024. */
  periodEnd: string;
  numerator: number;
  denominator: number;
  value: number;
  /** Of those due, how many are still open. */
  open: number;
}

/** Whether an action was closed on or before its due date; one still open was not. */
export function closedOnTime(action: TimedAction): boolean {
  return action.closedOn !== null && action.closedOn <= action.dueOn;
}

/**
 * The "actions closed on time" measure, quarter by quarter (April to June is Q1) by the quarter
 * each action was due in: the percentage closed on or before their due date. One closed after it,
 * or still open, was not closed on time; one closed before its quarter began was. A quarter in
 * which no action was due has no figure.
 */
export function actionsClosedOnTime(actions: readonly TimedAction[]): OnTimeFigure[] {
  return byQuarter(actions, (a) => a.dueOn).map(([periodEnd, due]) => {
    const numerator = due.filter(closedOnTime).length;
    return { periodEnd, numerator, denominator: due.length, value: (100 * numerator) / due.length, open: due.filter((a) => a.closedOn === null).length };
  });
}

/**
 * Why this person may not close the action, or null when they may: those who record audits close
 * any open action, and an action's owner closes their own.
 */
export function closeRefusal(action: { status: ActionStatus; ownerId: number | null }, person: { id: number; mayRecord: boolean }): string | null {
  if (action.status === "closed") return "This action has already been closed";
  if (person.mayRecord || (action.ownerId !== null && action.ownerId === person.id)) return null;
  return "Only the action's owner or a quality assurance officer may close it";
}
