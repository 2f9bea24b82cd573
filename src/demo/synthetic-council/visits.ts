import { addDays, extractDate, firstDay, onWorkingDay } from "./dates.ts";
import type { Random } from "./random.ts";

/**
 * The days a child is visited from `from` until `until` (null: still open at the extract date),
 * every `minGap` to `maxGap` days, on working days. Visits before the records begin are not
 * recorded, so a plan open for years yields only those from April 2023.
 */
export function visitDays(random: Random, from: string, until: string | null, minGap: number, maxGap: number): string[] {
  const last = until !== null && until < extractDate ? until : extractDate;
  const days: string[] = [];
  // A plan open since before the records begin: its visits follow on from one shortly before.
  let day = from < firstDay ? addDays(firstDay, -random.integer(0, maxGap)) : from;
  for (;;) {
    day = onWorkingDay(addDays(day, random.integer(minGap, maxGap)));
    if (day > last) return days;
    if (day >= firstDay) days.push(day);
  }
}

/** "Y" or "N", with `share` of them "Y". */
export const yesNo = (random: Random, share: number): "Y" | "N" => (random.chance(share) ? "Y" : "N");
