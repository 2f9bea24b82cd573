import { describe, expect, it } from "vitest";
import { rag, ragLabels, type Rag, type RagTarget } from "./rag.ts";
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
    // No tolerance: anything worse than target is red.
    [79, { value: 80, tolerance: 0 }, "higher-better", "red"],
    // A one-off target: blue once achieved, rated as usual until then.
    [1, { value: 1, tolerance: 0, oneOff: true, achieved: true }, "higher-better", "blue"],
    [null, { value: 1, tolerance: 0, oneOff: true, achieved: true }, "higher-better", "blue"],
    [0, { value: 1, tolerance: 0, oneOff: true, achieved: false }, "higher-better", "red"],
    // An achieved flag on an ordinary target does not make it blue.
    [85, { value: 80, tolerance: 5, achieved: true }, "higher-better", "green"],
    [null, timeliness, "higher-better", null],
    [85, null, "higher-better", null],
    [85, timeliness, "neither", null],
  ])("%s against %j on a %s measure is %s", (value, target, polarity, colour) => {
    expect(rag(value, target, polarity)).toBe(colour);
  });

  it("has a word for every colour", () => {
    expect(ragLabels).toEqual({ red: "Red", amber: "Amber", green: "Green", blue: "Blue (complete)" });
  });
});
