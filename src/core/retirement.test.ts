import { describe, expect, it } from "vitest";
import { inForceOn } from "./retirement.ts";

describe("whether a record was part of the plan on a day", () => {
  it.each<[string, Date | null, string, boolean]>([
    ["never retired", null, "2025-10-01", true],
    ["retired later", new Date("2026-01-15T10:00:00Z"), "2025-10-01", true],
    ["retired that day", new Date("2025-10-01T09:00:00Z"), "2025-10-01", false],
    ["retired before", new Date("2025-06-30T12:00:00Z"), "2025-10-01", false],
    // 30 September at 23:30 GMT is 1 October in England (British Summer Time).
    ["retired late on the evening before, in England's time", new Date("2025-09-30T23:30:00Z"), "2025-10-01", false],
    ["retired just before midnight in England", new Date("2025-09-30T22:30:00Z"), "2025-09-30", false],
  ])("%s", (_name, retiredAt, date, expected) => {
    expect(inForceOn(retiredAt, date)).toBe(expected);
  });
});
