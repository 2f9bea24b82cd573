import { describe, expect, it } from "vitest";
import { parsePlanYear, planPeriodLabel, planYearLabel, planYearOfDate, planYearStartDate, planYearsOf } from "./plan-years.ts";

describe("plan years", () => {
  it.each([
    [2024, "2024/25"],
    [2025, "2025/26"],
    [1999, "1999/00"],
    [2009, "2009/10"],
  ])("labels the plan year starting %i as %s", (start, label) => {
    expect(planYearLabel(start)).toBe(label);
  });

  it.each([
    ["2025/26", 2025],
    [" 2024/25 ", 2024],
    ["1999/00", 1999],
    ["2025/27", null],
    ["2025-26", null],
    ["25/26", null],
    ["", null],
  ])("reads %j as %j", (label, start) => {
    expect(parsePlanYear(label)).toBe(start);
  });

  it("starts a plan year on 1 April", () => {
    expect(planYearStartDate(2026)).toBe("2026-04-01");
  });

  it("lists the years of a three-year plan", () => {
    expect(planYearsOf(2024, 3).map(planYearLabel)).toEqual(["2024/25", "2025/26", "2026/27"]);
  });

  it("writes a plan's span as its cover does", () => {
    expect(planPeriodLabel(2024, 3)).toBe("2024–27");
  });

  it.each([
    ["2025-03-31", 2024],
    ["2025-04-01", 2025],
    ["2025-12-31", 2025],
    ["2026-01-01", 2025],
  ])("puts %s in the plan year starting %i", (date, year) => {
    expect(planYearOfDate(date)).toBe(year);
  });
});
