import { formatMeasureValue, formatWithFraction } from "../../core/measure-format.ts";
import { planYearLabel } from "../../core/plan-years.ts";
import { valuePeriodLabel } from "../../core/value-periods.ts";
import { defaultRagRule, ragRuleInWords, ragThresholdsInWords, type RagRule } from "../../core/rag.ts";
import { limitsInWords } from "../../core/spc.ts";
import { isGeneratedText } from "../../core/commentary.ts";
import type { Database, Executor } from "../../db/client.ts";
import { recordChange, type ChangeContext } from "../access/index.ts";
import { currentPlanSummary, type PlanSummary } from "../plan/index.ts";
import { spcChartDescription, spcChartSvg, sparklineSvg } from "./charts.ts";
import { generatedCommentaryOf } from "./generated-commentary.ts";
import * as imports from "./import-repository.ts";
import * as repository from "./repository.ts";
import { cachedByMeasure, type RowSource } from "./scorecard-cache.ts";
import { buildScorecard, ragRuleOf, readBenchmarkContext, readMeasureData, readScorecardData, scorecardDataAsAt, type BenchmarkContext, type ScorecardRow } from "./scorecard.ts";
import { conflicted, succeeded, UserError, type Outcome } from "../../core/problems.ts";

export { findMeasure, listTargets } from "./repository.ts";
export { generatedCommentaryOf } from "./generated-commentary.ts";

/** A mistake in a measures action, in words the person can act on. */
export class MeasureError extends UserError {
  constructor(message: string, field?: string) {
    super("invalid", message, { field });
    this.name = "MeasureError";
  }
}


/**
 * The whole scorecard at one version of the data it is built from. Shared by every page, export
 * and API call that reads it until the data changes; its rows are kept by measure, and a change
 * rebuilds only the rows it touched (see `cachedByMeasure`).
 * Shared: callers must not change it.
 */
export interface Scorecard {
  rows: readonly ScorecardRow[];
  rule: RagRule;
  /** The plan's header when it was built, as pages show it. */
  plan: PlanSummary | null;
  byCode: ReadonlyMap<string, ScorecardRow>;
  /** The rows as pages show them, written out once, on first use. */
  presented(): readonly PresentedRow[];
  /** The data exceptions (red, or special cause of concern at the latest point), newest first. */
  exceptionRows(): readonly ScorecardRow[];
  /** The same, as pages show them. */
  exceptions(): readonly PresentedRow[];
}

/** `make` of a kept row, worked out once for each row (kept rows are shared and never changed): a scorecard built again reuses what its unchanged rows made. */
function oncePerRow<T extends object>(make: (row: ScorecardRow) => T): (row: ScorecardRow) => T {
  const made = new WeakMap<ScorecardRow, T>();
  return (row) => {
    const found = made.get(row);
    if (found) return found;
    const value = make(row);
    made.set(row, value);
    return value;
  };
}

/** Each kept row as pages show it, and its measure's SPC chart, each made once. */
const presentedOnce = oncePerRow((row) => presentRow(row));
const chartOnce = oncePerRow((row) => measureChart(row));

/** A scorecard over its rows, with the pages' view of them and the exceptions worked out on first use. */
function scorecardOf(rows: readonly ScorecardRow[], rule: RagRule, plan: PlanSummary | null): Scorecard {
  let presented: PresentedRow[] | undefined;
  let exceptionRows: ScorecardRow[] | undefined;
  let exceptions: PresentedRow[] | undefined;
  const card: Scorecard = {
    rows,
    rule,
    plan,
    byCode: new Map(rows.map((r) => [r.measure.code, r])),
    presented: () => (presented ??= rows.map(presentedOnce)),
    exceptionRows: () => (exceptionRows ??= rows.filter((r) => r.exception).sort((a, b) => (b.latest?.periodEnd ?? "").localeCompare(a.latest?.periodEnd ?? ""))),
    exceptions: () => (exceptions ??= card.exceptionRows().map(presentedOnce)),
  };
  return card;
}

/** What every scorecard row is built with, whatever its measure. */
export interface ScorecardBasis {
  rule: RagRule;
  context: BenchmarkContext;
  /** The plan's header, as pages show it (its version is the one every row depends on). */
  plan: PlanSummary | null;
}

/** How the scorecard's rows are made, a few measures or all of them at a time. */
export const scorecardRowSource: RowSource<ScorecardBasis, ScorecardRow> = {
  basis: async (db) => {
    const [settings, plan] = await Promise.all([repository.findRagSettings(db), currentPlanSummary(db)]);
    return { rule: ragRuleOf(settings), context: await readBenchmarkContext(db, plan), plan };
  },
  rows: async (db, basis, measureIds) => {
    const rows = buildScorecard({ ...(await readMeasureData(db, measureIds)), rule: basis.rule }, basis.context);
    return new Map(rows.map((r) => [r.measure.id, r]));
  },
};

/** The scorecard's rows kept by measure: `source` is the database's unless a test counts what is built. */
export function scorecardCache(source: RowSource<ScorecardBasis, ScorecardRow> = scorecardRowSource) {
  return cachedByMeasure(source, (rows, basis) => scorecardOf(rows, basis.rule, basis.plan));
}

const cachedScorecard = scorecardCache();

/** The scorecard as the data now stands: only the rows whose data has changed are built again. */
export function currentScorecard(db: Database): Promise<Scorecard> {
  return cachedScorecard.all(db);
}

/** A measure's scorecard row as its data now stands, and the RAG rule: built again only when its data, or what every row depends on, has changed. */
export function currentScorecardRow(db: Database, code: string): Promise<{ basis: ScorecardBasis; row: ScorecardRow } | null> {
  return cachedScorecard.one(db, code);
}

/**
 * The scorecard as the data stood at a date (an ISO date), for a report as at that date: latest
 * values, directions of travel, SPC and RAG from the values for periods ending on or before it.
 * Built afresh for each report and never cached, so the pages' cached scorecard is untouched.
 */
export async function scorecardAsAt(db: Database, asAt: string): Promise<Scorecard> {
  const [data, plan] = await Promise.all([readScorecardData(db), currentPlanSummary(db)]);
  return scorecardOf(buildScorecard(scorecardDataAsAt(data, asAt), await readBenchmarkContext(db, plan)), data.rule, plan);
}

/** Every measure's scorecard row, or those of the measures given, in code order. */
export async function scorecard(db: Database, measureIds?: number[]): Promise<readonly ScorecardRow[]> {
  const { rows } = await currentScorecard(db);
  return measureIds ? rows.filter((r) => measureIds.includes(r.measure.id)) : rows;
}

/** A scorecard row written out for a page, an export or the API: every figure as people read it. */
export function presentRow(row: ScorecardRow) {
  const { measure } = row;
  const f = (v: number | null | undefined) => formatMeasureValue(v ?? null, measure.unit, measure.decimals);
  const b = row.benchmark;
  return {
    code: measure.code,
    title: measure.title,
    priorities: row.priorities,
    latest: row.latest ? formatWithFraction(row.latest.value, measure.unit, measure.decimals, row.latest.numerator, row.latest.denominator) : "No value yet",
    latestValue: row.latest?.value ?? null,
    period: row.latestLabel,
    provisional: row.latest?.status === "provisional",
    target: row.target ? `${f(row.target.value)} (${planYearLabel(row.target.planYear)})` : "",
    rag: row.rag,
    shortTerm: row.shortTerm,
    longTerm: row.longTerm,
    variation: row.spc.variation,
    assurance: row.spc.assurance,
    england: b ? f(b.england) : "",
    englandValue: b?.england ?? null,
    neighbours: b && b.neighbourMean.mean !== null ? `${f(b.neighbourMean.mean)} (${b.neighbourMean.count} of ${b.neighbours.length})` : "",
    neighbourMean: b?.neighbourMean.mean ?? null,
    band: b?.summary?.quartileBand ?? "",
    rank: b?.summary?.rank ? `${b.summary.rank} of ${b.summary.rankOf}` : "",
    benchmarkYear: b?.year ?? null,
    sparkline: sparklineSvg(row.values),
    exception: row.exception,
    commentary: row.commentary?.text ?? null,
    /** The latest value's commentary is the generated text, saved without a change. */
    commentaryGenerated: row.commentary?.generated ?? false,
    /** What the figures say, written by rule from them. */
    generated: generatedCommentaryOf(row),
  };
}

export type PresentedRow = ReturnType<typeof presentRow>;

/** Words for a chart's variation icon, as the scorecard shows them. */
export const variationLabels = {
  "common-cause": "Common cause",
  improvement: "Special cause: improvement",
  concern: "Special cause: concern",
  neither: "Special cause",
  "insufficient-data": "Too few values",
} as const;

/** Words for a chart's assurance icon: where the target sits against the process limits. */
export const assuranceLabels = { pass: "Consistently passes the target", fail: "Consistently fails the target", "hit-and-miss": "Hits and misses the target" } as const;

/**
 * What SPC makes of a measure, in a sentence: its variation and assurance, and how far the limits
 * can be trusted; with too few values for limits, only that.
 */
export function spcInWords(spc: ScorecardRow["spc"]): string {
  const limits = limitsInWords(spc);
  if (spc.upperLimit === null) return `${limits ?? variationLabels[spc.variation]}.`;
  return `${variationLabels[spc.variation]}${spc.assurance ? `; ${assuranceLabels[spc.assurance].toLowerCase()}` : ""}.${limits ? ` ${limits}.` : ""}`;
}

/** A measure's SPC chart with its title, its period labels and a description in words for those who cannot see it. */
export function measureChart(row: ScorecardRow) {
  const { measure } = row;
  const f = (v: number) => formatMeasureValue(v, measure.unit, measure.decimals);
  const labels = row.values.map((v) => valuePeriodLabel(measure.frequency, v.periodEnd));
  const title = `${measure.title}: SPC chart`;
  const target = row.target?.value ?? null;
  const latest = row.latest ? `Latest ${formatWithFraction(row.latest.value, measure.unit, measure.decimals, row.latest.numerator, row.latest.denominator)} (${row.latestLabel}). ` : "";
  return {
    title,
    labels,
    width: 640,
    height: 280,
    svg: spcChartSvg({ id: `spc-${measure.code.toLowerCase()}`, title, spc: row.spc, labels, target, unit: measure.unit, decimals: measure.decimals, frequency: measure.frequency }),
    alt: `${title}. ${latest}${spcChartDescription(row.spc, labels, target, f)}${row.spc.upperLimit === null ? "" : ` Variation: ${variationLabels[row.spc.variation].toLowerCase()}.`}`,
  };
}

export async function measurePage(db: Database, code: string) {
  const found = await currentScorecardRow(db, code);
  if (!found) return null;
  const { row } = found;
  const { measure } = row;
  const f = (v: number | null | undefined) => formatMeasureValue(v ?? null, measure.unit, measure.decimals);
  const chart = chartOnce(row);
  const { rule, plan } = found.basis;
  // The values are read afresh, for their notes and sources (the row keeps only what its figures
  // need); each finds its chart point by period.
  const fullValues = await repository.listValues(db, [measure.id]);
  const points = new Map(row.spc.points.map((p) => [p.period, p]));
  const presented = presentedOnce(row);
  return {
    measure,
    row: presented,
    generated: presented.generated,
    // Commentary for the latest period starts from what the figures say, until some is written.
    commentaryStart: row.latest && !row.commentary ? presented.generated : null,
    spc: row.spc,
    baseline: row.baseline,
    chart: chart.svg,
    values: fullValues.map((v) => ({
      ...v,
      label: valuePeriodLabel(measure.frequency, v.periodEnd),
      text: formatWithFraction(v.value, measure.unit, measure.decimals, v.numerator, v.denominator),
      specialCause: points.get(v.periodEnd)?.specialCause ?? null,
      commentary: row.periodCommentary.find((c) => c.periodEnd === v.periodEnd) ?? null,
    })),
    limits: { mean: f(row.spc.mean), upper: f(row.spc.upperLimit), lower: f(row.spc.lowerLimit), drawn: row.spc.upperLimit !== null, words: limitsInWords(row.spc) },
    targets: row.targets
      .map((t) => ({ ...t, yearLabel: planYearLabel(t.planYear), text: f(t.value), toleranceText: f(t.tolerance), thresholds: ragThresholdsInWords(t, measure.polarity, rule, f) ?? "Not rated: neither direction is better" }))
      .sort((a, b) => a.planYear - b.planYear),
    ragRuleWords: ragRuleInWords(rule),
    targetThresholds: row.target ? ragThresholdsInWords(row.target, measure.polarity, rule, f) : null,
    benchmark: row.benchmark && {
      ...row.benchmark,
      councilText: row.benchmark.council ? formatWithFraction(row.benchmark.council.value, measure.unit, measure.decimals, row.benchmark.council.numerator, row.benchmark.council.denominator) : "–",
      englandText: f(row.benchmark.england),
      regionText: f(row.benchmark.region?.value),
      meanText: f(row.benchmark.neighbourMean.mean),
      goodText: f(row.benchmark.summary?.goodOrOutstandingMean),
      neighbours: row.benchmark.neighbours.map((n) => ({ ...n, text: n.value === null ? (n.symbol ? `${n.symbol} (suppressed)` : "–") : f(n.value) })),
    },
    plan,
    needsCommentary: row.exception && !row.commentary,
  };
}

/** Commentary someone else saved for the period after the person opened the page: nothing was written. */
export class CommentaryConflict extends MeasureError {
  constructor(
    readonly periodEnd: string,
    readonly saved: string | null,
    readonly yours: string,
  ) {
    super("Someone else wrote commentary for this period while you were writing yours", "text");
    this.name = "CommentaryConflict";
  }
}

/**
 * Writes the commentary for a measure's period; required before approval when it is an exception.
 * `seenVersion` is the version of the period's commentary the person saw (0 for none): if it has
 * moved on, nothing is written and the caller is shown what is saved now. Commentary on the latest
 * value that is what the figures say, unchanged, is kept marked as generated until it is edited.
 */
export async function saveCommentary(db: Database, context: ChangeContext, code: string, periodEnd: string, text: string, seenVersion: number): Promise<void> {
  const measure = await repository.findMeasure(db, code);
  if (!measure) throw new MeasureError(`There is no measure ${code}`);
  if (!(await repository.findValue(db, measure.id, periodEnd))) throw new MeasureError("Select a period the measure has a value for", "periodEnd");
  const current = (await currentScorecardRow(db, code))?.row;
  const generated = current?.latest?.periodEnd === periodEnd && isGeneratedText(text, generatedCommentaryOf(current));
  await db.transaction(async (tx) => {
    const before = await repository.lockCommentary(tx, measure.id, periodEnd);
    if (before?.text === text && before.generated === generated) return;
    if ((before?.version ?? 0) !== seenVersion) throw new CommentaryConflict(periodEnd, before?.text ?? null, text);
    const saved = before
      ? await repository.updateCommentaryAt(tx, before.id, before.version, { text, generated, author: context.username })
      : await repository.insertCommentaryIfAbsent(tx, { measureId: measure.id, periodEnd, text, generated, author: context.username });
    if (!saved) {
      const now = await repository.lockCommentary(tx, measure.id, periodEnd);
      throw new CommentaryConflict(periodEnd, now?.text ?? null, text);
    }
    await recordChange(tx, context, {
      action: "comment",
      recordType: "measure",
      recordId: measure.id,
      before: before ? { periodEnd, commentary: before.text, generated: before.generated } : null,
      after: { periodEnd, commentary: text, generated },
    });
  });
}

/** Recalculates a measure's SPC limits from a period, with the reason recorded. */
export async function recalculateFrom(db: Database, context: ChangeContext, code: string, fromPeriod: string, reason: string): Promise<void> {
  const measure = await repository.findMeasure(db, code);
  if (!measure) throw new MeasureError(`There is no measure ${code}`);
  if (!(await repository.findValue(db, measure.id, fromPeriod))) throw new MeasureError("Select a period the measure has a value for", "fromPeriod");
  await db.transaction(async (tx) => {
    await repository.insertBaseline(tx, { measureId: measure.id, fromPeriod, reason, setBy: context.username });
    await recordChange(tx, context, { action: "recalculate limits", recordType: "measure", recordId: measure.id, after: { fromPeriod, reason } });
  });
}

/**
 * The exceptions of a priority's measures that have no commentary for their latest value: a
 * priority's progress is not approved until they have it.
 */
export async function exceptionsNeedingCommentary(db: Database, priorityNumber: number): Promise<{ code: string; title: string }[]> {
  const rows = await scorecard(db);
  return rows.filter((r) => r.exception && !r.commentary && r.priorities.includes(priorityNumber)).map((r) => ({ code: r.measure.code, title: r.measure.title }));
}

/** The council's RAG rule, with the version an edit starts from (0 while it is the default, never changed). */
export interface RagSettings {
  rule: RagRule;
  version: number;
  updatedBy: string | null;
  updatedAt: Date | null;
}

export async function ragSettings(db: Executor): Promise<RagSettings> {
  const row = await repository.findRagSettings(db);
  return row ? { rule: ragRuleOf(row), version: row.version, updatedBy: row.updatedBy, updatedAt: row.updatedAt } : { rule: defaultRagRule, version: 0, updatedBy: null, updatedAt: null };
}

/** The rule as the audit trail and the conflict page show it. */
export function ragRuleFields(rule: RagRule) {
  return {
    howAmberIsJudged: rule.amber === "tolerance" ? "Within each target's tolerance, in the measure's units" : `Within ${rule.percent}% of the target`,
    exactlyOnTarget: rule.onTargetGreen ? "Green" : "Amber",
  };
}

/**
 * Changes the council's RAG rule, audited, if nobody else changed it since `version` was read;
 * otherwise nothing is written and the caller gets a `Conflict` with the rule as it now stands.
 * A per cent left out (`null`) keeps the one stored.
 */
export async function saveRagSettings(
  db: Database,
  context: ChangeContext,
  form: { amber: RagRule["amber"]; percent: number | null; onTargetGreen: boolean; version: number },
  now: Date,
): Promise<Outcome<RagSettings>> {
  return db.transaction(async (tx) => {
    const before = await ragSettings(tx);
    if (before.version !== form.version) return conflicted(before);
    const rule: RagRule = { amber: form.amber, percent: form.percent ?? before.rule.percent, onTargetGreen: form.onTargetGreen };
    if (rule.amber === before.rule.amber && rule.percent === before.rule.percent && rule.onTargetGreen === before.rule.onTargetGreen) return succeeded(before);
    const values = { amberRule: rule.amber, amberPercent: rule.percent, onTargetGreen: rule.onTargetGreen, updatedBy: context.username, updatedAt: now };
    const row = form.version === 0 ? await repository.insertRagSettings(tx, values) : await repository.updateRagSettingsAt(tx, form.version, values);
    if (!row) return conflicted(await ragSettings(tx));
    await recordChange(tx, context, {
      action: "update",
      recordType: "RAG settings",
      recordId: row.id,
      before: { amberRule: before.rule.amber, amberPercent: before.rule.percent, onTargetGreen: before.rule.onTargetGreen },
      after: { amberRule: rule.amber, amberPercent: rule.percent, onTargetGreen: rule.onTargetGreen },
    });
    return succeeded({ rule, version: row.version, updatedBy: row.updatedBy, updatedAt: row.updatedAt });
  });
}

/** Measures whose code, title or definition match the words, for the search page. */
export async function searchMeasures(db: Database, query: string) {
  return (await repository.searchMeasures(db, query)).map((m) => ({ ...m, href: `/measures/${m.code}` }));
}

/**
 * The latest values files imported, newest first (at most `limit`), whatever became of them:
 * applied, found unchanged, or refused with the number of problems that refused it.
 */
export async function recentValueImports(db: Database, limit = 5) {
  return (await imports.listImports(db, limit)).map(({ id, fileName, state, rows, added, changed, unchanged, problems, importedBy, importedAt }) => ({
    id,
    fileName,
    state,
    rows,
    added,
    changed,
    unchanged,
    problems,
    importedBy,
    importedAt,
    href: `/measures/imports/${String(id)}`,
  }));
}
