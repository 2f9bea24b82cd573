import { plannedAuditState } from "../../core/audit-programmes.ts";
import { milestoneDue, daysAhead, type MilestoneDue } from "../../core/milestones-due.ts";
import { statusLabels } from "../../core/milestone-status.ts";
import { planYearLabel, planYearOfDate } from "../../core/plan-years.ts";
import { valuesDue, valuesDueInWords } from "../../core/values-due.ts";
import type { Database } from "../../db/client.ts";
import type { Actor, Role } from "../access/index.ts";
import * as measures from "../measures/index.ts";
import * as plans from "../plan/index.ts";
import * as progress from "../progress/index.ts";
import * as quality from "../quality/index.ts";
import * as reports from "../reports/index.ts";
import * as risks from "../risks/index.ts";

/**
 * What waits for a person, a section for each role they hold: the first page after signing in.
 * Everything is read through the other modules' services, as each module lets that role see it.
 */

/** The order sections appear in: the roles with the most to do first, reading last. */
export const sectionOrder: readonly Role[] = ["priority_lead", "approver", "performance_analyst", "qa_officer", "plan_editor", "administrator", "viewer"];

/** The same words for a person's name and a milestone's owner, however they were typed. */
const sameName = (a: string, b: string) => a.trim().replace(/\s+/g, " ").toLowerCase() === b.trim().replace(/\s+/g, " ").toLowerCase();

export interface DueMilestone {
  id: number;
  text: string;
  priorityNumber: number;
  priorityTitle: string;
  yearLabel: string;
  owner: string | null;
  dueOn: string;
  due: MilestoneDue;
  /** Why it is in the person's list: they own it, or it is in a priority they lead (or both). */
  owned: boolean;
  /** Its latest status in words, with the period it was given in, or null when none was given. */
  status: string | null;
  href: string;
}

/**
 * Milestones in force that the person owns (by name) or that sit in their priorities, due within
 * the days ahead the rule looks at or overdue, and not complete: overdue first, then by due date.
 */
async function milestonesDueFor(db: Database, actor: Actor, planId: number, today: string): Promise<DueMilestone[]> {
  const priorities = await plans.listPriorities(db, planId);
  const [milestones, reached] = await Promise.all([plans.listMilestones(db, priorities.map((p) => p.id)), progress.milestoneProgress(db, actor, planId)]);
  const rows: DueMilestone[] = [];
  for (const m of milestones) {
    if (m.supersededByResetId !== null || m.dueOn === null) continue;
    const owned = m.owner !== null && sameName(m.owner, actor.displayName);
    if (!owned && !actor.priorityIds.includes(m.priorityId)) continue;
    const got = reached.get(m.id);
    const due = milestoneDue(m.dueOn, today, got?.complete ?? false);
    const priority = priorities.find((p) => p.id === m.priorityId);
    if (!due || !priority) continue;
    rows.push({
      id: m.id,
      text: m.text,
      priorityNumber: priority.number,
      priorityTitle: priority.title,
      yearLabel: planYearLabel(m.planYear),
      owner: m.owner,
      dueOn: m.dueOn,
      due,
      owned,
      status: got?.status ? `${statusLabels[got.status]} (${got.periodLabel ?? ""})` : null,
      href: `/priorities/${priority.number}#milestone-${m.id}`,
    });
  }
  return rows.sort((a, b) => Number(b.due === "overdue") - Number(a.due === "overdue") || a.dueOn.localeCompare(b.dueOn) || a.priorityNumber - b.priorityNumber);
}

async function leadSection(db: Database, actor: Actor, planId: number, today: string) {
  const [priorities, periods, milestones] = await Promise.all([
    plans.listPriorities(db, planId),
    progress.updatesOfLead(db, planId, actor.priorityIds, today),
    milestonesDueFor(db, actor, planId, today),
  ]);
  return {
    priorities: priorities.filter((p) => actor.priorityIds.includes(p.id)).map((p) => ({ number: p.number, title: p.title })),
    periods,
    milestones,
    daysAhead,
  };
}

async function approverSection(db: Database, planId: number) {
  const [updates, { reports: prepared, issues }] = await Promise.all([progress.awaitingApproval(db, planId), reports.listReports(db, planId)]);
  // A report waits to be issued until it has been, and again once it has changed since it last was.
  const waiting = prepared.flatMap((report) => {
    const lastIssue = issues.find((i) => i.reportId === report.id);
    if (lastIssue && report.updatedAt <= lastIssue.issuedAt) return [];
    return [{ id: report.id, title: report.cover.title, kindLabel: report.kindLabel, periodLabel: report.period?.label ?? null, updatedAt: report.updatedAt, lastIssue: lastIssue ? { number: lastIssue.number, issuedAt: lastIssue.issuedAt } : null, href: `/reports/${report.id}` }];
  });
  return { updates, reports: waiting };
}

/** A data exception in a sentence or two, for readers who do not read SPC charts. */
export function exceptionInWords(row: measures.PresentedRow): string {
  const reasons: string[] = [];
  if (row.rag === "red") reasons.push(`It is red against its target${row.target ? `, ${row.target}` : ""}.`);
  if (row.variation === "concern") reasons.push("Its latest value has moved the worse way by more than ordinary variation would explain (special cause of concern).");
  return [`${row.latest} in ${row.period}.`, ...reasons].join(" ");
}

async function analystSection(db: Database, card: measures.Scorecard, today: string) {
  const due = card.rows.flatMap((row) => {
    const owed = valuesDue(row.measure.frequency, row.latest?.periodEnd ?? null, today);
    const first = owed.periodEnds[0];
    if (first === undefined) return [];
    return [{
      code: row.measure.code,
      title: row.measure.title,
      latest: row.latest ? row.latestLabel : "No value yet",
      owed: valuesDueInWords(row.measure.frequency, owed),
      count: owed.periodEnds.length,
      dueSince: owed.dueSince ?? today,
      href: `/measures/${row.measure.code}`,
      entryHref: `/measures/entry?period=${first}`,
    }];
  });
  due.sort((a, b) => a.dueSince.localeCompare(b.dueSince) || a.code.localeCompare(b.code));
  const exceptions = card.exceptions().filter((r) => !r.commentary).map((r) => ({ code: r.code, title: r.title, latest: r.latest, period: r.period, rag: r.rag, variation: r.variation, href: `/measures/${r.code}` }));
  return { due, exceptions, imports: await measures.recentValueImports(db, 5) };
}

async function editorSection(db: Database, plan: plans.PlanSummary, today: string) {
  const planId = plan.id;
  const years = plan.years.map((y) => y.year);
  // The plan year under way, or the plan's last or first when today falls outside it.
  const thisYear = planYearOfDate(today);
  const year = years.includes(thisYear) ? thisYear : thisYear > (years.at(-1) ?? thisYear) ? (years.at(-1) ?? thisYear) : (years[0] ?? thisYear);
  const ofYear = await plans.prioritiesOfYear(db, planId, year, today);
  return {
    yearLabel: planYearLabel(year),
    year,
    priorities: ofYear.map((p) => ({
      number: p.number,
      title: p.title,
      milestones: p.milestones.length,
      withoutDueDate: p.milestones.filter((m) => m.dueOn === null).length,
      withoutOwner: p.milestones.filter((m) => m.owner === null || m.owner.trim() === "").length,
    })),
  };
}

async function adminSection(db: Database, planId: number, today: string) {
  const open = (await progress.periodsOf(db, planId)).filter((p) => p.open);
  return {
    periods: await Promise.all(
      open.map(async (period) => {
        const owed = await progress.compliance(db, period, today);
        return { period, pastDeadline: owed.pastDeadline, asksMilestones: owed.asksMilestones, tally: owed.tally, href: `/progress/periods/${period.id}/compliance` };
      }),
    ),
  };
}

async function viewerSection(db: Database, planId: number, card: measures.Scorecard) {
  const [{ issues }, distance] = await Promise.all([reports.listReports(db, planId), progress.distanceTravelled(db, planId)]);
  // Each reported period across every priority, newest first: how many priorities' updates were
  // approved, and their milestones' statuses added up.
  const periods = distance.periods
    .map((period, i) => {
      const cells = distance.rows.flatMap((r) => (r.cells[i] ? [r.cells[i]] : []));
      const mix = new Map<string, { label: string; colour: string; count: number }>();
      for (const m of cells.flatMap((c) => c.mix)) mix.set(m.label, { ...m, count: (mix.get(m.label)?.count ?? 0) + m.count });
      return { id: period.id, label: period.label, approved: cells.filter((c) => c.state === "approved").length, priorities: distance.rows.length, mix: [...mix.values()] };
    })
    .reverse()
    .slice(0, 3);
  return {
    issues: issues.slice(0, 5),
    distance: periods,
    exceptions: card.exceptions().map((r) => ({ code: r.code, title: r.title, words: exceptionInWords(r), commentary: r.commentary, commentaryGenerated: r.commentaryGenerated, href: `/measures/${r.code}` })),
  };
}

/** Actions from case audits and practice weeks, open past their due date, as the home page lists them. */
function overdueRows(rows: quality.ActionWithAudit[]) {
  return rows.map((row) => ({ id: row.action.id, description: row.action.description, ownerName: row.action.ownerName, dueOn: row.action.dueOn, source: quality.actionSourceInWords(row), href: `/quality/actions/${String(row.action.id)}` }));
}

/** A person's overdue actions from risks and boards, as the same table lists them. */
function boardRows(rows: { action: risks.BoardActionRow; source: string }[]) {
  return rows.map(({ action, source }) => ({ id: action.id, description: action.description, ownerName: action.ownerName, dueOn: action.dueOn, source, href: `/board-actions/${String(action.id)}` }));
}

/** The risks a person owns whose review is overdue or due within the fortnight. */
async function reviewRows(db: Database, actor: Actor, today: string) {
  return (await risks.risksToReview(db, actor.id, today)).map((v) => ({ reference: v.reference, title: v.risk.title, reviewOn: v.risk.reviewOn, overdue: v.review === "overdue", href: `/risks/${String(v.risk.id)}` }));
}

/** The audits a programme has given the person to do, not yet recorded, as the home page lists them. */
function plannedRows(rows: quality.PlannedAuditView[], today: string) {
  return rows.map(({ planned, templateName }) => ({
    caseId: planned.caseId,
    serviceArea: planned.serviceArea,
    templateName,
    dueOn: planned.dueOn,
    overdue: plannedAuditState(planned, today) === "overdue",
    href: `/quality/audits/new?planned=${String(planned.id)}`,
  }));
}

/** The person's home page for the current plan: a section for each role they hold, in `sectionOrder`. */
export async function homePage(db: Database, actor: Actor, plan: plans.PlanSummary, today: string) {
  const holds = (role: Role) => actor.roles.includes(role);
  const card = holds("performance_analyst") || holds("viewer") ? await measures.currentScorecard(db) : null;
  const [lead, approver, analyst, editor, admin, viewer, ownOverdue, qualityOverdue, planned, boardOverdue, reviews] = await Promise.all([
    holds("priority_lead") ? leadSection(db, actor, plan.id, today) : null,
    holds("approver") ? approverSection(db, plan.id) : null,
    card && holds("performance_analyst") ? analystSection(db, card, today) : null,
    holds("plan_editor") ? editorSection(db, plan, today) : null,
    holds("administrator") ? adminSection(db, plan.id, today) : null,
    card && holds("viewer") ? viewerSection(db, plan.id, card) : null,
    // Whatever their roles, an action's owner sees it here once it is overdue.
    quality.overdueActions(db, today, actor.id).then(overdueRows),
    holds("qa_officer") ? quality.overdueActions(db, today).then(overdueRows) : null,
    holds("qa_officer") ? quality.plannedAuditsOf(db, actor.id).then((rows) => plannedRows(rows, today)) : null,
    risks.overdueActionsOf(db, actor.id, today).then(boardRows),
    // A risk's owner sees it here once its review is near or past.
    reviewRows(db, actor, today),
  ]);
  return {
    plan,
    today,
    roles: sectionOrder.filter(holds),
    lead,
    approver,
    analyst,
    ownOverdue: [...ownOverdue, ...boardOverdue].sort((a, b) => a.dueOn.localeCompare(b.dueOn)),
    reviews,
    quality: qualityOverdue === null ? null : { overdue: qualityOverdue, planned: planned ?? [] },
    editor,
    admin,
    viewer,
  };
}
