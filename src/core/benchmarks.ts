import type { Polarity } from "./spc.ts";

/**
 * Benchmarks as DfE's LAIT computes them: the statistical-neighbour value is the mean of the
 * neighbours that have a value; quartile bands come from cut points over all councils' values,
 * band A being the best quartile by polarity; rank 1 is best and ties take the lowest rank.
 */
export type QuartileBand = "A" | "B" | "C" | "D";

/** The statistical-neighbour average: the mean of the neighbours that have a value, and how many did. */
export function neighbourMean(values: (number | null)[]): { mean: number | null; count: number } {
  const present = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (present.length === 0) return { mean: null, count: 0 };
  return { mean: present.reduce((a, b) => a + b, 0) / present.length, count: present.length };
}

/** A percentile with linear interpolation between closest ranks, as Excel's PERCENTILE.INC. */
function percentileInc(sorted: number[], fraction: number): number {
  const position = (sorted.length - 1) * fraction;
  const below = Math.floor(position);
  const lower = sorted[below] as number;
  const upper = sorted[Math.min(below + 1, sorted.length - 1)] as number;
  return lower + (position - below) * (upper - lower);
}

/** The lower, median and upper quartile cut points over all councils' values (Excel's QUARTILE.INC). */
export function quartileCutPoints(allValues: number[]): [number, number, number] | null {
  const sorted = allValues.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  return [percentileInc(sorted, 0.25), percentileInc(sorted, 0.5), percentileInc(sorted, 0.75)];
}

/** At or past a cut point, allowing for floating-point dust in the interpolation. */
function atOrAbove(value: number, cut: number): boolean {
  return value - cut >= -1e-9 * Math.max(1, Math.abs(value), Math.abs(cut));
}

/**
 * The council's quartile band against all councils, as LAIT bands it: A is the best quartile by
 * polarity. LAIT's quartiles run from the lowest value up, each closed at its top: at or below the
 * lower cut point, then up to and including the median, then up to and including the upper cut
 * point, then above it. So a value on a cut point falls in the lower quartile: the worse band where
 * higher is better (D at or below the lower cut point, A only above the upper), the better band
 * where lower is better (A at or below the lower cut point).
 */
export function quartileBand(value: number | null, allValues: number[], polarity: Polarity): QuartileBand | null {
  if (value === null || !Number.isFinite(value) || polarity === "neither") return null;
  const cuts = quartileCutPoints(allValues);
  if (!cuts) return null;
  const quartile = cuts.findIndex((cut) => atOrAbove(cut, value)); // 0–2, or -1 above the upper cut point
  const fromLowest = quartile === -1 ? 3 : quartile;
  const bands: QuartileBand[] = polarity === "lower-better" ? ["A", "B", "C", "D"] : ["D", "C", "B", "A"];
  return bands[fromLowest] ?? null;
}

/** The council's rank among all councils, 1 being best by polarity; tied councils share the lowest (best) rank. */
export function rank(value: number | null, allValues: number[], polarity: Polarity): { rank: number; of: number } | null {
  if (value === null || !Number.isFinite(value) || polarity === "neither") return null;
  const present = allValues.filter((v) => Number.isFinite(v));
  if (present.length === 0) return null;
  const better = present.filter((v) => (polarity === "higher-better" ? v > value : v < value)).length;
  return { rank: better + 1, of: present.length };
}
