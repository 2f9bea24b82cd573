import { generatedCommentary, spcFactsOf, type CommentaryFacts } from "../../core/commentary.ts";
import { sameTimeLastYear } from "../../core/direction.ts";
import { planYearLabel } from "../../core/plan-years.ts";
import { valuePeriodLabel } from "../../core/value-periods.ts";
import type { ScorecardRow } from "./scorecard.ts";

/**
 * A scorecard row's figures as the commentary rules take them, so every page and report that
 * says what the figures mean says the same sentence.
 */
export function commentaryFactsOf(row: ScorecardRow): CommentaryFacts {
  const { measure, latest, values, benchmark } = row;
  const label = (periodEnd: string) => valuePeriodLabel(measure.frequency, periodEnd);
  const previous = values.length >= 2 ? values.at(-2) : undefined;
  const yearAgoEnd = latest ? sameTimeLastYear(latest.periodEnd, values.map((v) => v.periodEnd)) : null;
  const yearAgo = yearAgoEnd ? values.find((v) => v.periodEnd === yearAgoEnd) : undefined;
  const summary = benchmark?.summary ?? null;
  return {
    title: measure.title,
    unit: measure.unit,
    decimals: measure.decimals,
    polarity: measure.polarity,
    frequency: measure.frequency,
    latest: latest ? { value: latest.value, periodEnd: latest.periodEnd, label: row.latestLabel } : null,
    previous: previous ? { value: previous.value, label: label(previous.periodEnd) } : null,
    yearAgo: yearAgo ? { value: yearAgo.value, label: label(yearAgo.periodEnd) } : null,
    target: row.target ? { value: row.target.value, planYear: planYearLabel(row.target.planYear), rag: row.rag } : null,
    spc: spcFactsOf(row.spc),
    benchmark: benchmark && {
      year: benchmark.year,
      council: benchmark.council?.value ?? null,
      england: benchmark.england,
      region: benchmark.region,
      neighbours: benchmark.neighbours.length > 0 ? { mean: benchmark.neighbourMean.mean, count: benchmark.neighbourMean.count, of: benchmark.neighbours.length } : null,
      band: summary?.quartileBand ?? null,
      rank: summary?.rank && summary.rankOf ? { rank: summary.rank, of: summary.rankOf } : null,
    },
  };
}

/** What the figures say, in sentences written by rule; null for a measure with no value yet. */
export function generatedCommentaryOf(row: ScorecardRow): string | null {
  return generatedCommentary(commentaryFactsOf(row));
}
