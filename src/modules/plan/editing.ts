import { planYearLabel, planYearsOf } from "../../core/plan-years.ts";
import { notFound, UserError, type Outcome } from "../../core/problems.ts";
import type { Database, Executor, Transaction } from "../../db/client.ts";
import { type ChangeContext, versionedEdit } from "../access/index.ts";
import * as repository from "./repository.ts";
import type { EndStateRow, KeyIndicatorRow, MilestoneRow, OutcomeRow, PlanRow, PriorityRow } from "./repository.ts";
import type { MilestoneForm, OutcomeForm, PlanDetailsForm, PriorityForm } from "./schemas.ts";

// Changes to the plan made in the app, each audited and refused when someone else saved first (see `versionedEdit`).

/** A change the plan's rules refuse, naming the form field it is about. */
export class PlanEditError extends UserError {
  declare readonly field: string;

  constructor(message: string, field: string) {
    super("invalid", message, { field });
    this.name = "PlanEditError";
  }
}

/** "2024/25 to 2026/27". */
export function yearsLabel(firstYear: number, years: number): string {
  return years === 1 ? planYearLabel(firstYear) : `${planYearLabel(firstYear)} to ${planYearLabel(firstYear + years - 1)}`;
}

/** The fields of each record that the audit trail and the conflict page compare. */
export function planFields(p: PlanRow) {
  return {
    title: p.title,
    councilName: p.councilName,
    serviceName: p.serviceName,
    subtitle: p.subtitle,
    planYears: yearsLabel(p.firstYear, p.years),
    vision: p.vision,
    values: p.values,
    youngPeopleHeadline: p.youngPeopleHeadline,
    youngPeopleStatement: p.youngPeopleStatement,
  };
}

export function priorityFields(p: PriorityRow) {
  return { title: p.title, vision: p.vision, lead: p.lead ?? "", narrative: p.narrative, keyElements: p.keyElements };
}

/** A milestone with the numbers of the Ofsted areas it answers, as it is edited. */
export type EditedMilestone = MilestoneRow & { ofstedAreas: number[] };

export function milestoneFields(m: EditedMilestone) {
  return { text: m.text, owner: m.owner ?? "", dueOn: m.dueOn ?? "", ofstedAreas: m.ofstedAreas };
}

export function outcomeFields(o: OutcomeRow) {
  return { text: o.text };
}

export function keyIndicatorFields(k: KeyIndicatorRow) {
  return { text: k.text };
}

export function endStateFields(e: EndStateRow) {
  return { achieve: e.achieve, impact: e.impact };
}

function edit<T extends { id: number; version: number }>(
  db: Database,
  context: ChangeContext,
  recordType: string,
  load: (db: Executor) => Promise<T | undefined>,
  fields: (row: T) => Record<string, unknown>,
  update: (tx: Transaction, row: T) => Promise<boolean>,
  form: { version: number },
): Promise<Outcome<T>> {
  return versionedEdit(db, context, { recordType, load, fields, update }, form.version);
}

/** A record retired from the plan is kept as it was: it is not edited any more. */
const unlessRetired = <T extends { retiredAt: Date | null }>(row: T | undefined) => (row && row.retiredAt === null ? row : undefined);

/**
 * Changes the plan's details. Its years may change only so far as they still hold every year the
 * plan already uses: its milestones' years and its reporting periods' (`yearsInUse`).
 */
export async function editPlan(db: Database, context: ChangeContext, id: number, form: PlanDetailsForm & { version: number }, yearsInUse: number[]): Promise<Outcome<PlanRow>> {
  const plan = await repository.findPlanById(db, id);
  if (!plan) return notFound();
  const priorities = await repository.listPriorities(db, id);
  const milestoneYears = (await repository.listMilestones(db, priorities.map((p) => p.id))).map((m) => m.planYear);
  const kept = new Set(planYearsOf(form.firstYear, form.years));
  const outside = [...new Set([...milestoneYears, ...yearsInUse])].filter((year) => !kept.has(year)).sort((a, b) => a - b);
  if (outside.length > 0) {
    const field = outside[0] !== undefined && outside[0] < form.firstYear ? "firstYear" : "lastYear";
    throw new PlanEditError(`The plan already has milestones or reporting periods in ${outside.map(planYearLabel).join(", ")}: its years must include them`, field);
  }
  return edit(db, context, "plan", (d) => repository.findPlanById(d, id), planFields, (tx, row) =>
    repository.updatePlanAt(tx, row.id, form.version, {
      title: form.title,
      councilName: form.councilName,
      serviceName: form.serviceName,
      subtitle: form.subtitle,
      firstYear: form.firstYear,
      years: form.years,
      vision: form.vision,
      values: form.values,
      youngPeopleHeadline: form.youngPeopleHeadline,
      youngPeopleStatement: form.youngPeopleStatement,
    }), form);
}

export function editPriority(db: Database, context: ChangeContext, id: number, form: PriorityForm) {
  return edit(db, context, "priority", async (d) => unlessRetired(await repository.findPriorityById(d, id)), priorityFields, (tx, row) =>
    repository.updatePriorityAt(tx, row.id, form.version, {
      title: form.title,
      vision: form.vision,
      lead: form.lead || null,
      narrative: form.narrative,
      keyElements: form.keyElements,
    }), form);
}

/** A milestone as it is edited: with the numbers of the Ofsted areas it answers. */
export async function editedMilestone(db: Executor, id: number, areaNumbers: ReadonlyMap<number, number>): Promise<EditedMilestone | undefined> {
  const milestone = await repository.findMilestone(db, id);
  if (!milestone) return undefined;
  const areaIds = await repository.milestoneAreaIds(db, id);
  return { ...milestone, ofstedAreas: areaIds.flatMap((areaId) => areaNumbers.get(areaId) ?? []).sort((a, b) => a - b) };
}

/** `areas` maps each Ofsted area's number to its id, for the plan the milestone belongs to. */
export function editMilestone(db: Database, context: ChangeContext, id: number, form: MilestoneForm, areas: ReadonlyMap<number, number>) {
  const numbers = new Map([...areas].map(([number, areaId]) => [areaId, number]));
  return edit(db, context, "milestone", async (d) => unlessRetired(await editedMilestone(d, id, numbers)), milestoneFields, async (tx, row) => {
    if (!(await repository.updateMilestoneAt(tx, row.id, form.version, { text: form.text, owner: form.owner || null, dueOn: form.dueOn || null }))) return false;
    await repository.setMilestoneAreas(tx, row.id, form.ofstedAreas.flatMap((n) => areas.get(n) ?? []));
    return true;
  }, form);
}

export function editOutcome(db: Database, context: ChangeContext, id: number, form: OutcomeForm) {
  return edit(db, context, "outcome", async (d) => unlessRetired(await repository.findOutcome(d, id)), outcomeFields, (tx, row) =>
    repository.updateOutcomeAt(tx, row.id, form.version, { text: form.text }), form);
}

export function editKeyIndicator(db: Database, context: ChangeContext, id: number, form: { text: string; version: number }) {
  return edit(db, context, "key indicator", async (d) => unlessRetired(await repository.findKeyIndicator(d, id)), keyIndicatorFields, (tx, row) =>
    repository.updateKeyIndicatorAt(tx, row.id, form.version, { text: form.text }), form);
}

export function editEndState(db: Database, context: ChangeContext, id: number, form: { achieve: string; impact: string[]; version: number }) {
  return edit(db, context, "end state", async (d) => unlessRetired(await repository.findEndState(d, id)), endStateFields, (tx, row) =>
    repository.updateEndStateAt(tx, row.id, form.version, { achieve: form.achieve, impact: form.impact }), form);
}
