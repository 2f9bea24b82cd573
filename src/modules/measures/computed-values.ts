import type { Polarity, Unit } from "../../core/measure-kinds.ts";
import type { Executor } from "../../db/client.ts";
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
}

export type ComputedValue = ComputedValueRow;

export type StoredComputed = { kind: "stored"; added: number; changed: number; unchanged: number } | { kind: "not-computed"; message: string };

/**
 * Puts a computed measure's monthly values in the catalogue, adding the measure (source
 * `computed`, monthly) the first time. A measure of the same code that people enter or import is
 * never overwritten: its values are left as they are and the reason is returned. Values are
 * written after the measure's turn is taken, as every save of values does.
 */
export async function storeComputedValues(tx: Executor, measure: ComputedMeasure, values: readonly ComputedValue[]): Promise<StoredComputed> {
  const existing =
    (await repository.findMeasure(tx, measure.code)) ??
    (await repository.insertMeasureIfAbsent(tx, { ...measure, frequency: "monthly", source: "computed" })) ??
    (await repository.findMeasure(tx, measure.code));
  if (!existing) throw new Error(`the measure ${measure.code} was neither found nor added`);
  if (existing.source !== "computed") {
    return { kind: "not-computed", message: `${measure.code} is in the catalogue as an ${existing.source} measure, so its values were left as they are` };
  }
  await repository.lockValueMeasures(tx, [existing.id]);
  return { kind: "stored", ...(await repository.upsertComputedValues(tx, existing.id, values)) };
}
