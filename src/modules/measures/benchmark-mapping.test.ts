import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { engines, type TestHandle } from "../../../test/support/databases.ts";
import { testContext } from "../../../test/support/demo.ts";
import { sharedPath } from "../../../test/support/shared.ts";
import { importDfeFile } from "./benchmark-import.ts";
import { applyMappingFile, findMappingOf, MappingConflict, MappingFileError, mappingFileText, readMappingText, saveMapping } from "./benchmark-mappings.ts";
import { readTable } from "./file-reading/read-table.ts";
import { describeColumns, previewMapping } from "./mapping-preview.ts";
import * as repository from "./repository.ts";
import { mappingSchema, type MappingInput } from "./schemas.ts";
import { currentScorecard } from "./service.ts";

const dfeFile = (name: string) => ({ fileName: name, content: readFileSync(sharedPath("data", "dfe-ees", name)) });
const careLeavers = "la_care_leavers_accommodation_suitability.csv";
const suitableAt19to21 = { care_leaver_age: "19 to 21 years", breakdown: "Accommodation considered suitable" };

/** On PostgreSQL where the run has it, else on PGlite: these read whole DfE files, so once is enough. */
const engine = engines.at(-1) ?? engines[0];

describe(`benchmark mappings a council sets up, on ${engine?.name ?? ""}`, () => {
  let handle: TestHandle;
  let db: Database;

  beforeAll(async () => {
    if (!engine) throw new Error("no database engine");
    handle = await engine.openDemo();
    db = handle.db;
  }, 120_000);

  afterAll(async () => {
    await handle?.close();
  });

  const rowOf = async (code: string) => {
    const row = (await currentScorecard(db)).byCode.get(code);
    if (!row) throw new Error(`no scorecard row for ${code}`);
    return row;
  };
  const map = (code: string, input: MappingInput, seen: number | null = null) => saveMapping(db, testContext, code, mappingSchema.parse(input), seen);
  const addMeasure = (code: string, title: string, unit: "percentage" | "count" | "rate-per-10000", polarity: "higher-better" | "lower-better" | "neither", mapping: MappingInput) =>
    applyMappingFile(db, testContext, { measure: { code, title, unit, polarity, decimals: 1 }, mapping: mappingSchema.parse(mapping) }, `${code}.yaml`);

  it("shows the council against its own region after a whole file is imported, not the first region in the file", async () => {
    const result = await importDfeFile(db, testContext, { measureCode: "REREFERRALS", ...dfeFile("c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv") });
    expect(result.ok).toBe(true);
    const benchmark = (await rowOf("REREFERRALS")).benchmark;
    expect(benchmark?.region).toEqual({ name: "South West", value: 22.1 });
    expect(benchmark?.council).toMatchObject({ value: 26, regionCode: "E12000009" });
  });

  it("keeps the typed good-or-outstanding mean when Ofsted's judgements are not loaded, and says why it was not computed", async () => {
    const result = await importDfeFile(db, testContext, { measureCode: "REREFERRALS", ...dfeFile("c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv") });
    expect(result.notComputed).toContain("2025: Ofsted's judgements have not been imported, so no good-or-outstanding mean; the mean already held is kept");
    const summary = (await rowOf("REREFERRALS")).benchmark?.summary;
    expect(summary).toMatchObject({ goodOrOutstandingMean: 20.18, goodOrOutstandingCount: 109, quartileBand: "D", rank: 137, rankOf: 153 });
    expect(summary?.source).toContain("as it was before");
    // A year nothing was typed for has no mean to keep: it is said, and none is made up.
    const earlier = (await repository.listSummaries(db, [(await rowOf("REREFERRALS")).measure.id])).find((s) => s.year === 2024);
    expect(earlier?.goodOrOutstandingMean).toBeNull();
    expect(result.notComputed).toContain("2024: Ofsted's judgements have not been imported, so no good-or-outstanding mean");
  });

  it("takes the denominator from the file's Total row: care leavers aged 19 to 21 in suitable accommodation", async () => {
    await addMeasure("CL-SUITABLE-19-21", "Care leavers aged 19 to 21 in suitable accommodation", "percentage", "higher-better", {
      file: careLeavers,
      column: "care_leaver_percent",
      numeratorColumn: "care_leaver_count",
      denominatorColumn: "care_leaver_count",
      filters: suitableAt19to21,
      denominatorFilters: { breakdown: "Suitability total" },
    });
    const result = await importDfeFile(db, testContext, { measureCode: "CL-SUITABLE-19-21", ...dfeFile(careLeavers) });
    expect(result).toMatchObject({ ok: true, problems: [] });
    const benchmark = (await rowOf("CL-SUITABLE-19-21")).benchmark;
    expect(benchmark?.council).toMatchObject({ value: 83, numerator: 167, denominator: 202 });
    expect(benchmark?.region?.name).toBe("South West");
    expect(benchmark?.england).not.toBeNull();
    expect(benchmark?.neighbourMean.count).toBeGreaterThan(5);
    expect(benchmark?.summary?.quartileBand).toMatch(/^[ABCD]$/);
  });

  it("derives a percentage from the numerator and the Total row's denominator when the value is not read", async () => {
    await addMeasure("CL-SUITABLE-DERIVED", "Care leavers aged 19 to 21 in suitable accommodation (derived)", "percentage", "higher-better", {
      file: careLeavers,
      numeratorColumn: "care_leaver_count",
      denominatorColumn: "care_leaver_count",
      filters: suitableAt19to21,
      denominatorFilters: { breakdown: "Suitability total" },
      scale: 100,
    });
    await importDfeFile(db, testContext, { measureCode: "CL-SUITABLE-DERIVED", ...dfeFile(careLeavers) });
    const benchmark = (await rowOf("CL-SUITABLE-DERIVED")).benchmark;
    expect(benchmark?.council?.value).toBeCloseTo((167 / 202) * 100, 9);
    expect(benchmark?.council?.source).toContain("derived as care_leaver_count ÷ care_leaver_count × 100 (a percentage)");
  });

  const addCinRate = () =>
    addMeasure("CIN-RATE-31-MARCH", "Children in need at 31 March per 10,000 children", "rate-per-10000", "neither", {
      file: "b1_children_in_need_2013_to_2025.csv",
      numeratorColumn: "At31_episodes",
      filters: { category: "Children in Need" },
      denominatorMeasure: "UNDER-18-POPULATION",
      scale: 10_000,
    });

  it("derives a rate per 10,000 from b1's counts and the under-18 population published with the looked-after figures", async () => {
    await addCinRate().then(
      () => expect.unreachable("there is no population measure yet"),
      (error: unknown) => expect(String(error)).toContain("There is no measure UNDER-18-POPULATION to take the denominator from"),
    );
    await addMeasure("UNDER-18-POPULATION", "Children aged under 18", "count", "neither", {
      file: "cla_number_and_rate_per_10k_children.csv",
      column: "population_estimate",
      filters: { population_type: "Children looked after on 31 March each year" },
    });
    await addCinRate();
    const before = await importDfeFile(db, testContext, { measureCode: "CIN-RATE-31-MARCH", ...dfeFile("b1_children_in_need_2013_to_2025.csv") });
    expect(before.ok).toBe(false);
    expect(before.problems[0]?.message).toContain("UNDER-18-POPULATION's published values, and it has none yet");

    await importDfeFile(db, testContext, { measureCode: "UNDER-18-POPULATION", ...dfeFile("cla_number_and_rate_per_10k_children.csv") });
    const result = await importDfeFile(db, testContext, { measureCode: "CIN-RATE-31-MARCH", ...dfeFile("b1_children_in_need_2013_to_2025.csv") });
    expect(result.ok).toBe(true);
    const council = (await rowOf("CIN-RATE-31-MARCH")).benchmark?.council;
    expect(council).toMatchObject({ numerator: 2006, denominator: 52113 });
    expect(council?.value).toBeCloseTo((2006 / 52113) * 10_000, 9);
    expect(council?.source).toContain("derived as At31_episodes ÷ Children aged under 18 (UNDER-18-POPULATION, as published) × 10,000");
  });

  it("refuses a mapping saved over someone else's change, and changes nothing", async () => {
    const measure = await repository.findMeasure(db, "CL-SUITABLE-19-21");
    if (!measure) throw new Error("no measure");
    const seen = (await findMappingOf(db, measure))?.row.version ?? 0;
    await map("CL-SUITABLE-19-21", { file: careLeavers, column: "care_leaver_percent", filters: suitableAt19to21 }, seen);
    await expect(map("CL-SUITABLE-19-21", { file: careLeavers, column: "care_leaver_count", filters: suitableAt19to21 }, seen)).rejects.toBeInstanceOf(MappingConflict);
    expect((await findMappingOf(db, measure))?.mapping.column).toBe("care_leaver_percent");
  });

  it("writes a mapping as a file that reads back the same, and names the field of a file that is wrong", async () => {
    const measure = await repository.findMeasure(db, "CIN-RATE-31-MARCH");
    const found = measure && (await findMappingOf(db, measure));
    if (!measure || !found) throw new Error("no mapping");
    const text = mappingFileText(measure, found.mapping);
    expect(text).toContain("denominatorMeasure: UNDER-18-POPULATION");
    expect(readMappingText(text, "cin.yaml")).toEqual({ measure: { code: "CIN-RATE-31-MARCH", title: measure.title, unit: "rate-per-10000", polarity: "neither", decimals: 1 }, mapping: found.mapping });
    expect(() => readMappingText("measure: { code: X }\nmapping: { file: f.csv, filters: { a: b }, denominatorFilters: { c: d } }", "bad.yaml")).toThrow(MappingFileError);
    try {
      readMappingText("measure: { code: X }\nmapping: { file: f.csv, filters: { a: b }, denominatorFilters: { c: d } }", "bad.yaml");
    } catch (error) {
      expect((error as MappingFileError).problems).toEqual([
        "bad.yaml: mapping › column: Choose the value column, or a scale to derive the value from the numerator and denominator",
        "bad.yaml: mapping › denominatorFilters › c: c is not one of the mapping's filters: a numerator's or denominator's row differs from the value's only in a filter's value",
      ]);
    }
  });

  it("reads a file's columns for the form: figures, filters with their values, period and place", async () => {
    const [sheet] = await readTable(dfeFile(careLeavers).content, "csv");
    if (!sheet) throw new Error("no sheet");
    const columns = describeColumns(sheet);
    expect(columns.figures).toEqual(["care_leaver_count", "care_leaver_percent"]);
    expect(columns.filters).toEqual([
      { column: "care_leaver_age", values: ["17 to 18 years", "19 to 21 years"] },
      { column: "breakdown", values: ["Accommodation considered suitable", "Accommodation considered unsuitable", "No information", "Suitability total"] },
    ]);
    expect(columns.geography).toContain("time_period");
    expect(columns.geography).toContain("old_la_code");
  });

  it("previews the council, England, its region and neighbours before anything is saved", async () => {
    const [sheet] = await readTable(dfeFile(careLeavers).content, "csv");
    if (!sheet) throw new Error("no sheet");
    const result = await previewMapping(db, sheet, { column: "care_leaver_percent", filters: { care_leaver_age: "17 to 18 years", breakdown: "Accommodation considered suitable" } }, "higher-better");
    if (!("preview" in result)) throw new Error(JSON.stringify(result.problems));
    expect(result.preview).toMatchObject({ year: 2025, council: { areaName: "Plymouth", value: 88 }, region: { areaName: "South West" }, england: { value: 91 } });
    expect(result.preview.neighbours).toHaveLength(10);
    expect(result.preview.rank?.of).toBeGreaterThan(100);
    const wrong = await previewMapping(db, sheet, { column: "care_leaver_percent", filters: { breakdown: "Suitable" } }, "higher-better");
    expect(wrong).toMatchObject({ problems: [{ message: "No row of the file matches the mapping: check the filter values" }] });
  });
});
