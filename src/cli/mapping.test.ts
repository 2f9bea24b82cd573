import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../db/client.ts";
import { demoPlanFolder } from "../demo/index.ts";
import { historyOf } from "../modules/access/index.ts";
import { findMeasure } from "../modules/measures/index.ts";
import { openDemoDatabase } from "../../test/support/demo.ts";
import { sharedPath } from "../../test/support/shared.ts";
import { mappingCommand, type WithDatabase } from "./mapping.ts";

let handle: DatabaseHandle;
let folder: string;

beforeAll(async () => {
  handle = await openDemoDatabase();
  folder = mkdtempSync(join(tmpdir(), "waymark-mapping-"));
}, 60_000);
afterAll(async () => {
  rmSync(folder, { recursive: true, force: true });
  await handle?.close();
});

const onDemo: WithDatabase = (work) => work(handle.db);
/** For what must be done without opening the database. */
const noDatabase: WithDatabase = () => Promise.reject(new Error("the database was opened"));
const mapping = (args: string[], withDatabase = onDemo) => mappingCommand(args, withDatabase);
const dfe = (name: string) => sharedPath("data", "dfe-ees", name);
const careLeavers = dfe("la_care_leavers_accommodation_suitability.csv");
const demoMappingFile = (code: string) => readFileSync(join(demoPlanFolder, "mappings", `${code}.yaml`), "utf8");
const file = (name: string, content: string) => {
  const path = join(folder, name);
  writeFileSync(path, content);
  return path;
};

/** The care leavers' measure the README gives as its example, as a mapping file. */
const careLeaversFile = `measure:
  code: CL-SUITABLE-19-21
  title: Care leavers aged 19 to 21 in suitable accommodation
  unit: percentage
  polarity: higher-better
mapping:
  file: la_care_leavers_accommodation_suitability.csv
  column: care_leaver_percent
  numeratorColumn: care_leaver_count
  denominatorColumn: care_leaver_count
  filters:
    care_leaver_age: 19 to 21 years
    breakdown: Accommodation considered suitable
  denominatorFilters:
    breakdown: Suitability total
`;

/** Care leavers aged 19 to 21 in suitable accommodation, with the denominator on the Total row. */
const totalRowOptions = [
  "--numerator",
  "care_leaver_count",
  "--denominator",
  "care_leaver_count",
  "--filter",
  "care_leaver_age=19 to 21 years",
  "--filter",
  "breakdown=Accommodation considered suitable",
  "--denominator-filter",
  "breakdown=Suitability total",
];

describe("waymark mapping columns", () => {
  it("says what a DfE file's columns hold without opening the database", async () => {
    const text = await mapping(["columns", careLeavers], noDatabase);
    expect(text).toMatch(/^la_care_leavers_accommodation_suitability\.csv: [\d,]+ rows, \d+ columns\.$/m);
    expect(text).toContain("Figures (the value, numerator and denominator are chosen from these):\n  care_leaver_count\n  care_leaver_percent\n");
    expect(text).toContain("  care_leaver_age\n    17 to 18 years\n    19 to 21 years\n  breakdown\n    Accommodation considered suitable\n");
    expect(text).toMatch(/Period and geography:\n {2}time_period\n[\s\S]* {2}old_la_code\n/);
  });

  it.each([
    [["columns"], /columns needs a DfE statistics CSV/],
    [["columns", join(tmpdir(), "no-such-file.csv")], /The file .*no-such-file\.csv cannot be read/],
    [["frobnicate"], /Usage: waymark mapping <command>/],
    [[], /Usage: waymark mapping <command>/],
  ])("refuses %j with a message saying what to do", async (args, message) => {
    await expect(mapping(args, noDatabase)).rejects.toThrow(message);
  });

  it("says why a file that is not UTF-8 cannot be read", async () => {
    await expect(mapping(["columns", file("latin1.csv", "time_period,la_name\n2025,Caf\xe9\n")], noDatabase)).resolves.toBeDefined();
    writeFileSync(join(folder, "binary.csv"), Buffer.from([0x00, 0xff, 0xfe, 0x13, 0x37, 0x00]));
    await expect(mapping(["columns", join(folder, "binary.csv")], noDatabase)).rejects.toThrow(/binary\.csv cannot be read: The file is not UTF-8 text/);
  });
});

describe("waymark mapping show and export", () => {
  it("shows a measure's mapping as its mapping file", async () => {
    expect(await mapping(["show", "cla-rate"])).toBe(demoMappingFile("CLA-RATE").trimEnd());
  });

  it("says so plainly when a measure has no mapping, or there is no such measure", async () => {
    await expect(mapping(["show", "MASH-REFERRALS"])).rejects.toThrow("MASH-REFERRALS has no benchmark mapping. Set one with: waymark mapping set MASH-REFERRALS");
    await expect(mapping(["show", "NO-SUCH"])).rejects.toThrow("There is no measure NO-SUCH");
  });

  it("writes the mapping file, and replaces a file only with --force", async () => {
    const path = join(folder, "REREFERRALS.yaml");
    expect(await mapping(["export", "REREFERRALS", path])).toBe(`Wrote REREFERRALS's benchmark mapping to ${path}.`);
    expect(readFileSync(path, "utf8")).toBe(demoMappingFile("REREFERRALS"));
    await expect(mapping(["export", "CPP-REPEAT", path], noDatabase)).rejects.toThrow(`${path} already exists: give another name, or add --force to replace it`);
    expect(readFileSync(path, "utf8")).toBe(demoMappingFile("REREFERRALS"));
    await mapping(["export", "CPP-REPEAT", path, "--force"]);
    expect(readFileSync(path, "utf8")).toBe(demoMappingFile("CPP-REPEAT"));
  });

  it("writes nothing for a measure without a mapping", async () => {
    const path = join(folder, "none.yaml");
    await expect(mapping(["export", "MASH-REFERRALS", path])).rejects.toThrow("has no benchmark mapping");
    expect(existsSync(path)).toBe(false);
  });
});

describe("waymark mapping import and set", () => {
  it("imports a mapping file, adding the measure the council lacks", async () => {
    expect(await mapping(["import", file("care-leavers.yaml", careLeaversFile)])).toBe(
      "Added the measure CL-SUITABLE-19-21 and set CL-SUITABLE-19-21's benchmark mapping from care-leavers.yaml: la_care_leavers_accommodation_suitability.csv.",
    );
    const shown = await mapping(["show", "CL-SUITABLE-19-21"]);
    expect(shown).toContain("denominatorFilters:\n    breakdown: Suitability total");
    expect(shown).toContain("title: Care leavers aged 19 to 21 in suitable accommodation");
  });

  it("names the field of every problem in a mapping file, before opening the database", async () => {
    const bad = file("bad.yaml", "measure: { code: x }\nmapping: { file: f.csv, filters: { a: b }, denominatorFilters: { c: d }, scale: 0 }\n");
    const error = await mapping(["import", bad], noDatabase).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain("bad.yaml: measure › code:");
    expect((error as Error).message).toContain("bad.yaml: mapping › scale: The scale must be at least 1");
    expect((error as Error).message).toContain("bad.yaml: mapping › denominatorFilters › c: c is not one of the mapping's filters");
    await expect(mapping(["import", file("notyaml.yaml", "mapping: [")], noDatabase)).rejects.toThrow("notyaml.yaml: the file cannot be read as YAML");
  });

  it("sets a mapping from its options, audited as the command line's", async () => {
    const text = await mapping([
      "set",
      "CL-SUITABLE-19-21",
      "--file",
      "la_care_leavers_accommodation_suitability.csv",
      ...totalRowOptions,
      "--scale",
      "100",
    ]);
    expect(text).toBe(
      'Set CL-SUITABLE-19-21\'s benchmark mapping: care_leaver_count ÷ care_leaver_count × 100 from la_care_leavers_accommodation_suitability.csv, on the rows where care_leaver_age is "19 to 21 years" and breakdown is "Accommodation considered suitable".',
    );
    const shown = await mapping(["show", "CL-SUITABLE-19-21"]);
    expect(shown).toContain("scale: 100");
    expect(shown).not.toContain("column: care_leaver_percent");
    const measure = await findMeasure(handle.db, "CL-SUITABLE-19-21");
    const [latest] = await historyOf(handle.db, "benchmark mapping", measure?.id ?? 0);
    expect(latest?.username).toMatch(/^command line \(/);
  });

  it.each([
    [["--scale", "0", "--numerator", "n", "--denominator", "d"], "--scale: The scale must be at least 1"],
    [["--scale", "ten", "--numerator", "n", "--denominator", "d"], "--scale: The scale must be a whole number, like 100 or 10000"],
    [[], "--column: Choose the value column, or a scale to derive the value from the numerator and denominator"],
    [["--column", "v", "--filter", "a=b", "--denominator-filter", "c=d"], "--denominator-filter c: c is not one of the mapping's filters"],
    [["--scale", "100", "--numerator", "n"], "--denominator: Choose the denominator column, or the measure whose published values are the denominator"],
    [["--column", "v", "--filter", "breakdown"], '--filter must be column=value, like --filter breakdown="Suitability total"'],
    [["--column", "v", "--filter", "a=b", "--filter", "a=c"], "--filter: a is given twice"],
    [["--numerator", "n", "--denominator-measure", "NO-SUCH", "--scale", "10000"], "--denominator-measure: There is no measure NO-SUCH to take the denominator from"],
  ])("refuses %j, naming the option, and changes nothing", async (options, message) => {
    const before = await mapping(["show", "CL-SUITABLE-19-21"]);
    await expect(mapping(["set", "CL-SUITABLE-19-21", "--file", "care.csv", ...options])).rejects.toThrow(message);
    expect(await mapping(["show", "CL-SUITABLE-19-21"])).toBe(before);
  });

  it("refuses a mapping for a measure that does not exist, and set without --file", async () => {
    await expect(mapping(["set", "NO-SUCH", "--file", "f.csv", "--column", "v"])).rejects.toThrow("There is no measure NO-SUCH");
    await expect(mapping(["set", "CLA-RATE", "--column", "v"], noDatabase)).rejects.toThrow("set needs --file");
  });
});

describe("waymark mapping preview", () => {
  it("reads a file through the saved mapping: the council, England, the region, neighbours, band and rank in the measure's unit", async () => {
    const before = await mapping(["show", "CLA-RATE"]);
    const text = await mapping(["preview", "CLA-RATE", dfe("cla_number_and_rate_per_10k_children.csv")]);
    const lines = text.split("\n");
    expect(lines.slice(0, 2)).toEqual([
      "CLA-RATE: Children looked after at 31 March, per 10,000 children",
      'Read cla_number_and_rate_per_10k_children.csv through its saved mapping: rate_per_10000, on the rows where population_type is "Children looked after on 31 March each year".',
    ]);
    expect(lines[2]).toMatch(/^[\d,]+ rows match, for \d{4} to 2025; in 2025:$/);
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}Plymouth {2,}101 per 10,000 \(527\/52,113\)$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}England {2,}67 per 10,000$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}South West {2,}62 per 10,000$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}Statistical neighbours {2,}\d+ per 10,000: the mean of 10 of 10 neighbours with a value$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {4}Tameside {2,}123 per 10,000$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}Quartile band {2,}none: neither higher nor lower is better$/));
    expect(lines.at(-1)).toBe("Nothing has been saved.");
    expect(await mapping(["show", "CLA-RATE"])).toBe(before);
  });

  it("reads a file through a mapping given as options, before it is saved", async () => {
    const before = await mapping(["show", "CL-SUITABLE-19-21"]);
    const text = await mapping([
      "preview",
      "CL-SUITABLE-19-21",
      careLeavers,
      "--column",
      "care_leaver_percent",
      ...totalRowOptions,
    ]);
    expect(text).toContain('Read la_care_leavers_accommodation_suitability.csv through the mapping given: care_leaver_percent, on the rows where care_leaver_age is "19 to 21 years" and breakdown is "Accommodation considered suitable".');
    expect(text).toMatch(/^ {2}Plymouth {2,}83\.0% \(167\/202\)$/m);
    expect(text).toMatch(/^ {2}Quartile band {2,}[ABCD] \(A is the best quarter of councils\)$/m);
    expect(text).toMatch(/^ {2}Rank {2,}\d+ of \d+ \(1 is best\)$/m);
    expect(await mapping(["show", "CL-SUITABLE-19-21"])).toBe(before);
  });

  it("lists what in the file does not fit the mapping, with status 1", async () => {
    const error = (await mapping(["preview", "CLA-RATE", careLeavers, "--column", "care_leaver_percent", "--filter", "breakdown=Suitable"]).then(
      () => null,
      (e: unknown) => e,
    )) as (Error & { code?: string }) | null;
    expect(error?.message).toBe("la_care_leavers_accommodation_suitability.csv does not read through the mapping; nothing has been saved. 1 problem:\n  row 1, care_leaver_percent: No row of the file matches the mapping: check the filter values");
    expect(error?.code).toBe("rejected");
  });

  it("asks for a mapping when the measure has none saved and none is given", async () => {
    await expect(mapping(["preview", "MASH-REFERRALS", careLeavers])).rejects.toThrow("MASH-REFERRALS has no benchmark mapping: set one first");
    await expect(mapping(["preview", "CLA-RATE"], noDatabase)).rejects.toThrow("preview needs the measure's code and a DfE statistics CSV");
  });
});
