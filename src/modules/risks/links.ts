import { planYearLabel } from "../../core/plan-years.ts";
import type { Database } from "../../db/client.ts";
import { currentScorecard } from "../measures/index.ts";
import { findCurrentPlan, linkablePlanOn, listMilestones, listPriorities } from "../plan/index.ts";
import type { RiskLinkRow } from "./repository.ts";
import type { LinkTarget } from "./service.ts";

/**
 * A risk's links to the plan and its measures, in words and as the link form's choices: each
 * priority in force as a whole and its milestones for the year, then the measures.
 */

const shorten = (text: string, length = 110) => (text.length > length ? `${text.slice(0, length - 1)}…` : text);

/** What a link form's choice names: "priority:3", "milestone:41", "measure:12". */
export function linkTargetOf(value: unknown, choices: { milestones: readonly { id: number; priorityId: number }[] }): LinkTarget | null {
  const match = typeof value === "string" ? /^(priority|milestone|measure):(\d{1,10})$/.exec(value) : null;
  if (!match) return null;
  const id = Number(match[2]);
  if (match[1] === "priority") return { priorityId: id };
  if (match[1] === "measure") return { measureId: id };
  const milestone = choices.milestones.find((m) => m.id === id);
  return milestone ? { priorityId: milestone.priorityId, milestoneId: milestone.id } : null;
}

/** The choices a risk may be linked to on `today`, grouped as the form's list shows them, and the milestones behind them. */
export async function linkChoices(db: Database, today: string) {
  const [{ priorities, milestones, planYear }, scorecard] = await Promise.all([linkablePlanOn(db, today), currentScorecard(db)]);
  const groups = [
    ...priorities.map((p) => ({
      label: `Priority ${String(p.number)}: ${shorten(p.title, 80)}`,
      options: [
        { value: `priority:${String(p.id)}`, text: `Priority ${String(p.number)} as a whole` },
        ...milestones.filter((m) => m.priorityId === p.id).map((m) => ({ value: `milestone:${String(m.id)}`, text: `Milestone for ${planYearLabel(planYear)}: ${shorten(m.text)}` })),
      ],
    })),
    ...(scorecard.rows.length > 0 ? [{ label: "Measures", options: scorecard.rows.map((r) => ({ value: `measure:${String(r.measure.id)}`, text: `${r.measure.code}: ${shorten(r.measure.title, 90)}` })) }] : []),
  ];
  return { groups, priorities, milestones };
}

/** A link in words, with the page it leads to. */
export interface RiskLinkView {
  id: number;
  riskId: number;
  text: string;
  href: string;
  priorityId: number | null;
  measureId: number | null;
}

/** Links in words, in the order given. */
export async function linksInWords(db: Database, rows: readonly RiskLinkRow[]): Promise<RiskLinkView[]> {
  if (rows.length === 0) return [];
  const plan = await findCurrentPlan(db);
  const priorities = plan ? await listPriorities(db, plan.id) : [];
  const milestones = await listMilestones(db, priorities.map((p) => p.id));
  const measures = (await currentScorecard(db)).rows.map((r) => r.measure);
  return rows.map((row) => {
    const base = { id: row.id, riskId: row.riskId, priorityId: row.priorityId, measureId: row.measureId };
    const priority = priorities.find((p) => p.id === row.priorityId);
    const milestone = milestones.find((m) => m.id === row.milestoneId);
    const measure = measures.find((m) => m.id === row.measureId);
    if (priority && milestone) return { ...base, text: `Priority ${String(priority.number)}, milestone for ${planYearLabel(milestone.planYear)}: ${milestone.text}`, href: `/priorities/${String(priority.number)}#milestone-${String(milestone.id)}` };
    if (priority) return { ...base, text: `Priority ${String(priority.number)}: ${priority.title}`, href: `/priorities/${String(priority.number)}` };
    if (measure) return { ...base, text: `Measure ${measure.code}: ${measure.title}`, href: `/measures/${encodeURIComponent(measure.code)}` };
    return { ...base, text: `A record no longer in the current plan (link ${String(row.id)})`, href: "/" };
  });
}

/** The measures that are exceptions now (red, or special cause of concern at the latest point), by id. */
export async function exceptionMeasureIds(db: Database): Promise<Set<number>> {
  return new Set((await currentScorecard(db)).exceptionRows().map((r) => r.measure.id));
}
