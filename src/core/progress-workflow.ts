import type { UpdateState } from "./progress-kinds.ts";

/**
 * The life of a progress update: a lead drafts it and submits it; an approver approves it or
 * returns it with a comment; a returned update is changed and submitted again. Only approved
 * updates are published.
 */
export type { UpdateState };
export type Transition = "submit" | "approve" | "return";

const transitions: Record<UpdateState, Partial<Record<Transition, UpdateState>>> = {
  draft: { submit: "submitted" },
  returned: { submit: "submitted" },
  submitted: { approve: "approved", return: "returned" },
  approved: {},
};

/** The state a transition leads to, or null when it is not allowed from this state. */
export function nextState(state: UpdateState, transition: Transition): UpdateState | null {
  return transitions[state][transition] ?? null;
}

/** An update can be changed while its author holds it: as a draft or after it was returned. */
export function isEditable(state: UpdateState): boolean {
  return state === "draft" || state === "returned";
}

export const stateLabels: Record<UpdateState, string> = {
  draft: "Draft",
  submitted: "Submitted",
  returned: "Returned",
  approved: "Approved",
};
