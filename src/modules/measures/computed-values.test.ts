import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/client.ts";
import { openDemoDatabase, testContext } from "../../../test/support/demo.ts";
import { reportComputedAs, storeComputedValues, type ComputedValue } from "./computed-values.ts";
import { entryPage } from "./entry-view.ts";
import * as repository from "./repository.ts";
import { currentScorecardRow } from "./service.ts";
import { addTarget } from "./targets.ts";

const measure = { code: "TEST-COMPUTED", title: "Assessments in time, from case records", definition: "Assessments authorised in the month within 45 working days.", unit: "percentage" as const, polarity: "higher-better" as const, decimals: 1 };

const month = (periodEnd: string, numerator: number, denominator: number, status: "final" | "provisional" = "final"): ComputedValue => ({
  periodEnd,
  value: (100 * numerator) / denominator,
  numerator,
  denominator,
  status,
  provenance: `Computed from case records: ${String(numerator)} of ${String(denominator)}`,
  lineage: { definition: "TEST-COMPUTED", definitionVersion: "1.0.0" },
});

describe("measures computed from case records, in the catalogue", () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openDemoDatabase();
  });
  afterAll(() => handle.close());

  it("adds the measure the first time, then changes only the months whose figures changed", async () => {
    const first = await handle.db.transaction((tx) => storeComputedValues(tx, measure, [month("2025-08-31", 180, 200), month("2025-09-30", 190, 200)]));
    expect(first).toEqual({ kind: "stored", added: 2, changed: 0, unchanged: 0 });
    const again = await handle.db.transaction((tx) => storeComputedValues(tx, measure, [month("2025-08-31", 180, 200), month("2025-09-30", 195, 200), month("2025-10-31", 150, 200, "provisional")]));
    expect(again).toEqual({ kind: "stored", added: 1, changed: 1, unchanged: 1 });
    expect(await repository.findMeasure(handle.db, "TEST-COMPUTED")).toMatchObject({ source: "computed", frequency: "monthly" });
  });

  it("never overwrites a measure people enter under the same code", async () => {
    const outcome = await handle.db.transaction((tx) => storeComputedValues(tx, { ...measure, code: "REREFERRALS" }, [month("2025-10-31", 1, 2)]));
    expect(outcome).toMatchObject({ kind: "not-computed" });
    const values = await repository.listValues(handle.db, [(await repository.findMeasure(handle.db, "REREFERRALS"))?.id ?? 0]);
    expect(values.find((v) => v.periodEnd === "2025-10-31")?.value).toBe(26);
  });

  it("is judged against a target and charted with SPC like any measure, and keeps each value's lineage", async () => {
    const stored = await repository.findMeasure(handle.db, "TEST-COMPUTED");
    if (!stored) throw new Error("the computed measure was not added");
    await addTarget(handle.db, testContext, stored, { planYear: 2025, value: 90, tolerance: 2, oneOff: false, achieved: false, note: "" });
    const row = (await currentScorecardRow(handle.db, "TEST-COMPUTED"))?.row;
    expect(row?.latest).toMatchObject({ periodEnd: "2025-10-31", value: 75, status: "provisional" });
    expect(row?.rag).toBe("red");
    expect(row?.spc).toBeDefined();
    const [value] = await repository.listValues(handle.db, [stored.id]);
    expect(value?.lineage).toEqual({ definition: "TEST-COMPUTED", definitionVersion: "1.0.0" });
  });

  it("takes the priorities and targets of the measure it is set beside", async () => {
    expect(await reportComputedAs(handle.db, testContext, "TEST-COMPUTED", "ASSESSMENTS-IN-TIME")).toBe(true);
    const computed = (await currentScorecardRow(handle.db, "TEST-COMPUTED"))?.row;
    const reported = (await currentScorecardRow(handle.db, "ASSESSMENTS-IN-TIME"))?.row;
    expect(computed?.priorities).toEqual(reported?.priorities);
    expect(computed?.priorities.length).toBeGreaterThan(0);
    // Its own target for 2025/26 stays: the reported measure has none to give.
    expect(computed?.targets.map((t) => t.value)).toEqual([90]);
    expect(await reportComputedAs(handle.db, testContext, "REREFERRALS", "ASSESSMENTS-IN-TIME")).toBe(false);
  });

  it("is left out of the grid where values are typed", async () => {
    const grid = await entryPage(handle.db, "2025-10-31", null);
    expect(grid.measures.map((m) => m.code)).not.toContain("TEST-COMPUTED");
    expect(grid.measures.map((m) => m.code)).toContain("REREFERRALS");
  });
});
