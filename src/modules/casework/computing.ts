import { createHash } from "node:crypto";
import { computationPeriods, isProvisional, type ComputationPeriod } from "../../core/computation-periods.ts";
import { formatDate } from "../../core/format.ts";
import { UserError } from "../../core/problems.ts";
import type { Database } from "../../db/client.ts";
import { recordChange, type ChangeContext } from "../access/index.ts";
import { storeComputedValues } from "../measures/index.ts";
import { currentPlanSummary } from "../plan/index.ts";
import { currentCalendar } from "./calendar.ts";
import * as repository from "./computation-repository.ts";
import type { ComputedFigure, FigureCase, FigureProvenance, KeptFigure, PeriodFigures } from "./computation-repository.ts";
import { measureDefinitions, type MeasureDefinition } from "./definitions/index.ts";

/** What computing the measures for a council did to each one. */
export interface MeasureComputed {
  code: string;
  /** computed: new figures kept; unchanged: nothing it reads had changed; too-short: the records do not reach back far enough; not-computed: the catalogue holds it as an entered measure. */
  outcome: "computed" | "unchanged" | "too-short" | "not-computed";
  periods: number;
  message?: string;
}

export interface ComputationOutcome {
  laCode: string;
  extractDate: string | null;
  measures: MeasureComputed[];
}

/** The SHA-256 of a definition's SQL, kept with every figure so the exact query can be told. */
export const sqlSha256 = (definition: MeasureDefinition) => createHash("sha256").update(definition.sql).digest("hex");

/** A figure's value: a percentage of its denominator (none when it is empty), or the count itself. */
export function figureValue(definition: MeasureDefinition, figures: Pick<PeriodFigures, "numerator" | "denominator">): number | null {
  if (definition.unit === "count") return figures.numerator;
  return figures.denominator === 0 ? null : (figures.numerator / figures.denominator) * 100;
}

/** How a figure is traced in the catalogue, in words an analyst reads beside the value. */
function provenanceText(definition: MeasureDefinition, provenance: FigureProvenance, figure: KeptFigure): string {
  const extracts = provenance.extractIds.length === 1 ? `extract ${provenance.extractIds[0] ?? ""}` : `extracts ${provenance.extractIds.join(", ")}`;
  return (
    `Computed from case records by ${definition.code} version ${definition.version}: ${figure.numerator} of ${figure.denominator}, ` +
    `from ${extracts} (records to ${formatDate(provenance.extractDate)}), working days by calendar ${provenance.calendarSha256.slice(0, 12)}.`
  );
}

/** A computed value's lineage as the catalogue and its API give it. */
function lineageOf(provenance: FigureProvenance, figure: KeptFigure): Record<string, unknown> {
  return {
    definition: provenance.measureCode,
    definitionVersion: provenance.definitionVersion,
    sqlSha256: provenance.sqlSha256,
    laCode: provenance.laCode,
    extractIds: provenance.extractIds,
    extractDate: provenance.extractDate,
    calendarSha256: provenance.calendarSha256,
    periodStart: figure.start,
    numerator: figure.numerator,
    denominator: figure.denominator,
    excluded: figure.excluded,
    computedAt: new Date().toISOString(),
    computedBy: provenance.computedBy,
  };
}

/** A failure of the working-days calendar inside a definition's query, told in its own words. */
function calendarProblem(error: unknown): UserError | null {
  for (let cause: unknown = error; cause instanceof Error; cause = cause.cause) {
    if ((cause as { code?: unknown }).code === "WM001") return new UserError("refused", cause.message);
  }
  return null;
}

/**
 * Computes a council's measures from its case records (every definition, or those named), for
 * every month and DfE year its records reach, in one transaction: each definition's figures are
 * kept with their provenance, superseding the figures before them (the cases behind a figure are
 * found again when they are opened), and for the plan's own council its monthly values go to the
 * catalogue as a computed measure. A definition whose inputs (its version and SQL, the extracts,
 * the calendar) have not changed since it was last computed is left alone. One audit event says
 * what was computed.
 */
export async function computeMeasures(db: Database, context: ChangeContext, laCode: string, codes?: readonly string[]): Promise<ComputationOutcome> {
  const definitions = codes ? measureDefinitions.filter((definition) => codes.includes(definition.code)) : measureDefinitions;
  const records = await repository.councilRecords(db, laCode);
  if (!records.extractDate || records.extractIds.length === 0) return { laCode, extractDate: null, measures: [] };
  const extractDate = records.extractDate;
  const recordsFrom = records.recordsFrom ?? extractDate;
  const held = await currentCalendar(db);
  const calendarSha256 = held.sha256;
  // Only the plan's own council's figures are the catalogue's; others' are kept to compare with.
  const ownCouncil = (await currentPlanSummary(db))?.oldLaCode === laCode;
  try {
    return await db.transaction(async (tx) => {
      await repository.takeComputingTurn(tx, laCode);
      await repository.startComputation(tx, held);
      const measures: MeasureComputed[] = [];
      const order = new Map(definitions.map((definition, index) => [definition.code, index]));
      const shared = new repository.SharedRowTables();
      // Definitions reaching back as far run one after another, so rows they share are built once.
      for (const definition of [...definitions].sort((a, b) => a.lookBackMonths - b.lookBackMonths)) {
        const provenance: FigureProvenance = { laCode, measureCode: definition.code, definitionVersion: definition.version, sqlSha256: sqlSha256(definition), extractIds: records.extractIds, extractDate, calendarSha256, computedBy: context.username };
        const before = await repository.currentInputs(tx, laCode, definition.code);
        if (
          before &&
          before.definitionVersion === provenance.definitionVersion &&
          before.sqlSha256 === provenance.sqlSha256 &&
          before.extractDate === extractDate &&
          before.calendarSha256 === calendarSha256 &&
          before.extractIds.join(",") === provenance.extractIds.join(",")
        ) {
          measures.push({ code: definition.code, outcome: "unchanged", periods: 0 });
          continue;
        }
        const periods = computationPeriods(recordsFrom, extractDate, definition.lookBackMonths);
        if (periods.length === 0) {
          measures.push({ code: definition.code, outcome: "too-short", periods: 0, message: `the records begin ${formatDate(recordsFrom)}, and ${definition.code} needs ${definition.lookBackMonths} months before a period` });
          continue;
        }
        await repository.setComputeScope(tx, laCode, extractDate, periods);
        const query = await shared.queryOf(tx, definition, JSON.stringify(periods));
        const figures: KeptFigure[] = (await repository.runDefinition(tx, query)).map((figure) => ({
          ...figure,
          value: figureValue(definition, figure),
          provisional: isProvisional(figure.end, extractDate),
        }));
        await repository.keepFigures(tx, provenance, figures);
        const monthly = figures.flatMap((figure) =>
          figure.kind === "month" && figure.value !== null
            ? [{ periodEnd: figure.end, value: figure.value, numerator: figure.numerator, denominator: figure.denominator, status: figure.provisional ? ("provisional" as const) : ("final" as const), provenance: provenanceText(definition, provenance, figure), lineage: lineageOf(provenance, figure) }]
            : [],
        );
        const stored = ownCouncil
          ? await storeComputedValues(tx, { code: definition.code, title: `${definition.title}, from case records`, definition: definition.definition, unit: definition.unit, polarity: definition.polarity, decimals: definition.decimals }, monthly)
          : null;
        measures.push(stored?.kind === "not-computed" ? { code: definition.code, outcome: "not-computed", periods: figures.length, message: stored.message } : { code: definition.code, outcome: "computed", periods: figures.length });
      }
      // Told in the definitions' order, whatever order they ran in.
      measures.sort((a, b) => (order.get(a.code) ?? 0) - (order.get(b.code) ?? 0));
      // Nothing kept, nothing to audit: the hourly check that finds every input as it was says nothing.
      if (!measures.some((measure) => measure.outcome === "computed" || measure.outcome === "not-computed")) return { laCode, extractDate, measures };
      await recordChange(tx, context, {
        action: "casework.compute",
        recordType: "computed measures",
        recordId: laCode,
        after: { extractIds: records.extractIds, extractDate, calendar: calendarSha256, measures: Object.fromEntries(measures.map((m) => [m.code, m.outcome === "computed" ? m.periods : m.outcome])) },
      });
      return { laCode, extractDate, measures };
    });
  } catch (error) {
    throw calendarProblem(error) ?? error;
  }
}

/**
 * Computes every council's measures whose inputs have changed: after Waymark is upgraded with new
 * definitions, or once newer bank holidays are loaded. Each council's figures are kept in a
 * transaction of their own.
 */
export async function computeEveryCouncil(db: Database, context: ChangeContext): Promise<ComputationOutcome[]> {
  const outcomes: ComputationOutcome[] = [];
  for (const laCode of await repository.councilsWithRecords(db)) outcomes.push(await computeMeasures(db, context, laCode));
  return outcomes;
}

/** What a computation did, in a line: "Council 879, records as at 30 November 2026: 33 measures computed again; 2 measures not computed, …". */
export function computationInWords(outcome: ComputationOutcome): string {
  if (outcome.extractDate === null) return `Council ${outcome.laCode}: no case records are held, so nothing was computed.`;
  const counts = new Map<MeasureComputed["outcome"], number>();
  for (const measure of outcome.measures) counts.set(measure.outcome, (counts.get(measure.outcome) ?? 0) + 1);
  const words: Record<MeasureComputed["outcome"], string> = {
    computed: "computed again",
    unchanged: "unchanged, as nothing they read has changed",
    "too-short": "not computed, as the records do not reach back far enough",
    "not-computed": "left as entered measures of the same code",
  };
  const parts = Object.entries(words).flatMap(([kind, said]) => {
    const n = counts.get(kind as MeasureComputed["outcome"]) ?? 0;
    return n > 0 ? [`${String(n)} measure${n === 1 ? "" : "s"} ${said}`] : [];
  });
  return `Council ${outcome.laCode}, records as at ${formatDate(outcome.extractDate)}: ${parts.join("; ")}.`;
}

/**
 * Whether running a figure's definition now, over the extracts and calendar held now, would be
 * running it as it was when the figure was computed: only then are the cases it gives the figure's.
 */
export function madeFromTheseInputs(figure: ComputedFigure, definition: MeasureDefinition, extractIds: readonly number[], calendarSha256: string): boolean {
  return extractIds.join(",") === figure.extractIds.join(",") && definition.version === figure.definitionVersion && sqlSha256(definition) === figure.sqlSha256 && calendarSha256 === figure.calendarSha256;
}

/** The period a figure was computed for, as a computation sets it out. */
export const periodOf = (figure: ComputedFigure): ComputationPeriod => ({ kind: figure.periodKind, start: figure.periodStart, end: figure.periodEnd, refDate: figure.referenceDate });

/** A figure's cases, or why they cannot be shown: the records or the definition have moved on since it was computed. */
export type FigureCases = { kind: "cases"; cases: FigureCase[] } | { kind: "unavailable"; message: string };

/**
 * The cases behind a figure: those an issued report froze with it, or else its definition run
 * again for its one period over the same records, extracts and calendar, which gives the same
 * cases (checked: their counts must be the figure's). A figure computed again since, or whose
 * records, definition or calendar have changed, says so instead.
 */
export async function casesOfFigure(db: Database, figure: ComputedFigure, definition: MeasureDefinition): Promise<FigureCases> {
  const frozen = await repository.frozenCases(db, figure.id);
  if (frozen) return { kind: "cases", cases: frozen };
  const again = "Compute the measures again to see the cases behind the current figure.";
  if (figure.supersededAt) return { kind: "unavailable", message: `This figure was replaced when the measure was computed again, and its cases were not kept. ${again}` };
  const records = await repository.councilRecords(db, figure.laCode);
  const held = await currentCalendar(db);
  if (!madeFromTheseInputs(figure, definition, records.extractIds, held.sha256)) {
    return { kind: "unavailable", message: `The case records, the measure's definition or the bank holidays have changed since this figure was computed. ${again}` };
  }
  const cases = await db.transaction(async (tx) => {
    await repository.startComputation(tx, held);
    await repository.setComputeScope(tx, figure.laCode, figure.extractDate, [periodOf(figure)]);
    return repository.casesOf(tx, definition.sql);
  });
  const denominator = cases.filter((c) => c.inDenominator).length;
  const numerator = cases.filter((c) => c.inNumerator).length;
  if (denominator !== figure.denominator || numerator !== figure.numerator) {
    return { kind: "unavailable", message: `The cases found now (${String(numerator)} of ${String(denominator)}) do not match the figure (${String(figure.numerator)} of ${String(figure.denominator)}). ${again}` };
  }
  return { kind: "cases", cases };
}
