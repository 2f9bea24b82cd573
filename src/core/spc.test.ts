import { describe, expect, it } from "vitest";
import { fewestForLimits, limitsInWords, provisionalUnder, xmr, type Assurance, type Polarity, type SpecialCause, type SpcRule } from "./spc.ts";

/** Monthly points from January 2023, one per value. */
function series(values: number[]) {
  return values.map((value, i) => ({ period: `2023-${String(i + 1).padStart(2, "0")}`, value }));
}

// A steady baseline of 12 points: 12, 10, 12, 10, … ending on 10.
// mean = 11; every moving range is 2, so mR̄ = 2;
// limits 11 ± 2.66 × 2 = 11 ± 5.32 → 5.68 and 16.32;
// 2σ lines 11 ± (2/3) × 5.32 = 11 ± 3.5467 → 7.4533 and 14.5467.
const steady = [12, 10, 12, 10, 12, 10, 12, 10, 12, 10, 12, 10];

/** The steady baseline frozen as the limits, then the new points judged against it. */
function judged(after: number[], polarity: Polarity = "higher-better") {
  return xmr(series([...steady, ...after]), { polarity, baselineLength: steady.length });
}

describe("XmR limits", () => {
  it("draws a steady series' limits at mean ± 2.66 × mean moving range and calls it common cause", () => {
    const chart = xmr(series(steady), { polarity: "higher-better" });
    expect(chart.mean).toBe(11);
    expect(chart.averageMovingRange).toBe(2);
    expect(chart.upperLimit).toBeCloseTo(16.32, 10);
    expect(chart.lowerLimit).toBeCloseTo(5.68, 10);
    expect(chart.upperTwoSigma).toBeCloseTo(14.5467, 4);
    expect(chart.lowerTwoSigma).toBeCloseTo(7.4533, 4);
    expect(chart.provisional).toBe(false);
    expect(chart.variation).toBe("common-cause");
    expect(chart.points.every((p) => p.specialCause === null && p.rules.length === 0)).toBe(true);
  });

  it("shows each point's moving range as the difference from the one before, whichever way", () => {
    const chart = xmr(series([5, 8, 4, 6, 6, 9]), { polarity: "higher-better" });
    expect(chart.points.map((p) => p.movingRange)).toEqual([null, 3, 4, 2, 0, 3]);
    // mR̄ (3 + 4 + 2 + 0 + 3) / 5 = 2.4
    expect(chart.averageMovingRange).toBeCloseTo(2.4, 10);
  });
});

describe("how many points the limits need", () => {
  // Alternating 12, 10, … ending on a point far below the rest.
  const withLowLast = (count: number) => Array.from({ length: count }, (_, i) => (i === count - 1 ? 0 : i % 2 === 0 ? 12 : 10));

  it("draws no limits under six points, as few as Wheeler says useful limits can be made from, and trial limits under twelve", () => {
    expect(fewestForLimits).toBe(6);
    expect(provisionalUnder).toBe(12);
  });

  it.each<[number, boolean, boolean, string | null]>([
    [0, false, true, "Too few values for statistical process control: 0 of the 6 needed"],
    [1, false, true, "Too few values for statistical process control: 1 of the 6 needed"],
    [2, false, true, "Too few values for statistical process control: 2 of the 6 needed"],
    [5, false, true, "Too few values for statistical process control: 5 of the 6 needed"],
    [6, true, true, "Trial limits from 6 values, revised with each new value until there are 12"],
    [11, true, true, "Trial limits from 11 values, revised with each new value until there are 12"],
    [12, true, false, null],
  ])("with %i points: limits %s, trial limits %s", (count, hasLimits, provisional, words) => {
    const chart = xmr(series(withLowLast(count)), { polarity: "higher-better", target: 11 });
    expect(chart.baselineCount).toBe(count);
    expect(chart.provisional).toBe(provisional);
    expect(limitsInWords(chart)).toBe(words);
    expect(chart.points).toHaveLength(count);
    if (hasLimits) {
      expect(chart.upperLimit).not.toBeNull();
      expect(chart.lowerLimit).not.toBeNull();
      expect(chart.assurance).not.toBeNull();
      expect(chart.variation).not.toBe("insufficient-data");
    } else {
      // No limits, no icons: not "common cause", not "hits and misses", and no point marked special.
      expect(chart).toMatchObject({ mean: null, averageMovingRange: null, upperLimit: null, lowerLimit: null, upperTwoSigma: null, lowerTwoSigma: null, variation: "insufficient-data", assurance: null });
      expect(chart.points.every((p) => p.specialCause === null && p.rules.length === 0)).toBe(true);
    }
  });

  it("revises trial limits with each new point", () => {
    const six = xmr(series([12, 10, 12, 10, 12, 10]), { polarity: "higher-better" });
    const seven = xmr(series([12, 10, 12, 10, 12, 10, 20]), { polarity: "higher-better" });
    expect(six.mean).toBe(11);
    // The seventh point moves the mean to 86 / 7 and the mean moving range to 20 / 6.
    expect(seven.mean).toBeCloseTo(86 / 7, 10);
    expect(seven.averageMovingRange).toBeCloseTo(20 / 6, 10);
    expect(seven.upperLimit).not.toBe(six.upperLimit);
  });

  it("counts only the points of a recalculated baseline: five since the change are too few", () => {
    const chart = xmr(series([...steady, 30, 32, 30, 32, 30]), { polarity: "higher-better", baselineFrom: steady.length });
    expect(chart.baselineCount).toBe(5);
    expect(chart.upperLimit).toBeNull();
    expect(chart.variation).toBe("insufficient-data");
    expect(chart.points).toHaveLength(17);
  });

  it("recalculates the limits from a chosen point, still showing the points before it", () => {
    // Six points around 31, then the steady 12 around 11.
    const values = [30, 32, 30, 32, 30, 32, ...steady];

    // Over all 18: mean (6 × 31 + 12 × 11) / 18 = 318 / 18 = 17.67;
    // mR̄ (5 × 2 + the jump of 20 + 11 × 2) / 17 = 52 / 17 = 3.06.
    const whole = xmr(series(values), { polarity: "higher-better" });
    expect(whole.mean).toBeCloseTo(17.667, 3);
    expect(whole.averageMovingRange).toBeCloseTo(3.059, 3);

    // From point 7: mean 11 and mR̄ 2 as the steady series; the jump of 20 into the baseline is left out.
    const rebased = xmr(series(values), { polarity: "higher-better", baselineFrom: 6 });
    expect(rebased.mean).toBe(11);
    expect(rebased.averageMovingRange).toBe(2);
    expect(rebased.upperLimit).toBeCloseTo(16.32, 10);
    expect(rebased.provisional).toBe(false);
    expect(rebased.points).toHaveLength(18);
    expect(rebased.points[6]?.movingRange).toBe(20);
    // The earlier points sit above the new limits, and are shown so.
    expect(rebased.points[0]?.rules).toContain("outside-limits");
    expect(rebased.variation).toBe("common-cause");
  });

  it("freezes the limits after the baseline and judges later points against them", () => {
    const chart = judged([11, 11, 11]);
    expect(chart.mean).toBe(11);
    expect(chart.averageMovingRange).toBe(2);
    expect(chart.points).toHaveLength(15);
  });
});

describe("special-cause rules", () => {
  // Each row: new points after the steady baseline (limits 5.68–16.32, 2σ lines 7.45 and 14.55),
  // what each new point shows for a higher-is-better measure, the rules that caught it, and the variation icon.
  it.each<[string, number[], (SpecialCause | null)[], SpcRule[][], string]>([
    ["a point above the upper limit", [17], ["improvement"], [["outside-limits"]], "improvement"],
    ["a point below the lower limit", [5], ["concern"], [["outside-limits"]], "concern"],
    [
      "seven points in a row above the mean",
      [12, 13, 12, 13, 12, 13, 12],
      Array(7).fill("improvement"),
      Array(7).fill(["shift"]),
      "improvement",
    ],
    [
      "six above the mean, one on it, then three more above (no shift)",
      [12, 13, 12, 13, 12, 13, 11, 12, 13, 12],
      Array(10).fill(null),
      Array(10).fill([]),
      "common-cause",
    ],
    [
      // Rising from below the mean to above it: judged by which way it is going, not which side of the mean.
      "seven points in a row rising",
      [8, 9, 10, 11, 12, 13, 14],
      Array(7).fill("improvement"),
      Array(7).fill(["trend"]),
      "improvement",
    ],
    [
      "seven points in a row falling",
      [14, 13, 12, 11, 10, 9, 8],
      Array(7).fill("concern"),
      Array(7).fill(["trend"]),
      "concern",
    ],
    [
      "a seven-point rise broken by an equal value (no trend)",
      [8, 9, 10, 10, 11, 12, 13],
      Array(7).fill(null),
      Array(7).fill([]),
      "common-cause",
    ],
    [
      // 15 and 15 are beyond the upper 2σ line (14.55) with one point between: only those two are marked.
      "two of three points beyond the upper 2σ line",
      [15, 12, 15],
      ["improvement", null, "improvement"],
      [["two-of-three"], [], ["two-of-three"]],
      "improvement",
    ],
    [
      "two of three points beyond the lower 2σ line",
      [7, 7, 11],
      ["concern", "concern", null],
      [["two-of-three"], ["two-of-three"], []],
      "common-cause",
    ],
    [
      // 15 is beyond the upper 2σ line and 7 beyond the lower one: opposite sides do not count.
      "two of three beyond 2σ but on opposite sides (not special)",
      [15, 11, 7],
      [null, null, null],
      [[], [], []],
      "common-cause",
    ],
    [
      "two points beyond the upper 2σ line but three apart (not special)",
      [15, 12, 11, 15],
      [null, null, null, null],
      [[], [], [], []],
      "common-cause",
    ],
  ])("%s", (_name, after, causes, rules, variation) => {
    const chart = judged(after);
    const later = chart.points.slice(steady.length);
    expect(later.map((p) => p.specialCause)).toEqual(causes);
    expect(later.map((p) => p.rules)).toEqual(rules);
    expect(chart.points.slice(0, steady.length).every((p) => p.specialCause === null)).toBe(true);
    expect(chart.variation).toBe(variation);
  });

  it("counts a point beyond the limit as beyond the 2σ line too", () => {
    // 17 is above the upper limit; 15 above the upper 2σ line: two of three.
    const later = judged([17, 15]).points.slice(steady.length);
    expect(later.map((p) => p.rules)).toEqual([["outside-limits", "two-of-three"], ["two-of-three"]]);
  });

  it.each<[string, number[], Polarity, SpecialCause]>([
    ["a high point", [17], "higher-better", "improvement"],
    ["a high point", [17], "lower-better", "concern"],
    ["a high point", [17], "neither", "neither"],
    ["a low point", [5], "higher-better", "concern"],
    ["a low point", [5], "lower-better", "improvement"],
    ["a low point", [5], "neither", "neither"],
    ["a rising trend", [8, 9, 10, 11, 12, 13, 14], "lower-better", "concern"],
    ["a falling trend", [14, 13, 12, 11, 10, 9, 8], "lower-better", "improvement"],
    ["a run above the mean", [12, 13, 12, 13, 12, 13, 12], "lower-better", "concern"],
  ])("shows %s (%j) on a %s measure as %s", (_name, after, polarity, cause) => {
    const chart = judged(after, polarity);
    expect(chart.points.at(-1)?.specialCause).toBe(cause);
    expect(chart.variation).toBe(cause);
  });

  it("takes the variation icon from the latest point only", () => {
    // A point above the limit, then back to normal.
    expect(judged([17, 11]).variation).toBe("common-cause");
  });
});

describe("assurance", () => {
  // The steady series: limits 5.68 and 16.32.
  it.each<[Polarity, number | null | undefined, Assurance | null]>([
    ["higher-better", 5, "pass"],
    ["higher-better", 5.68, "pass"],
    ["higher-better", 11, "hit-and-miss"],
    ["higher-better", 16.32, "hit-and-miss"],
    ["higher-better", 17, "fail"],
    ["lower-better", 17, "pass"],
    ["lower-better", 16.32, "pass"],
    ["lower-better", 11, "hit-and-miss"],
    ["lower-better", 5.68, "hit-and-miss"],
    ["lower-better", 5, "fail"],
    ["neither", 11, null],
    ["higher-better", null, null],
    ["higher-better", undefined, null],
  ])("a %s measure with target %s is assured: %s", (polarity, target, assurance) => {
    expect(xmr(series(steady), { polarity, target }).assurance).toBe(assurance);
  });
});

describe("limits held at what the measure can reach", () => {
  // 72%, 92%, … six times: mean 82, every moving range 20, so the raw limits are 28.8 and 135.2.
  const sixPoints = series([72, 92, 72, 92, 72, 92]);
  it.each<[string, { lower?: number; upper?: number } | undefined, number, number, { upper: boolean; lower: boolean }]>([
    ["no bounds: the limits as computed", undefined, 28.8, 135.2, { upper: false, lower: false }],
    ["a percentage: the upper limit held at 100", { lower: 0, upper: 100 }, 28.8, 100, { upper: true, lower: false }],
    ["a count: only a floor, which the limits do not reach", { lower: 0 }, 28.8, 135.2, { upper: false, lower: false }],
    ["a floor above the lower limit: held there", { lower: 50 }, 50, 135.2, { upper: false, lower: true }],
    ["both held", { lower: 50, upper: 100 }, 50, 100, { upper: true, lower: true }],
    ["a bound exactly on the limit: not held", { upper: 135.2 }, 28.8, 135.2, { upper: false, lower: false }],
  ])("%s", (_, bounds, lower, upper, capped) => {
    const result = xmr(sixPoints, { polarity: "higher-better", bounds });
    expect(result.lowerLimit).toBeCloseTo(lower, 9);
    expect(result.upperLimit).toBeCloseTo(upper, 9);
    expect(result.capped).toEqual(capped);
    expect(result.mean).toBe(82);
  });

  it("a count's lower limit held at zero still finds a point above the upper limit", () => {
    const result = xmr(series([0, 1, 0, 2, 1, 0, 1, 9]), { polarity: "lower-better", bounds: { lower: 0 } });
    expect(result.lowerLimit).toBe(0);
    expect(result.capped.lower).toBe(true);
    expect(result.points.at(-1)?.rules).toContain("outside-limits");
    expect(result.variation).toBe("concern");
  });
});
