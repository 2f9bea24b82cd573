import { describe, expect, it } from "vitest";
import { dueDateProblem, monthChoices, monthDates, monthLabel, nextMonth, parseMonthKey, plannedAuditState, programmeProgress, type PlannedAuditState } from "./audit-programmes.ts";

describe("a programme's month", () => {
  it.each<[string, { year: number; month: number } | null]>([
    ["2025-01", { year: 2025, month: 1 }],
    ["2024-12", { year: 2024, month: 12 }],
    ["2025-13", null],
    ["2025-00", null],
    ["2025-1", null],
    ["25-01", null],
    ["1999-05", null],
    ["", null],
    ["2025-01-01", null],
  ])("%j reads as %j", (key, month) => {
    expect(parseMonthKey(key)).toEqual(month);
  });

  it.each([
    ["2025-01", "January 2025", "2025-01-01", "2025-01-31", "2025-02"],
    ["2024-02", "February 2024", "2024-02-01", "2024-02-29", "2024-03"],
    ["2025-02", "February 2025", "2025-02-01", "2025-02-28", "2025-03"],
    ["2024-12", "December 2024", "2024-12-01", "2024-12-31", "2025-01"],
    ["2025-04", "April 2025", "2025-04-01", "2025-04-30", "2025-05"],
  ])("%s is %s, %s to %s, before %s", (key, label, startsOn, endsOn, after) => {
    expect(monthLabel(key)).toBe(label);
    expect(monthDates(key)).toEqual({ startsOn, endsOn });
    expect(nextMonth(key)).toBe(after);
  });

  it("offers months from a year back to three ahead, newest first, across year ends", () => {
    const choices = monthChoices("2025-01-15");
    expect(choices).toHaveLength(16);
    expect(choices[0]).toBe("2025-04");
    expect(choices[3]).toBe("2025-01");
    expect(choices[4]).toBe("2024-12");
    expect(choices.at(-1)).toBe("2024-01");
  });
});

describe("when a planned audit may fall due", () => {
  it.each<[string, string, string | null]>([
    ["2025-01-01", "2025-01", null],
    ["2025-01-31", "2025-01", null],
    ["2025-02-28", "2025-01", null],
    ["2025-03-01", "2025-01", "Due date must be no later than the end of February 2025"],
    ["2024-12-31", "2025-01", "Due date must be in January 2025 or the month after"],
    ["2025-01-31", "2024-12", null],
    ["2025-02-01", "2024-12", "Due date must be no later than the end of January 2025"],
  ])("due %s in the programme for %s: %s", (dueOn, month, problem) => {
    expect(dueDateProblem(dueOn, month)).toBe(problem);
  });
});

describe("a planned audit's state and a programme's progress", () => {
  it.each<[number | null, string, string, PlannedAuditState]>([
    [null, "2025-01-31", "2025-01-30", "due"],
    // Due today is not yet overdue.
    [null, "2025-01-31", "2025-01-31", "due"],
    [null, "2025-01-31", "2025-02-01", "overdue"],
    [12, "2025-01-31", "2025-03-01", "completed"],
    [12, "2025-01-31", "2025-01-01", "completed"],
  ])("audit %s, due %s, on %s: %s", (auditId, dueOn, today, state) => {
    expect(plannedAuditState({ auditId, dueOn }, today)).toBe(state);
  });

  it("counts each state and the share completed", () => {
    const planned = [
      { auditId: 1, dueOn: "2025-01-10" },
      { auditId: null, dueOn: "2025-01-10" },
      { auditId: null, dueOn: "2025-01-20" },
    ];
    expect(programmeProgress(planned, "2025-01-15")).toEqual({ planned: 3, completed: 1, due: 1, overdue: 1, completion: 33 });
    expect(programmeProgress([], "2025-01-15")).toEqual({ planned: 0, completed: 0, due: 0, overdue: 0, completion: null });
  });
});
