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

/**
 * Why this person may not close the action, or null when they may: those who record audits close
 * any open action, and an action's owner closes their own.
 */
export function closeRefusal(action: { status: ActionStatus; ownerId: number | null }, person: { id: number; mayRecord: boolean }): string | null {
  if (action.status === "closed") return "This action has already been closed";
  if (person.mayRecord || (action.ownerId !== null && action.ownerId === person.id)) return null;
  return "Only the action's owner or a quality assurance officer may close it";
}
