import { dayNumberOf } from "./day-numbers.ts";
import type { Polarity } from "./spc.ts";

/**
 * Direction of travel, judged by polarity: short term against the previous period, long term
 * against the same period a year before. Every arrow comes with its word, so the arrow never
 * carries the meaning alone.
 */
export type Arrow = "↑" | "↓" | "→" | "";
export type DirectionWord = "Improving" | "Worsening" | "No change" | "Up" | "Down" | "No comparison";

/** The arrow and word for how a measure moved since the period it is compared with, judged by its polarity. */
export function direction(current: number | null, previous: number | null, polarity: Polarity): { arrow: Arrow; word: DirectionWord } {
  if (current === null || previous === null || !Number.isFinite(current) || !Number.isFinite(previous)) {
    return { arrow: "", word: "No comparison" };
  }
  if (current === previous) return { arrow: "→", word: "No change" };
  const up = current > previous;
  const arrow = up ? "↑" : "↓";
  if (polarity === "neither") return { arrow, word: up ? "Up" : "Down" };
  const better = up === (polarity === "higher-better");
  return { arrow, word: better ? "Improving" : "Worsening" };
}

/** Days since 1970 for a real ISO date (spaces around it allowed), or null. */
const dayNumber = (isoDate: string): number | null => dayNumberOf(isoDate.trim());

/** How far from the exact date a period can end and still count as "the same time last year". */
export const sameTimeLastYearWindowDays = 15;

/** The period to compare with for long-term direction of travel: the one ending a year earlier, or the closest within 15 days of that. */
export function sameTimeLastYear(periodEnd: string, candidates: string[]): string | null {
  const end = periodEnd.trim();
  if (dayNumber(end) === null) return null;
  const [year, month, day] = [Number(end.slice(0, 4)) - 1, Number(end.slice(5, 7)), Number(end.slice(8, 10))];
  // A year before 29 February is 28 February.
  const lastDayOfMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const target = dayNumberOf(`${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(Math.min(day, lastDayOfMonth)).padStart(2, "0")}`) ?? 0;

  let best: { candidate: string; distance: number; day: number } | null = null;
  for (const candidate of candidates) {
    const candidateDay = dayNumber(candidate);
    if (candidateDay === null) continue;
    const distance = Math.abs(candidateDay - target);
    if (distance > sameTimeLastYearWindowDays) continue;
    // Closest wins; between two equally close, the earlier one.
    if (!best || distance < best.distance || (distance === best.distance && candidateDay < best.day)) {
      best = { candidate, distance, day: candidateDay };
    }
  }
  return best?.candidate ?? null;
}
