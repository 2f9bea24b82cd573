import { neighbourMean } from "../../core/benchmarks.ts";
import type { Polarity } from "../../core/spc.ts";
import { readPublishedValue } from "../../core/suppression.ts";
import type { Executor } from "../../db/client.ts";
import { populationOf, withPopulation } from "./benchmark-mappings.ts";
import { yearSummary } from "./benchmark-import.ts";
import { readDfeSheet, type BenchmarkMapping, type ImportProblem, type PublishedRow } from "./dfe.ts";
import type { Sheet } from "./file-reading/read-table.ts";
import * as plans from "../plan/index.ts";
import * as repository from "./repository.ts";
import { readBenchmarkContext } from "./scorecard.ts";

/** The columns every Explore Education Statistics file has for its period and geography: never a measure's figures or filters. */
const geographyAndTime = new Set(["time_period", "time_identifier", "geographic_level", "country_code", "country_name", "region_code", "region_name", "old_la_code", "la_name", "new_la_code", "lad_code", "lad_name", "opportunity_area_code", "opportunity_area_name", "pcon_code", "pcon_name", "english_devolved_area_code", "english_devolved_area_name", "school_laestab", "school_urn", "school_name"]);

/** The most values a column may have and still be offered as a filter. */
const mostFilterValues = 60;

/** What a file's columns hold, for the form that maps them: the figures, the filters with their values, and the period and geography. */
export interface FileColumns {
  /** Every column, in the file's order. */
  all: string[];
  /** Columns of figures (numbers and published symbols only): the value, numerator and denominator are chosen from these. */
  figures: string[];
  /** Columns of a few words each (breakdown, characteristic, population_type, …), with each value they take, in the file's order. */
  filters: { column: string; values: string[] }[];
  /** The period and geography columns the file has. */
  geography: string[];
}

/** Reads what a DfE file's columns hold: which are figures, which are filters (with their values), which say period and place. */
export function describeColumns(sheet: Sheet): FileColumns {
  const figures: string[] = [];
  const filters: FileColumns["filters"] = [];
  const geography: string[] = [];
  sheet.header.forEach((column, at) => {
    if (geographyAndTime.has(column)) {
      geography.push(column);
      return;
    }
    const values = new Set<string>();
    let words = false;
    for (const { cells } of sheet.rows) {
      const cell = (cells[at] ?? "").trim();
      if (cell === "") continue;
      if (!words && readPublishedValue(cell).problem) words = true;
      if (values.size <= mostFilterValues) values.add(cell);
    }
    if (!words) figures.push(column);
    else if (values.size <= mostFilterValues) filters.push({ column, values: [...values] });
  });
  return { all: [...sheet.header], figures, filters, geography };
}

/** The comparison a mapping gives, as the measure page would show it, for the file's latest year. */
export interface MappingPreview {
  rows: number;
  years: number[];
  year: number;
  council: PublishedRow | null;
  england: PublishedRow | null;
  region: PublishedRow | null;
  neighbours: { code: string; name: string; value: number | null; symbol: string | null }[];
  neighbourMean: { mean: number | null; count: number };
  quartileBand: string | null;
  rank: { rank: number; of: number } | null;
}

/**
 * What a mapping reads from a file, before anything is saved: the council's, England's, its
 * region's and its neighbours' values for the latest year, with the band and rank, or the
 * file's problems.
 */
export async function previewMapping(
  db: Executor,
  sheet: Sheet,
  mapping: BenchmarkMapping & { denominatorMeasureId?: number | null },
  polarity: Polarity,
): Promise<{ preview: MappingPreview } | { problems: ImportProblem[]; moreProblems: number }> {
  const parsed = await readDfeSheet(sheet, mapping);
  if (parsed.problems.length > 0) return { problems: parsed.problems, moreProblems: parsed.moreProblems };
  let rows = parsed.rows;
  const population = populationOf(mapping);
  if (population) rows = withPopulation(rows, await repository.listBenchmarks(db, [population.measureId]), population.scale);
  if (rows.length === 0) return { problems: [{ row: 1, column: mapping.column ?? "(mapping)", message: "No row of the file matches the mapping: check the filter values" }], moreProblems: 0 };
  const years = [...new Set(rows.map((r) => r.year))].sort((a, b) => a - b);
  const year = years.at(-1) ?? 0;
  const ofYear = rows.filter((r) => r.year === year);
  const { councilCode, neighbours: set } = await readBenchmarkContext(db, (await plans.findCurrentPlan(db)) ?? null);
  const council = ofYear.find((r) => r.level === "local" && r.areaCode === councilCode) ?? null;
  const local = new Map(ofYear.filter((r) => r.level === "local").map((r) => [r.areaCode, r]));
  const neighbours = set.map((n) => ({ code: n.code, name: n.name, value: local.get(n.code)?.value ?? null, symbol: local.get(n.code)?.symbol ?? null }));
  const summary = councilCode ? yearSummary(rows, { year, councilCode, polarity, goodOrOutstanding: new Set() }).figures : null;
  return {
    preview: {
      rows: rows.length,
      years,
      year,
      council,
      england: ofYear.find((r) => r.level === "national") ?? null,
      region: ofYear.find((r) => r.level === "regional" && council?.regionCode && r.areaCode === council.regionCode) ?? null,
      neighbours,
      neighbourMean: neighbourMean(neighbours.map((n) => n.value)),
      quartileBand: summary?.quartileBand ?? null,
      rank: summary?.rank && summary.rankOf ? { rank: summary.rank, of: summary.rankOf } : null,
    },
  };
}
