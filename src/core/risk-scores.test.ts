import { describe, expect, it } from "vitest";
import { defaultRiskScale, heatMap, ratingOf, scaleProblems, scoreChange, scoreInWords, scoreOf, type RiskLevel, type RiskRating, type RiskScale, type ScoreChange } from "./risk-scores.ts";

describe("a score's rating on the default scale", () => {
  it.each<[number, RiskRating]>([
    [1, "low"],
    [4, "low"],
    [5, "medium"],
    [9, "medium"],
    [10, "high"],
    [12, "high"],
    [14, "high"],
    [15, "very-high"],
    [16, "very-high"],
    [25, "very-high"],
  ])("%i is %s", (score, rating) => {
    expect(ratingOf(score, defaultRiskScale)).toBe(rating);
  });

  it("follows the council's own bands", () => {
    const strict: RiskScale = { ...defaultRiskScale, mediumFrom: 3, highFrom: 8, veryHighFrom: 12 };
    expect([2, 3, 8, 12].map((s) => ratingOf(s, strict))).toEqual(["low", "medium", "high", "very-high"]);
  });
});

describe("a score", () => {
  it.each<[RiskLevel, RiskLevel, number]>([
    [1, 1, 1],
    [5, 5, 25],
    [4, 3, 12],
    [2, 5, 10],
  ])("likelihood %i × impact %i is %i", (likelihood, impact, total) => {
    expect(scoreOf({ likelihood, impact })).toBe(total);
  });

  it("is put in words with the scale's words", () => {
    expect(scoreInWords({ likelihood: 4, impact: 4 }, defaultRiskScale)).toBe("16 Very high (likelihood 4 Likely × impact 4 Major)");
    expect(scoreInWords({ likelihood: 1, impact: 2 }, defaultRiskScale)).toBe("2 Low (likelihood 1 Rare × impact 2 Minor)");
  });
});

describe("a re-score against the one before", () => {
  it.each<[number | null, number, ScoreChange]>([
    [null, 12, "new"],
    [12, 16, "increased"],
    [16, 12, "decreased"],
    [12, 12, "unchanged"],
  ])("from %s to %i: %s", (previous, latest, change) => {
    expect(scoreChange(previous, latest)).toBe(change);
  });
});

describe("the council's scale as typed", () => {
  it("takes the default", () => {
    expect(scaleProblems(defaultRiskScale)).toEqual({});
  });

  it.each<[string, Partial<RiskScale>, Record<string, string>]>([
    ["four words", { likelihood: ["Rare", "Unlikely", "Possible", "Likely"] }, { likelihood: "Enter five words for likelihood, one for each level from 1 to 5" }],
    ["an empty word", { impact: ["Negligible", "", "Moderate", "Major", "Severe"] }, { impact: "Enter five words for impact, one for each level from 1 to 5" }],
    ["a word twice", { impact: ["Low", "low", "Moderate", "Major", "Severe"] }, { impact: "Each level of impact needs its own word" }],
    ["medium from 1", { mediumFrom: 1 }, { mediumFrom: "Medium must start at a whole score from 2 to 25" }],
    ["high below medium", { highFrom: 5 }, { highFrom: "High must start above the band below it" }],
    ["very high beyond 25", { veryHighFrom: 26 }, { veryHighFrom: "Very high must start at a whole score from 2 to 25" }],
    ["a fraction", { highFrom: 9.5 }, { highFrom: "High must start at a whole score from 2 to 25" }],
  ])("refuses %s", (_name, change, problems) => {
    expect(scaleProblems({ ...defaultRiskScale, ...change })).toEqual(problems);
  });
});

describe("the heat map", () => {
  const map = heatMap(
    [
      { likelihood: 4, impact: 4 },
      { likelihood: 4, impact: 4 },
      { likelihood: 1, impact: 5 },
      { likelihood: 3, impact: 2 },
    ],
    defaultRiskScale,
  );

  it("has a row for each impact, highest first, and a cell for each likelihood, lowest first", () => {
    expect(map.map((row) => row.impact)).toEqual([5, 4, 3, 2, 1]);
    expect(map[0]?.cells.map((c) => c.likelihood)).toEqual([1, 2, 3, 4, 5]);
  });

  it("counts each score in its cell, and every score once", () => {
    const count = (likelihood: number, impact: number) => map.find((r) => r.impact === impact)?.cells.find((c) => c.likelihood === likelihood)?.count;
    expect([count(4, 4), count(1, 5), count(3, 2), count(2, 2)]).toEqual([2, 1, 1, 0]);
    expect(map.flatMap((r) => r.cells).reduce((sum, c) => sum + c.count, 0)).toBe(4);
  });

  it("rates each cell by its score", () => {
    const top = map[0]?.cells ?? [];
    expect(top.map((c) => [c.score, c.rating])).toEqual([
      [5, "medium"],
      [10, "high"],
      [15, "very-high"],
      [20, "very-high"],
      [25, "very-high"],
    ]);
  });
});
