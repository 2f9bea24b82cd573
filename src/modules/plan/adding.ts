import type { Database, Transaction } from "../../db/client.ts";
import { addOnce, type Added } from "../../db/form-submissions.ts";
import { takeTurns } from "../../db/locks.ts";
import { recordChange, type ChangeContext } from "../access/index.ts";
import { endStateFields, keyIndicatorFields, milestoneFields, outcomeFields, planFields, priorityFields } from "./editing.ts";
import * as repository from "./repository.ts";
import type { EndStateRow, KeyIndicatorRow, MilestoneRow, OutcomeRow, PlanRow, PriorityRow } from "./repository.ts";
import type { NewPriorityForm, PlanDetailsForm } from "./schemas.ts";

/**
 * Adding to the plan in the app. Each add runs in one transaction with its audit event and carries
 * its form's token: the same form sent twice adds one record, and the second sending is told
 * which (`repeated`).
 */
export { StaleFormError, type Added } from "../../db/form-submissions.ts";

/** Adds once per form token, with the record's audit event in the same transaction. */
function addAudited<T extends { id: number }>(
  db: Database,
  context: ChangeContext,
  formToken: string,
  recordType: string,
  find: (tx: Transaction, id: number) => Promise<T | undefined>,
  create: (tx: Transaction) => Promise<T>,
  fields: (row: T) => Record<string, unknown>,
): Promise<Added<T>> {
  return addOnce(db, formToken, recordType, find, async (tx) => {
    const row = await create(tx);
    await recordChange(tx, context, { action: "create", recordType, recordId: row.id, after: fields(row) });
    return row;
  });
}

/** A plan's short name from its title and first year: "achieving-excellence-2024". */
export function slugFor(title: string, firstYear: number): string {
  const words = title
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return `${words || "plan"}-${String(firstYear)}`;
}

/**
 * Starts a plan, with no priorities yet. The newest plan is the one the app shows, so this one
 * takes the place of any plan before it; those stay, with everything reported against them.
 */
export function createPlan(db: Database, context: ChangeContext, formToken: string, form: PlanDetailsForm): Promise<Added<PlanRow>> {
  return addAudited(db, context, formToken, "plan", (tx, id) => repository.findPlanById(tx, id), async (tx) => {
    const stem = slugFor(form.title, form.firstYear);
    // A slug is unique: the second "Achieving Excellence" of 2024 is "achieving-excellence-2024-2".
    for (let n = 1; ; n += 1) {
      const plan = await repository.insertNewPlan(tx, {
        slug: n === 1 ? stem : `${stem}-${String(n)}`,
        title: form.title,
        subtitle: form.subtitle,
        councilName: form.councilName,
        serviceName: form.serviceName,
        firstYear: form.firstYear,
        years: form.years,
        values: form.values,
        vision: form.vision,
        youngPeopleHeadline: form.youngPeopleHeadline,
        youngPeopleStatement: form.youngPeopleStatement,
        introduction: [],
        whatMattersToUs: [],
        framework: [],
        highlights: [],
        findings: [],
      });
      if (plan) return plan;
    }
  }, (plan) => ({ slug: plan.slug, ...planFields(plan) }));
}

/** Adds a priority at the end of the plan, with the next number no priority has had. */
export function addPriority(db: Database, context: ChangeContext, formToken: string, planId: number, form: Omit<NewPriorityForm, "formToken">): Promise<Added<PriorityRow>> {
  return addAudited(db, context, formToken, "priority", (tx, id) => repository.findPriorityById(tx, id), async (tx) => {
    // Two priorities added at once take turns, so each gets a number of its own.
    await takeTurns(tx, `priorities of plan ${String(planId)}`);
    const place = await repository.nextPriorityPlace(tx, planId);
    return repository.insertPriority(tx, {
      planId,
      number: place.number,
      position: place.position,
      title: form.title,
      vision: form.vision,
      lead: form.lead || null,
      narrative: form.narrative,
      keyElements: form.keyElements,
      enablers: [],
    });
  }, (p) => ({ number: p.number, ...priorityFields(p) }));
}

/** `areas` are the ids of the Ofsted areas the milestone answers; `areaNumbers` what they are called. */
export function addMilestone(
  db: Database,
  context: ChangeContext,
  formToken: string,
  priorityId: number,
  form: { planYear: number; text: string; owner: string; dueOn: string; areaIds: number[]; areaNumbers: number[] },
): Promise<Added<MilestoneRow>> {
  return addAudited(db, context, formToken, "milestone", (tx, id) => repository.findMilestone(tx, id), async (tx) => {
    const position = await repository.nextPosition(tx, "milestones", priorityId, form.planYear);
    const row = await repository.insertMilestone(tx, { priorityId, planYear: form.planYear, position, text: form.text, owner: form.owner || null, dueOn: form.dueOn || null });
    await repository.setMilestoneAreas(tx, row.id, form.areaIds);
    return row;
  }, (row) => ({ ...milestoneFields({ ...row, ofstedAreas: form.areaNumbers }), planYear: row.planYear }));
}

export function addOutcome(db: Database, context: ChangeContext, formToken: string, priorityId: number, form: { text: string }): Promise<Added<OutcomeRow>> {
  return addAudited(db, context, formToken, "outcome", (tx, id) => repository.findOutcome(tx, id), async (tx) => {
    const position = await repository.nextPosition(tx, "outcomes", priorityId);
    return repository.insertOutcome(tx, { priorityId, position, text: form.text });
  }, outcomeFields);
}

export function addKeyIndicator(db: Database, context: ChangeContext, formToken: string, planId: number, form: { text: string }): Promise<Added<KeyIndicatorRow>> {
  return addAudited(db, context, formToken, "key indicator", (tx, id) => repository.findKeyIndicator(tx, id), async (tx) => {
    const position = await repository.nextPlanPosition(tx, "key_indicators", planId);
    return repository.insertKeyIndicator(tx, { planId, position, text: form.text });
  }, keyIndicatorFields);
}

export function addEndState(db: Database, context: ChangeContext, formToken: string, planId: number, form: { achieve: string; impact: string[] }): Promise<Added<EndStateRow>> {
  return addAudited(db, context, formToken, "end state", (tx, id) => repository.findEndState(tx, id), async (tx) => {
    const position = await repository.nextPlanPosition(tx, "end_states", planId);
    return repository.insertEndState(tx, { planId, position, achieve: form.achieve, impact: form.impact });
  }, endStateFields);
}
