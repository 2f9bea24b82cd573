import { readYamlFile } from "../../web/yaml-file.ts";
import type { z } from "zod";
import { neighbourMean } from "../../core/benchmarks.ts";
import { systemClock } from "../../core/clock.ts";
import { parsePlanYear } from "../../core/plan-years.ts";
import type { Database } from "../../db/client.ts";
import { recordChange, type ChangeContext } from "../access/index.ts";
import * as plans from "../plan/index.ts";
import * as repository from "./repository.ts";
import { benchmarksFileSchema, measuresFileSchema, type BenchmarksFile, type MappingFile } from "./schemas.ts";
import { FileProblemsError } from "../../core/file-problems.ts";

/** Problems with a measures or benchmarks file, each naming the file and field; nothing loads while any remain. */
export class MeasureFileError extends FileProblemsError {
  constructor(problems: string[]) {
    super("measure files", problems);
    this.name = "MeasureFileError";
  }
}

const problems = (list: string[]) => new MeasureFileError(list);
export const readMeasuresFile = (path: string) => readYamlFile(path, "measures.yaml", measuresFileSchema, problems);
export const readBenchmarksFile = (path: string) => readYamlFile(path, "benchmarks.yaml", benchmarksFileSchema, problems);

/**
 * Loads a catalogue of measures with their targets and known values, linked to the plan's
 * priorities. Every figure keeps where it came from (the document it was typed from).
 */
export async function loadMeasures(db: Database, context: ChangeContext, planId: number, file: z.infer<typeof measuresFileSchema>): Promise<number> {
  const priorities = await plans.listPriorities(db, planId);
  const problems: string[] = [];
  const codes = new Set<string>();
  file.measures.forEach((m, i) => {
    if (codes.has(m.code)) problems.push(`measures.yaml: measures › ${i} › code: ${m.code} appears twice`);
    codes.add(m.code);
    for (const n of m.priorities) if (!priorities.some((p) => p.number === n)) problems.push(`measures.yaml: measures › ${i} › priorities: there is no priority ${n}`);
    const periods = new Set<string>();
    m.values.forEach((v, j) => {
      if (periods.has(v.periodEnd)) problems.push(`measures.yaml: measures › ${i} › values › ${j} › periodEnd: ${m.code} has two values for ${v.periodEnd}`);
      periods.add(v.periodEnd);
    });
  });
  for (const m of file.measures) if (await repository.findMeasure(db, m.code)) problems.push(`measures.yaml: ${m.code} is already loaded`);
  if (problems.length > 0) throw new MeasureFileError(problems);

  await db.transaction(async (tx) => {
    for (const m of file.measures) {
      const measure = await repository.insertMeasure(tx, {
        code: m.code,
        title: m.title,
        definition: m.definition,
        unit: m.unit,
        polarity: m.polarity,
        frequency: m.frequency,
        decimals: m.decimals,
        source: m.source,
        owner: m.owner || null,
      });
      await repository.linkPriorities(tx, measure.id, priorities.filter((p) => m.priorities.includes(p.number)).map((p) => p.id));
      await repository.insertTargets(
        tx,
        m.targets.map((t) => ({ measureId: measure.id, planYear: parsePlanYear(t.planYear) ?? 0, value: t.value, tolerance: t.tolerance, oneOff: t.oneOff, achieved: t.achieved, note: t.note })),
      );
      for (const v of m.values) {
        await repository.insertValue(tx, {
          measureId: measure.id,
          periodEnd: v.periodEnd,
          value: v.value,
          numerator: v.numerator ?? null,
          denominator: v.denominator ?? null,
          status: v.status,
          note: v.note,
          provenance: `Typed from ${v.source}${v.quote ? `: “${v.quote}”` : ""}`,
        });
      }
      await recordChange(tx, context, { action: "load", recordType: "measure", recordId: measure.id, after: { code: m.code, title: m.title, values: m.values.length, targets: m.targets.length } });
    }
  });
  return file.measures.length;
}

/**
 * Loads benchmarks typed from DfE's published tables: the council's neighbour set, and for each
 * measure England, the region, the council, each neighbour and the figures that need every
 * council (quartile band, rank, the mean of good and outstanding councils). A measure the
 * catalogue does not have is added from its entry, with the council's published value, whose
 * provenance names the file and column of the measure's mapping where one is given. A
 * neighbour set that names no year, in a file of no measures, is `now`'s year's.
 */
export async function loadBenchmarks(db: Database, context: ChangeContext, file: BenchmarksFile, mappings: readonly MappingFile[] = [], now = systemClock.now()): Promise<number> {
  // Where each typed figure was read: the file and column its mapping names.
  const readFrom = new Map(mappings.map(({ measure, mapping }) => [measure.code, ` (${mapping.file}, ${mapping.column ?? mapping.numeratorColumn ?? ""})`]));
  const problems: string[] = [];
  file.measures.forEach((m, i) => {
    const mean = neighbourMean(m.neighbours.map((n) => n.value));
    if (m.neighbourMean && (mean.count !== m.neighbourMean.count || (mean.mean !== null && m.neighbourMean.mean !== null && Math.abs(mean.mean - m.neighbourMean.mean) > 0.05))) {
      problems.push(`benchmarks.yaml: measures › ${i} › neighbourMean: the neighbours' values give ${mean.mean?.toFixed(2)} from ${mean.count}, not ${m.neighbourMean.mean} from ${m.neighbourMean.count}`);
    }
  });
  if (problems.length > 0) throw new MeasureFileError(problems);
  const set = file.neighbourSet;
  const source = `${file.source}. ${file.licence}`;
  await db.transaction(async (tx) => {
    await repository.replaceNeighbourSet(tx, { name: set.name, year: set.year ?? file.measures[0]?.year ?? now.getFullYear(), councilCode: set.council }, set.neighbours);
    const names = new Map(set.neighbours.map((n) => [n.code, n.name]));
    for (const m of file.measures) {
      let measure = await repository.findMeasure(tx, m.code);
      if (!measure) {
        measure = await repository.insertMeasure(tx, {
          code: m.code,
          title: m.title,
          definition: `${m.title}, as the Department for Education publishes it for every council each year.`,
          unit: m.unit,
          polarity: m.polarity,
          frequency: "annual",
          decimals: m.decimals,
          source: "imported",
        });
        if (m.council.value !== null) {
          await repository.insertValue(tx, {
            measureId: measure.id,
            periodEnd: `${m.year}-03-31`,
            value: m.council.value,
            numerator: m.council.numerator ?? null,
            denominator: m.council.denominator ?? null,
            status: "final",
            note: `${m.year} published figure`,
            provenance: `Typed from ${file.source}${readFrom.get(m.code) ?? ""}`,
          });
        }
        await recordChange(tx, context, { action: "load", recordType: "measure", recordId: measure.id, after: { code: m.code, title: m.title } });
      }
      const rows = [
        { level: "national" as const, areaCode: "E92000001", areaName: "England", value: m.england, symbol: null, numerator: null, denominator: null },
        { level: "regional" as const, areaCode: m.region.code, areaName: m.region.name, value: m.region.value, symbol: null, numerator: null, denominator: null },
        { level: "local" as const, areaCode: set.council, areaName: "Council", regionCode: m.region.code, value: m.council.value, symbol: m.council.symbol ?? null, numerator: m.council.numerator ?? null, denominator: m.council.denominator ?? null },
        ...m.neighbours.map((n) => ({ level: "local" as const, areaCode: n.code, areaName: names.get(n.code) ?? n.code, value: n.value, symbol: n.symbol ?? null, numerator: null, denominator: null })),
      ];
      await repository.upsertBenchmarks(tx, rows.map((r) => ({ ...r, measureId: measure.id, year: m.year, source })));
      await repository.upsertSummary(tx, {
        measureId: measure.id,
        year: m.year,
        councilCode: set.council,
        quartileBand: m.quartileBand ?? null,
        rank: m.rank?.rank ?? null,
        rankOf: m.rank?.of ?? null,
        goodOrOutstandingMean: m.goodOrOutstandingMean?.mean ?? null,
        goodOrOutstandingCount: m.goodOrOutstandingMean?.count ?? null,
        source,
      });
    }
  });
  return file.measures.length;
}
