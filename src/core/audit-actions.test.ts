import { describe, expect, it } from "vitest";
import { actionsClosedOnTime, actionState, closeRefusal, type ActionState, type ActionStatus, type TimedAction } from "./audit-actions.ts";

describe("an action's state", () => {
  it.each<[ActionStatus, string, string, ActionState]>([
    ["open", "2025-12-01", "2025-11-30", "open"],
    // Due today is not yet overdue.
    ["open", "2025-12-01", "2025-12-01", "open"],
    ["open", "2025-12-01", "2025-12-02", "overdue"],
    ["open", "2024-12-31", "2025-01-01", "overdue"],
    ["open", "2025-02-28", "2025-03-01", "overdue"],
    ["closed", "2025-12-01", "2026-06-01", "closed"],
    ["closed", "2025-12-01", "2025-11-01", "closed"],
  ])("%s, due %s, on %s: %s", (status, dueOn, today, state) => {
    expect(actionState({ status, dueOn }, today)).toBe(state);
  });
});

describe("who may close an action", () => {
  it.each<[ActionStatus, number | null, number, boolean, string | null]>([
    ["open", 7, 7, false, null],
    ["open", 7, 8, true, null],
    ["open", 7, 7, true, null],
    ["open", 7, 8, false, "Only the action's owner or a quality assurance officer may close it"],
    ["open", null, 8, false, "Only the action's owner or a quality assurance officer may close it"],
    ["open", null, 8, true, null],
    ["closed", 7, 7, false, "This action has already been closed"],
    ["closed", 7, 8, true, "This action has already been closed"],
  ])("%s, owner %s, person %i (records audits: %s)", (status, ownerId, id, mayRecord, refusal) => {
    expect(closeRefusal({ status, ownerId }, { id, mayRecord })).toBe(refusal);
  });
});

describe("actions closed on time, by the quarter they were due in", () => {
  const action = (dueOn: string, closedOn: string | null = null): TimedAction => ({ dueOn, closedOn });
  it.each<[string, TimedAction[], { periodEnd: string; numerator: number; denominator: number; open: number }[]]>([
    ["none due, no figure", [], []],
    ["closed on the due date is on time", [action("2024-11-15", "2024-11-15")], [{ periodEnd: "2024-12-31", numerator: 1, denominator: 1, open: 0 }]],
    ["closed the day after is not", [action("2024-11-15", "2024-11-16")], [{ periodEnd: "2024-12-31", numerator: 0, denominator: 1, open: 0 }]],
    ["still open is not on time", [action("2024-11-15"), action("2024-11-20", "2024-11-01")], [{ periodEnd: "2024-12-31", numerator: 1, denominator: 2, open: 1 }]],
    ["closed before the quarter began is on time", [action("2024-10-01", "2024-09-20")], [{ periodEnd: "2024-12-31", numerator: 1, denominator: 1, open: 0 }]],
    ["due on the quarter's first and last days count in it", [action("2024-10-01", "2024-10-01"), action("2024-12-31", "2025-01-02")], [{ periodEnd: "2024-12-31", numerator: 1, denominator: 2, open: 0 }]],
    ["due on 30 June and 1 July fall in two quarters; 31 March in Q4 of the year before", [action("2024-06-30", "2024-06-30"), action("2024-07-01"), action("2025-03-31", "2025-03-31")], [
      { periodEnd: "2024-06-30", numerator: 1, denominator: 1, open: 0 },
      { periodEnd: "2024-09-30", numerator: 0, denominator: 1, open: 1 },
      { periodEnd: "2025-03-31", numerator: 1, denominator: 1, open: 0 },
    ]],
    ["the quarter is the due date's, not the closing's", [action("2024-12-20", "2025-01-05")], [{ periodEnd: "2024-12-31", numerator: 0, denominator: 1, open: 0 }]],
  ])("%s", (_, actions, expected) => {
    expect(actionsClosedOnTime(actions).map(({ periodEnd, numerator, denominator, open }) => ({ periodEnd, numerator, denominator, open }))).toEqual(expected);
  });

  it("gives the percentage", () => {
    expect(actionsClosedOnTime([action("2025-05-01", "2025-04-30"), action("2025-05-02"), action("2025-05-03", "2025-05-03")])[0]?.value).toBe(200 / 3);
  });
});
