import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { publishedCsv } from "../../../test/support/tables.ts";
import { parseDfeCsv, type BenchmarkMapping, type PublishedRow } from "./dfe.ts";
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
  mapping: BenchmarkMapping & { file: string };
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

const facts = parseYaml(readFileSync(new URL("../../demo/achieving-excellence/benchmarks.yaml", import.meta.url), "utf8")) as BenchmarkFacts;
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

describe.each(facts.measures.map((m) => [m.code, m] as const))("%s in benchmarks.yaml", (_, measure) => {
  const { file, ...mapping } = measure.mapping;
  const { rows, problems } = parseDfeCsv(publishedCsv(file), mapping);
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
