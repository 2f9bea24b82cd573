import { describe, expect, it } from "vitest";
import { statusesFor, statusMix } from "./milestone-status.ts";

describe("milestone statuses", () => {
  it("offers carried forward and not achieved only at year end", () => {
    expect(statusesFor(false)).not.toContain("carried_forward");
    expect(statusesFor(false)).not.toContain("not_achieved");
    expect(statusesFor(true)).toEqual(expect.arrayContaining(["carried_forward", "not_achieved", "complete"]));
  });

  it.each([
    [[], []],
    [[null, null], ["2 Not assessed"]],
    [["on_track", "at_risk", "on_track", null], ["2 On track", "1 At risk", "1 Not assessed"]],
    [["complete", "carried_forward", "complete"], ["2 Complete", "1 Carried forward"]],
  ] as const)("describes %j as %j", (statuses, words) => {
    expect(statusMix([...statuses]).map((m) => `${m.count} ${m.label}`)).toEqual(words);
  });
});
