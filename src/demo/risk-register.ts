import type { RiskScore } from "../core/risk-scores.ts";
import type { RiskCategory } from "../core/risks.ts";
import type { Database } from "../db/client.ts";
import { actorOf, findUserByUsername, type Actor, type ChangeContext } from "../modules/access/index.ts";
import { listMilestones, priorityIdsByNumber } from "../modules/plan/index.ts";
import { addRisk, linkRisk, raiseBoardAction, scoreRisk } from "../modules/risks/index.ts";

/**
 * The risk register as the progress report for April to September 2025 gives it: the five key
 * challenges of its section 2, each typed as a risk with the mitigations the report states as its
 * actions, linked to the priority (and the milestone, where the report makes it plain) it belongs to.
 *
 * The report names no owner, score or review date. The demo's choices, each said where it is made:
 * - Owners are demo accounts: the priority lead for a challenge of a priority they lead, and
 *   otherwise the approver, who stands for the Director and heads of service who own the plan.
 * - The report was written in November 2025 (it gives October's figures and tells of November's
 *   practice week), so each risk is due for review a quarter later, on the last working day of
 *   February 2026. A date the report gives by its month alone is the last working day of that month.
 * - An action whose owner or date the report does not give is its risk's owner's, due at the review.
 * - The plan editor types the register; the risks stay not yet scored, but for one scored as an
 *   example of how scoring works, which says so.
 */

/** A risk's review: a quarter after the report of November 2025 (the demo's choice). */
export const demoReviewOn = "2026-02-27";

/** A priority a risk belongs to, and the milestone of 2025/26 it bears on, in the plan's words, where the report makes it plain. */
interface DemoLink {
  priority: number;
  milestone?: string;
}

interface DemoAction {
  description: string;
  /** The day the report gives; without one, the risk's review date. */
  dueOn?: string;
}

export interface DemoRisk {
  title: string;
  cause: string;
  event: string;
  effect: string;
  category: RiskCategory;
  /** The demo account that owns it and its actions. */
  owner: "lead" | "approver";
  controls: string;
  links: DemoLink[];
  actions: DemoAction[];
}

export const demoRisks: DemoRisk[] = [
  {
    title: "The Family Help Lead Practitioner restructure has not given the seamless approach expected",
    cause: "The implementation of Family Help Lead Practitioners and the restructure that went with it.",
    event: "The restructure has not enabled the expected seamless approach to our work with children, young people and families.",
    effect: "Alongside staff recruitment, retention and turnover challenges, it has contributed to considerable pressure in the Children's Social Work teams.",
    category: "delivery",
    owner: "approver",
    controls: "",
    // The report tells of the Family Help Lead Practitioners and the review of service structures under priority 2.
    links: [{ priority: 2 }],
    // "To April 2026": the last working day of April 2026.
    actions: [{ description: "Review the current structure and practice model, and progress the changes required as part of the implementation of the Families First Partnership programme.", dueOn: "2026-04-30" }],
  },
  {
    title: "Pressure on the capacity and practice of the Children's Social Work teams",
    cause: "The Family Help Lead Practitioner restructure not giving the seamless approach expected, alongside staff recruitment, retention and turnover challenges.",
    event: "Considerable pressure in the Children's Social Work teams.",
    effect: "The pressure has impacted on the teams' capacity and practice.",
    // The category is the demo's choice: the teams' practice is their work to keep children safe.
    category: "safeguarding",
    // The demo's priority lead leads priority 3, social work practice.
    owner: "lead",
    controls: "An immediate mitigation plan is in place to manage the risks.",
    links: [{ priority: 3 }],
    actions: [
      { description: "Staff from other teams undertake assessments, as part of the immediate mitigation plan." },
      { description: "Staff from other teams manage case work, as part of the immediate mitigation plan." },
      { description: "Staff from other teams provide management support and oversight, as part of the immediate mitigation plan." },
    ],
  },
  {
    title: "Recruiting and retaining experienced qualified social workers",
    cause: "",
    event: "Difficulties recruiting and retaining experienced qualified social workers continue, and it has also been difficult to recruit agency social workers.",
    effect: "Fewer experienced social workers to support high quality relationship-based practice with families: it has contributed to the pressure in the Children's Social Work teams, and is inevitably impacting on the quality of practice.",
    category: "workforce",
    owner: "approver",
    controls: "The approach and strategies to support social work recruitment have been strengthened. Permanent and agency social workers have been recruited to start in January 2026.",
    links: [{ priority: 7, milestone: "Improve retention and workforce stability, including for priority groups of Educational Psychologists and experienced social workers." }],
    // Launched "in December and early January 2026": due by the last working day of January 2026.
    actions: [{ description: "Launch the refocused recruitment campaign, with updated materials and a strengthened offer to attract more social workers to work permanently for Plymouth.", dueOn: "2026-01-30" }],
  },
  {
    title: "Demand and financial pressure in residential placements and specialist provision",
    cause: "Continued high levels of demand for residential placements for children in care, and for specialist provision for children with additional needs, including transport and short breaks.",
    event: "Financial pressure from the costs of residential placements and of specialist provision.",
    effect: "",
    category: "financial",
    // It spans priorities 4 and 5; the demo's priority lead leads only 4.
    owner: "approver",
    controls:
      "A Dedicated Schools Grant (DSG) management plan sets out the trajectory of spend and the mitigations in place. A market development plan is in place to improve access to local provision, with targets for each placement type and growth monitored by the Family Homes Board.",
    links: [
      { priority: 4 },
      { priority: 5, milestone: "Decision-making groups and financial controls in place setting out trajectories and mitigation arrangements." },
      { priority: 5, milestone: "Improve local provision to reduce demand for Home to School Transport." },
    ],
    // "Review to take place in November": the last working day of November 2025.
    actions: [{ description: "Review the DSG management plan.", dueOn: "2025-11-28" }],
  },
  {
    title: "Capacity for system development for the Families First Partnership",
    cause: "",
    event: "Too little capacity for system development, particularly to support the system changes needed for the Families First Partnership.",
    effect: "",
    category: "delivery",
    owner: "approver",
    controls: "",
    links: [{ priority: 10, milestone: "System development; ensuring systems support staff to do their job, freeing them up from administration to spend more time with families." }],
    actions: [{ description: "Discuss the capacity needed with Corporate colleagues to identify a solution." }],
  },
];

/** The one risk scored, as an example, and its score: the report gives none. */
export const exampleScore = {
  title: "Recruiting and retaining experienced qualified social workers",
  // The day the report was written, as near as it shows: the last working day of November 2025.
  assessedOn: "2025-11-28",
  inherent: { likelihood: 4, impact: 4 } satisfies RiskScore,
  residual: { likelihood: 3, impact: 4 } satisfies RiskScore,
  rationale: "This is an example score, given to show how scoring works. It is not the council's own assessment of this risk: the council's report gives no score for it.",
};

/** The milestones of 2025/26 in force under each priority, by their words. */
async function milestoneIds(db: Database, priorityIds: Map<number, number>): Promise<Map<string, number>> {
  const rows = await listMilestones(db, [...priorityIds.values()]);
  return new Map(rows.filter((m) => m.planYear === 2025 && m.supersededByResetId === null && m.retiredAt === null).map((m) => [`${String(m.priorityId)} ${m.text}`, m.id]));
}

async function demoActor(db: Database, username: string): Promise<Actor | null> {
  const user = await findUserByUsername(db, username);
  return user ? actorOf(db, user.id) : null;
}

/**
 * Loads the register: the five risks, their actions and links, and the example score. It needs the
 * demo's accounts to own them, so without them (in production) it loads nothing. Each form has a
 * token of its own, so loading it again adds nothing. Gives how many risks the register holds.
 */
export async function loadRiskRegister(db: Database, context: ChangeContext): Promise<number> {
  const [editor, lead, approver] = [await demoActor(db, "editor"), await demoActor(db, "lead"), await demoActor(db, "approver")];
  if (!editor || !lead || !approver) return 0;
  const owners = { lead, approver };
  const priorities = await priorityIdsByNumber(db, [...new Set(demoRisks.flatMap((r) => r.links.map((l) => l.priority)))]);
  const milestones = await milestoneIds(db, priorities);
  for (const [n, demo] of demoRisks.entries()) {
    const owner = owners[demo.owner];
    const token = `demo-risk-register-${String(n + 1)}`;
    const { record: risk } = await addRisk(db, context, editor, {
      formToken: token,
      kind: "risk",
      happenedOn: "",
      issueImpact: "",
      title: demo.title,
      cause: demo.cause,
      event: demo.event,
      effect: demo.effect,
      category: demo.category,
      ownerId: owner.id,
      ownerName: owner.displayName,
      controls: demo.controls,
      target: null,
      appetite: null,
      reviewOn: demoReviewOn,
    });
    for (const link of demo.links) {
      const priorityId = priorities.get(link.priority);
      if (priorityId === undefined) throw new Error(`the demo plan has no priority ${String(link.priority)}`);
      const milestoneId = link.milestone === undefined ? null : milestones.get(`${String(priorityId)} ${link.milestone}`);
      if (milestoneId === undefined) throw new Error(`priority ${String(link.priority)} has no milestone of 2025/26 "${link.milestone ?? ""}"`);
      await linkRisk(db, context, risk.id, { priorityId, milestoneId });
    }
    for (const [k, action] of demo.actions.entries()) {
      await raiseBoardAction(db, context, editor, { riskId: risk.id }, owner, { formToken: `${token}-action-${String(k + 1)}`, description: action.description, dueOn: action.dueOn ?? demoReviewOn });
    }
    if (demo.title === exampleScore.title) {
      const { assessedOn, inherent, residual, rationale } = exampleScore;
      await scoreRisk(db, context, editor, risk.id, { formToken: `${token}-example-score`, assessedOn, inherent, residual, rationale });
    }
  }
  return demoRisks.length;
}
