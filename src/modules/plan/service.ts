import { planPeriodLabel, planYearLabel, planYearOfDate, planYearsOf } from "../../core/plan-years.ts";
import type { Database, Transaction } from "../../db/client.ts";
import * as repository from "./repository.ts";
import type { MilestoneRow, PlanRow, PriorityRow, ResetRow } from "./repository.ts";
import type { PlanFiles } from "./schemas.ts";
import { recordChange, type ChangeContext } from "../access/index.ts";
import { lookup } from "../../core/lookup.ts";
import { inForceAfterResets } from "../../core/milestones-in-force.ts";
import type { Enabler } from "./repository.ts";
import { inForceOn } from "../../core/retirement.ts";
import { priorityPositions } from "../../core/priority-order.ts";
import { UserError } from "../../core/problems.ts";

/**
 * The plan as other modules read it. Progress, measures and reports reach the plan's records
 * through its service, never its tables.
 */
export { findCurrentPlan, findPriority, findPriorityById, listEndStates, listKeyIndicators, listMilestones, listOfstedAreas, listOutcomes, listPriorities, priorityIdsByNumber, priorityNumbersById } from "./repository.ts";

/**
 * Whether a milestone is one of a plan year's milestones in force on a day (YYYY-MM-DD): not
 * replaced at a year-end reset, and not retired by then. Progress asks for, and reports show, these.
 */
export function inForceForYear(milestone: Pick<MilestoneRow, "planYear" | "supersededByResetId" | "retiredAt">, planYear: number, onDate: string): boolean {
  return milestone.planYear === planYear && milestone.supersededByResetId === null && inForceOn(milestone.retiredAt, onDate);
}

/**
 * What a record dated `date` may be linked to: the current plan's priorities in force then, in
 * their order, and their milestones in force for that date's plan year.
 */
export async function linkablePlanOn(db: Database, date: string) {
  const planYear = planYearOfDate(date);
  const plan = await repository.findCurrentPlan(db);
  if (!plan) return { plan: null, priorities: [], milestones: [], planYear };
  const priorities = (await repository.listPriorities(db, plan.id)).filter((p) => inForceOn(p.retiredAt, date)).sort((a, b) => a.position - b.position || a.number - b.number);
  const milestones = (await repository.listMilestones(db, priorities.map((p) => p.id))).filter((m) => inForceForYear(m, planYear, date)).sort((a, b) => a.position - b.position || a.id - b.id);
  return { plan, priorities, milestones, planYear };
}

export { inForceOn };

/**
 * Next year's milestone that continues one decided at the year-end review: the same words when it
 * is carried forward, new words when revised. Written in the review's transaction, after the rest.
 */
export async function continueMilestone(tx: Transaction, milestone: MilestoneRow, nextYear: number, text: string): Promise<MilestoneRow> {
  const position = await repository.nextPosition(tx, "milestones", milestone.priorityId, nextYear);
  return repository.insertMilestone(tx, { priorityId: milestone.priorityId, planYear: nextYear, position, text, owner: milestone.owner, previousMilestoneId: milestone.id });
}

export class PlanAlreadyLoadedError extends UserError {
  constructor(readonly slug: string) {
    super("conflict", `A plan called "${slug}" is already loaded; nothing was changed.`);
    this.name = "PlanAlreadyLoadedError";
  }
}

/** Stores a plan read from its files, all of it or none of it, with its audit event; its priorities in the files' order. */
export async function loadPlan(db: Database, context: ChangeContext, files: PlanFiles): Promise<{ planId: number; slug: string }> {
  const slug = files.overview.plan.slug;
  if (await repository.findPlanBySlug(db, slug)) throw new PlanAlreadyLoadedError(slug);
  const planId = await db.transaction(async (tx) => {
    const positions = priorityPositions(files.priorities.map((p) => p.number), files.overview.priorityOrder);
    const id = await repository.insertPlan(tx, files, positions);
    await recordChange(tx, context, {
      action: "load",
      recordType: "plan",
      recordId: id,
      after: { slug, title: files.overview.plan.title, priorities: files.priorities.length },
    });
    return id;
  });
  return { planId, slug };
}

export async function hasAnyPlan(db: Database): Promise<boolean> {
  return (await repository.findCurrentPlan(db)) !== undefined;
}

export interface PlanSummary {
  id: number;
  title: string;
  subtitle: string;
  councilName: string;
  serviceName: string;
  /** The council's DfE code (879 for Plymouth), which its benchmarks are published under. */
  oldLaCode: string | null;
  period: string;
  years: { year: number; label: string }[];
}

type PlanHeader = Pick<PlanRow, "id" | "title" | "subtitle" | "councilName" | "serviceName" | "oldLaCode" | "firstYear" | "years">;

function summarise(plan: PlanHeader): PlanSummary {
  return {
    id: plan.id,
    title: plan.title,
    subtitle: plan.subtitle,
    councilName: plan.councilName,
    serviceName: plan.serviceName,
    oldLaCode: plan.oldLaCode,
    period: planPeriodLabel(plan.firstYear, plan.years),
    years: planYearsOf(plan.firstYear, plan.years).map((year) => ({ year, label: planYearLabel(year) })),
  };
}

/** The plan's header facts for every page; null when no plan has been loaded yet. */
export async function currentPlanSummary(db: Database): Promise<PlanSummary | null> {
  const plan = await repository.findCurrentPlanHeader(db);
  return plan ? summarise(plan) : null;
}

/** Milestones in force now: the reset ones where the year was reset, else the plan's; none retired. */
function currentOnly(milestones: MilestoneRow[]): MilestoneRow[] {
  return milestones.filter((m) => m.supersededByResetId === null && m.retiredAt === null);
}

const active = <T extends { retiredAt: Date | null }>(rows: T[]): T[] => rows.filter((r) => r.retiredAt === null);
const retired = <T extends { retiredAt: Date | null }>(rows: T[]): T[] => rows.filter((r) => r.retiredAt !== null);

export async function overview(db: Database) {
  const plan = await repository.findCurrentPlan(db);
  if (!plan) return null;
  const summary = summarise(plan);
  const priorities = active(await repository.listPriorities(db, plan.id));
  const counts = await repository.countMilestonesInForce(db, priorities.map((p) => p.id));
  return {
    plan,
    summary,
    priorities: priorities.map((priority) => ({
      number: priority.number,
      title: priority.title,
      vision: priority.vision,
      milestoneCounts: summary.years.map(({ year, label }) => ({
        label,
        count: counts.find((c) => c.priorityId === priority.id && c.planYear === year)?.count ?? 0,
      })),
    })),
  };
}

export interface MilestoneYear {
  year: number;
  label: string;
  milestones: MilestoneView[];
  /** Set when the year's milestones were reset: the review, and the original milestones it replaced. */
  reset: ResetRow | null;
  superseded: MilestoneView[];
  /** Milestones retired from the plan by an editor, kept with their history. */
  retired: MilestoneView[];
  /** The ids of the year's milestones in order, as the page shows them: what a move is checked against. */
  order: number[];
}

export interface MilestoneView {
  id: number;
  text: string;
  owner: string | null;
  dueOn: string | null;
  ofstedAreas: number[];
  /** The last year's milestone this one continues: carried forward (same words) or revised. */
  continues: { yearLabel: string; text: string; carried: boolean } | null;
  retiredAt: Date | null;
  version: number;
}

/**
 * Each priority with its milestones for a plan year, in the plan's order: what a report lists as
 * "priorities for the year". Those in force on `onDate` (YYYY-MM-DD, a reporting period's first
 * day): a priority or milestone retired later is still listed for the periods it was part of.
 */
export async function prioritiesOfYear(db: Database, planId: number, planYear: number, onDate: string) {
  const priorities = (await repository.listPriorities(db, planId)).filter((p) => inForceOn(p.retiredAt, onDate));
  const milestones = (await repository.listMilestones(db, priorities.map((p) => p.id))).filter((m) => inForceForYear(m, planYear, onDate));
  return priorities.map((priority) => ({
    id: priority.id,
    number: priority.number,
    title: priority.title,
    vision: priority.vision,
    milestones: milestones.filter((m) => m.priorityId === priority.id).sort((a, b) => a.position - b.position),
  }));
}

/** The whole plan as it stood on a date, for a paper that sets it out: a report asking Cabinet to agree it. */
export interface PlanAsAt {
  title: string;
  subtitle: string;
  /** "2024–27". */
  period: string;
  vision: string;
  values: string;
  /** What young people asked of the plan: its headline ("Equal, Kind and Safe"), their words, and what they told us. */
  youngPeople: { headline: string; statement: string; said: string[] };
  priorities: {
    number: number;
    title: string;
    vision: string;
    keyElements: string[];
    enablers: Enabler[];
    /** Each plan year, in order, with the milestones in force for it on the date. */
    years: { year: number; label: string; milestones: string[] }[];
    outcomes: string[];
  }[];
}

/**
 * The plan as it stood on `date`: its milestones for each year are those in force that day, so
 * a report dated before a year-end review shows the milestones it was agreed with, not the ones
 * the review reset. Null when no plan has been loaded.
 */
export async function planAsAt(db: Database, date: string): Promise<PlanAsAt | null> {
  const plan = await repository.findCurrentPlan(db);
  if (!plan) return null;
  const summary = summarise(plan);
  // Retired records leave the plan from the day they were retired; before it they were part of it.
  const priorities = (await repository.listPriorities(db, plan.id)).filter((p) => inForceOn(p.retiredAt, date));
  const ids = priorities.map((p) => p.id);
  const [milestones, outcomes, resets, voice] = await Promise.all([
    repository.listMilestones(db, ids),
    repository.listOutcomesOf(db, ids),
    repository.listResets(db, plan.id),
    repository.listVoiceItems(db, plan.id),
  ]);
  const heldOn = new Map(resets.map((r) => [r.id, r.heldOn]));
  const dayOf = (resetId: number | null) => (resetId === null ? null : lookup(heldOn, resetId, "milestone reset"));
  const inForce = milestones.filter((m) => inForceAfterResets({ setOn: dayOf(m.setByResetId), supersededOn: dayOf(m.supersededByResetId) }, date) && inForceOn(m.retiredAt, date));
  return {
    title: plan.title,
    subtitle: plan.subtitle,
    period: summary.period,
    vision: plan.vision,
    values: plan.values,
    youngPeople: { headline: plan.youngPeopleHeadline, statement: plan.youngPeopleStatement, said: voice.filter((v) => v.kind === "ask").map((v) => v.text) },
    priorities: priorities.map((priority) => ({
      number: priority.number,
      title: priority.title,
      vision: priority.vision,
      keyElements: priority.keyElements,
      enablers: priority.enablers,
      years: summary.years.map(({ year, label }) => ({
        year,
        label,
        milestones: inForce
          .filter((m) => m.priorityId === priority.id && m.planYear === year)
          .sort((a, b) => a.position - b.position || a.id - b.id)
          .map((m) => m.text),
      })),
      outcomes: outcomes.filter((o) => o.priorityId === priority.id && inForceOn(o.retiredAt, date)).map((o) => o.text),
    })),
  };
}

export async function priorityPage(db: Database, number: number) {
  const plan = await repository.findCurrentPlan(db);
  if (!plan) return null;
  const priority = await repository.findPriority(db, plan.id, number);
  if (!priority) return null;
  const [milestones, outcomes, resets, areas, areaPriorities, areaMilestones, all] = await Promise.all([
    repository.listMilestones(db, [priority.id]),
    repository.listOutcomes(db, priority.id),
    repository.listResets(db, plan.id),
    repository.listOfstedAreas(db, plan.id),
    repository.listOfstedAreaPriorityLinks(db, plan.id),
    repository.listOfstedAreaMilestoneLinks(db, plan.id),
    repository.listPriorities(db, plan.id),
  ]);
  const inPlan = active(all);
  const position = inPlan.findIndex((p) => p.id === priority.id);
  const areaNumber = new Map(areas.map((a) => [a.id, a.number]));
  const milestoneIds = new Set(milestones.map((m) => m.id));
  const byId = new Map(milestones.map((m) => [m.id, m]));
  const continuesFrom = (m: MilestoneRow) => {
    const previous = m.previousMilestoneId === null ? undefined : byId.get(m.previousMilestoneId);
    return previous ? { yearLabel: planYearLabel(previous.planYear), text: previous.text, carried: previous.text === m.text } : null;
  };
  const toView = (m: MilestoneRow): MilestoneView => ({
    id: m.id,
    text: m.text,
    owner: m.owner,
    dueOn: m.dueOn,
    retiredAt: m.retiredAt,
    version: m.version,
    continues: continuesFrom(m),
    ofstedAreas: areaMilestones.filter((l) => l.milestoneId === m.id).map((l) => lookup(areaNumber, l.ofstedAreaId, "Ofsted area")).sort((a, b) => a - b),
  });
  const summary = summarise(plan);
  const years: MilestoneYear[] = summary.years.map(({ year, label }) => {
    const ofYear = milestones.filter((m) => m.planYear === year);
    const inForce = currentOnly(ofYear);
    return {
      year,
      label,
      milestones: inForce.map(toView),
      order: inForce.map((m) => m.id),
      reset: resets.find((r) => r.planYear === year && ofYear.some((m) => m.setByResetId === r.id)) ?? null,
      superseded: ofYear.filter((m) => m.supersededByResetId !== null).map(toView),
      retired: ofYear.filter((m) => m.supersededByResetId === null && m.retiredAt !== null).map(toView),
    };
  });
  const answered = new Set([
    ...areaPriorities.filter((l) => l.priorityId === priority.id).map((l) => l.ofstedAreaId),
    ...areaMilestones.filter((l) => milestoneIds.has(l.milestoneId)).map((l) => l.ofstedAreaId),
  ]);
  return {
    summary,
    priority,
    years,
    outcomes: active(outcomes),
    outcomeOrder: active(outcomes).map((o) => o.id),
    retiredOutcomes: retired(outcomes),
    ofstedAreas: areas.filter((a) => answered.has(a.id)),
    previous: position > 0 ? (inPlan[position - 1] ?? null) : null,
    next: position >= 0 ? (inPlan[position + 1] ?? null) : null,
  };
}

export async function ofstedPage(db: Database) {
  const plan = await repository.findCurrentPlan(db);
  if (!plan) return null;
  const [areas, priorityLinks, milestoneLinks, priorities] = await Promise.all([
    repository.listOfstedAreas(db, plan.id),
    repository.listOfstedAreaPriorityLinks(db, plan.id),
    repository.listOfstedAreaMilestoneLinks(db, plan.id),
    repository.listPriorities(db, plan.id),
  ]);
  const milestones = await repository.listMilestones(db, priorities.map((p) => p.id));
  const priorityById = new Map(priorities.map((p) => [p.id, p]));
  return {
    summary: summarise(plan),
    findings: plan.findings,
    areas: areas.map((area) => {
      const linked = milestones.filter((m) => milestoneLinks.some((l) => l.ofstedAreaId === area.id && l.milestoneId === m.id));
      return {
        number: area.number,
        text: area.text,
        priorities: priorityLinks
          .filter((l) => l.ofstedAreaId === area.id)
          .map((l) => lookup(priorityById, l.priorityId, "priority"))
          .sort((a, b) => a.number - b.number),
        milestones: linked.map((m) => ({
          id: m.id,
          text: m.text,
          yearLabel: planYearLabel(m.planYear),
          superseded: m.supersededByResetId !== null,
          retired: m.retiredAt !== null || lookup(priorityById, m.priorityId, "priority").retiredAt !== null,
          priority: lookup(priorityById, m.priorityId, "priority"),
        })),
      };
    }),
  };
}

export async function voicePage(db: Database) {
  const plan = await repository.findCurrentPlan(db);
  if (!plan) return null;
  const [items, links, priorities] = await Promise.all([
    repository.listVoiceItems(db, plan.id),
    repository.listVoiceItemPriorityLinks(db, plan.id),
    repository.listPriorities(db, plan.id),
  ]);
  const priorityById = new Map(priorities.map((p) => [p.id, p]));
  const withLinks = items.map((item) => ({
    ...item,
    priorities: links
      .filter((l) => l.voiceItemId === item.id)
      .map((l) => lookup(priorityById, l.priorityId, "priority"))
      .sort((a, b) => a.number - b.number),
  }));
  return {
    summary: summarise(plan),
    plan,
    wishes: withLinks.filter((i) => i.kind === "wish"),
    asks: withLinks.filter((i) => i.kind === "ask"),
  };
}

export async function successPage(db: Database) {
  const plan = await repository.findCurrentPlan(db);
  if (!plan) return null;
  const [indicators, endStates] = await Promise.all([
    repository.listKeyIndicators(db, plan.id),
    repository.listEndStates(db, plan.id),
  ]);
  return {
    summary: summarise(plan),
    indicators: active(indicators),
    indicatorOrder: active(indicators).map((i) => i.id),
    retiredIndicators: retired(indicators),
    endStates: active(endStates),
    endStateOrder: active(endStates).map((e) => e.id),
    retiredEndStates: retired(endStates),
    endYear: plan.firstYear + plan.years,
  };
}

/** Setting up the plan: its details, its priorities in order, and those retired from it. */
export async function setupPage(db: Database) {
  const plan = await repository.findCurrentPlan(db);
  if (!plan) return null;
  const priorities = await repository.listPriorities(db, plan.id);
  return { summary: summarise(plan), plan, priorities: active(priorities), retiredPriorities: retired(priorities) };
}

export async function search(db: Database, query: string) {
  const plan = await repository.findCurrentPlan(db);
  if (!plan) return null;
  const hits = query === "" ? [] : await repository.searchPlanText(db, plan.id, query);
  return {
    summary: summarise(plan),
    query,
    hits: hits.map((hit) => ({ ...hit, yearLabel: hit.planYear === null ? null : planYearLabel(hit.planYear), href: hrefOf(hit) })),
  };
}

function hrefOf(hit: repository.SearchHit): string {
  const page = `/priorities/${hit.priorityNumber}`;
  if (hit.kind === "milestone") return `${page}#milestone-${hit.id}`;
  if (hit.kind === "outcome") return `${page}#outcome-${hit.id}`;
  return page;
}

export type { PriorityRow };
