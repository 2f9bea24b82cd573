import type { Frequency, Polarity, Unit } from "../../core/measure-kinds.ts";
import type { Database, Executor } from "../../db/client.ts";
import { recordChange, type ChangeContext } from "../access/index.ts";
import * as repository from "./repository.ts";
import type { ComputedValueRow } from "./repository.ts";

/** A measure computed from case records, as the catalogue describes it. */
export interface ComputedMeasure {
  code: string;
  title: string;
  definition: string;
  unit: Unit;
  polarity: Polarity;
  decimals: number;
  /** How often it is computed: monthly unless it says otherwise. */
  frequency?: Frequency;
}

export type ComputedValue = ComputedValueRow;

export type StoredComputed = { kind: "stored"; added: number; changed: number; unchanged: number } | { kind: "not-computed"; message: string };

/**
 * Puts a computed measure's values in the catalogue, adding the measure (source `computed`,
 * monthly unless it says otherwise) the first time. A measure of the same code that people enter or import is
 * never overwritten: its values are left as they are and the reason is returned. Values are
 * written after the measure's turn is taken, as every save of values does.
 */
export async function storeComputedValues(tx: Executor, measure: ComputedMeasure, values: readonly ComputedValue[]): Promise<StoredComputed> {
  const existing =
    (await repository.findMeasure(tx, measure.code)) ??
    (await repository.insertMeasureIfAbsent(tx, { ...measure, frequency: measure.frequency ?? "monthly", source: "computed" })) ??
    (await repository.findMeasure(tx, measure.code));
  if (!existing) throw new Error(`the measure ${measure.code} was neither found nor added`);
  if (existing.source !== "computed") {
    return { kind: "not-computed", message: `${measure.code} is in the catalogue as an ${existing.source} measure, so its values were left as they are` };
  }
  await repository.lockValueMeasures(tx, [existing.id]);
  return { kind: "stored", ...(await repository.upsertComputedValues(tx, existing.id, values)) };
}

/**
 * Sets a computed measure beside the measure the council reports it as (re-referrals computed
 * from case records beside the re-referral rate typed from its reports): the computed one takes
 * the reported one's priorities, and its targets for the plan years it has none for. Audited; false
 * when either measure is not in the catalogue or the computed one is not computed.
 */
export async function reportComputedAs(db: Database, context: ChangeContext, computedCode: string, reportedCode: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const computed = await repository.findMeasure(tx, computedCode);
    const reported = await repository.findMeasure(tx, reportedCode);
    if (!computed || !reported || computed.source !== "computed") return false;
    const priorities = (await repository.listPriorityLinks(tx, [reported.id])).map((link) => link.priorityId);
    await repository.replacePriorityLinks(tx, computed.id, priorities);
    const held = new Set((await repository.listTargets(tx, [computed.id])).map((target) => target.planYear));
    const targets = (await repository.listTargets(tx, [reported.id])).filter((target) => !held.has(target.planYear));
    await repository.insertTargets(
      tx,
      targets.map((target) => ({ measureId: computed.id, planYear: target.planYear, value: target.value, tolerance: target.tolerance, oneOff: target.oneOff, achieved: target.achieved, note: target.note })),
    );
    await recordChange(tx, context, { action: "link", recordType: "measure", recordId: computed.id, after: { code: computedCode, reportedAs: reportedCode, priorities: priorities.length, targets: targets.length } });
    return true;
  });
}

/**
 * Places a computed measure under priorities of the plan (their ids) where no measure the council
 * reports fits it to stand beside. Audited; false when the measure is not in the catalogue or is
 * not computed.
 */
export async function placeComputedUnder(db: Database, context: ChangeContext, computedCode: string, priorityIds: number[]): Promise<boolean> {
  return db.transaction(async (tx) => {
    const computed = await repository.findMeasure(tx, computedCode);
    if (!computed || computed.source !== "computed") return false;
    await repository.replacePriorityLinks(tx, computed.id, priorityIds);
    await recordChange(tx, context, { action: "link", recordType: "measure", recordId: computed.id, after: { code: computedCode, priorities: priorityIds.length } });
    return true;
  });
}
