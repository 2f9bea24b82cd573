import { describe, expect, it } from "vitest";
import { fieldLabel, formatDate, formatDateTime, pluralise } from "./format.ts";

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

describe("formatDateTime", () => {
  it.each([
    ["2025-02-06T14:05:00Z", "6 February 2025 at 14:05"],
    // British Summer Time: an hour ahead of UTC.
    ["2025-07-16T09:30:00Z", "16 July 2025 at 10:30"],
    ["2025-03-30T00:59:00Z", "30 March 2025 at 00:59"],
    ["2025-03-30T01:00:00Z", "30 March 2025 at 02:00"],
    ["2024-12-31T23:59:00Z", "31 December 2024 at 23:59"],
  ])("writes %s in London time as %s", (iso, written) => {
    expect(formatDateTime(new Date(iso))).toBe(written);
  });
});

describe("fieldLabel", () => {
  it.each([
    ["keyElements", "Key elements"],
    ["title", "Title"],
    ["dueOn", "Due on"],
  ])("writes %s as %s", (name, label) => {
    expect(fieldLabel(name)).toBe(label);
  });
});
