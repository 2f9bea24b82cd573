import { describe, expect, it } from "vitest";
import { countFor, evidenceAudience, linkTargetValue, parseLinkTarget, type EvidenceAudience, type LinkTarget } from "./quality-links.ts";

describe("a link form's choice", () => {
  it.each<[unknown, LinkTarget | null]>([
    ["priority-12", { kind: "priority", priorityId: 12 }],
    ["milestone-45", { kind: "milestone", milestoneId: 45 }],
    ["ofsted-3", { kind: "ofsted", ofstedAreaId: 3 }],
    [" ofsted-3 ", { kind: "ofsted", ofstedAreaId: 3 }],
    ["priority-0", null],
    ["priority-", null],
    ["priority-1e3", null],
    ["priority-9999999999", null],
    ["risk-4", null],
    ["", null],
    [undefined, null],
    [["priority-1"], null],
  ])("%j reads as %j", (value, target) => {
    expect(parseLinkTarget(value)).toEqual(target);
    if (target) expect(linkTargetValue(target)).toBe(String(value).trim());
  });
});

describe("who sees how much of a priority's evidence", () => {
  it.each<[boolean, boolean, boolean, EvidenceAudience]>([
    [true, false, false, "records"],
    [true, true, true, "records"],
    [false, true, false, "aggregates"],
    [false, false, true, "aggregates"],
    [false, false, false, "suppressed"],
  ])("reads audits %s, approves %s, leads the priority %s: %s", (readsAudits, approves, leadsPriority, audience) => {
    expect(evidenceAudience({ readsAudits, approves, leadsPriority })).toBe(audience);
  });

  it.each<[EvidenceAudience, number, number | "c"]>([
    ["suppressed", 0, 0],
    ["suppressed", 1, "c"],
    ["suppressed", 4, "c"],
    ["suppressed", 5, 5],
    ["aggregates", 1, 1],
    ["records", 3, 3],
  ])("%s sees %i as %s", (audience, count, shown) => {
    expect(countFor(audience, count)).toBe(shown);
  });
});
