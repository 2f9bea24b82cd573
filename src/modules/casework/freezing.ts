import { computationPeriodLabel } from "../../core/computation-periods.ts";
import type { Executor } from "../../db/client.ts";
import { currentCalendar } from "./calendar.ts";
import * as computation from "./computation-repository.ts";
import type { ComputedFigure } from "./computation-repository.ts";
import { madeFromTheseInputs, periodOf } from "./computing.ts";
import { definitionOf, measureDefinitions } from "./definitions/index.ts";
import { figureValueText } from "./figure-value.ts";
import * as repository from "./freezing-repository.ts";
import type { IssueKeeping } from "./freezing-repository.ts";

export type { IssueKeeping } from "./freezing-repository.ts";

/** A computed measure's month as a report shows it: its code, the month's last day, and the counts shown beside it (null where none are). */
export interface FigureShown {
  code: string;
  periodEnd: string;
  numerator: number | null;
  denominator: number | null;
}

/** How many of the figures a report showed had their cases kept by this issue, had them kept already by an earlier one, or could not have them kept. */
export interface FreezeOutcome {
  kept: number;
  alreadyKept: number;
  notKept: number;
}

const keyOf = (code: string, periodEnd: string) => `${code}|${periodEnd}`;

/**
 * Keeps the cases behind the computed figures a report issue shows, in the issue's own
 * transaction, so the figure a meeting read can be explained after the measure is computed again.
 * Each figure is the council's current one for its month, as long as its counts are still those
 * the report shows. Its cases are those its definition gives over the same records, definition and
 * calendar it was computed with (one run of each definition for all its months), kept only when
 * they count to the figure. Every figure with its cases kept, now or by an earlier issue, is linked
 * to this issue.
 */
export async function freezeFiguresShown(tx: Executor, issue: IssueKeeping, laCode: string, shown: readonly FigureShown[]): Promise<FreezeOutcome> {
  // Only figures computed from case records have cases to keep: a measure computed from case audits has none.
  const fromCases = shown.filter((month) => definitionOf(month.code) !== undefined);
  const months = [...new Map(fromCases.map((month) => [keyOf(month.code, month.periodEnd), month])).values()];
  if (months.length === 0) return { kept: 0, alreadyKept: 0, notKept: 0 };
  await repository.lockFreezing(tx);
  const current = new Map((await repository.currentMonthFigures(tx, laCode, months)).map((figure) => [keyOf(figure.measureCode, figure.periodEnd), figure]));
  // A figure computed again after the report was written is no longer the one it shows.
  const figures = months.flatMap((month) => {
    const figure = current.get(keyOf(month.code, month.periodEnd));
    const same = figure && (month.numerator === null || month.numerator === figure.numerator) && (month.denominator === null || month.denominator === figure.denominator);
    return same ? [figure] : [];
  });
  const already = figures.filter((figure) => figure.frozen).map((figure) => figure.id);
  const kept = await freeze(tx, laCode, figures.filter((figure) => !figure.frozen));
  await repository.linkToIssue(tx, issue, [...already, ...kept]);
  return { kept: kept.length, alreadyKept: already.length, notKept: months.length - kept.length - already.length };
}

/** Keeps the cases of figures not yet frozen, each definition run once for all its figures' months; returns the ids frozen. */
async function freeze(tx: Executor, laCode: string, figures: readonly ComputedFigure[]): Promise<number[]> {
  if (figures.length === 0) return [];
  const records = await computation.councilRecords(tx, laCode);
  const held = await currentCalendar(tx);
  await computation.startComputation(tx, held);
  const byMeasure = new Map<string, ComputedFigure[]>();
  for (const figure of figures) byMeasure.set(figure.measureCode, [...(byMeasure.get(figure.measureCode) ?? []), figure]);
  const tried: number[] = [];
  for (const [code, ofMeasure] of byMeasure) {
    const definition = definitionOf(code);
    // Only over the records, definition and calendar it was computed with does a run give a figure's own cases.
    const runnable = definition ? ofMeasure.filter((figure) => madeFromTheseInputs(figure, definition, records.extractIds, held.sha256)) : [];
    const [first] = runnable;
    if (!definition || !first) continue;
    await computation.setComputeScope(tx, laCode, first.extractDate, runnable.map(periodOf));
    await repository.keepCases(tx, definition.sql, runnable.map((figure) => figure.id));
    tried.push(...runnable.map((figure) => figure.id));
  }
  return repository.freezeWhereCasesMatch(tx, tried);
}

/** A figure kept with a report issue, as the issue's page lists it for those allowed its cases. */
export interface FigureKeptWithIssue {
  valueId: number;
  title: string;
  periodLabel: string;
  valueText: string;
}

/** The computed figures whose cases were kept with a report issue, in the order measures are defined, then by month. */
export async function figuresKeptWithIssue(db: Executor, issueId: number): Promise<FigureKeptWithIssue[]> {
  const order = new Map(measureDefinitions.map((definition, index) => [definition.code, index]));
  const figures = (await repository.figuresOfIssue(db, issueId)).sort((a, b) => (order.get(a.measureCode) ?? order.size) - (order.get(b.measureCode) ?? order.size) || a.periodEnd.localeCompare(b.periodEnd));
  return figures.flatMap((figure) => {
    const definition = definitionOf(figure.measureCode);
    return definition ? [{ valueId: figure.id, title: definition.title, periodLabel: computationPeriodLabel({ kind: figure.periodKind, end: figure.periodEnd }), valueText: figureValueText(figure, definition) }] : [];
  });
}

/** The report issues a figure's cases were kept with, earliest first. */
export async function issuesKeepingFigure(db: Executor, valueId: number): Promise<IssueKeeping[]> {
  return repository.issuesOfFigure(db, valueId);
}
