import { describe, expect, it } from "vitest";
import type { Frequency } from "./value-periods.ts";
import { isOutOfDate, londonDateOf, outOfDateNote, valuesAsAt } from "./values-as-at.ts";

describe("the values a report as at a date may show", () => {
  const series = ["2024-12-31", "2025-08-31", "2025-09-30", "2025-10-01", "2025-12-31", "2026-01-31"].map((periodEnd) => ({ periodEnd }));

  it.each<[string, string, string[]]>([
    ["a value exactly on the period end is shown; the day after is not", "2025-09-30", ["2024-12-31", "2025-08-31", "2025-09-30"]],
    ["the day before the period end leaves out the value ending on it", "2025-09-29", ["2024-12-31", "2025-08-31"]],
    ["nothing before the date: nothing to show", "2024-12-30", []],
    ["a date after every value shows them all", "2026-03-31", series.map((v) => v.periodEnd)],
  ])("%s", (_case, asAt, shown) => {
    expect(valuesAsAt(series, asAt).map((v) => v.periodEnd)).toEqual(shown);
  });

  it("shows nothing of a measure with no values", () => {
    expect(valuesAsAt([], "2025-09-30")).toEqual([]);
  });
});

describe("whether the latest value is out of date for the measure's frequency", () => {
  it.each<[Frequency, string, string, boolean]>([
    // Monthly: up to two months old is current.
    ["monthly", "2025-09-30", "2025-09-30", false],
    ["monthly", "2025-07-31", "2025-09-30", false],
    ["monthly", "2025-06-30", "2025-09-30", true],
    ["monthly", "2024-12-31", "2025-09-30", true],
    ["monthly", "2025-07-31", "2025-09-01", false],
    ["monthly", "2025-06-30", "2025-09-01", true],
    // Quarterly: up to two quarters old is current.
    ["quarterly", "2025-06-30", "2025-09-30", false],
    ["quarterly", "2025-03-31", "2025-09-30", false],
    ["quarterly", "2024-12-31", "2025-09-30", true],
    ["quarterly", "2025-03-31", "2025-10-01", true],
    // Annual (financial years) and academic years: up to two years old is current.
    ["annual", "2024-03-31", "2025-09-30", false],
    ["annual", "2023-03-31", "2025-03-31", false],
    ["annual", "2023-03-31", "2025-04-01", true],
    ["annual", "2023-03-31", "2025-09-30", true],
    ["academic-year", "2023-08-31", "2025-08-31", false],
    ["academic-year", "2023-08-31", "2025-09-30", true],
    // A value for a later period than the date is never out of date.
    ["monthly", "2026-01-31", "2025-09-30", false],
  ])("a %s value ending %s, as at %s: out of date %s", (frequency, latest, asAt, expected) => {
    expect(isOutOfDate(frequency, latest, asAt)).toBe(expected);
  });

  it.each<[Frequency, string, string, string | null]>([
    ["monthly", "2024-12-31", "2025-09-30", "Latest value: December 2024; nothing newer by 30 September 2025."],
    ["quarterly", "2024-12-31", "2025-09-30", "Latest value: Q3 2024/25; nothing newer by 30 September 2025."],
    ["annual", "2023-03-31", "2026-12-01", "Latest value: 2022/23; nothing newer by 1 December 2026."],
    ["monthly", "2025-08-31", "2025-09-30", null],
  ])("says so in words: a %s value ending %s as at %s", (frequency, latest, asAt, words) => {
    expect(outOfDateNote(frequency, latest, asAt)).toBe(words);
  });
});

describe("the day an instant falls on in England", () => {
  it.each<[string, string]>([
    ["2025-06-30T22:59:59Z", "2025-06-30"],
    ["2025-06-30T23:00:00Z", "2025-07-01"],
    ["2025-12-31T23:30:00Z", "2025-12-31"],
    ["2026-01-01T00:00:00Z", "2026-01-01"],
  ])("%s is %s", (instant, day) => {
    expect(londonDateOf(new Date(instant))).toBe(day);
  });
});
