import { heatMap, riskRatingLabels, type RiskRating, type RiskScale, type RiskScore } from "../../core/risk-scores.ts";
import type { RiskView } from "./service.ts";

/**
 * The register as a page shows it: risks filtered and put in order as the address asks, and the
 * heat map of the same risks, so the map's counts and the register's rows always agree.
 */

export interface RegisterQuery {
  status?: "open" | "escalated" | "closed" | "current";
  kind?: "risk" | "issue" | "";
  category?: string;
  rating?: RiskRating | "not-scored" | "";
  owner?: string;
  priority?: string;
  review?: "overdue" | "";
  likelihood?: string;
  impact?: string;
  sort?: "score" | "review" | "reference" | "title";
}

/** The score after controls the register and heat map place a risk by: its latest, or none while it is not yet scored. */
export const placedBy = (view: RiskView): RiskScore | null => (view.latest ? { likelihood: view.latest.residual.likelihood, impact: view.latest.residual.impact } : null);

/** The risks the query chooses. "current" (the default) is open and escalated risks; a priority matches its milestones' links too. */
export function filterRegister(views: readonly RiskView[], query: RegisterQuery): RiskView[] {
  return views.filter((v) => {
    const status = query.status ?? "current";
    if (status === "current" ? v.risk.status === "closed" : v.risk.status !== status) return false;
    if (query.kind && v.risk.kind !== query.kind) return false;
    if (query.category && v.risk.category !== query.category) return false;
    if (query.owner && String(v.risk.ownerId) !== query.owner) return false;
    if (query.priority && !v.links.some((l) => String(l.priorityId) === query.priority)) return false;
    if (query.review === "overdue" && !v.reviewOverdue) return false;
    const placed = placedBy(v);
    if (query.rating === "not-scored" && placed) return false;
    if (query.rating && query.rating !== "not-scored" && v.latest?.residual.rating !== query.rating) return false;
    if (query.likelihood && String(placed?.likelihood) !== query.likelihood) return false;
    if (query.impact && String(placed?.impact) !== query.impact) return false;
    return true;
  });
}

/** The risks in the order asked: highest score first (unscored last), soonest review, reference, or title. */
export function sortRegister(views: readonly RiskView[], sort: RegisterQuery["sort"] = "score"): RiskView[] {
  const byReference = (a: RiskView, b: RiskView) => a.risk.id - b.risk.id;
  const order: Record<NonNullable<RegisterQuery["sort"]>, (a: RiskView, b: RiskView) => number> = {
    score: (a, b) => (b.latest?.residual.score ?? -1) - (a.latest?.residual.score ?? -1) || byReference(a, b),
    review: (a, b) => a.risk.reviewOn.localeCompare(b.risk.reviewOn) || byReference(a, b),
    reference: byReference,
    title: (a, b) => a.risk.title.localeCompare(b.risk.title) || byReference(a, b),
  };
  return [...views].sort(order[sort]);
}

/** The heat map of the risks given, each cell with the register's address for its risks; and how many are not yet scored. */
export function registerHeatMap(views: readonly RiskView[], scale: RiskScale, query: RegisterQuery) {
  const placed = views.map(placedBy);
  const base = new URLSearchParams();
  for (const key of ["status", "kind", "category", "owner", "priority"] as const) {
    const value = query[key];
    if (value) base.set(key, value);
  }
  const rows = heatMap(
    placed.filter((p) => p !== null),
    scale,
  ).map((row) => ({
    ...row,
    impactWord: scale.impact[row.impact - 1] ?? "",
    cells: row.cells.map((cell) => {
      const address = new URLSearchParams(base);
      address.set("likelihood", String(cell.likelihood));
      address.set("impact", String(cell.impact));
      return { ...cell, ratingLabel: riskRatingLabels[cell.rating], href: `/risks?${address.toString()}` };
    }),
  }));
  return { rows, likelihoodWords: scale.likelihood, notScored: placed.filter((p) => p === null).length, scored: placed.filter((p) => p !== null).length };
}
