import { describe, expect, it } from "vitest";
import { periodDates, periodLabel, periodSortKey, progressHeading, type PeriodSpec } from "./reporting-periods.ts";

describe("reporting periods", () => {
  it.each<[PeriodSpec, string, string, string, string]>([
    [{ planYear: 2024, kind: "quarter", quarter: 1 }, "Q1 2024/25", "2024-04-01", "2024-06-30", "Progress in Q1"],
    [{ planYear: 2024, kind: "quarter", quarter: 2 }, "Q2 2024/25", "2024-07-01", "2024-09-30", "Progress in Q2"],
    [{ planYear: 2024, kind: "quarter", quarter: 3 }, "Q3 2024/25", "2024-10-01", "2024-12-31", "Progress in Q3"],
    // Q4 is January to March of the next calendar year.
    [{ planYear: 2024, kind: "quarter", quarter: 4 }, "Q4 2024/25", "2025-01-01", "2025-03-31", "Progress in Q4"],
    [{ planYear: 2025, kind: "half-year" }, "Q1 and Q2 2025/26", "2025-04-01", "2025-09-30", "Progress in Q1 and Q2"],
    [{ planYear: 2024, kind: "year-end" }, "Year-end review 2024/25", "2024-04-01", "2025-03-31", "Progress in the year"],
  ])("%j is %s, %s to %s, reported under %s", (spec, label, startsOn, endsOn, heading) => {
    expect(periodLabel(spec)).toBe(label);
    expect(periodDates(spec)).toEqual({ startsOn, endsOn });
    expect(progressHeading(spec)).toBe(heading);
  });

  it("refuses a quarterly period without its quarter", () => {
    expect(() => periodLabel({ planYear: 2024, kind: "quarter" })).toThrow(/needs its quarter/);
  });

  it("orders periods through the years, the half-year after Q2 and the year-end review after Q4", () => {
    const specs: PeriodSpec[] = [
      { planYear: 2025, kind: "half-year" },
      { planYear: 2024, kind: "year-end" },
      { planYear: 2024, kind: "quarter", quarter: 4 },
      { planYear: 2024, kind: "quarter", quarter: 3 },
      { planYear: 2025, kind: "quarter", quarter: 3 },
    ];
    expect([...specs].sort((a, b) => periodSortKey(a).localeCompare(periodSortKey(b))).map(periodLabel)).toEqual([
      "Q3 2024/25", "Q4 2024/25", "Year-end review 2024/25", "Q1 and Q2 2025/26", "Q3 2025/26",
    ]);
  });
});
