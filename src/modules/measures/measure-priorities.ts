import type { Executor } from "../../db/client.ts";
import { priorityNumbersById } from "../plan/index.ts";
import * as repository from "./repository.ts";

/**
 * The priorities a measure evidences, by their numbers. The links are this module's; the numbers
 * are the plan's, asked of the plan module by the priorities' ids.
 */

/** Measure id → the numbers of the priorities it evidences, in order (all measures, or these). */
export async function priorityNumbersByMeasure(db: Executor, measureIds?: readonly number[]): Promise<Map<number, number[]>> {
  const links = await repository.listPriorityLinks(db, measureIds);
  const numbers = await priorityNumbersById(db, [...new Set(links.map((l) => l.priorityId))]);
  const map = new Map<number, number[]>();
  for (const { measureId, priorityId } of links) {
    const number = numbers.get(priorityId);
    if (number !== undefined) map.set(measureId, [...(map.get(measureId) ?? []), number]);
  }
  for (const list of map.values()) list.sort((a, b) => a - b);
  return map;
}

/** The numbers of the priorities a measure evidences, in order. */
export async function priorityNumbersOf(db: Executor, measureId: number): Promise<number[]> {
  return (await priorityNumbersByMeasure(db, [measureId])).get(measureId) ?? [];
}
