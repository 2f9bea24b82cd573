import { createHash } from "node:crypto";
import { quartileBand, rank } from "../../core/benchmarks.ts";
import { UnreadableFileError } from "../../core/file-problems.ts";
import { pluralise } from "../../core/format.ts";
import type { Polarity } from "../../core/spc.ts";
import { counted } from "../../core/upload-limits.ts";
import type { Database, Executor } from "../../db/client.ts";
import { recordChange, type ChangeContext } from "../access/index.ts";
import * as plans from "../plan/index.ts";
import { mappingOf, populationOf, withPopulation } from "./benchmark-mappings.ts";
import { readDfeSheet, type ImportProblem, type PublishedRow } from "./dfe.ts";
import { readTable, type Sheet } from "./file-reading/read-table.ts";
import { parseOfstedOverview } from "./ofsted-grades.ts";
import * as repository from "./repository.ts";
import { parseNeighbourModel } from "./statistical-neighbours.ts";
import { oglSource } from "./ogl.ts";
import type { ApplyProgress } from "./value-import.ts";

export interface BenchmarkImportResult {
  ok: boolean;
  problems: ImportProblem[];
  /** Problems found beyond those listed. */
  moreProblems?: number;
  rows: number;
  years: number[];
  /** The comparators the file could not give, each with why; whatever was there before is kept. */
  notComputed: string[];
}

/**
 * What an import run by a job is told: each step as it starts (before any transaction opens, since
 * progress is written to the database), and the import's transaction once its data is written, so
 * that the record of the import is settled with the data or not at all.
 */
export interface ImportSteps<Result> {
  progress?: ApplyProgress;
  saved?: (tx: Executor, result: Result) => Promise<void>;
}

/** The steps of a reference import, in the words the page that waits on it shows. */
const referenceSteps = {
  reading: "Reading and checking the file",
  saving: (what: string) => `Saving ${what}`,
} as const;

/** A file's SHA-256, as its import's audit event names it. */
export const sha256Of = (content: Uint8Array) => createHash("sha256").update(content).digest("hex");

/** A DfE file refused before it is read: its measure or the measure's mapping is missing. */
const refusedFor = (column: string, message: string): BenchmarkImportResult => ({ ok: false, problems: [{ row: 1, column, message }], rows: 0, years: [], notComputed: [] });

/**
 * The measure a DfE statistics file is for and its mapping (which file, column and filter values
 * feed it); a refusal when there is no such measure or it has no mapping. Checked as a file is
 * sent, before it is read.
 */
export async function dfeTarget(db: Executor, measureCode: string): Promise<{ measure: repository.MeasureRow; mapping: repository.MappingRow } | { refused: BenchmarkImportResult }> {
  const measure = await repository.findMeasure(db, measureCode);
  if (!measure) return { refused: refusedFor("(measure)", `There is no measure ${measureCode}`) };
  const mapping = await repository.findMapping(db, measure.id);
  if (!mapping) return { refused: refusedFor("(mapping)", `${measure.code} has no benchmark mapping: say which file and column feed it`) };
  return { measure, mapping };
}

/**
 * A value the mapping derives, in words for its provenance, with the rows given their denominators
 * from the population measure where it names one; refused when that measure has no values yet.
 */
async function derivation(db: Executor, mapping: repository.MappingRow, rows: PublishedRow[]): Promise<{ rows: PublishedRow[]; words: string | null } | { refused: string }> {
  if (mapping.column || !mapping.scale) return { rows, words: null };
  const per = mapping.scale === 100 ? "× 100 (a percentage)" : `× ${mapping.scale.toLocaleString("en-GB")}`;
  const from = populationOf(mapping);
  if (!from) return { rows, words: `derived as ${mapping.numeratorColumn ?? ""} ÷ ${mapping.denominatorColumn ?? ""} ${per}` };
  const [population] = await repository.listMeasures(db, [from.measureId]);
  const values = await repository.listBenchmarks(db, [from.measureId]);
  if (!population || values.length === 0) return { refused: `the denominator is ${population?.code ?? "another measure"}'s published values, and it has none yet: import its file first` };
  return { rows: withPopulation(rows, values, from.scale), words: `derived as ${mapping.numeratorColumn ?? ""} ÷ ${population.title} (${population.code}, as published) ${per}` };
}

/**
 * Imports a DfE statistics file for one measure through its mapping, all or nothing: every area's
 * value for every year, then for the plan's council the figures that need all councils — quartile
 * band, rank, and the mean of the councils Ofsted judged good or outstanding (when their
 * judgements have been imported). One audit event names the file and its SHA-256.
 */
export async function importDfeFile(
  db: Database,
  context: ChangeContext,
  input: { measureCode: string; fileName: string; content: Uint8Array },
  steps: ImportSteps<BenchmarkImportResult> = {},
): Promise<BenchmarkImportResult> {
  const target = await dfeTarget(db, input.measureCode);
  if ("refused" in target) return target.refused;
  const { measure, mapping } = target;
  await steps.progress?.(referenceSteps.reading, 0, 2);
  let sheet: Sheet | undefined;
  try {
    [sheet] = await readTable(input.content, "csv");
  } catch (error) {
    if (!(error instanceof UnreadableFileError)) throw error;
    return { ok: false, problems: [{ row: 1, column: "(file)", message: error.message }], rows: 0, years: [], notComputed: [] };
  }
  const parsed = await readDfeSheet(sheet ?? { name: "CSV", header: [], rows: [] }, mappingOf(mapping));
  if (parsed.problems.length > 0) return { ok: false, problems: parsed.problems, moreProblems: parsed.moreProblems, rows: 0, years: [], notComputed: [] };
  if (parsed.rows.length === 0) return { ok: false, problems: [{ row: 1, column: mapping.column ?? "(mapping)", message: "No row of the file matches the measure's mapping" }], rows: 0, years: [], notComputed: [] };

  const derived = await derivation(db, mapping, parsed.rows);
  if ("refused" in derived) return refusedFor("(mapping)", derived.refused);
  parsed.rows = derived.rows;

  const plan = await plans.findCurrentPlan(db);
  const councilCode = plan?.oldLaCode ?? null;
  const judgements = await repository.listOfstedJudgements(db);
  const goodOrOutstanding = new Set(judgements.filter((j) => j.judgement === "Good" || j.judgement === "Outstanding").map((j) => j.councilCode));
  const years = [...new Set(parsed.rows.map((r) => r.year))].sort();
  const source = oglSource(`Department for Education, ${input.fileName}${derived.words ? `; ${derived.words}` : ""}`);
  const result: BenchmarkImportResult = { ok: true, problems: [], rows: parsed.rows.length, years, notComputed: [] };

  await steps.progress?.(referenceSteps.saving(`${counted(parsed.rows.length)} published values`), 1, 2);
  await db.transaction(async (tx) => {
    await repository.upsertBenchmarks(
      tx,
      parsed.rows.map((r) => ({
        measureId: measure.id,
        year: r.year,
        level: r.level,
        areaCode: r.areaCode,
        areaName: r.areaName,
        regionCode: r.level === "local" ? r.regionCode : null,
        value: r.value,
        symbol: r.symbol,
        numerator: r.numerator,
        denominator: r.denominator,
        source,
      })),
    );
    if (councilCode) {
      const before = await repository.listSummaries(tx, [measure.id]);
      for (const year of years) {
        const computed = yearSummary(parsed.rows, { year, councilCode, polarity: measure.polarity, goodOrOutstanding });
        const kept = keepWhatWasThere(computed, before.find((s) => s.year === year && s.councilCode === councilCode));
        result.notComputed.push(...kept.notComputed.map((why) => `${year}: ${why}`));
        await repository.upsertSummary(tx, { measureId: measure.id, year, councilCode, ...kept.summary, source: kept.keptAny ? `${source}; where it could not be computed, as it was before` : source });
      }
    } else {
      result.notComputed.push("The plan names no council (its old LA code), so no quartile band, rank or good-or-outstanding mean was computed");
    }
    await recordChange(tx, context, { action: "import benchmarks", recordType: "measure", recordId: measure.id, after: { file: input.fileName, sha256: sha256Of(input.content), rows: parsed.rows.length, years } });
    await steps.saved?.(tx, result);
  });
  return result;
}

type Figures = Pick<repository.SummaryRow, "quartileBand" | "rank" | "rankOf" | "goodOrOutstandingMean" | "goodOrOutstandingCount">;

/**
 * The figures for one year that need every council's value: the council's quartile band and rank
 * (none when its own value is not published, or the measure has no better direction), and the
 * mean of the councils Ofsted judged good or outstanding (none until their judgements are loaded).
 * Each figure it cannot give comes with why.
 */
export function yearSummary(
  rows: readonly PublishedRow[],
  at: { year: number; councilCode: string; polarity: Polarity; goodOrOutstanding: ReadonlySet<string> },
): { figures: Figures; why: Partial<Record<"band" | "good", string>> } {
  const councils = rows.filter((r) => r.year === at.year && r.level === "local" && r.value !== null);
  const ownRow = rows.find((r) => r.year === at.year && r.level === "local" && r.areaCode === at.councilCode);
  const own = ownRow?.value ?? null;
  const all = councils.map((r) => r.value as number);
  const good = councils.filter((r) => at.goodOrOutstanding.has(r.areaCode)).map((r) => r.value as number);
  const ranked = rank(own, all, at.polarity);
  const why: Partial<Record<"band" | "good", string>> = {};
  if (at.polarity === "neither") why.band = "the measure has no better direction, so it has no quartile band or rank";
  else if (!ownRow) why.band = `the file has no row for the council (${at.councilCode}), so no quartile band or rank`;
  else if (own === null) why.band = `the council's value is not published (${ownRow.symbol ?? "missing"}), so no quartile band or rank`;
  if (at.goodOrOutstanding.size === 0) why.good = "Ofsted's judgements have not been imported, so no good-or-outstanding mean";
  else if (good.length === 0) why.good = "no council judged good or outstanding has a value, so no good-or-outstanding mean";
  return {
    figures: {
      quartileBand: quartileBand(own, all, at.polarity),
      rank: ranked?.rank ?? null,
      rankOf: ranked?.of ?? null,
      goodOrOutstandingMean: good.length > 0 ? good.reduce((a, b) => a + b, 0) / good.length : null,
      goodOrOutstandingCount: good.length > 0 ? good.length : null,
    },
    why,
  };
}

/**
 * A year's figures as an import leaves them: what it computed, and where it could not compute a
 * figure, the figure as it was (typed from a published table, or from an earlier import), never
 * removed. Says what it could not compute and whether it kept an earlier figure.
 */
export function keepWhatWasThere(computed: ReturnType<typeof yearSummary>, before: Figures | undefined): { summary: Figures; notComputed: string[]; keptAny: boolean } {
  const summary = { ...computed.figures };
  const notComputed: string[] = [];
  let keptAny = false;
  const keep = (reason: string | undefined, fields: (keyof Figures)[], what: string) => {
    if (!reason) return;
    const had = before && fields.some((f) => before[f] !== null);
    if (had) {
      for (const f of fields) Object.assign(summary, { [f]: before[f] });
      keptAny = true;
    }
    notComputed.push(had ? `${reason}; the ${what} already held is kept` : reason);
  };
  keep(computed.why.band, ["quartileBand", "rank", "rankOf"], "band and rank");
  keep(computed.why.good, ["goodOrOutstandingMean", "goodOrOutstandingCount"], "mean");
  return { summary, notComputed, keptAny };
}

/** What a year's sets are called: "Children's services statistical neighbours 2025". */
export const neighbourSetName = (year: number) => `Children's services statistical neighbours ${String(year)}`;

export interface NeighbourImport {
  councils: number;
  added: number;
  changed: number;
  unchanged: number;
}

/**
 * Imports DfE's statistical-neighbour model as the sets of a year. Importing the same model again
 * changes nothing; a corrected one replaces the sets that differ. Audited, naming the file and its
 * SHA-256, when anything changed. Throws UnreadableFileError for a file that is not the model.
 */
export async function importNeighbourModel(
  db: Database,
  context: ChangeContext,
  input: { fileName: string; content: Uint8Array; year: number; name: string },
  steps: ImportSteps<NeighbourImport> = {},
): Promise<NeighbourImport> {
  await steps.progress?.(referenceSteps.reading, 0, 2);
  const [sheet] = await readTable(input.content, "csv");
  const model = parseNeighbourModel(sheet ?? { name: "CSV", header: [], rows: [] });
  const names = new Map([...model.entries()].map(([code, set]) => [code, set.name]));
  await steps.progress?.(referenceSteps.saving(`the neighbours of ${pluralise(model.size, "council")}`), 1, 2);
  return db.transaction(async (tx) => {
    const counts = { councils: model.size, added: 0, changed: 0, unchanged: 0 };
    for (const [code, set] of model) {
      const outcome = await repository.replaceNeighbourSet(tx, { name: input.name, year: input.year, councilCode: code }, set.neighbours.map((n) => ({ code: n.code, name: names.get(n.code) ?? n.code, closeness: n.closeness })));
      counts[outcome] += 1;
    }
    if (counts.added + counts.changed > 0) {
      await recordChange(tx, context, { action: "import neighbours", recordType: "neighbour set", recordId: input.year, after: { name: input.name, file: input.fileName, sha256: sha256Of(input.content), ...counts } });
    }
    await steps.saved?.(tx, counts);
    return counts;
  });
}

/**
 * Imports Ofsted's latest judgement of each council, replacing the last import, and answers how
 * many councils it has. One audit event names the file and its SHA-256. Throws
 * UnreadableFileError for a file that is not the overview workbook.
 */
export async function importOfstedJudgements(db: Database, context: ChangeContext, input: { fileName: string; content: Uint8Array }, steps: ImportSteps<number> = {}): Promise<number> {
  await steps.progress?.(referenceSteps.reading, 0, 2);
  const grades = parseOfstedOverview(await readTable(input.content, "xlsx")).filter((g) => g.oldLaCode);
  await steps.progress?.(referenceSteps.saving(`the judgements of ${pluralise(grades.length, "council")}`), 1, 2);
  await db.transaction(async (tx) => {
    await repository.replaceOfstedJudgements(tx, grades.map((g) => ({ councilCode: g.oldLaCode ?? "", councilName: g.laName, judgement: g.judgement, publishedOn: g.publishedOn })));
    await recordChange(tx, context, { action: "import judgements", recordType: "ofsted judgements", recordId: "latest", after: { file: input.fileName, sha256: sha256Of(input.content), councils: grades.length } });
    await steps.saved?.(tx, grades.length);
  });
  return grades.length;
}
