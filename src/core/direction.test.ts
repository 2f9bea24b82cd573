import { describe, expect, it } from "vitest";
import { direction, sameTimeLastYear } from "./direction.ts";
import type { Polarity } from "./spc.ts";

describe("direction of travel", () => {
  it.each<[number | null, number | null, Polarity, string, string]>([
    [60, 55, "higher-better", "↑", "Improving"],
    [50, 55, "higher-better", "↓", "Worsening"],
    [50, 55, "lower-better", "↓", "Improving"],
    [60, 55, "lower-better", "↑", "Worsening"],
    [60, 55, "neither", "↑", "Up"],
    [50, 55, "neither", "↓", "Down"],
    [55, 55, "higher-better", "→", "No change"],
    [55, 55, "lower-better", "→", "No change"],
    [55, 55, "neither", "→", "No change"],
    [0, 0, "higher-better", "→", "No change"],
    [-2, -5, "higher-better", "↑", "Improving"],
    [null, 55, "higher-better", "", "No comparison"],
    [55, null, "lower-better", "", "No comparison"],
    [null, null, "neither", "", "No comparison"],
  ])("%s now against %s before, on a %s measure, shows %s %s", (current, previous, polarity, arrow, word) => {
    expect(direction(current, previous, polarity)).toEqual({ arrow, word });
  });
});

describe("the same time last year", () => {
  const quarterEnds = ["2023-06-30", "2023-09-30", "2023-12-31", "2024-03-31", "2024-06-30"];

  it.each<[string, string[], string | null]>([
    ["2024-06-30", quarterEnds, "2023-06-30"],
    ["2025-03-31", quarterEnds, "2024-03-31"],
    // Monthly figures dated the first of the month are still a year apart.
    ["2024-07-01", ["2023-06-01", "2023-07-01", "2023-08-01"], "2023-07-01"],
    // No exact match: the closest within 15 days.
    ["2024-06-30", ["2023-06-20", "2023-07-03", "2023-09-30"], "2023-07-03"],
    ["2024-06-30", ["2023-06-15", "2023-06-16"], "2023-06-16"],
    // 15 days is the furthest allowed; 16 is too far.
    ["2024-06-30", ["2023-07-15"], "2023-07-15"],
    ["2024-06-30", ["2023-07-16", "2023-06-14"], null],
    // Two equally close: the earlier.
    ["2024-06-30", ["2023-07-03", "2023-06-27"], "2023-06-27"],
    // A year before 29 February is 28 February.
    ["2024-02-29", ["2023-02-28", "2023-03-01"], "2023-02-28"],
    // And a year before 28 February 2025 is 28 February 2024, not the 29th.
    ["2025-02-28", ["2024-02-29", "2024-02-28"], "2024-02-28"],
    ["2024-06-30", [], null],
    ["2024-06-30", ["not a date", "2023-02-30"], null],
    ["30 June 2024", quarterEnds, null],
  ])("for a period ending %s, picks from %j: %s", (periodEnd, candidates, picked) => {
    expect(sameTimeLastYear(periodEnd, candidates)).toBe(picked);
  });
});
