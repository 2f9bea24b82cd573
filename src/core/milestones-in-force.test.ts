import { describe, expect, it } from "vitest";
import { inForceAfterResets, type MilestoneDates } from "./milestones-in-force.ts";

const original: MilestoneDates = { setOn: null, supersededOn: null };
const replaced: MilestoneDates = { setOn: null, supersededOn: "2025-07-16" };
const reset: MilestoneDates = { setOn: "2025-07-16", supersededOn: null };
const resetThenReplaced: MilestoneDates = { setOn: "2025-07-16", supersededOn: "2026-07-15" };

describe("which milestones were in force on a date", () => {
  it.each<[string, MilestoneDates, string, boolean]>([
    ["an original milestone never replaced, on any date", original, "2024-07-08", true],
    ["an original milestone before the review that replaced it", replaced, "2024-07-08", true],
    ["an original milestone the day before that review", replaced, "2025-07-15", true],
    ["an original milestone on the day of that review", replaced, "2025-07-16", false],
    ["an original milestone after that review", replaced, "2025-09-30", false],
    ["a reset milestone before the review that set it", reset, "2024-07-08", false],
    ["a reset milestone on the day of that review", reset, "2025-07-16", true],
    ["a reset milestone after that review", reset, "2026-01-31", true],
    ["a reset milestone after a later review replaced it", resetThenReplaced, "2026-07-15", false],
    ["a reset milestone between the review that set it and the one that replaced it", resetThenReplaced, "2026-07-14", true],
  ])("%s", (_name, milestone, date, expected) => {
    expect(inForceAfterResets(milestone, date)).toBe(expected);
  });
});
