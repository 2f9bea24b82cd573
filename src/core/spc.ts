import type { Polarity } from "./measure-kinds.ts";

/**
 * Statistical process control as NHS England's "Making Data Count" draws it: an XmR chart with
 * the mean and the mean moving range taken over a baseline, process limits at mean ± 2.66 × mR̄,
 * and four special-cause rules. The variation icon comes from the latest point; the assurance
 * icon from where the target sits against the process limits. Under `fewestForLimits` baseline
 * points there are no limits at all; from there to 12 they are trial limits, revised with each new
 * point.
 */

export interface SpcPoint {
  period: string;
  value: number;
}

export type { Polarity };

export type SpcRule = "outside-limits" | "shift" | "trend" | "two-of-three";
export type SpecialCause = "improvement" | "concern" | "neither";
export type Variation = "common-cause" | SpecialCause | "insufficient-data";
export type Assurance = "pass" | "fail" | "hit-and-miss";

export interface SpcOptions {
  polarity: Polarity;
  target?: number | null;
  /** Index of the first baseline point; points before it are shown but not used for the limits. Default 0. */
  baselineFrom?: number;
  /** How many points form the baseline. Default: all from baselineFrom. */
  baselineLength?: number;
  /**
   * The values the measure can take (0 to 100 for a percentage, 0 upwards for a count): a process
   * limit beyond them is drawn at the bound, since no value could ever cross it there.
   */
  bounds?: { lower?: number; upper?: number };
}

export interface SpcChartPoint {
  period: string;
  value: number;
  /** The difference from the point before, whichever way; null for the first point. */
  movingRange: number | null;
  specialCause: SpecialCause | null;
  /** Every rule the point is caught by, in the order outside-limits, shift, trend, two-of-three. */
  rules: SpcRule[];
}

export interface SpcResult {
  mean: number | null;
  averageMovingRange: number | null;
  upperLimit: number | null;
  lowerLimit: number | null;
  upperTwoSigma: number | null;
  lowerTwoSigma: number | null;
  /** Fewer than 12 points in the baseline: the limits are trial limits, revised as each new point arrives. */
  provisional: boolean;
  /** How many points the limits are (or would be) worked out from. */
  baselineCount: number;
  /** Which limits were brought in to the measure's bounds. */
  capped: { upper: boolean; lower: boolean };
  points: SpcChartPoint[];
  variation: Variation;
  assurance: Assurance | null;
}

/** The XmR constant: mean ± 2.66 × mean moving range is the "3 sigma" process limit. */
export const limitFactor = 2.66;
/**
 * The fewest points a baseline needs for limits to be drawn at all. Wheeler (Understanding
 * Variation, p. 60): "useful limits may be constructed with as few as five or six values", as
 * NHSRplotthedots' article on the number of points required quotes; with fewer, two or three
 * points only ever say that one is higher than another.
 */
export const fewestForLimits = 6;
/** Points a baseline needs before its limits stop being trial (provisional) limits. */
export const provisionalUnder = 12;
/** Points in a row that make a shift (one side of the mean) or a trend (all rising or all falling). */
export const runLength = 7;

const ruleOrder: readonly SpcRule[] = ["outside-limits", "shift", "trend", "two-of-three"];
/** When one point is caught by rules pointing different ways, the first of these decides its side (as NHS England's tool does). */
export const sidePrecedence: readonly SpcRule[] = ["outside-limits", "trend", "two-of-three", "shift"];

type Side = 1 | -1;

/** Compares a value with a computed line, ignoring floating-point dust (a value "on the mean" is on it). */
function sideOf(value: number, line: number): Side | 0 {
  const tolerance = 1e-9 * Math.max(1, Math.abs(value), Math.abs(line));
  if (value - line > tolerance) return 1;
  if (line - value > tolerance) return -1;
  return 0;
}

function classify(side: Side, polarity: Polarity): SpecialCause {
  if (polarity === "neither") return "neither";
  const good: Side = polarity === "higher-better" ? 1 : -1;
  return side === good ? "improvement" : "concern";
}

/** Marks every point of each maximal run of equal, non-zero sides that is at least `minimum` long. */
function markRuns(sides: (Side | 0)[], minimum: number, mark: (index: number, side: Side) => void): void {
  let start = 0;
  for (let i = 1; i <= sides.length; i++) {
    if (i < sides.length && sides[i] === sides[start]) continue;
    const side = sides[start];
    if (side !== undefined && side !== 0 && i - start >= minimum) {
      for (let j = start; j < i; j++) mark(j, side);
    }
    start = i;
  }
}

/** An XmR chart of a measure, with its special causes, variation and assurance as "Making Data Count" reads them. */
export function xmr(points: SpcPoint[], options: SpcOptions): SpcResult {
  const { polarity } = options;
  const values = points.map((p) => p.value);
  const movingRanges = values.map((v, i) => (i === 0 ? null : Math.abs(v - (values[i - 1] as number))));

  const from = Math.min(Math.max(0, Math.trunc(options.baselineFrom ?? 0)), values.length);
  const length = Math.min(Math.max(0, Math.trunc(options.baselineLength ?? values.length)), values.length - from);
  const baseline = values.slice(from, from + length);
  // Only ranges between two baseline points count: the jump into the baseline is not part of it.
  const baselineRanges = movingRanges.slice(from + 1, from + length) as number[];
  const provisional = baseline.length < provisionalUnder;

  const plain = points.map((p, i): SpcChartPoint => ({ period: p.period, value: p.value, movingRange: movingRanges[i] ?? null, specialCause: null, rules: [] }));
  const baselineCount = baseline.length;
  if (baselineCount < fewestForLimits) {
    return {
      mean: null, averageMovingRange: null, upperLimit: null, lowerLimit: null, upperTwoSigma: null, lowerTwoSigma: null,
      provisional, baselineCount, capped: { upper: false, lower: false }, points: plain, variation: "insufficient-data", assurance: null,
    };
  }

  const mean = baseline.reduce((a, b) => a + b, 0) / baseline.length;
  const averageMovingRange = baselineRanges.reduce((a, b) => a + b, 0) / baselineRanges.length;
  const { lower: floor = -Infinity, upper: ceiling = Infinity } = options.bounds ?? {};
  const capped = { upper: mean + limitFactor * averageMovingRange > ceiling, lower: mean - limitFactor * averageMovingRange < floor };
  const upperLimit = Math.min(mean + limitFactor * averageMovingRange, ceiling);
  const lowerLimit = Math.max(mean - limitFactor * averageMovingRange, floor);
  const twoSigma = (2 / 3) * limitFactor * averageMovingRange;
  const upperTwoSigma = mean + twoSigma;
  const lowerTwoSigma = mean - twoSigma;

  const signals = values.map(() => new Map<SpcRule, Side>());
  const mark = (rule: SpcRule) => (index: number, side: Side) => {
    const found = signals[index];
    if (found && !found.has(rule)) found.set(rule, side);
  };

  // (a) Outside the process limits.
  values.forEach((v, i) => {
    if (sideOf(v, upperLimit) === 1) mark("outside-limits")(i, 1);
    else if (sideOf(v, lowerLimit) === -1) mark("outside-limits")(i, -1);
  });

  // (b) Shift: 7 or more in a row on one side of the mean; a point on the mean breaks the run.
  markRuns(values.map((v) => sideOf(v, mean)), runLength, mark("shift"));

  // (c) Trend: 7 or more points in a row all rising or all falling (6 steps the same way); an equal value breaks it.
  const steps = values.slice(1).map((v, i): Side | 0 => Math.sign(v - (values[i] as number)) as Side | 0);
  markRuns(steps, runLength - 1, (stepIndex, side) => {
    mark("trend")(stepIndex, side);
    mark("trend")(stepIndex + 1, side);
  });

  // (d) Two out of three points in a row beyond the same 2-sigma line (a point beyond the limit is beyond it too).
  const beyond = values.map((v): Side | 0 => (sideOf(v, upperTwoSigma) === 1 ? 1 : sideOf(v, lowerTwoSigma) === -1 ? -1 : 0));
  beyond.forEach((side, i) => {
    if (side === 0) return;
    const partner = [i - 2, i - 1, i + 1, i + 2].some((j) => beyond[j] === side);
    if (partner) mark("two-of-three")(i, side);
  });

  const charted = plain.map((point, i): SpcChartPoint => {
    const found = signals[i] as Map<SpcRule, Side>;
    const decidingRule = sidePrecedence.find((rule) => found.has(rule));
    return {
      ...point,
      specialCause: decidingRule ? classify(found.get(decidingRule) as Side, polarity) : null,
      rules: ruleOrder.filter((rule) => found.has(rule)),
    };
  });

  const latest = charted.at(-1);
  const variation: Variation = latest?.specialCause ?? "common-cause";

  return {
    mean, averageMovingRange, upperLimit, lowerLimit, upperTwoSigma, lowerTwoSigma,
    provisional, baselineCount, capped, points: charted, variation, assurance: assurance(options.target, polarity, lowerLimit, upperLimit),
  };
}

/** Where the target sits against the process limits: consistently passing, consistently failing, or hit and miss. */
function assurance(target: number | null | undefined, polarity: Polarity, lowerLimit: number, upperLimit: number): Assurance | null {
  if (target === null || target === undefined || polarity === "neither") return null;
  if (polarity === "higher-better") {
    if (sideOf(target, lowerLimit) <= 0) return "pass";
    if (sideOf(target, upperLimit) === 1) return "fail";
    return "hit-and-miss";
  }
  if (sideOf(target, upperLimit) >= 0) return "pass";
  if (sideOf(target, lowerLimit) === -1) return "fail";
  return "hit-and-miss";
}

/**
 * What a chart's limits can be trusted for, in words: none drawn, with how many values there are
 * and how many are needed; trial limits, revised with each new value; or null when the limits rest
 * on 12 values or more.
 */
export function limitsInWords(spc: Pick<SpcResult, "baselineCount" | "provisional">): string | null {
  if (spc.baselineCount < fewestForLimits) return `Too few values for statistical process control: ${String(spc.baselineCount)} of the ${String(fewestForLimits)} needed`;
  if (spc.provisional) return `Trial limits from ${String(spc.baselineCount)} values, revised with each new value until there are ${String(provisionalUnder)}`;
  return null;
}
