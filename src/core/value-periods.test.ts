import { describe, expect, it } from "vitest";
import { periodsMissingBetween, shortPeriodLabel, valuePeriodLabel, type Frequency } from "./value-periods.ts";

describe("value periods", () => {
  it.each<[Frequency, string, string]>([
    ["monthly", "2024-12-31", "December 2024"],
    ["monthly", "2025-04-30", "April 2025"],
    ["quarterly", "2024-06-30", "Q1 2024/25"],
    ["quarterly", "2024-12-31", "Q3 2024/25"],
    ["quarterly", "2025-03-31", "Q4 2024/25"],
    ["annual", "2025-03-31", "2024/25"],
    ["annual", "2024-04-30", "2024/25"],
    ["academic-year", "2025-08-31", "2024/25 academic year"],
    ["academic-year", "2024-09-30", "2024/25 academic year"],
  ])("a %s value ending %s is for %s", (frequency, periodEnd, label) => {
    expect(valuePeriodLabel(frequency, periodEnd)).toBe(label);
  });
});

describe("a value's period on a chart's axis", () => {
  it.each<[Frequency, string, string]>([
    ["monthly", "2024-12-31", "Dec 2024"],
    ["monthly", "2025-09-30", "Sep 2025"],
    ["quarterly", "2024-12-31", "Q3 2024/25"],
    ["annual", "2025-03-31", "2024/25"],
    ["academic-year", "2025-08-31", "2024/25"],
  ])("a %s value ending %s is labelled %s", (frequency, periodEnd, label) => {
    expect(shortPeriodLabel(frequency, periodEnd)).toBe(label);
  });
});

describe("periods left out between two values", () => {
  it.each<[Frequency, string, string, boolean]>([
    ["monthly", "2025-01-31", "2025-02-28", false],
    ["monthly", "2025-01-31", "2025-03-31", true],
    ["monthly", "2024-12-31", "2025-01-31", false],
    ["quarterly", "2025-06-30", "2025-09-30", false],
    ["quarterly", "2025-03-31", "2025-09-30", true],
    ["annual", "2024-03-31", "2025-03-31", false],
    ["annual", "2023-03-31", "2025-03-31", true],
    ["academic-year", "2024-08-31", "2025-08-31", false],
    // Two values in one month (a correction dated differently) leave nothing out.
    ["monthly", "2025-01-15", "2025-01-31", false],
  ])("%s, %s to %s: %s", (frequency, earlier, later, missing) => {
    expect(periodsMissingBetween(frequency, earlier, later)).toBe(missing);
  });
});
