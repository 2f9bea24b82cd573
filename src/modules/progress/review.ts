import { planYearLabel } from "../../core/plan-years.ts";
import type { ReviewDecision } from "../../core/progress-kinds.ts";
import type { Database } from "../../db/client.ts";
import { takeTurns } from "../../db/locks.ts";
import { recordChange, type ChangeContext } from "../access/index.ts";
import * as plans from "../plan/index.ts";
import * as repository from "./repository.ts";
import { ProgressError } from "./service.ts";

export const decisionLabels: Record<ReviewDecision, string> = {
  complete: "Complete",
  carried_forward: "Carried forward to next year",
  revised: "Revised for next year",
  not_achieved: "Not achieved",
};

/** The day a year's review looks at: its last, 31 March. What was retired before then is not reviewed. */
const lastDayOf = (planYear: number) => `${String(planYear + 1)}-03-31`;

/** The priorities of a year's review and their milestones of the year in force on its last day. */
async function reviewedIn(db: Database, planId: number, planYear: number) {
  const priorities = (await plans.listPriorities(db, planId)).filter((p) => plans.inForceOn(p.retiredAt, lastDayOf(planYear)));
  const milestones = (await plans.listMilestones(db, priorities.map((p) => p.id))).filter((m) => plans.inForceForYear(m, planYear, lastDayOf(planYear)));
  return { priorities, milestones };
}

/** The year-end review of a plan year: each priority's milestones in force, with any decision made. */
export async function reviewOfYear(db: Database, planId: number, planYear: number) {
  const { priorities, milestones } = await reviewedIn(db, planId, planYear);
  const reviews = await repository.listReviews(db, milestones.map((m) => m.id));
  return priorities.map((priority) => ({
    number: priority.number,
    title: priority.title,
    milestones: milestones
      .filter((m) => m.priorityId === priority.id)
      .map((m) => ({ ...m, review: reviews.find((r) => r.milestoneId === m.id) ?? null })),
  }));
}

/**
 * Records the year-end decisions. Carrying a milestone forward or revising it adds next year's
 * milestone, linked to this one (the old wording stays as history); it is added once only.
 */
export async function saveReview(
  db: Database,
  context: ChangeContext,
  plan: { id: number; firstYear: number; years: number },
  planYear: number,
  decisions: { milestoneId: number; decision: ReviewDecision; revisedText: string }[],
  now: Date,
): Promise<number> {
  const nextYear = planYear + 1;
  const finalYear = nextYear >= plan.firstYear + plan.years;
  const { milestones } = await reviewedIn(db, plan.id, planYear);
  return db.transaction(async (tx) => {
    // Two people saving the year's review at once take turns, so the second sees the milestones
    // the first carried forward and does not add them again.
    await takeTurns(tx, `year-end review ${String(plan.id)} ${String(planYear)}`);
    const reviews = await repository.listReviews(tx, milestones.map((m) => m.id));
    let changed = 0;
    for (const { milestoneId, decision, revisedText } of decisions) {
      const milestone = milestones.find((m) => m.id === milestoneId);
      if (!milestone) throw new ProgressError(`Milestone ${milestoneId} is not a ${planYearLabel(planYear)} milestone of this plan`);
      const previous = reviews.find((r) => r.milestoneId === milestoneId);
      if (previous?.decision === decision && decision !== "revised") continue;
      if (previous?.nextMilestoneId) {
        if (previous.decision === decision && decision === "revised") continue;
        throw new ProgressError(`"${milestone.text}" already continues in ${planYearLabel(nextYear)}: change next year's milestone instead`, `decision-${milestoneId}`);
      }
      let nextMilestoneId: number | null = null;
      if (decision === "carried_forward" || decision === "revised") {
        if (finalYear) throw new ProgressError(`${planYearLabel(planYear)} is the plan's last year: its milestones cannot continue into another`, `decision-${milestoneId}`);
        const next = await plans.continueMilestone(tx, milestone, nextYear, decision === "revised" ? revisedText : milestone.text);
        nextMilestoneId = next.id;
        await recordChange(tx, context, { action: "create", recordType: "milestone", recordId: next.id, after: { text: next.text, planYear: planYearLabel(nextYear), continues: milestone.id } });
      }
      await repository.upsertReview(tx, { milestoneId, decision, nextMilestoneId, note: "", reviewedBy: context.username, reviewedAt: now });
      await recordChange(tx, context, {
        action: "year-end review",
        recordType: "milestone",
        recordId: milestoneId,
        before: { decision: previous?.decision ?? null },
        after: { decision, ...(decision === "revised" ? { revisedTo: revisedText } : {}) },
      });
      changed += 1;
    }
    return changed;
  });
}
