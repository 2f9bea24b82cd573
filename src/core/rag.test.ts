import { describe, expect, it } from "vitest";
import { amberAllowance, defaultRagRule, rag, ragLabels, ragRuleInWords, ragThresholdsInWords, type Rag, type RagRule, type RagTarget } from "./rag.ts";
import type { Polarity } from "./spc.ts";

describe("RAG against a target", () => {
  // Target 80, tolerance 5: green at 80 or better, amber down to 75, red below.
  const timeliness: RagTarget = { value: 80, tolerance: 5 };
  // Target 20, tolerance 2: green at 20 or lower, amber up to 22, red above.
  const caseloads: RagTarget = { value: 20, tolerance: 2 };

  it.each<[number | null, RagTarget | null, Polarity, Rag | null]>([
    [85, timeliness, "higher-better", "green"],
    [80, timeliness, "higher-better", "green"],
    [79.9, timeliness, "higher-better", "amber"],
    [75, timeliness, "higher-better", "amber"],
    [74.9, timeliness, "higher-better", "red"],
    [15, caseloads, "lower-better", "green"],
    [20, caseloads, "lower-better", "green"],
    [21, caseloads, "lower-better", "amber"],
    [22, caseloads, "lower-better", "amber"],
    [22.5, caseloads, "lower-better", "red"],
    // Proportions as decimals: the edge of the tolerance is still amber.
    [0.55, { value: 0.6, tolerance: 0.05 }, "higher-better", "amber"],
    [0.35, { value: 0.3, tolerance: 0.05 }, "lower-better", "amber"],
    [0.36, { value: 0.3, tolerance: 0.05 }, "lower-better", "red"],
    // Floating-point dust: 0.1 + 0.2 is on a target of 0.3.
    [0.1 + 0.2, { value: 0.3, tolerance: 0 }, "lower-better", "green"],
    [0.3, { value: 0.1 + 0.2, tolerance: 0 }, "higher-better", "green"],
    // No tolerance: anything worse than target is red.
    [79, { value: 80, tolerance: 0 }, "higher-better", "red"],
    // A target of zero (no children waiting, say).
    [0, { value: 0, tolerance: 0 }, "lower-better", "green"],
    [1, { value: 0, tolerance: 0 }, "lower-better", "red"],
    [1, { value: 0, tolerance: 1 }, "lower-better", "amber"],
    // A one-off target: blue once achieved, rated as usual until then.
    [1, { value: 1, tolerance: 0, oneOff: true, achieved: true }, "higher-better", "blue"],
    [null, { value: 1, tolerance: 0, oneOff: true, achieved: true }, "higher-better", "blue"],
    [0, { value: 1, tolerance: 0, oneOff: true, achieved: true }, "neither", "blue"],
    [0, { value: 1, tolerance: 0, oneOff: true, achieved: false }, "higher-better", "red"],
    // An achieved flag on an ordinary target does not make it blue.
    [85, { value: 80, tolerance: 5, achieved: true }, "higher-better", "green"],
    [null, timeliness, "higher-better", null],
    [Number.NaN, timeliness, "higher-better", null],
    [85, null, "higher-better", null],
    [85, timeliness, "neither", null],
  ])("%s against %j on a %s measure is %s", (value, target, polarity, colour) => {
    expect(rag(value, target, polarity)).toBe(colour);
    expect(rag(value, target, polarity, defaultRagRule)).toBe(colour);
  });

  it("has a word for every colour", () => {
    expect(ragLabels).toEqual({ red: "Red", amber: "Amber", green: "Green", blue: "Blue (complete)" });
  });
});

describe("the council's rule", () => {
  const fivePerCent: RagRule = { amber: "percentage", percent: 5, onTargetGreen: true };
  const tenPerCent: RagRule = { amber: "percentage", percent: 10, onTargetGreen: true };
  const onTargetAmber: RagRule = { amber: "tolerance", percent: 5, onTargetGreen: false };
  const noTolerance = (value: number): RagTarget => ({ value, tolerance: 0 });

  it.each<[string, number, RagTarget, Polarity, RagRule, Rag | null]>([
    // Within 5% of a target of 80 is down to 76 (5% of the target, not 5 percentage points).
    ["better", 81, noTolerance(80), "higher-better", fivePerCent, "green"],
    ["on target", 80, noTolerance(80), "higher-better", fivePerCent, "green"],
    ["just worse", 79, noTolerance(80), "higher-better", fivePerCent, "amber"],
    ["on the boundary", 76, noTolerance(80), "higher-better", fivePerCent, "amber"],
    ["just beyond", 75.99, noTolerance(80), "higher-better", fivePerCent, "red"],
    ["5 points, beyond 5%", 75, noTolerance(80), "higher-better", fivePerCent, "red"],
    // Lower is better: within 10% of a caseload target of 20 is up to 22.
    ["lower: better", 18, noTolerance(20), "lower-better", tenPerCent, "green"],
    ["lower: on the boundary", 22, noTolerance(20), "lower-better", tenPerCent, "amber"],
    ["lower: just beyond", 22.01, noTolerance(20), "lower-better", tenPerCent, "red"],
    // The boundary with floating-point dust: 10% of 0.3 is 0.03 and 0.3 + 0.03 is 0.32999….
    ["decimal boundary", 0.33, noTolerance(0.3), "lower-better", tenPerCent, "amber"],
    // A target's own tolerance wins over the per cent.
    ["own tolerance, within it", 75, { value: 80, tolerance: 5 }, "higher-better", fivePerCent, "amber"],
    ["own tolerance, beyond it", 74, { value: 80, tolerance: 5 }, "higher-better", fivePerCent, "red"],
    ["own smaller tolerance", 77, { value: 80, tolerance: 2 }, "higher-better", fivePerCent, "red"],
    // A negative target (a change of −10%): the per cent is of its size.
    ["negative target, within", -9.5, noTolerance(-10), "lower-better", fivePerCent, "amber"],
    ["negative target, beyond", -9, noTolerance(-10), "lower-better", fivePerCent, "red"],
    // A target of zero has no amber under the per-cent rule.
    ["zero target, on it", 0, noTolerance(0), "lower-better", fivePerCent, "green"],
    ["zero target, above it", 0.1, noTolerance(0), "lower-better", fivePerCent, "red"],
    // Neither direction better: not rated under any rule.
    ["neither", 50, noTolerance(80), "neither", fivePerCent, null],
    // A one-off target achieved is blue under any rule.
    ["one-off achieved", 0, { value: 15, tolerance: 0, oneOff: true, achieved: true }, "higher-better", onTargetAmber, "blue"],
    // On target is amber when the council says so; better than target is still green.
    ["on target, not green", 80, noTolerance(80), "higher-better", onTargetAmber, "amber"],
    ["on target with dust, not green", 0.1 + 0.2, noTolerance(0.3), "lower-better", onTargetAmber, "amber"],
    ["better, on target not green", 80.1, noTolerance(80), "higher-better", onTargetAmber, "green"],
    ["worse, on target not green, no tolerance", 79.9, noTolerance(80), "higher-better", onTargetAmber, "red"],
    ["worse within tolerance, on target not green", 21, { value: 20, tolerance: 2 }, "lower-better", onTargetAmber, "amber"],
  ])("%s: %s against %j (%s) is %s", (_case, value, target, polarity, rule, colour) => {
    expect(rag(value, target, polarity, rule)).toBe(colour);
  });

  it.each<[RagTarget, RagRule, number]>([
    [{ value: 80, tolerance: 5 }, defaultRagRule, 5],
    [{ value: 80, tolerance: 0 }, defaultRagRule, 0],
    [{ value: 80, tolerance: -1 }, defaultRagRule, 0],
    [{ value: 80, tolerance: 0 }, fivePerCent, 4],
    [{ value: 80, tolerance: 3 }, fivePerCent, 3],
    [{ value: -10, tolerance: 0 }, fivePerCent, 0.5],
    [{ value: 0, tolerance: 0 }, fivePerCent, 0],
  ])("allows %j under %j to be worse by %s", (target, rule, allowance) => {
    expect(amberAllowance(target, rule)).toBeCloseTo(allowance, 12);
  });

  it("says the rule in words", () => {
    expect(ragRuleInWords().map((line) => `${ragLabels[line.rag]}: ${line.text}.`).join(" ")).toBe(
      "Green: on the target or better. Amber: worse than the target by no more than the target's tolerance, in the measure's own units (a target with no tolerance has no amber). Red: worse than the target by more than that. Blue (complete): a one-off target that has been achieved.",
    );
    const words = ragRuleInWords({ amber: "percentage", percent: 2.5, onTargetGreen: false });
    expect(words.map((w) => w.rag)).toEqual(["green", "amber", "red", "blue"]);
    expect(words[0]?.text).toBe("better than the target");
    expect(words[1]?.text).toContain("exactly on the target, or worse than the target by no more than 2.5% of the target");
    expect(words[1]?.text).toContain("the target's own tolerance where it has one");
  });
});

describe("a target's thresholds in words", () => {
  const percent = (n: number) => `${n.toFixed(1)}%`;
  const fivePerCent: RagRule = { amber: "percentage", percent: 5, onTargetGreen: true };
  it.each<[RagTarget, Polarity, RagRule, string | null]>([
    [{ value: 80, tolerance: 5 }, "higher-better", defaultRagRule, "Green at 80.0% or above; amber below 80.0% down to 75.0%; red below 75.0%."],
    [{ value: 80, tolerance: 0 }, "higher-better", fivePerCent, "Green at 80.0% or above; amber below 80.0% down to 76.0%; red below 76.0%."],
    [{ value: 20, tolerance: 2 }, "lower-better", { ...defaultRagRule, onTargetGreen: false }, "Green below 20.0%; amber from 20.0% up to 22.0%; red above 22.0%."],
    [{ value: 80, tolerance: 0 }, "higher-better", defaultRagRule, "Green at 80.0% or above; red below 80.0%."],
    [{ value: 80, tolerance: 0 }, "higher-better", { ...defaultRagRule, onTargetGreen: false }, "Green above 80.0%; amber at 80.0%; red below 80.0%."],
    [{ value: 15, tolerance: 0, oneOff: true, achieved: true }, "higher-better", defaultRagRule, "Achieved: blue."],
    [{ value: 15, tolerance: 0 }, "neither", defaultRagRule, null],
  ])("%j on a %s measure under %j", (target, polarity, rule, words) => {
    expect(ragThresholdsInWords(target, polarity, rule, percent)).toBe(words);
  });
});
