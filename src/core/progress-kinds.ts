/**
 * The fixed lists progress reporting is described by, each written once: the database's enums,
 * the forms' and files' choices and the types are all made from these. The order is the
 * database's and must not change.
 */

/** What a reporting period covers: a quarter, the first half of the year, or the year-end review. */
export const periodKinds = ["quarter", "half-year", "year-end"] as const;
export type PeriodKind = (typeof periodKinds)[number];

/** Where a progress update is in its workflow. */
export const updateStates = ["draft", "submitted", "returned", "approved"] as const;
export type UpdateState = (typeof updateStates)[number];

/** Whose progress an update reports: a priority's, or the service's as a whole. */
export const updateScopes = ["priority", "service"] as const;
export type UpdateScope = (typeof updateScopes)[number];

/** The year-end review's decision on a milestone. */
export const reviewDecisions = ["complete", "carried_forward", "revised", "not_achieved"] as const;
export type ReviewDecision = (typeof reviewDecisions)[number];
