import type { Database } from "../../db/client.ts";
import { currentScorecard } from "../measures/index.ts";
import { findCurrentPlan } from "../plan/index.ts";
import { listReports } from "../reports/index.ts";
import { riskViews } from "./service.ts";

/** What a meeting's agenda items can be about: issued reports, risks and measures, each named as the meeting's page and papers name it. */

/** What an agenda item can be about, each as a select offers it and as the meeting's page names it with its link. */
export interface Target {
  id: number;
  text: string;
  href: string;
}

/**
 * The issued reports (each by its latest issued copy), risks and measures an agenda item can be
 * about; a risk or an action names a risk by its reference.
 */
export async function itemTargets(db: Database, today: string) {
  const plan = await findCurrentPlan(db);
  const { reports, issues } = await listReports(db, plan?.id ?? null);
  const reportTargets: Target[] = reports.flatMap((report) => {
    // Issued copies come newest first: the first of a report's is its latest.
    const issue = issues.find((i) => i.reportId === report.id);
    return issue ? [{ id: report.id, text: `${report.kindLabel}: ${issue.title} (issue ${String(issue.number)})`, href: `/reports/issued/${String(issue.id)}` }] : [];
  });
  const risks = await riskViews(db, today);
  const riskTargets: (Target & { open: boolean })[] = risks.map((r) => ({ id: r.risk.id, text: `${r.reference}: ${r.risk.title}`, href: `/risks/${String(r.risk.id)}`, open: r.risk.status !== "closed" }));
  const measureTargets: Target[] = (await currentScorecard(db)).rows.map((row) => ({ id: row.measure.id, text: `${row.measure.code}: ${row.measure.title}`, href: `/measures/${row.measure.code}` }));
  return { reports: reportTargets, risks: riskTargets, measures: measureTargets };
}

export type Targets = Awaited<ReturnType<typeof itemTargets>>;

/** The target with this id, if there is one. */
export const findTarget = <T extends Target>(list: readonly T[], id: number | null): T | undefined => (id === null ? undefined : list.find((t) => t.id === id));

/** What each agenda item is about: the report, risk and measure it names, where they are still there to name. */
export function itemsWithTargets<Item extends { reportId: number | null; riskId: number | null; measureId: number | null }>(items: readonly Item[], targets: Targets) {
  return items.map((item) => ({ item, report: findTarget(targets.reports, item.reportId), risk: findTarget(targets.risks, item.riskId), measure: findTarget(targets.measures, item.measureId) }));
}
