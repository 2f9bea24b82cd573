import { describe, expect, it } from "vitest";
import { findingLines, findingsProblem, weekDatesProblem, weekStage } from "./practice-weeks.ts";

describe("a practice week's dates", () => {
  it.each<[string, string, string, string | null]>([
    ["one day", "2025-01-20", "2025-01-20", null],
    ["a working week", "2025-01-20", "2025-01-24", null],
    ["a month recorded by its month", "2024-11-01", "2024-11-30", null],
    ["the longest, 35 days", "2024-11-01", "2024-12-05", null],
    ["one day too long", "2024-11-01", "2024-12-06", "A practice week lasts at most 35 days: record a longer programme as several weeks"],
    ["ending the day before it starts", "2025-01-20", "2025-01-19", "The week must end on or after the day it starts"],
    ["across a year's end", "2024-12-30", "2025-01-03", null],
    ["a date that is not real", "2025-02-30", "2025-03-02", "Enter the dates the week starts and ends on"],
  ])("%s", (_name, startsOn, endsOn, problem) => {
    expect(weekDatesProblem(startsOn, endsOn)).toBe(problem);
  });
});

describe("findings typed one a line", () => {
  it.each<[string, string, string[]]>([
    ["nothing", "", []],
    ["blank lines and spaces", "  Timely responses \r\n\n\nChild centred practice\n  ", ["Timely responses", "Child centred practice"]],
    ["one line", "Risks identified well", ["Risks identified well"]],
  ])("%s", (_name, typed, lines) => {
    expect(findingLines(typed)).toEqual(lines);
  });

  it.each<[string, string[], string | null]>([
    ["none", [], null],
    ["thirty", Array.from({ length: 30 }, (_, i) => `Item ${String(i)}`), null],
    ["thirty-one", Array.from({ length: 31 }, (_, i) => `Item ${String(i)}`), "Strengths holds at most 30 items, one a line"],
    ["an item of 500 characters", ["a".repeat(500)], null],
    ["an item of 501 characters", ["short", "a".repeat(501)], "Strengths: item 2 must be 500 characters or fewer"],
  ])("%s", (_name, items, problem) => {
    expect(findingsProblem("Strengths", items)).toBe(problem);
  });
});

describe("where a week is", () => {
  const week = { startsOn: "2025-01-20", endsOn: "2025-01-24", strengths: [] as string[], areasForImprovement: [] as string[] };
  it.each<[string, string, Partial<typeof week>, string]>([
    ["the day before it starts", "2025-01-19", {}, "planned"],
    ["its first day", "2025-01-20", {}, "under-way"],
    ["its last day", "2025-01-24", {}, "under-way"],
    ["the day after, with no findings", "2025-01-25", {}, "held"],
    ["with a strength, before it ends", "2025-01-22", { strengths: ["Timely responses"] }, "findings-recorded"],
    ["with only an area for improvement", "2025-03-01", { areasForImprovement: ["Plans"] }, "findings-recorded"],
  ])("%s", (_name, today, change, stage) => {
    expect(weekStage({ ...week, ...change }, today)).toBe(stage);
  });
});
