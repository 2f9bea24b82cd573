import { actionState, actionStateLabels, closedOnTime, type ActionState } from "../../core/audit-actions.ts";
import { auditGradeLabels, countedGrade, gradesByQuarter } from "../../core/audit-grades.ts";
import { planYearLabel } from "../../core/plan-years.ts";
import { UserError } from "../../core/problems.ts";
import { countFor, evidenceAudience, linkTargetValue, parseLinkTarget, type EvidenceAudience, type LinkRecordType, type LinkTarget } from "../../core/quality-links.ts";
import { londonDateOf } from "../../core/values-as-at.ts";
import type { Database } from "../../db/client.ts";
import { addOnce, type Added } from "../../db/form-submissions.ts";
import { can, recordChange, type Actor, type ChangeContext } from "../access/index.ts";
import { findCurrentPlan, linkablePlanOn, listMilestones, listOfstedAreas, listPriorities } from "../plan/index.ts";
import * as links from "./link-repository.ts";
import type { LinkRow } from "./link-repository.ts";
import type { ActionRow, AuditRow } from "./repository.ts";
import type { PracticeWeekRow } from "./week-repository.ts";

/**
 * Links from case audits, actions and practice weeks to the plan: a priority, one
 * of its milestones, or an Ofsted area for improvement; and what a priority's page and its
 * progress update show of the records linked to it. The plan is read through its module's index.
 */

/** A record that can be linked: its kind, id, the date that decides which milestones are offered, and its name in the audit trail. */
export interface LinkedRecord {
  type: LinkRecordType;
  id: number;
  /** The audit's date, the action's due date: the plan year whose milestones are offered. */
  date: string;
}

const auditTrailTypes: Record<LinkRecordType, string> = { audit: "case audit", action: "audit action", "practice-week": "practice week" };
const recordWords: Record<LinkRecordType, string> = { audit: "audit", action: "action", "practice-week": "practice week" };

const shorten = (text: string, length = 110) => (text.length > length ? `${text.slice(0, length - 1)}…` : text);

/** What a record may be linked to on `date`: the plan's priorities in force then, their milestones for its plan year, and the Ofsted areas. */
async function planChoices(db: Database, date: string) {
  const { plan, priorities, milestones, planYear } = await linkablePlanOn(db, date);
  return { priorities, milestones, areas: plan ? await listOfstedAreas(db, plan.id) : [], planYear };
}

/** The link form's list: each priority as a whole and its milestones, then the Ofsted areas. */
export async function linkOptions(db: Database, date: string) {
  const { priorities, milestones, areas, planYear } = await planChoices(db, date);
  return [
    ...priorities.map((p) => ({
      label: `Priority ${String(p.number)}: ${shorten(p.title, 80)}`,
      options: [
        { value: linkTargetValue({ kind: "priority", priorityId: p.id }), text: `Priority ${String(p.number)} as a whole` },
        ...milestones.filter((m) => m.priorityId === p.id).map((m) => ({ value: linkTargetValue({ kind: "milestone", milestoneId: m.id }), text: `Milestone for ${planYearLabel(planYear)}: ${shorten(m.text)}` })),
      ],
    })),
    ...(areas.length > 0 ? [{ label: "Ofsted areas for improvement", options: areas.map((a) => ({ value: linkTargetValue({ kind: "ofsted", ofstedAreaId: a.id }), text: `Area ${String(a.number)}: ${shorten(a.text)}` })) }] : []),
  ];
}

/** A link in words, with the page it leads to. */
interface LinkView {
  id: number;
  text: string;
  href: string;
}

/** A record's links in words, in the order they were made. */
export async function linksOf(db: Database, type: LinkRecordType, id: number): Promise<LinkView[]> {
  const rows = await links.listLinksOf(db, type, id);
  if (rows.length === 0) return [];
  const plan = await findCurrentPlan(db);
  const priorities = plan ? await listPriorities(db, plan.id) : [];
  const milestones = await listMilestones(db, priorities.map((p) => p.id));
  const areas = plan ? await listOfstedAreas(db, plan.id) : [];
  return rows.map((row) => describeLink(row, { priorities, milestones, areas }));
}

type PlanRecords = { priorities: Awaited<ReturnType<typeof listPriorities>>; milestones: Awaited<ReturnType<typeof listMilestones>>; areas: Awaited<ReturnType<typeof listOfstedAreas>> };

function describeLink(row: Pick<LinkRow, "id" | "priorityId" | "milestoneId" | "ofstedAreaId">, plan: PlanRecords): LinkView {
  const priority = plan.priorities.find((p) => p.id === row.priorityId);
  const milestone = plan.milestones.find((m) => m.id === row.milestoneId);
  const area = plan.areas.find((a) => a.id === row.ofstedAreaId);
  if (priority && milestone) return { id: row.id, text: `Priority ${String(priority.number)}, milestone for ${planYearLabel(milestone.planYear)}: ${milestone.text}`, href: `/priorities/${String(priority.number)}#milestone-${String(milestone.id)}` };
  if (priority) return { id: row.id, text: `Priority ${String(priority.number)}: ${priority.title}`, href: `/priorities/${String(priority.number)}` };
  if (area) return { id: row.id, text: `Ofsted area for improvement ${String(area.number)}: ${area.text}`, href: `/ofsted#area-${String(area.number)}` };
  // Plans other than the current one are not shown: their links stay, named by their number.
  return { id: row.id, text: `A record of an earlier plan (link ${String(row.id)})`, href: "/" };
}

class LinkProblem extends UserError {
  constructor(message: string) {
    super("invalid", message, { field: "linkTo" });
  }
}

export type LinkResult = { ok: true; added: Added<{ id: number }> } | { ok: false; problem: string };

/**
 * Links a record to what the form chose, once per form token, with its audit event on the record.
 * Refused, naming the field, when the choice is not one the form offers for the record's date, or
 * the record is already linked to it.
 */
export async function addLink(db: Database, context: ChangeContext, actor: Actor, record: LinkedRecord, linkTo: unknown, formToken: string): Promise<LinkResult> {
  const target = parseLinkTarget(linkTo);
  const choices = await planChoices(db, record.date);
  const values = target && valuesOf(target, choices);
  if (!values) return { ok: false, problem: `Select a priority, one of its milestones for ${planYearLabel(choices.planYear)} or an Ofsted area for improvement from the list` };
  try {
    const added = await addOnce(db, formToken, "quality link", (tx, id) => links.findLink(tx, id), async (tx) => {
      const row = await links.insertLink(tx, { recordType: record.type, recordId: record.id, ...values, linkedById: actor.id, linkedByName: actor.displayName });
      const described = describeLink({ id: 0, ...values }, choices);
      if (!row) throw new LinkProblem(`This ${recordWords[record.type]} is already linked to ${described.text}`);
      await recordChange(tx, context, { action: "link", recordType: auditTrailTypes[record.type], recordId: record.id, after: { linkedTo: described.text } });
      return row;
    });
    return { ok: true, added };
  } catch (error) {
    if (error instanceof LinkProblem) return { ok: false, problem: error.message };
    throw error;
  }
}

/** The link's columns for a choice, or null when the choice is not offered. */
function valuesOf(target: LinkTarget, choices: Awaited<ReturnType<typeof planChoices>>): { priorityId: number | null; milestoneId: number | null; ofstedAreaId: number | null } | null {
  if (target.kind === "priority") return choices.priorities.some((p) => p.id === target.priorityId) ? { priorityId: target.priorityId, milestoneId: null, ofstedAreaId: null } : null;
  if (target.kind === "ofsted") return choices.areas.some((a) => a.id === target.ofstedAreaId) ? { priorityId: null, milestoneId: null, ofstedAreaId: target.ofstedAreaId } : null;
  const milestone = choices.milestones.find((m) => m.id === target.milestoneId);
  return milestone ? { priorityId: milestone.priorityId, milestoneId: milestone.id, ofstedAreaId: null } : null;
}

/** Removes one of a record's links, with its audit event on the record; false when the record has no such link (removed already). */
export async function removeLink(db: Database, context: ChangeContext, record: Pick<LinkedRecord, "type" | "id">, linkId: number): Promise<boolean> {
  const plan = await findCurrentPlan(db);
  const priorities = plan ? await listPriorities(db, plan.id) : [];
  const choices = { priorities, milestones: await listMilestones(db, priorities.map((p) => p.id)), areas: plan ? await listOfstedAreas(db, plan.id) : [] };
  return db.transaction(async (tx) => {
    const removed = await links.deleteLink(tx, record.type, record.id, linkId);
    if (!removed) return false;
    await recordChange(tx, context, { action: "unlink", recordType: auditTrailTypes[record.type], recordId: record.id, before: { linkedTo: describeLink(removed, choices).text } });
    return true;
  });
}

/** How much of a priority's quality-assurance evidence this person sees (see `evidenceAudience`). */
export function evidenceAudienceOf(actor: Actor | null, priorityId: number): EvidenceAudience {
  return evidenceAudience({ readsAudits: can(actor, "quality:read"), approves: can(actor, "progress:approve"), leadsPriority: can(actor, "progress:write", { priorityId }) });
}

/** Actions by state on `today`, as counts this audience may see. */
function actionCounts(actions: readonly ActionRow[], today: string, audience: EvidenceAudience) {
  const count = (state: ActionState) => countFor(audience, actions.filter((a) => actionState(a, today) === state).length);
  return { open: count("open"), overdue: count("overdue"), closed: count("closed"), total: countFor(audience, actions.length) };
}

/** A practice week as evidence shows it: it holds nothing about a child, so every reader sees its findings. */
const weekListing = (week: PracticeWeekRow) => ({ href: `/quality/practice-weeks/${String(week.id)}`, theme: week.theme, serviceArea: week.serviceArea, startsOn: week.startsOn, endsOn: week.endsOn, strengths: week.strengths, areasForImprovement: week.areasForImprovement });

const auditListing = (audit: AuditRow) => ({ id: audit.id, href: `/quality/audits/${String(audit.id)}`, caseId: audit.caseId, auditDate: audit.auditDate, grade: auditGradeLabels[countedGrade(audit)], synthetic: audit.synthetic });

/**
 * A priority's quality-assurance evidence for its page: the overall grades by quarter of the
 * audits linked to it (or to its milestones) and its linked actions open, overdue and closed. The
 * audits themselves, with their case ids, only for those who read audits (`records`); counts from
 * 1 to 4 suppressed for `suppressed`.
 */
export async function qualityEvidenceFor(db: Database, priorityId: number, audience: EvidenceAudience, today: string) {
  const [audits, actions, weeks] = await Promise.all([links.listAuditsLinkedTo(db, priorityId), links.listActionsLinkedTo(db, priorityId), links.listWeeksLinkedTo(db, priorityId)]);
  return {
    audience,
    weeks: weeks.map(weekListing),
    audits: countFor(audience, audits.length),
    quarters: gradesByQuarter(
      audits.map((a) => ({ auditDate: a.auditDate, grade: countedGrade(a) })),
      { suppress: audience === "suppressed" },
    ),
    gradeLabels: auditGradeLabels,
    synthetic: audience === "suppressed" ? 0 : audits.filter((a) => a.synthetic).length,
    actions: actionCounts(actions, today, audience),
    auditList: audience === "records" ? audits.map(auditListing) : [],
  };
}

/**
 * What the progress update form shows of a period's quality assurance for a priority: the audits
 * linked to it dated in the period, how many and their grades; the strengths and areas to
 * strengthen of those that are not synthetic, only for those who read audits (`records`); and the
 * linked actions due or closed in the period. `findingsShown` lists the audits whose findings are
 * shown, so that their reading can be recorded.
 */
export async function qualityFindingsFor(db: Database, priorityId: number, period: { from: string; to: string }, audience: EvidenceAudience, today: string) {
  const [audits, weeks] = await Promise.all([links.listAuditsLinkedTo(db, priorityId, period), links.listWeeksLinkedTo(db, priorityId, period)]);
  const inPeriod = (day: string | null) => day !== null && day >= period.from && day <= period.to;
  const actions = (await links.listActionsLinkedTo(db, priorityId)).filter((a) => inPeriod(a.dueOn) || inPeriod(a.closedAt ? londonDateOf(a.closedAt) : null));
  // The period's grades as one quarter's are counted (dated on its first day, so all fall in one),
  // with the same suppression: the next smallest count hidden beside a lone small one.
  const [quarter] = gradesByQuarter(
    audits.map((a) => ({ auditDate: period.from, grade: countedGrade(a) })),
    { suppress: audience === "suppressed" },
  );
  const findings = audience === "records" ? audits.filter((a) => !a.synthetic) : [];
  const closedInPeriod = actions.filter((a) => a.closedAt && inPeriod(londonDateOf(a.closedAt)));
  const dueInPeriod = actions.filter((a) => inPeriod(a.dueOn));
  return {
    audience,
    audits: countFor(audience, audits.length),
    grades: quarter?.cells ?? [],
    gradeLabels: auditGradeLabels,
    synthetic: audits.filter((a) => a.synthetic).length,
    findings: findings.map((a) => ({ ...auditListing(a), strengths: a.strengths, areasToStrengthen: a.areasToStrengthen })),
    weeks: weeks.map(weekListing),
    actions: {
      due: countFor(audience, dueInPeriod.length),
      dueClosedOnTime: countFor(audience, dueInPeriod.filter((a) => closedOnTime({ dueOn: a.dueOn, closedOn: a.closedAt ? londonDateOf(a.closedAt) : null })).length),
      closed: countFor(audience, closedInPeriod.length),
      open: countFor(audience, actions.filter((a) => a.status === "open").length),
    },
    actionList: audience === "records" ? actions.map((a) => ({ id: a.id, href: `/quality/actions/${String(a.id)}`, description: a.description, dueOn: a.dueOn, state: actionStateLabels[actionState(a, today)] })) : [],
  };
}
