/**
 * Risks and issues. A risk is written as cause, event and effect, sits in a category, and is open,
 * escalated to a board, or closed. An issue is a risk that has happened, or a problem that had no
 * risk before it. A risk's review is overdue once its review date has passed in Europe/London.
 */

export const riskCategories = ["safeguarding", "financial", "workforce", "sufficiency", "partnership", "delivery", "data"] as const;
export type RiskCategory = (typeof riskCategories)[number];

export const riskCategoryLabels: Record<RiskCategory, string> = {
  safeguarding: "Safeguarding",
  financial: "Financial",
  workforce: "Workforce",
  sufficiency: "Sufficiency",
  partnership: "Partnership",
  delivery: "Delivery",
  data: "Data",
};

export const riskKinds = ["risk", "issue"] as const;
export type RiskKind = (typeof riskKinds)[number];

export const riskKindLabels: Record<RiskKind, string> = { risk: "Risk", issue: "Issue" };

export const riskStatuses = ["open", "escalated", "closed"] as const;
export type RiskStatus = (typeof riskStatuses)[number];

export const riskStatusLabels: Record<RiskStatus, string> = { open: "Open", escalated: "Escalated", closed: "Closed" };

/** Where a review stands on `today`: overdue once the date has passed, due within 14 days, or in date. */
export type ReviewState = "overdue" | "due-soon" | "in-date";

export const reviewStateLabels: Record<ReviewState, string> = { overdue: "Review overdue", "due-soon": "Review due soon", "in-date": "Review in date" };

/** Days before a review date that it counts as due soon. */
export const reviewDueSoonDays = 14;

function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** A review on `reviewOn`, seen on `today` (both ISO dates, Europe/London): due today is not yet overdue. */
export function reviewState(reviewOn: string, today: string): ReviewState {
  if (reviewOn < today) return "overdue";
  if (reviewOn <= addDays(today, reviewDueSoonDays)) return "due-soon";
  return "in-date";
}

/** A closed risk needs no review: only open and escalated risks can be overdue. */
export function reviewOverdue(risk: { status: RiskStatus; reviewOn: string }, today: string): boolean {
  return risk.status !== "closed" && reviewState(risk.reviewOn, today) === "overdue";
}

/** A risk's reference as registers print it: R7 for a risk, I7 for an issue (the number is kept when a risk becomes an issue). */
export function riskReference(risk: { id: number; kind: RiskKind }): string {
  return `${risk.kind === "issue" ? "I" : "R"}${String(risk.id)}`;
}
