import { describe, expect, it } from "vitest";
import { neighbourMean, quartileBand, quartileCutPoints, rank, type QuartileBand } from "./benchmarks.ts";
import type { Polarity } from "./spc.ts";

describe("statistical-neighbour average", () => {
  it.each<[(number | null)[], number | null, number]>([
    [[10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 55, 10],
    // Neighbours with no published value are left out, and the count says so.
    [[10, null, 30, null, 50, 60, 70, 80, 90, 100], 61.25, 8],
    [[0, 0, null], 0, 2],
    [[null, null], null, 0],
    [[], null, 0],
  ])("of %j is %s from %i neighbours", (values, mean, count) => {
    expect(neighbourMean(values)).toEqual({ mean, count });
  });
});

describe("quartile cut points", () => {
  it.each<[number[], [number, number, number] | null]>([
    // Nine values: positions 2, 4 and 6 (counting from 0) fall exactly on values.
    [[1, 2, 3, 4, 5, 6, 7, 8, 9], [3, 5, 7]],
    // Four values 10, 20, 30, 40: positions 0.75, 1.5, 2.25 → 17.5, 25, 32.5 (as QUARTILE.INC).
    [[40, 10, 30, 20], [17.5, 25, 32.5]],
    // Eight values 1–8: positions 1.75, 3.5, 5.25 → 2.75, 4.5, 6.25.
    [[8, 7, 6, 5, 4, 3, 2, 1], [2.75, 4.5, 6.25]],
    [[42], [42, 42, 42]],
    [[], null],
  ])("over %j are %j", (values, cuts) => {
    expect(quartileCutPoints(values)).toEqual(cuts);
  });
});

describe("quartile bands", () => {
  // Cut points 3, 5 and 7.
  const councils = [1, 2, 3, 4, 5, 6, 7, 8, 9];
  // Cut points 17.5, 25 and 32.5.
  const four = [10, 20, 30, 40];

  it.each<[number | null, number[], Polarity, QuartileBand | null]>([
    // Higher is better: a value on a cut point takes the worse band, as LAIT gives it.
    [9, councils, "higher-better", "A"],
    [7.01, councils, "higher-better", "A"],
    [7, councils, "higher-better", "B"],
    [6, councils, "higher-better", "B"],
    [5.01, councils, "higher-better", "B"],
    [5, councils, "higher-better", "C"],
    [4, councils, "higher-better", "C"],
    [3.01, councils, "higher-better", "C"],
    [3, councils, "higher-better", "D"],
    [2, councils, "higher-better", "D"],
    // Lower is better: a value on a cut point takes the better band.
    [1, councils, "lower-better", "A"],
    [3, councils, "lower-better", "A"],
    [3.01, councils, "lower-better", "B"],
    [4, councils, "lower-better", "B"],
    [5, councils, "lower-better", "B"],
    [5.01, councils, "lower-better", "C"],
    [6, councils, "lower-better", "C"],
    [7, councils, "lower-better", "C"],
    [7.01, councils, "lower-better", "D"],
    [8, councils, "lower-better", "D"],
    [40, four, "higher-better", "A"],
    [32.5, four, "higher-better", "B"],
    [30, four, "higher-better", "B"],
    [25, four, "higher-better", "C"],
    [20, four, "higher-better", "C"],
    [17.5, four, "higher-better", "D"],
    [10, four, "higher-better", "D"],
    [10, four, "lower-better", "A"],
    [17.5, four, "lower-better", "A"],
    [25, four, "lower-better", "B"],
    [32.5, four, "lower-better", "C"],
    [40, four, "lower-better", "D"],
    // Interpolation dust: 0.1 + 0.2 is a hair above 0.3, and still on the cut point.
    [0.1 + 0.2, [0.1, 0.3, 0.5, 0.7, 0.9], "higher-better", "D"],
    [0.1 + 0.2, [0.1, 0.3, 0.5, 0.7, 0.9], "lower-better", "A"],
    // Everyone the same: every cut point is that value, so every council is in the lowest quartile.
    [5, [5, 5, 5, 5], "higher-better", "D"],
    [5, [5, 5, 5, 5], "lower-better", "A"],
    [5, councils, "neither", null],
    [null, councils, "higher-better", null],
    [5, [], "higher-better", null],
  ])("%s among %j on a %s measure is band %s", (value, all, polarity, band) => {
    expect(quartileBand(value, all, polarity)).toBe(band);
  });
});

describe("rank", () => {
  const tied = [10, 20, 20, 30];

  it.each<[number | null, number[], Polarity, { rank: number; of: number } | null]>([
    [30, tied, "higher-better", { rank: 1, of: 4 }],
    [20, tied, "higher-better", { rank: 2, of: 4 }],
    [10, tied, "higher-better", { rank: 4, of: 4 }],
    [10, tied, "lower-better", { rank: 1, of: 4 }],
    [20, tied, "lower-better", { rank: 2, of: 4 }],
    [30, tied, "lower-better", { rank: 4, of: 4 }],
    [7, [7, 7, 7], "higher-better", { rank: 1, of: 3 }],
    [20, tied, "neither", null],
    [null, tied, "higher-better", null],
    [20, [], "higher-better", null],
  ])("%s among %j on a %s measure ranks %j", (value, all, polarity, ranked) => {
    expect(rank(value, all, polarity)).toEqual(ranked);
  });
});
