import { searchTerms } from "../../core/search-query.ts";
import type { Database } from "../../db/client.ts";
import { searchMeasures } from "../measures/index.ts";
import { search as searchPlan } from "../plan/index.ts";
import { searchProgress } from "../progress/index.ts";
import { searchIssuedReports } from "../reports/index.ts";

/**
 * One search across what Waymark holds, grouped by kind: the plan (priorities, milestones,
 * outcomes), the measures, approved progress and issued reports. Only what every signed-in
 * reader may see is searched: no drafts, no reports in preparation.
 */
export async function searchEverything(db: Database, query: string) {
  const terms = searchTerms(query);
  const plan = await searchPlan(db, terms);
  if (!plan) return null;
  if (terms === "") return { summary: plan.summary, query, groups: [], total: 0 };
  const planId = plan.summary.id;
  const [measures, progress, reports] = await Promise.all([searchMeasures(db, terms), searchProgress(db, planId, terms), searchIssuedReports(db, terms)]);
  const groups = [
    { id: "plan", heading: "The plan", hits: plan.hits },
    { id: "measures", heading: "Measures", hits: measures },
    { id: "progress", heading: "Progress", hits: progress },
    { id: "reports", heading: "Issued reports", hits: reports },
  ];
  return { summary: plan.summary, query, groups, total: groups.reduce((sum, g) => sum + g.hits.length, 0) };
}
