import { describe, expect, it } from "vitest";
import { defaultRagRule } from "../../core/rag.ts";
import { measureDetail } from "../reports/index.ts";
import type { MeasureRow, SeriesPoint, TargetRow } from "./repository.ts";
import { buildScorecard, type readScorecardData } from "./scorecard.ts";
import { presentRow } from "./service.ts";

type Data = Awaited<ReturnType<typeof readScorecardData>>;

const measure: MeasureRow = {
  id: 1, code: "INTERNSHIPS", title: "Young people on supported internships", definition: "Young people supported onto a supported internship.",
  unit: "count", polarity: "lower-better", frequency: "annual", decimals: 0, source: "entered", owner: null, version: 1,
};

/** A measure's scorecard row from values a year apart, ending in March 2025, with a target for 2024/25 the values never reach. */
function rowOf(values: number[]) {
  const series: SeriesPoint[] = values.map((value, i) => ({ id: i + 1, measureId: 1, periodEnd: `${String(2025 - values.length + 1 + i)}-03-31`, value, numerator: null, denominator: null, status: "final" }));
  const target = { id: 1, measureId: 1, planYear: 2024, value: 1000, tolerance: 0, oneOff: false, achieved: false, note: "", version: 1 } as TargetRow;
  const data = { measures: [measure], values: series, targets: [target], benchmarks: [], summaries: [], commentary: [], baselines: [], priorities: new Map(), rule: defaultRagRule } as unknown as Data;
  const [row] = buildScorecard(data, { councilCode: null, neighbours: [] });
  if (!row) throw new Error("no row");
  return row;
}

describe("a scorecard row's SPC", () => {
  // Steady, then a jump far above the rest: for a lower-is-better measure, a special cause of concern once there are limits.
  it.each<[string, number[], string, boolean, string]>([
    ["two values", [60, 108], "insufficient-data", false, "Too few values for statistical process control: 2 of the 6 needed."],
    ["five values", [14, 14, 15, 14, 60], "insufficient-data", false, "Too few values for statistical process control: 5 of the 6 needed."],
    ["six values", [14, 14, 15, 14, 60, 90], "concern", true, "Special cause: concern; consistently passes the target. Trial limits from 6 values, revised with each new value until there are 12."],
  ])("with %s: variation %s, an exception %s, and the report says so", (_name, values, variation, exception, words) => {
    const row = rowOf(values);
    expect(row.spc.variation).toBe(variation);
    expect(row.exception).toBe(exception);
    expect(presentRow(row).assurance).toBe(exception ? "pass" : null);
    const reading = measureDetail(row, "2025-03-31").find((b) => b.kind === "paragraph" && b.label === "Reading the chart:");
    expect(reading).toMatchObject({ text: words });
  });
});
