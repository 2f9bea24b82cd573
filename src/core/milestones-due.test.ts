import { describe, expect, it } from "vitest";
import { addDays, milestoneDue, type MilestoneDue } from "./milestones-due.ts";

describe("whether a milestone is due", () => {
  it.each<[string, string | null, string, boolean, MilestoneDue | null]>([
    ["due yesterday, not complete: overdue", "2025-11-30", "2025-12-01", false, "overdue"],
    ["due a year ago, not complete: overdue", "2024-12-01", "2025-12-01", false, "overdue"],
    ["due today: due soon, not yet overdue", "2025-12-01", "2025-12-01", false, "due-soon"],
    ["due tomorrow: due soon", "2025-12-02", "2025-12-01", false, "due-soon"],
    ["due in 60 days: due soon", "2026-01-30", "2025-12-01", false, "due-soon"],
    ["due in 61 days: not yet", "2026-01-31", "2025-12-01", false, null],
    ["60 days on from 1 January crosses February: 2 March", "2026-03-02", "2026-01-01", false, "due-soon"],
    ["61 days on from 1 January: 3 March, not yet", "2026-03-03", "2026-01-01", false, null],
    ["in a leap year 60 days on from 1 January is 1 March", "2024-03-01", "2024-01-01", false, "due-soon"],
    ["in a leap year 2 March is 61 days on", "2024-03-02", "2024-01-01", false, null],
    ["overdue but complete: nothing to do", "2025-11-30", "2025-12-01", true, null],
    ["due soon but complete: nothing to do", "2025-12-10", "2025-12-01", true, null],
    ["no due date: never due", null, "2025-12-01", false, null],
  ])("%s", (_case, dueOn, today, complete, expected) => {
    expect(milestoneDue(dueOn, today, complete)).toBe(expected);
  });

  it("looks as far ahead as it is asked to", () => {
    expect(milestoneDue("2025-12-15", "2025-12-01", false, 14)).toBe("due-soon");
    expect(milestoneDue("2025-12-16", "2025-12-01", false, 14)).toBeNull();
  });

  it.each([
    ["2025-12-01", 60, "2026-01-30"],
    ["2025-12-31", 1, "2026-01-01"],
    ["2024-02-28", 1, "2024-02-29"],
    ["2023-02-28", 1, "2023-03-01"],
    ["2025-03-01", -1, "2025-02-28"],
    ["2025-03-30", 1, "2025-03-31"],
  ])("%s and %i days is %s", (from, days, to) => {
    expect(addDays(from, days)).toBe(to);
  });
});
