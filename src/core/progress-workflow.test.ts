import { describe, expect, it } from "vitest";
import { isEditable, nextState, type Transition, type UpdateState } from "./progress-workflow.ts";

describe("the progress workflow", () => {
  it.each<[UpdateState, Transition, UpdateState | null]>([
    ["draft", "submit", "submitted"],
    ["draft", "approve", null],
    ["draft", "return", null],
    ["submitted", "approve", "approved"],
    ["submitted", "return", "returned"],
    ["submitted", "submit", null],
    ["returned", "submit", "submitted"],
    ["returned", "approve", null],
    ["approved", "return", null],
    ["approved", "submit", null],
  ])("from %s, %s leads to %s", (state, transition, next) => {
    expect(nextState(state, transition)).toBe(next);
  });

  it.each<[UpdateState, boolean]>([
    ["draft", true],
    ["returned", true],
    ["submitted", false],
    ["approved", false],
  ])("a %s update can be edited: %s", (state, editable) => {
    expect(isEditable(state)).toBe(editable);
  });
});
