import { describe, expect, it } from "vitest";
import { computationPeriodLabel, computationPeriods, isProvisional } from "./computation-periods.ts";

describe("the periods a computed measure has figures for", () => {
  it.each([
    // records from, extract date, look back, first month, last month, DfE years
    ["2023-04-01", "2026-11-30", 0, "2023-04-30", "2026-11-30", ["2024-03-31", "2025-03-31", "2026-03-31", "2027-03-31"]],
    ["2023-04-01", "2026-11-30", 12, "2024-04-30", "2026-11-30", ["2025-03-31", "2026-03-31", "2027-03-31"]],
    // Records beginning mid-month: that month is not whole, so the first period is the next.
    ["2023-04-15", "2024-03-31", 0, "2023-05-31", "2024-03-31", []],
    ["2023-04-15", "2024-06-10", 12, "2024-05-31", "2024-06-30", []],
    // An extract taken in March: the year to 31 March is still under way and is computed as it stands.
    ["2024-01-01", "2025-03-10", 0, "2024-01-31", "2025-03-31", ["2025-03-31"]],
    ["2024-02-01", "2024-02-29", 0, "2024-02-29", "2024-02-29", []],
  ])("records from %s, extract %s, looking back %i months", (from, extract, lookBack, firstMonth, lastMonth, years) => {
    const periods = computationPeriods(from, extract, lookBack);
    const months = periods.filter((p) => p.kind === "month");
    expect(months.at(0)?.end).toBe(firstMonth);
    expect(months.at(-1)?.end).toBe(lastMonth);
    expect(periods.filter((p) => p.kind === "year").map((p) => p.end)).toEqual(years);
    for (const period of periods) expect(period.refDate).toBe(period.end < extract ? period.end : extract);
  });

  it("gives every month from its first to its last day, February in a leap year included", () => {
    const months = computationPeriods("2024-01-01", "2024-03-05", 0);
    expect(months.map((m) => [m.start, m.end])).toEqual([
      ["2024-01-01", "2024-01-31"],
      ["2024-02-01", "2024-02-29"],
      ["2024-03-01", "2024-03-31"],
    ]);
  });

  it("takes a period still under way at the day the records were taken", () => {
    const periods = computationPeriods("2024-04-01", "2026-11-30", 0);
    expect(periods.find((p) => p.kind === "year" && p.end === "2027-03-31")?.refDate).toBe("2026-11-30");
    expect(periods.find((p) => p.kind === "month" && p.end === "2026-11-30")?.refDate).toBe("2026-11-30");
    expect(computationPeriods("2024-04-01", "2026-11-18", 0).find((p) => p.kind === "month" && p.end === "2026-11-30")?.refDate).toBe("2026-11-18");
  });

  it("runs DfE's year from 1 April to 31 March", () => {
    const [year] = computationPeriods("2024-04-01", "2025-06-30", 0).filter((p) => p.kind === "year");
    expect(year).toEqual({ kind: "year", start: "2024-04-01", end: "2025-03-31", refDate: "2025-03-31" });
  });

  it("computes nothing when the records do not reach back far enough", () => {
    expect(computationPeriods("2025-06-01", "2025-12-31", 12)).toEqual([]);
  });

  it("refuses a date that is not a date", () => {
    expect(() => computationPeriods("2025-02-30", "2025-12-31", 0)).toThrow(/not a date/);
  });
});

describe("provisional figures", () => {
  it.each([
    ["2025-10-31", "2025-11-29", true],
    ["2025-10-31", "2025-11-30", false],
    ["2025-11-30", "2025-11-30", true],
    ["2025-12-31", "2025-11-30", true],
    ["2025-03-31", "2026-11-30", false],
  ])("a period ending %s with records taken %s is provisional: %s", (end, extract, provisional) => {
    expect(isProvisional(end, extract)).toBe(provisional);
  });
});

describe("period names", () => {
  it.each([
    [{ kind: "month", end: "2025-10-31" }, "October 2025"],
    [{ kind: "year", end: "2025-03-31" }, "2024/25 (year to 31 March 2025)"],
    [{ kind: "year", end: "2000-03-31" }, "1999/00 (year to 31 March 2000)"],
  ] as const)("%o is %s", (period, label) => {
    expect(computationPeriodLabel(period)).toBe(label);
  });
});
