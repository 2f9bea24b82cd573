import { describe, expect, it } from "vitest";
import { actionState, closeRefusal, type ActionState, type ActionStatus } from "./audit-actions.ts";

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
