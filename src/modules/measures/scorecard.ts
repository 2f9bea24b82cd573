import { unitBounds } from "../../core/measure-format.ts";
import { neighbourMean } from "../../core/benchmarks.ts";
import { direction, sameTimeLastYear } from "../../core/direction.ts";
import { planYearOfDate } from "../../core/plan-years.ts";
import { defaultRagRule, rag, type Rag, type RagRule } from "../../core/rag.ts";
import { xmr, type SpcResult } from "../../core/spc.ts";
import { valuePeriodLabel } from "../../core/value-periods.ts";
import { valuesAsAt } from "../../core/values-as-at.ts";
import type { Executor } from "../../db/client.ts";
import { priorityNumbersByMeasure } from "./measure-priorities.ts";
import * as repository from "./repository.ts";
import type { BaselineRow, BenchmarkRow, CommentaryRow, MeasureRow, RagSettingsRow, SeriesPoint, SummaryRow, TargetRow } from "./repository.ts";

/** The council whose scorecard this is: the one the neighbour set belongs to. */
export interface BenchmarkContext {
  councilCode: string | null;
  neighbours: { code: string; name: string }[];
}

/** The council the benchmarks compare: the plan's, with its newest statistical-neighbour set. */
export async function readBenchmarkContext(db: Executor, plan: { oldLaCode: string | null } | null): Promise<BenchmarkContext> {
  const councilCode = plan?.oldLaCode ?? null;
  const set = councilCode ? await repository.latestNeighbourSet(db, councilCode) : null;
  return { councilCode, neighbours: set?.members.map((m) => ({ code: m.code, name: m.name })) ?? [] };
}

export interface Benchmark {
  year: number;
  council: BenchmarkRow | null;
  england: number | null;
  region: { name: string; value: number | null } | null;
  neighbourMean: { mean: number | null; count: number };
  neighbours: { code: string; name: string; value: number | null; symbol: string | null }[];
  summary: SummaryRow | null;
}

export interface ScorecardRow {
  measure: MeasureRow;
  priorities: number[];
  values: SeriesPoint[];
  latest: SeriesPoint | null;
  latestLabel: string;
  /** The target for the latest value's plan year. */
  target: TargetRow | null;
  /** Every target the measure has, for each plan year. */
  targets: TargetRow[];
  rag: Rag | null;
  shortTerm: ReturnType<typeof direction>;
  longTerm: ReturnType<typeof direction>;
  spc: SpcResult;
  baseline: BaselineRow | null;
  benchmark: Benchmark | null;
  /** The commentary on the latest value. */
  commentary: CommentaryRow | null;
  /** The commentary on each period that has some. */
  periodCommentary: CommentaryRow[];
  /** Red, or special cause of concern at the latest point: a data exception. */
  exception: boolean;
}

/** The council's RAG rule from its stored settings: the default until it is changed. */
export function ragRuleOf(row: RagSettingsRow | undefined): RagRule {
  return row ? { amber: row.amberRule, percent: row.amberPercent, onTargetGreen: row.onTargetGreen } : defaultRagRule;
}

/** Each measure's own data, for all measures or those given, read in one go: a handful of queries, however many measures. */
export async function readMeasureData(db: Executor, measureIds?: readonly number[]) {
  const ids = measureIds && [...measureIds];
  const [measures, values, targets, benchmarks, summaries, commentary, baselines, priorities] = await Promise.all([
    repository.listMeasures(db, ids),
    repository.listValueSeries(db, ids),
    repository.listTargets(db, ids),
    repository.listBenchmarks(db, ids),
    repository.listSummaries(db, ids),
    repository.listCommentary(db, ids),
    repository.listBaselines(db, ids),
    priorityNumbersByMeasure(db, ids),
  ]);
  return { measures, values, targets, benchmarks, summaries, commentary, baselines, priorities };
}

/** Everything a scorecard needs, read in one go: each measure's data and the council's RAG rule. */
export async function readScorecardData(db: Executor, measureIds?: readonly number[]) {
  const [data, settings] = await Promise.all([readMeasureData(db, measureIds), repository.findRagSettings(db)]);
  return { ...data, rule: ragRuleOf(settings) };
}

export type ScorecardData = Awaited<ReturnType<typeof readScorecardData>>;

/**
 * The data as it stood at a date, for a report as at that date: only the values for periods
 * ending on or before it, and only SPC recalculations from those periods.
 */
export function scorecardDataAsAt(data: ScorecardData, asAt: string): ScorecardData {
  return { ...data, values: valuesAsAt(data.values, asAt), baselines: data.baselines.filter((b) => b.fromPeriod <= asAt) };
}

function group<T extends { measureId: number }>(rows: T[]): Map<number, T[]> {
  const map = new Map<number, T[]>();
  for (const row of rows) {
    const list = map.get(row.measureId);
    if (list) list.push(row);
    else map.set(row.measureId, [row]);
  }
  return map;
}

/**
 * The council's own region among a year's rows: the one the file places the council's row in. Rows
 * typed before files said so name one region only, and that one is the council's; otherwise no
 * region is shown rather than another council's.
 */
export function councilRegion(ofYear: readonly BenchmarkRow[], council: BenchmarkRow | null): BenchmarkRow | null {
  const regions = ofYear.filter((r) => r.level === "regional");
  if (council?.regionCode) return regions.find((r) => r.areaCode === council.regionCode) ?? null;
  return regions.length === 1 ? (regions[0] ?? null) : null;
}

function benchmarkOf(rows: BenchmarkRow[], summaries: SummaryRow[], context: BenchmarkContext): Benchmark | null {
  if (rows.length === 0 || !context.councilCode) return null;
  const year = Math.max(...rows.map((r) => r.year));
  const ofYear = rows.filter((r) => r.year === year);
  const local = new Map(ofYear.filter((r) => r.level === "local").map((r) => [r.areaCode, r]));
  const neighbours = context.neighbours.map((n) => {
    const row = local.get(n.code);
    return { code: n.code, name: n.name, value: row?.value ?? null, symbol: row?.symbol ?? null };
  });
  const council = local.get(context.councilCode) ?? null;
  const region = councilRegion(ofYear, council);
  return {
    year,
    council,
    england: ofYear.find((r) => r.level === "national")?.value ?? null,
    region: region ? { name: region.areaName, value: region.value } : null,
    neighbourMean: neighbourMean(neighbours.map((n) => n.value)),
    neighbours,
    summary: summaries.find((s) => s.year === year && s.councilCode === context.councilCode) ?? null,
  };
}

/** One row per measure: latest value, target and RAG, directions of travel, SPC, benchmarks. */
export function buildScorecard(data: ScorecardData, context: BenchmarkContext): ScorecardRow[] {
  const values = group(data.values);
  const targets = group(data.targets);
  const benchmarks = group(data.benchmarks);
  const summaries = group(data.summaries);
  const commentary = group(data.commentary);
  const baselines = group(data.baselines);
  return data.measures.map((measure) => {
    const series = (values.get(measure.id) ?? []).sort((a, b) => a.periodEnd.localeCompare(b.periodEnd));
    const latest = series.at(-1) ?? null;
    const previous = series.at(-2) ?? null;
    const yearAgo = latest ? sameTimeLastYear(latest.periodEnd, series.map((v) => v.periodEnd)) : null;
    const ownTargets = targets.get(measure.id) ?? [];
    const ownCommentary = commentary.get(measure.id) ?? [];
    const target = latest ? (ownTargets.find((t) => t.planYear === planYearOfDate(latest.periodEnd)) ?? null) : null;
    const baseline = (baselines.get(measure.id) ?? []).at(-1) ?? null;
    const baselineFrom = baseline ? Math.max(0, series.findIndex((v) => v.periodEnd >= baseline.fromPeriod)) : 0;
    const spc = xmr(series.map((v) => ({ period: v.periodEnd, value: v.value })), { polarity: measure.polarity, target: target?.value ?? null, baselineFrom, bounds: unitBounds(measure.unit) });
    const ragStatus = rag(latest?.value ?? null, target, measure.polarity, data.rule);
    const note = latest ? (ownCommentary.find((c) => c.periodEnd === latest.periodEnd) ?? null) : null;
    return {
      measure,
      priorities: data.priorities.get(measure.id) ?? [],
      values: series,
      latest,
      latestLabel: latest ? valuePeriodLabel(measure.frequency, latest.periodEnd) : "",
      target,
      targets: ownTargets,
      rag: ragStatus,
      shortTerm: direction(latest?.value ?? null, previous?.value ?? null, measure.polarity),
      longTerm: direction(latest?.value ?? null, series.find((v) => v.periodEnd === yearAgo)?.value ?? null, measure.polarity),
      spc,
      baseline,
      benchmark: benchmarkOf(benchmarks.get(measure.id) ?? [], summaries.get(measure.id) ?? [], context),
      commentary: note,
      periodCommentary: ownCommentary,
      exception: ragStatus === "red" || spc.variation === "concern",
    };
  });
}
