import { statusMix, type MilestoneStatus } from "../../core/milestone-status.ts";
import { nextState, isEditable, type Transition, type UpdateState } from "../../core/progress-workflow.ts";
import { periodDates, periodLabel, periodSortKey, progressHeading, type PeriodSpec, type Quarter } from "../../core/reporting-periods.ts";
import { planYearLabel } from "../../core/plan-years.ts";
import { londonDateOf } from "../../core/values-as-at.ts";
import type { Database } from "../../db/client.ts";
import { recordChange, type ChangeContext, can, type Actor, leadNamesByPriority } from "../access/index.ts";
import * as plans from "../plan/index.ts";
import { prioritiesOfYear } from "../plan/index.ts";
import * as repository from "./repository.ts";
import type { PeriodRow, UpdateRow } from "./repository.ts";
import type { PriorityUpdateForm } from "./schemas.ts";
import { exceptionsNeedingCommentary } from "../measures/index.ts";
import { systemClock } from "../../core/clock.ts";
import { Conflict, UserError } from "../../core/problems.ts";

/** A mistake in a progress action, in words the person can act on. */
export class ProgressError extends UserError {
  constructor(message: string, field?: string) {
    super("invalid", message, { field });
    this.name = "ProgressError";
  }
}

export function specOf(period: Pick<PeriodRow, "planYear" | "kind" | "quarter">): PeriodSpec {
  return { planYear: period.planYear, kind: period.kind, quarter: (period.quarter ?? null) as Quarter | null };
}

export interface PeriodView extends PeriodRow {
  label: string;
  heading: string;
  yearLabel: string;
}

export function describePeriod(period: PeriodRow): PeriodView {
  const spec = specOf(period);
  return { ...period, label: periodLabel(spec), heading: progressHeading(spec), yearLabel: planYearLabel(period.planYear) };
}

/**
 * The day that decides which priorities and milestones a period asks about: its first day, or
 * for a period still open, today. A record retired since the period began stays in the period's
 * record when it is closed; an open period asks nothing more of it.
 */
export function askedOn(period: Pick<PeriodRow, "open" | "startsOn">, today: string): string {
  return period.open && today > period.startsOn ? today : period.startsOn;
}

/** Whether a period asks a priority for its update: it is in force on the day the period asks on, or has an update in it already. */
export async function asksFor(db: Database, period: PeriodRow, priorityId: number, today: string): Promise<boolean> {
  const priority = await plans.findPriorityById(db, priorityId);
  if (!priority) return false;
  return plans.inForceOn(priority.retiredAt, askedOn(period, today)) || (await repository.findUpdate(db, period.id, priorityId)) !== undefined;
}

/** The priorities a period is about: those in force on the day it asks on, and any with an update in it already. */
export async function prioritiesOfPeriod(db: Database, period: PeriodRow, updates: Pick<UpdateRow, "priorityId">[], today: string) {
  const day = askedOn(period, today);
  return (await plans.listPriorities(db, period.planId)).filter((p) => plans.inForceOn(p.retiredAt, day) || updates.some((u) => u.priorityId === p.id));
}

export async function periodsOf(db: Database, planId: number): Promise<PeriodView[]> {
  const periods = await repository.listPeriods(db, planId);
  return periods.sort((a, b) => periodSortKey(specOf(a)).localeCompare(periodSortKey(specOf(b)))).map(describePeriod);
}

export async function openPeriod(
  db: Database,
  context: ChangeContext,
  plan: { id: number; firstYear: number; years: number },
  input: { planYear: number; kind: PeriodSpec["kind"]; quarter: number | null; deadline: string | null; asksMilestones?: boolean; reportedTo?: string | null },
): Promise<PeriodRow> {
  if (input.planYear < plan.firstYear || input.planYear >= plan.firstYear + plan.years) throw new ProgressError("Select one of the plan's years", "planYear");
  const spec: PeriodSpec = { planYear: input.planYear, kind: input.kind, quarter: input.quarter as Quarter | null };
  const alreadyOpen = () => new ProgressError(`${periodLabel(spec)} is already open or reported`, "kind");
  const existing = (await repository.listPeriods(db, plan.id)).find((p) => periodLabel(specOf(p)) === periodLabel(spec));
  if (existing) throw alreadyOpen();
  return db.transaction(async (tx) => {
    // The database keeps one of each period: one opened by someone else since the check is refused too.
    const period = await repository.insertPeriod(tx, {
      planId: plan.id,
      planYear: input.planYear,
      kind: input.kind,
      quarter: input.quarter,
      ...periodDates(spec),
      deadline: input.deadline,
      asksMilestones: input.asksMilestones ?? false,
      reportedTo: input.reportedTo ?? null,
    });
    if (!period) throw alreadyOpen();
    await recordChange(tx, context, {
      action: "open",
      recordType: "reporting period",
      recordId: period.id,
      after: { period: periodLabel(spec), deadline: input.deadline, asks: period.asksMilestones ? "priority updates and milestone statuses" : "priority updates only" },
    });
    return period;
  });
}

/**
 * Drafts are for the people who may write them (the priority's leads, and whoever started the
 * draft) and for approvers; everyone else sees only what is approved. The page that shows an
 * update and the page that edits it both follow this rule.
 */
export function canSee(actor: Actor | null, update: Pick<UpdateRow, "state" | "authorId" | "priorityId">): boolean {
  if (update.state === "approved") return true;
  if (!actor) return false;
  return update.authorId === actor.id || canWrite(actor, update.priorityId) || can(actor, "progress:approve");
}

/** Who may write a priority's update: its leads, and administrators. */
export function canWrite(actor: Actor | null, priorityId: number | null): boolean {
  if (priorityId === null) return can(actor, "progress:manage");
  return can(actor, "progress:write", { priorityId });
}

function fields(update: UpdateRow) {
  return { narrative: update.narrative, achievements: update.achievements, challenges: update.challenges, plannedNext: update.plannedNext, state: update.state };
}

/**
 * What an update must hold before it is submitted (a draft may be saved without it): a priority's
 * update its narrative, the service-wide update its key highlights.
 */
export function submissionProblem(update: Pick<UpdateRow, "scope" | "narrative" | "achievements">): ProgressError | null {
  if (update.scope === "priority" && update.narrative.length === 0) {
    return new ProgressError("Write the narrative before submitting the update. A draft can be saved without it.", "narrative");
  }
  if (update.scope === "service" && update.achievements.length === 0) {
    return new ProgressError("Enter at least one key highlight before submitting. A draft can be saved without them.", "highlights");
  }
  return null;
}

/**
 * Saves a draft (new, or a change to a draft or returned update); refuses a stale or locked one.
 * With "submit" it then submits it, and refuses before saving anything if it is not ready to be.
 */
export async function saveUpdate(
  db: Database,
  actor: Actor,
  context: ChangeContext,
  period: PeriodRow,
  priorityId: number | null,
  form: Omit<PriorityUpdateForm, "milestones"> & { milestones?: PriorityUpdateForm["milestones"] },
  then: "draft" | "submit" = "draft",
  now = systemClock.now(),
): Promise<UpdateRow> {
  const today = londonDateOf(now);
  if (!period.open) throw new ProgressError("This period is closed: its updates can no longer change");
  if (!canWrite(actor, priorityId)) throw new ProgressError("You cannot write this update");
  if (priorityId !== null && !(await asksFor(db, period, priorityId, today))) throw new ProgressError("This priority has been retired from the plan: it is no longer asked for progress");
  const problem = then === "submit" ? submissionProblem({ scope: priorityId === null ? "service" : "priority", narrative: form.narrative, achievements: form.achievements }) : null;
  if (problem) throw problem;
  const saved = await saveDraft(db, actor, context, period, priorityId, form, today);
  return then === "submit" ? transition(db, actor, context, saved.id, "submit", "", now) : saved;
}

const savedMeanwhile = "Someone else saved this update while you were editing it. Reload the page to see their changes, then make yours again.";

async function saveDraft(
  db: Database,
  actor: Actor,
  context: ChangeContext,
  period: PeriodRow,
  priorityId: number | null,
  form: Omit<PriorityUpdateForm, "milestones"> & { milestones?: PriorityUpdateForm["milestones"] },
  today: string,
): Promise<UpdateRow> {
  const allowedMilestones = priorityId === null ? new Set<number>() : new Set((await plans.listMilestones(db, [priorityId])).filter((m) => plans.inForceForYear(m, period.planYear, askedOn(period, today))).map((m) => m.id));
  const milestoneRows = (form.milestones ?? []).filter((m) => allowedMilestones.has(m.milestoneId));
  return db.transaction(async (tx) => {
    const existing = await repository.findUpdate(tx, period.id, priorityId);
    const values = { narrative: form.narrative, achievements: form.achievements, challenges: form.challenges, plannedNext: form.plannedNext };
    let saved: UpdateRow;
    if (!existing) {
      const started = await repository.insertUpdate(tx, {
        periodId: period.id,
        scope: priorityId === null ? "service" : "priority",
        priorityId,
        ...values,
        authorId: actor.id,
        authorName: actor.displayName,
      });
      if (!started) throw new Conflict(await repository.findUpdate(tx, period.id, priorityId), "Someone else started this update while you were writing yours. Reload the page to see what they saved, then add your changes.");
      saved = started;
      await recordChange(tx, context, { action: "create", recordType: "progress update", recordId: saved.id, after: fields(saved) });
    } else {
      if (!isEditable(existing.state)) throw new ProgressError(`This update is ${existing.state} and can no longer be changed`);
      if (existing.version !== form.version) throw new Conflict(existing, savedMeanwhile);
      const updated = await repository.updateUpdateAt(tx, existing.id, existing.version, { ...values, authorId: actor.id, authorName: actor.displayName });
      if (!updated) throw new Conflict(await repository.findUpdate(tx, period.id, priorityId), savedMeanwhile);
      saved = updated;
      await recordChange(tx, context, { action: "update", recordType: "progress update", recordId: saved.id, before: fields(existing), after: fields(saved) });
    }
    if (priorityId !== null) {
      await repository.replaceMilestoneUpdates(tx, saved.id, milestoneRows.map((m) => ({ milestoneId: m.milestoneId, status: m.status, narrative: m.narrative })));
    }
    return saved;
  });
}

/**
 * The data exceptions of a priority's measures that have no commentary yet: its update cannot be
 * approved until they have. The service-wide update has none.
 */
export async function exceptionsBlockingApproval(db: Database, priorityId: number | null): Promise<{ code: string; title: string }[]> {
  const priority = priorityId === null ? undefined : await plans.findPriorityById(db, priorityId);
  return priority ? exceptionsNeedingCommentary(db, priority.number) : [];
}

/** Moves an update through the workflow, checking who may: authors submit, approvers approve or return. */
export async function transition(db: Database, actor: Actor, context: ChangeContext, updateId: number, step: Transition, comment = "", now = systemClock.now()): Promise<UpdateRow> {
  const update = await repository.findUpdateById(db, updateId);
  if (!update) throw new ProgressError("There is no such update");
  const next = nextState(update.state, step);
  if (!next) throw new ProgressError(`A ${update.state} update cannot be ${step === "submit" ? "submitted" : step === "approve" ? "approved" : "returned"}`);
  const mayDecide = can(actor, "progress:approve");
  if (step === "submit" && !canWrite(actor, update.priorityId)) throw new ProgressError("Only the update's lead can submit it");
  if (step !== "submit" && !mayDecide) throw new ProgressError("Only an approver can approve or return an update");
  if (step === "return" && !comment.trim()) throw new ProgressError("Say what needs to change before it can be approved", "comment");
  const problem = step === "submit" ? submissionProblem(update) : null;
  if (problem) throw problem;
  if (step === "approve") {
    const missing = await exceptionsBlockingApproval(db, update.priorityId);
    if (missing.length > 0) {
      throw new ProgressError(
        `Before this can be approved, write commentary for ${missing.length === 1 ? "the measure" : "the measures"} that ${missing.length === 1 ? "is an exception" : "are exceptions"}: ${missing.map((m) => m.title).join("; ")}`,
        "exceptions",
      );
    }
  }
  const values: Partial<UpdateRow> =
    step === "submit"
      ? { state: next, submittedAt: now, returnComment: null }
      : { state: next, decidedById: actor.id, decidedByName: actor.displayName, decidedAt: now, returnComment: step === "return" ? comment.trim() : null };
  return db.transaction(async (tx) => {
    const saved = await repository.updateUpdateAt(tx, update.id, update.version, values);
    if (!saved) throw new ProgressError("Someone else changed this update at the same moment. Reload the page and try again.");
    await recordChange(tx, context, {
      action: step,
      recordType: "progress update",
      recordId: update.id,
      before: { state: update.state },
      after: { state: next, ...(step === "return" ? { comment: comment.trim() } : {}) },
    });
    return saved;
  });
}

export type ComplianceState = "missing" | UpdateState;

export interface ComplianceRow {
  priorityId: number;
  priorityNumber: number;
  priorityTitle: string;
  text: string;
  owner: string;
  state: ComplianceState;
  href: string;
  overdue: boolean;
}

/** How far a list of updates has got: how many are owed, missing, overdue and approved. */
export interface ComplianceTally {
  total: number;
  missing: number;
  overdue: number;
  approved: number;
}

export interface Compliance {
  /** Whether the period is closed: then the page is a record of what was reported, not a to-do list. */
  closed: boolean;
  /** Whether the deadline has passed with the period still open. */
  pastDeadline: boolean;
  /** Whether the period asks for each milestone's status as well as each priority's update. */
  asksMilestones: boolean;
  priorities: ComplianceRow[];
  /** Each milestone in force for the period's year; none when the period asks for priority updates only. */
  milestones: ComplianceRow[];
  tally: { priorities: ComplianceTally; milestones: ComplianceTally };
}

const stateOrder: Record<ComplianceState, number> = { missing: 0, returned: 1, draft: 2, submitted: 3, approved: 4 };

/** Still owed: not yet submitted. */
export const owed = (state: ComplianceState) => state === "missing" || state === "draft" || state === "returned";

export function tallyOf(rows: ComplianceRow[]): ComplianceTally {
  return {
    total: rows.length,
    missing: rows.filter((r) => r.state === "missing").length,
    overdue: rows.filter((r) => r.overdue).length,
    approved: rows.filter((r) => r.state === "approved").length,
  };
}

/**
 * What a period asks of each priority's leads (their priority's update, and each milestone's
 * status when the period was opened to ask for them), whose it is and how far it has got. For an
 * open period, overdue ones (deadline passed, not yet submitted) and missing ones first; for a
 * closed one, in priority order, as a record.
 */
export async function compliance(db: Database, period: PeriodRow, today: string): Promise<Compliance> {
  const updates = await repository.listUpdatesOfPeriods(db, [period.id]);
  const priorities = await prioritiesOfPeriod(db, period, updates, today);
  const day = askedOn(period, today);
  const [milestones, leads] = await Promise.all([
    period.asksMilestones ? plans.listMilestones(db, priorities.map((p) => p.id)) : [],
    leadNamesByPriority(db, priorities.map((p) => p.id)),
  ]);
  const milestoneUpdates = await repository.listMilestoneUpdates(db, updates.map((u) => u.id));
  const pastDeadline = period.open && period.deadline !== null && today > period.deadline;
  const row = (priority: (typeof priorities)[number], text: string, owner: string, state: ComplianceState): ComplianceRow => ({
    priorityId: priority.id,
    priorityNumber: priority.number,
    priorityTitle: priority.title,
    text,
    owner,
    state,
    href: `/progress/periods/${period.id}/priorities/${priority.number}`,
    overdue: pastDeadline && owed(state),
  });
  const priorityRows: ComplianceRow[] = [];
  const milestoneRows: ComplianceRow[] = [];
  for (const priority of priorities) {
    const update = updates.find((u) => u.priorityId === priority.id);
    const owner = (leads.get(priority.id) ?? []).join(", ") || priority.lead || "No lead assigned";
    priorityRows.push(row(priority, priority.title, owner, update?.state ?? "missing"));
    for (const milestone of milestones.filter((m) => m.priorityId === priority.id && plans.inForceForYear(m, period.planYear, day))) {
      const assessed = update ? milestoneUpdates.some((mu) => mu.updateId === update.id && mu.milestoneId === milestone.id && mu.status !== null) : false;
      milestoneRows.push(row(priority, milestone.text, milestone.owner ?? owner, assessed && update ? update.state : "missing"));
    }
  }
  const toDo = (a: ComplianceRow, b: ComplianceRow) => Number(b.overdue) - Number(a.overdue) || stateOrder[a.state] - stateOrder[b.state] || a.priorityNumber - b.priorityNumber;
  if (period.open) {
    priorityRows.sort(toDo);
    milestoneRows.sort(toDo);
  }
  return {
    closed: !period.open,
    pastDeadline,
    asksMilestones: period.asksMilestones,
    priorities: priorityRows,
    milestones: milestoneRows,
    tally: { priorities: tallyOf(priorityRows), milestones: tallyOf(milestoneRows) },
  };
}

export interface DistanceCell {
  periodId: number;
  periodLabel: string;
  state: ComplianceState;
  mix: { label: string; colour: string; count: number }[];
  href: string;
}

/**
 * Distance travelled: every priority against every period, from approved updates only. A
 * year-end review's cell shows the review's decisions; other cells their milestones' statuses.
 */
export async function distanceTravelled(db: Database, planId: number) {
  const periods = await periodsOf(db, planId);
  const updates = (await repository.listUpdatesOfPeriods(db, periods.map((p) => p.id))).filter((u) => u.state === "approved");
  // A retired priority stays while it has progress to show.
  const priorities = (await plans.listPriorities(db, planId)).filter((p) => p.retiredAt === null || updates.some((u) => u.priorityId === p.id));
  const milestoneUpdates = await repository.listMilestoneUpdates(db, updates.map((u) => u.id));
  const milestones = await plans.listMilestones(db, priorities.map((p) => p.id));
  const reviews = await repository.listReviews(db, milestones.map((m) => m.id));
  const reported = periods.filter((p) => updates.some((u) => u.periodId === p.id));
  return {
    periods: reported,
    rows: priorities.map((priority) => ({
      number: priority.number,
      title: priority.title,
      cells: reported.map((period): DistanceCell => {
        const update = updates.find((u) => u.periodId === period.id && u.priorityId === priority.id);
        const ofYear = milestones.filter(
          (m) => m.priorityId === priority.id && m.planYear === period.planYear && (period.kind === "year-end" || m.supersededByResetId === null) && plans.inForceOn(m.retiredAt, period.startsOn),
        );
        let statuses: (MilestoneStatus | null)[];
        if (period.kind === "year-end") {
          statuses = ofYear.map((m) => {
            const decision = reviews.find((r) => r.milestoneId === m.id)?.decision ?? null;
            return decision === "revised" ? "carried_forward" : decision;
          });
        } else {
          statuses = update ? ofYear.map((m) => milestoneUpdates.find((mu) => mu.updateId === update.id && mu.milestoneId === m.id)?.status ?? null) : [];
        }
        return { periodId: period.id, periodLabel: period.label, state: update ? "approved" : "missing", mix: update || period.kind === "year-end" ? statusMix(statuses) : [], href: `/progress/periods/${period.id}/priorities/${priority.number}` };
      }),
    })),
  };
}

/** A priority's updates in period order, as this person may see them. */
export async function timeline(db: Database, actor: Actor | null, planId: number, priorityId: number) {
  const periods = await periodsOf(db, planId);
  const updates = (await repository.listUpdatesOfPriority(db, priorityId)).filter((u) => canSee(actor, u));
  return periods.flatMap((period) => {
    const update = updates.find((u) => u.periodId === period.id);
    return update ? [{ period, update }] : [];
  });
}

/**
 * What a report may say of a period: the approved service-wide update and each priority's approved
 * update, beside the priority's milestones for the year. Drafts and returned updates never appear.
 */
export async function approvedProgress(db: Database, period: PeriodRow) {
  // The priorities and milestones that were part of the plan when the period began, retired since or not.
  const [priorities, updates] = await Promise.all([prioritiesOfYear(db, period.planId, period.planYear, period.startsOn), repository.listUpdatesOfPeriods(db, [period.id])]);
  const approved = updates.filter((u) => u.state === "approved");
  const milestoneUpdates = await repository.listMilestoneUpdates(db, approved.map((u) => u.id));
  const reviews = period.kind === "year-end" ? await repository.listReviews(db, priorities.flatMap((p) => p.milestones.map((m) => m.id))) : [];
  return {
    period: describePeriod(period),
    service: approved.find((u) => u.scope === "service") ?? null,
    priorities: priorities.map((priority) => {
      const update = approved.find((u) => u.priorityId === priority.id) ?? null;
      return {
        ...priority,
        update,
        milestones: priority.milestones.map((m) => ({
          ...m,
          status: (update && milestoneUpdates.find((mu) => mu.updateId === update.id && mu.milestoneId === m.id)?.status) ?? null,
          decision: reviews.find((r) => r.milestoneId === m.id)?.decision ?? null,
        })),
      };
    }),
  };
}

export async function findPeriod(db: Database, id: number): Promise<PeriodRow | undefined> {
  return repository.findPeriod(db, id);
}

export { isEditable };
export type { PeriodRow, UpdateRow };
export { findUpdate, findUpdateById, listPeriods } from "./repository.ts";

/**
 * A period's page: each priority it asks about with the state of its update as this person may
 * see it ("unpublished" for a draft they may not, "missing" for none), and the service-wide
 * update if they may see it.
 */
export async function periodUpdates(db: Database, actor: Actor | null, period: PeriodRow, today: string) {
  const updates = await repository.listUpdatesOfPeriods(db, [period.id]);
  const priorities = await prioritiesOfPeriod(db, period, updates, today);
  const service = updates.find((u) => u.scope === "service");
  return {
    service: service && canSee(actor, service) ? service : null,
    rows: priorities.map((priority) => {
      const update = updates.find((u) => u.priorityId === priority.id);
      return { priority, state: update ? (canSee(actor, update) ? update.state : "unpublished") : "missing" };
    }),
  };
}

/** The priority's update of a period, with the milestones it reports on. */
export async function priorityUpdateOf(db: Database, period: PeriodRow, priority: plans.PriorityRow, today: string) {
  const update = await repository.findUpdate(db, period.id, priority.id);
  const milestones = (await plans.listMilestones(db, [priority.id])).filter((m) => plans.inForceForYear(m, period.planYear, askedOn(period, today)));
  const milestoneUpdates = update ? await repository.listMilestoneUpdates(db, [update.id]) : [];
  return { period: describePeriod(period), priority, update: update ?? null, milestones, milestoneUpdates };
}

export type PriorityUpdate = Awaited<ReturnType<typeof priorityUpdateOf>>;

/** Approved progress whose words match, for the search page: the period, the priority, and the paragraph that matched. */
export async function searchProgress(db: Database, planId: number, query: string) {
  const [hits, periods, priorities] = await Promise.all([repository.searchApprovedUpdates(db, planId, query), periodsOf(db, planId), plans.listPriorities(db, planId)]);
  return hits.flatMap((hit) => {
    const period = periods.find((p) => p.id === hit.periodId);
    if (!period) return [];
    const priority = priorities.find((p) => p.id === hit.priorityId) ?? null;
    const href = priority ? `/progress/periods/${String(period.id)}/priorities/${String(priority.number)}` : `/progress/periods/${String(period.id)}`;
    return [{ periodLabel: period.label, priority: priority ? { number: priority.number, title: priority.title } : null, text: hit.text, href }];
  });
}

/** A priority's update submitted and waiting for an approver. */
export interface AwaitingApproval {
  periodLabel: string;
  priorityNumber: number;
  priorityTitle: string;
  authorName: string;
  submittedAt: Date | null;
  href: string;
}

/**
 * The priorities' updates submitted and waiting for an approver, in any period, oldest submitted
 * first: each is approved or returned on its own page. (The service-wide highlights are written
 * by administrators on the period's page and are not in this list.)
 */
export async function awaitingApproval(db: Database, planId: number): Promise<AwaitingApproval[]> {
  const [periods, priorities] = await Promise.all([periodsOf(db, planId), plans.listPriorities(db, planId)]);
  const updates = (await repository.listUpdatesOfPeriods(db, periods.map((p) => p.id))).filter((u) => u.state === "submitted");
  const submittedAt = (u: UpdateRow) => u.submittedAt?.getTime() ?? Number.MAX_SAFE_INTEGER;
  return updates
    .sort((a, b) => submittedAt(a) - submittedAt(b) || a.id - b.id)
    .flatMap((update) => {
      const period = periods.find((p) => p.id === update.periodId);
      const priority = priorities.find((p) => p.id === update.priorityId);
      if (!period || !priority) return [];
      return [{ periodLabel: period.label, priorityNumber: priority.number, priorityTitle: priority.title, authorName: update.authorName, submittedAt: update.submittedAt, href: `/progress/periods/${period.id}/priorities/${priority.number}` }];
    });
}

/** A priority's update in an open period, as its lead sees what is left to do. */
export interface LeadUpdate {
  priorityNumber: number;
  priorityTitle: string;
  state: ComplianceState;
  overdue: boolean;
  /** What the approver asked to change, when the update was returned. */
  returnComment: string | null;
  /** For a period that asks for milestone statuses: how many of the priority's milestones have one. */
  milestones: { given: number; total: number } | null;
  href: string;
}

/**
 * What each open period asks of a priority lead: the update of each priority given (theirs), in
 * priority order, with its state, whether it is overdue and the approver's comment if returned.
 * Built on `compliance`, so the lead sees what the compliance page shows of them.
 */
export async function updatesOfLead(db: Database, planId: number, priorityIds: readonly number[], today: string): Promise<{ period: PeriodView; pastDeadline: boolean; updates: LeadUpdate[] }[]> {
  const [periods, priorities] = await Promise.all([periodsOf(db, planId), plans.listPriorities(db, planId)]);
  const mine = priorities.filter((p) => priorityIds.includes(p.id));
  const open = periods.filter((p) => p.open);
  if (mine.length === 0) return [];
  return Promise.all(
    open.map(async (period) => {
      const [owed, updates] = await Promise.all([compliance(db, period, today), repository.listUpdatesOfPeriods(db, [period.id])]);
      return {
        period,
        pastDeadline: owed.pastDeadline,
        updates: mine.map((priority): LeadUpdate => {
          const row = owed.priorities.find((r) => r.priorityNumber === priority.number);
          const update = updates.find((u) => u.priorityId === priority.id);
          const milestones = owed.milestones.filter((m) => m.priorityNumber === priority.number);
          return {
            priorityNumber: priority.number,
            priorityTitle: priority.title,
            state: row?.state ?? "missing",
            overdue: row?.overdue ?? false,
            returnComment: update?.state === "returned" ? update.returnComment : null,
            milestones: period.asksMilestones ? { given: milestones.filter((m) => m.state !== "missing").length, total: milestones.length } : null,
            href: `/progress/periods/${period.id}/priorities/${priority.number}`,
          };
        }),
      };
    }),
  );
}

/** Where a milestone has got: its latest status and the period it was given in, and whether it is complete. */
export interface MilestoneProgress {
  status: MilestoneStatus | null;
  periodLabel: string | null;
  complete: boolean;
}

/**
 * Each milestone's latest status in the updates this person may see (a later period's wins over an
 * earlier one's), and whether it is complete: by that status, or by the year-end review's decision.
 * Milestones that no update or review speaks of are not in the map.
 */
export async function milestoneProgress(db: Database, actor: Actor | null, planId: number): Promise<Map<number, MilestoneProgress>> {
  const [periods, priorities] = await Promise.all([periodsOf(db, planId), plans.listPriorities(db, planId)]);
  const updates = (await repository.listUpdatesOfPeriods(db, periods.map((p) => p.id))).filter((u) => u.priorityId !== null && canSee(actor, u));
  const [milestoneUpdates, milestones] = await Promise.all([repository.listMilestoneUpdates(db, updates.map((u) => u.id)), plans.listMilestones(db, priorities.map((p) => p.id))]);
  const reviews = await repository.listReviews(db, milestones.map((m) => m.id));
  const progress = new Map<number, MilestoneProgress>();
  // Periods are in order, so each later status replaces the one before.
  for (const period of periods) {
    const ofPeriod = new Set(updates.filter((u) => u.periodId === period.id).map((u) => u.id));
    for (const mu of milestoneUpdates) {
      if (ofPeriod.has(mu.updateId) && mu.status !== null) progress.set(mu.milestoneId, { status: mu.status, periodLabel: period.label, complete: mu.status === "complete" });
    }
  }
  for (const review of reviews) {
    if (review.decision !== "complete") continue;
    progress.set(review.milestoneId, { ...(progress.get(review.milestoneId) ?? { status: null, periodLabel: null }), complete: true });
  }
  return progress;
}
