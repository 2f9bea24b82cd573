import { londonDateOf } from "./values-as-at.ts";

/**
 * Records of the plan are retired, never deleted: a retired priority, milestone or outcome leaves
 * the plan as it stands, but stays in the history and in what was reported while it was part of it.
 */

/**
 * Whether a record was part of the plan on a day (YYYY-MM-DD): it has not been retired, or was
 * retired on a later day (in England). A report for a period includes what was in force on its first day.
 */
export function inForceOn(retiredAt: Date | null, date: string): boolean {
  return retiredAt === null || londonDateOf(retiredAt) > date;
}
