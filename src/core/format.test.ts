import { describe, expect, it } from "vitest";
import { formatDate, pluralise } from "./format.ts";

describe("formatDate", () => {
  it.each([
    ["2025-07-16", "16 July 2025"],
    ["2025-02-06", "6 February 2025"],
    ["2024-12-01", "1 December 2024"],
    ["2024-13-01", "2024-13-01"],
    ["not a date", "not a date"],
  ])("writes %s as %s", (iso, written) => {
    expect(formatDate(iso)).toBe(written);
  });
});

describe("pluralise", () => {
  it.each([
    [0, "0 milestones"],
    [1, "1 milestone"],
    [13, "13 milestones"],
  ])("counts %i", (n, text) => {
    expect(pluralise(n, "milestone")).toBe(text);
  });
});
