import { describe, expect, it } from "vitest";
import { consequencesOfChange, type MeasureDefinition, type MeasureRecord } from "./measure-editing.ts";
import type { ValueRow } from "./repository.ts";

const measure: MeasureRecord = {
  id: 1, code: "CIN-RATE", title: "Children in need", definition: "Children in need per 10,000 children.", unit: "rate-per-10000", polarity: "lower-better",
  frequency: "quarterly", decimals: 1, source: "entered", owner: null, version: 3, priorities: [2],
};
const form: MeasureDefinition = { title: measure.title, definition: measure.definition, unit: measure.unit, polarity: measure.polarity, frequency: measure.frequency, decimals: 1, source: "entered", owner: "", priorities: [2] };
const value = (periodEnd: string, v: number): ValueRow => ({ id: 1, measureId: 1, periodEnd, value: v, numerator: null, denominator: null, status: "final", note: "", provenance: "typed", lineage: null, version: 1, recordedAt: new Date() });
const values = [value("2024-06-30", 310.4), value("2025-09-30", 298.2)];

describe("what a change of unit or polarity means for a measure's values", () => {
  it("asks nothing when neither changes, or when the measure has no values", () => {
    expect(consequencesOfChange(measure, { ...form, title: "Children in need, rate" }, values, 1)).toBeNull();
    expect(consequencesOfChange(measure, { ...form, unit: "count" }, [], 1)).toBeNull();
  });

  it.each<[string, Partial<MeasureDefinition>, Partial<MeasureRecord>, string[]]>([
    [
      "a unit changed: values and targets are not converted",
      { unit: "count", decimals: 0 },
      {},
      [
        "The values are not converted: each keeps its number, read in the new unit. The latest, 298.2 per 10,000 for Q2 2025/26, will read as 298.",
        "Its 2 targets are not converted either: change them on the measure's page if the new unit needs new figures.",
      ],
    ],
    [
      "no longer judged either way",
      { polarity: "neither" },
      {},
      ["It will no longer be rated red, amber or green against its targets, and its direction of travel will say only Up or Down, not Improving or Worsening."],
    ],
    [
      "judged for the first time",
      { polarity: "higher-better" },
      { polarity: "neither" },
      ["It will be rated red, amber or green against its targets, and its direction of travel judged Improving or Worsening, with higher values better."],
    ],
  ])("%s", (_case, change, was, starts) => {
    const result = consequencesOfChange({ ...measure, ...was }, { ...form, ...change }, values, 2);
    expect(result).toMatchObject({ values: 2, from: "Q1 2024/25", to: "Q2 2025/26" });
    starts.forEach((start, i) => expect(result?.consequences[i]).toContain(start));
  });
});
