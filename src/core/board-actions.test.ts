import { describe, expect, it } from "vitest";
import { boardActionOverdue, mattersArising, type BoardActionStatus } from "./board-actions.ts";

describe("an action's lateness", () => {
  it.each<[BoardActionStatus, string, string, boolean]>([
    ["open", "2025-03-31", "2025-03-31", false],
    ["open", "2025-03-31", "2025-04-01", true],
    ["in-progress", "2024-12-31", "2025-01-01", true],
    ["complete", "2025-03-31", "2025-06-01", false],
  ])("%s, due %s, seen %s: overdue %s", (status, dueOn, today, overdue) => {
    expect(boardActionOverdue({ status, dueOn }, today)).toBe(overdue);
  });
});

describe("matters arising", () => {
  // Meetings of one board on 14 January, 11 February and 11 March 2025.
  it.each<[string, string, string | null, string, string | null, boolean]>([
    ["open, raised at the last meeting", "2025-01-14", null, "2025-02-11", "2025-01-14", true],
    ["open, raised two meetings ago", "2025-01-14", null, "2025-03-11", "2025-02-11", true],
    ["raised at this meeting", "2025-02-11", null, "2025-02-11", "2025-01-14", false],
    ["raised at a later meeting", "2025-03-11", null, "2025-02-11", "2025-01-14", false],
    ["completed since the last meeting: reported once", "2025-01-14", "2025-02-01", "2025-02-11", "2025-01-14", true],
    ["completed on the last meeting's day", "2025-01-14", "2025-01-14", "2025-02-11", "2025-01-14", true],
    ["completed before the last meeting", "2025-01-14", "2025-02-01", "2025-03-11", "2025-02-11", false],
    ["completed after this meeting: open at it", "2025-01-14", "2025-02-20", "2025-02-11", "2025-01-14", true],
    ["the board's first meeting, completed before it", "2024-12-01", "2024-12-20", "2025-01-14", null, false],
  ])("%s", (_name, raisedOn, completedOn, heldOn, previousOn, arising) => {
    expect(mattersArising({ raisedOn, completedOn }, heldOn, previousOn)).toBe(arising);
  });
});
