import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { publishedCsv } from "../../../test/support/tables.ts";
import { previewMappingOf } from "./benchmark-mappings.ts";
import { parseDfeCsv, type PublishedRow } from "./dfe.ts";
import { readMappingFolder } from "./mapping-folder.ts";
import { parseNeighbourModel } from "./statistical-neighbours.ts";

/**
 * The demo's benchmark facts were typed from the published files once; this re-reads the
 * files and checks every typed value, so a slip in the typing (or a re-issued file) shows up.
 * Quartile bands, ranks and the good-or-outstanding mean are checked elsewhere.
 */
interface PublishedFact {
  value: number | null;
  symbol?: string;
}
interface MeasureFacts {
  code: string;
  year: number;
  council: PublishedFact & { numerator?: number; denominator?: number };
  england: number | null;
  region: PublishedFact & { code: string; name: string };
  neighbours: (PublishedFact & { code: string })[];
}
interface BenchmarkFacts {
  neighbourSet: { council: string; neighbours: { code: string; name: string }[] };
  measures: MeasureFacts[];
}

const demoFolder = new URL("../../demo/achieving-excellence/", import.meta.url);
const facts = parseYaml(readFileSync(new URL("benchmarks.yaml", demoFolder), "utf8")) as BenchmarkFacts;
/** Each measure's mapping, from its mapping file (mappings/CODE.yaml), as the demo loads it. */
const mappings = new Map((await readMappingFolder(fileURLToPath(demoFolder))).map(({ file }) => [file.measure.code, file.mapping]));
const council = facts.neighbourSet.council;

/** What the typed facts say about one published row: its value, or why it has none. */
const published = (row: PublishedRow | undefined) => (row?.value === null ? { value: null, symbol: row.symbol } : { value: row?.value });
const typed = (fact: PublishedFact) => (fact.value === null ? { value: null, symbol: fact.symbol } : { value: fact.value });

describe("the statistical neighbours in benchmarks.yaml", () => {
  const model = parseNeighbourModel(publishedCsv("sn_model_2025_wide.csv"));

  it("are the 2025 model's ten, in order, with their names", () => {
    const set = model.get(council);
    expect(facts.neighbourSet.neighbours).toEqual(set?.neighbours.map((n) => ({ code: n.code, name: model.get(n.code)?.name })));
  });
});

it("has a mapping file for every measure in benchmarks.yaml, and none for another", () => {
  expect([...mappings.keys()].sort()).toEqual(facts.measures.map((m) => m.code).sort());
});

describe.each(facts.measures.map((m) => [m.code, m] as const))("%s in benchmarks.yaml", (code, measure) => {
  const mapping = mappings.get(code);
  if (!mapping) throw new Error(`${code} has no mapping file`);
  const { rows, problems } = parseDfeCsv(publishedCsv(mapping.file), previewMappingOf(mapping));
  const year = rows.filter((r) => r.year === measure.year);
  const local = (code: string) => year.find((r) => r.level === "local" && r.areaCode === code);

  it("comes from a file that reads without a problem", () => {
    expect(problems).toEqual([]);
  });

  it("has the council's published value", () => {
    const row = local(council);
    expect(published(row)).toEqual(typed(measure.council));
    if (measure.council.numerator !== undefined) expect(row?.numerator).toBe(measure.council.numerator);
    if (measure.council.denominator !== undefined) expect(row?.denominator).toBe(measure.council.denominator);
  });

  it("has England's published value", () => {
    expect(year.find((r) => r.level === "national")?.value).toBe(measure.england);
  });

  it("has the council's region and its published value", () => {
    expect(local(council)?.regionCode).toBe(measure.region.code);
    const row = year.find((r) => r.level === "regional" && r.areaCode === measure.region.code);
    expect(row?.areaName).toBe(measure.region.name);
    expect(published(row)).toEqual(typed(measure.region));
  });

  it("has every neighbour's published value, in the neighbour set's order", () => {
    expect(measure.neighbours.map((n) => n.code)).toEqual(facts.neighbourSet.neighbours.map((n) => n.code));
    expect(measure.neighbours.map((n) => ({ code: n.code, ...published(local(n.code)) }))).toEqual(measure.neighbours.map((n) => ({ code: n.code, ...typed(n) })));
  });
});
