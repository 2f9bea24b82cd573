import { describe, expect, it } from "vitest";
import { reviewOverdue, reviewState, riskReference, type ReviewState, type RiskStatus } from "./risks.ts";

describe("a risk's review", () => {
  it.each<[string, string, ReviewState]>([
    ["2025-06-30", "2025-07-01", "overdue"],
    // Due today is not yet overdue.
    ["2025-06-30", "2025-06-30", "due-soon"],
    ["2025-07-14", "2025-06-30", "due-soon"],
    ["2025-07-15", "2025-06-30", "in-date"],
    ["2025-01-10", "2024-12-31", "due-soon"],
    ["2025-03-01", "2025-02-28", "due-soon"],
    ["2024-02-29", "2024-03-01", "overdue"],
  ])("due %s, seen %s: %s", (reviewOn, today, state) => {
    expect(reviewState(reviewOn, today)).toBe(state);
  });

  it.each<[RiskStatus, boolean]>([
    ["open", true],
    ["escalated", true],
    ["closed", false],
  ])("of a %s risk past its date is overdue: %s", (status, overdue) => {
    expect(reviewOverdue({ status, reviewOn: "2025-01-01" }, "2025-02-01")).toBe(overdue);
  });
});

describe("a risk's reference", () => {
  it("keeps its number when a risk becomes an issue", () => {
    expect(riskReference({ id: 7, kind: "risk" })).toBe("R7");
    expect(riskReference({ id: 7, kind: "issue" })).toBe("I7");
  });
});
