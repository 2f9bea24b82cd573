import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/client.ts";
import { openDatabase } from "../../db/client.ts";
import { testContext } from "../../../test/support/demo.ts";
import { MappingFileError } from "./benchmark-mappings.ts";
import { applyMappingFiles, mappingFilesOf, readMappingFolder } from "./mapping-folder.ts";
import * as repository from "./repository.ts";

let handle: DatabaseHandle;
let root: string;

beforeAll(async () => {
  handle = await openDatabase({ dataDir: "memory" });
  root = mkdtempSync(join(tmpdir(), "waymark-mapping-folder-"));
});
afterAll(async () => {
  rmSync(root, { recursive: true, force: true });
  await handle?.close();
});

let plans = 0;
/** A plan folder holding these mapping files. */
const planFolder = (files: Record<string, string>) => {
  const folder = join(root, `plan-${++plans}`);
  mkdirSync(join(folder, "mappings"), { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, "mappings", name), text);
  return folder;
};
const problemsOf = (error: unknown) => (error instanceof MappingFileError ? error.problems : [String(error)]);

const population = `measure: { code: UNDER-18-POPULATION, title: Children aged under 18, unit: count, polarity: neither, decimals: 0 }
mapping: { file: cla_number_and_rate_per_10k_children.csv, column: population_estimate, filters: { population_type: Children looked after on 31 March each year } }
`;
const rate = `measure: { code: CIN-RATE-31-MARCH, title: "Children in need at 31 March per 10,000 children", unit: rate-per-10000, polarity: neither, decimals: 1 }
mapping: { file: b1_children_in_need_2013_to_2025.csv, numeratorColumn: At31_episodes, filters: { category: Children in Need }, denominatorMeasure: UNDER-18-POPULATION, scale: 10000 }
`;

describe("a plan folder's mapping files", () => {
  it("has none when the folder has no mappings/", async () => {
    expect(await readMappingFolder(join(root, "no-such-plan"))).toEqual([]);
  });

  it("puts a file after the file of the measure its denominator comes from", async () => {
    const read = await readMappingFolder(planFolder({ "CIN-RATE-31-MARCH.yaml": rate, "UNDER-18-POPULATION.yml": population, "notes.txt": "not a mapping" }));
    expect(read.map((f) => f.label)).toEqual(["mappings/UNDER-18-POPULATION.yml", "mappings/CIN-RATE-31-MARCH.yaml"]);
  });

  it("refuses two files whose measures take their denominators from each other", async () => {
    const other = population.replace("column: population_estimate,", "numeratorColumn: population_estimate, denominatorMeasure: CIN-RATE-31-MARCH, scale: 1,");
    const error = await readMappingFolder(planFolder({ "a.yaml": rate, "b.yaml": other })).catch((e: unknown) => e);
    expect(problemsOf(error)).toEqual([
      "mappings/a.yaml: mapping › denominatorMeasure: UNDER-18-POPULATION's mapping takes its denominator from CIN-RATE-31-MARCH in turn; one of them must take it from the file",
      "mappings/b.yaml: mapping › denominatorMeasure: CIN-RATE-31-MARCH's mapping takes its denominator from UNDER-18-POPULATION in turn; one of them must take it from the file",
    ]);
  });

  it("checks every file against the database first, naming each problem's file and field, and sets nothing", async () => {
    const files = await readMappingFolder(
      planFolder({
        "a.yaml": rate.replace("UNDER-18-POPULATION", "NO-POPULATION"),
        "b.yaml": "measure: { code: NOT-HELD }\nmapping: { file: f.csv, column: v }\n",
        "c.yaml": population,
      }),
    );
    const error = await applyMappingFiles(handle.db, testContext, files).catch((e: unknown) => e);
    expect(problemsOf(error)).toEqual([
      "mappings/a.yaml: mapping › denominatorMeasure: there is no measure NO-POPULATION to take the denominator from",
      "mappings/b.yaml: measure: there is no measure NOT-HELD; to add it the file needs its title, unit and polarity",
    ]);
    expect(await repository.findMeasure(handle.db, "UNDER-18-POPULATION")).toBeFalsy();
  });

  it("applies the files in their order, adding the measures the council lacks, and writes them back as files that read the same", async () => {
    const folder = planFolder({ "CIN-RATE-31-MARCH.yaml": rate, "UNDER-18-POPULATION.yaml": population });
    const files = await readMappingFolder(folder);
    expect(await applyMappingFiles(handle.db, testContext, files)).toBe(2);
    const written = await mappingFilesOf(handle.db);
    expect(written.map((f) => f.path)).toEqual(["mappings/CIN-RATE-31-MARCH.yaml", "mappings/UNDER-18-POPULATION.yaml"]);
    const again = planFolder(Object.fromEntries(written.map((f) => [f.path.replace("mappings/", ""), f.text])));
    expect((await readMappingFolder(again)).map((f) => f.file)).toEqual(files.map((f) => f.file));
  });
});
