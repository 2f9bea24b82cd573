import { describe, expect, it } from "vitest";
import { valuePeriodLabel, type Frequency } from "./value-periods.ts";

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
