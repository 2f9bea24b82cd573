import { planYearLabel } from "../../core/plan-years.ts";
import type { Database } from "../../db/client.ts";
import { recordChange, type ChangeContext } from "../access/index.ts";
import * as repository from "./repository.ts";
import type { MeasureRow, TargetRow } from "./repository.ts";

/**
 * A measure's targets edited in the app: one per plan year. Each change runs in one transaction
 * with its audit event (the target before and after), and a change or removal names the version
 * the person started from: if someone else saved first, nothing is written and the caller gets
 * the target as it now stands.
 */
export interface TargetFields {
  value: number;
  tolerance: number;
  oneOff: boolean;
  achieved: boolean;
  note: string;
}

export type TargetResult =
  | { ok: true; target: TargetRow }
  | { ok: false; conflict: TargetRow }
  | { ok: false; missing: true }
  | { ok: false; duplicate: TargetRow };

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

/** Adds a target for a plan year; refused (with the one there) when the year already has one. */
export async function addTarget(db: Database, context: ChangeContext, measure: MeasureRow, form: TargetFields & { planYear: number }): Promise<TargetResult> {
  return db.transaction(async (tx) => {
    const saved = await repository.insertTarget(tx, { measureId: measure.id, planYear: form.planYear, value: form.value, tolerance: form.tolerance, oneOff: form.oneOff, achieved: form.achieved, note: form.note });
    if (!saved) {
      const existing = (await repository.listTargets(tx, [measure.id])).find((t) => t.planYear === form.planYear);
      return existing ? ({ ok: false, duplicate: existing } as const) : ({ ok: false, missing: true } as const);
    }
    await recordChange(tx, context, { action: "add", recordType: "measure target", recordId: saved.id, after: audited(measure, saved) });
    return { ok: true, target: saved } as const;
  });
}

/** Changes a target's value, tolerance, one-off and achieved flags and note; its plan year stays. */
export async function editTarget(db: Database, context: ChangeContext, measure: MeasureRow, id: number, form: TargetFields & { version: number }): Promise<TargetResult> {
  return db.transaction(async (tx) => {
    const current = await repository.findTarget(tx, id);
    if (!current || current.measureId !== measure.id) return { ok: false, missing: true } as const;
    if (current.version !== form.version) return { ok: false, conflict: current } as const;
    const saved = await repository.updateTargetAt(tx, id, form.version, { value: form.value, tolerance: form.tolerance, oneOff: form.oneOff, achieved: form.achieved, note: form.note });
    if (!saved) {
      const now = await repository.findTarget(tx, id);
      return now ? ({ ok: false, conflict: now } as const) : ({ ok: false, missing: true } as const);
    }
    await recordChange(tx, context, { action: "update", recordType: "measure target", recordId: id, before: audited(measure, current), after: audited(measure, saved) });
    return { ok: true, target: saved } as const;
  });
}

/** Removes a target, if nobody has changed it since `version` was read. */
export async function removeTarget(db: Database, context: ChangeContext, measure: MeasureRow, id: number, version: number): Promise<TargetResult> {
  return db.transaction(async (tx) => {
    const current = await repository.findTarget(tx, id);
    if (!current || current.measureId !== measure.id) return { ok: false, missing: true } as const;
    if (current.version !== version) return { ok: false, conflict: current } as const;
    const removed = await repository.deleteTargetAt(tx, id, version);
    if (!removed) {
      const now = await repository.findTarget(tx, id);
      return now ? ({ ok: false, conflict: now } as const) : ({ ok: false, missing: true } as const);
    }
    await recordChange(tx, context, { action: "remove", recordType: "measure target", recordId: id, before: audited(measure, removed) });
    return { ok: true, target: removed } as const;
  });
}
