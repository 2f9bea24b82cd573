import { planYearLabel } from "../../core/plan-years.ts";
import { conflicted, notFound, succeeded, UserError, type Outcome } from "../../core/problems.ts";
import type { Database, Executor } from "../../db/client.ts";
import { recordChange, type ChangeContext } from "../access/index.ts";
import * as repository from "./repository.ts";
import type { MeasureRow, TargetRow } from "./repository.ts";

/**
 * A measure's targets edited in the app: one per plan year. Each change runs in one transaction
 * with its audit event (the target before and after), and a change or removal names the version
 * the person started from: if someone else saved first, nothing is written and the caller gets
 * a `Conflict` with the target as it now stands, or `NotFound` when it has been removed.
 */
export interface TargetFields {
  value: number;
  tolerance: number;
  oneOff: boolean;
  achieved: boolean;
  note: string;
}

/** A target as the audit trail and the conflict page show it. */
export function targetFields(target: Pick<TargetRow, "planYear" | keyof TargetFields>) {
  return {
    planYear: planYearLabel(target.planYear),
    value: target.value,
    tolerance: target.tolerance,
    oneOff: target.oneOff ? "Yes" : "No",
    achieved: target.achieved ? "Yes" : "No",
    note: target.note,
  };
}

const audited = (measure: MeasureRow, target: Pick<TargetRow, "planYear" | keyof TargetFields>) => ({ measure: measure.code, ...targetFields(target) });

/** The target with this id, if it is one of this measure's. */
export async function findTargetOf(db: Database, measure: MeasureRow, id: number): Promise<TargetRow | undefined> {
  const target = await repository.findTarget(db, id);
  return target?.measureId === measure.id ? target : undefined;
}

/** Adds a target for a plan year; refused, naming the plan year field, when the year already has one. */
export async function addTarget(db: Database, context: ChangeContext, measure: MeasureRow, form: TargetFields & { planYear: number }): Promise<TargetRow> {
  return db.transaction(async (tx) => {
    const saved = await repository.insertTarget(tx, { measureId: measure.id, planYear: form.planYear, value: form.value, tolerance: form.tolerance, oneOff: form.oneOff, achieved: form.achieved, note: form.note });
    if (!saved) throw new UserError("invalid", `${measure.code} already has a target for ${planYearLabel(form.planYear)}: change that one instead`, { field: "planYear" });
    await recordChange(tx, context, { action: "add", recordType: "measure target", recordId: saved.id, after: audited(measure, saved) });
    return saved;
  });
}

/** The target as it stands after a change was refused: a conflict with it, or not found when it has gone. */
const refused = async (tx: Executor, id: number) => {
  const now = await repository.findTarget(tx, id);
  return now ? conflicted(now) : notFound();
};

/** Changes a target's value, tolerance, one-off and achieved flags and note; its plan year stays. */
export async function editTarget(db: Database, context: ChangeContext, measure: MeasureRow, id: number, form: TargetFields & { version: number }): Promise<Outcome<TargetRow>> {
  return db.transaction(async (tx) => {
    const current = await repository.findTarget(tx, id);
    if (!current || current.measureId !== measure.id) return notFound();
    if (current.version !== form.version) return conflicted(current);
    const saved = await repository.updateTargetAt(tx, id, form.version, { value: form.value, tolerance: form.tolerance, oneOff: form.oneOff, achieved: form.achieved, note: form.note });
    if (!saved) return refused(tx, id);
    await recordChange(tx, context, { action: "update", recordType: "measure target", recordId: id, before: audited(measure, current), after: audited(measure, saved) });
    return succeeded(saved);
  });
}

/** Removes a target, if nobody has changed it since `version` was read. */
export async function removeTarget(db: Database, context: ChangeContext, measure: MeasureRow, id: number, version: number): Promise<Outcome<TargetRow>> {
  return db.transaction(async (tx) => {
    const current = await repository.findTarget(tx, id);
    if (!current || current.measureId !== measure.id) return notFound();
    if (current.version !== version) return conflicted(current);
    const removed = await repository.deleteTargetAt(tx, id, version);
    if (!removed) return refused(tx, id);
    await recordChange(tx, context, { action: "remove", recordType: "measure target", recordId: id, before: audited(measure, removed) });
    return succeeded(removed);
  });
}
