import { computationPeriodLabel } from "../../core/computation-periods.ts";
import { formatDate } from "../../core/format.ts";
import type { Database } from "../../db/client.ts";
import { recordAccess, type ChangeContext } from "../access/index.ts";
import { currentPlanSummary } from "../plan/index.ts";
import * as repository from "./computation-repository.ts";
import type { ComputedFigure, FigureCase } from "./computation-repository.ts";
import { casesOfFigure, type FigureCases } from "./computing.ts";
import { definitionOf, type MeasureDefinition } from "./definitions/index.ts";
import * as extracts from "./repository.ts";
import type { ExtractRecord } from "./repository.ts";

export type { ComputedFigure, FigureCase } from "./computation-repository.ts";
export type { FigureCases } from "./computing.ts";

/** Why a candidate is left out of a figure (MEASURES.md §5), as the case list says it. */
export const reasonWords: Readonly<Record<string, string>> = {
  DATA_END_BEFORE_START: "its dates are the wrong way round",
  DATA_MISSING_DATE: "a date it needs is missing",
  DATA_DUPLICATE: "it repeats another record of the child on the same day",
  OLA: "the plan is another council's",
  SHORT_BREAK: "the child was in a series of short breaks (legal status V3 or V4)",
  TRANSFER_IN: "the conference was for a child transferring in",
  CONTINUATION: "it continues the plan before it",
  NOT_FRONT_DOOR: "it is a later enquiry in a case already open",
  NFA_AT_REFERRAL: "the referral led to no further action",
  UNBORN: "the child was not yet born",
  DIED: "the child had died",
  RHOM: "the young person had returned home",
  OUT_OF_AGE: "the child was outside the age range",
  CEASED_BEFORE_DUE: "the child left care before it was due",
  CLOSED_BEFORE_DUE: "the case closed before it was due",
  PENDING: "it was not yet due when the records were taken",
  DISTANCE_UNKNOWN: "the distance is not known",
};

/** What a candidate counted as: in the numerator, in the denominator and not met, or left out. */
export type CaseOutcome = "counted" | "not-met" | "left-out";

export const outcomeOf = (c: FigureCase): CaseOutcome => (c.inNumerator ? "counted" : c.inDenominator ? "not-met" : "left-out");

/** Why a case counted as it did, in a sentence: "Counted: authorised on working day 44, due by 10 March 2025." */
export function caseExplanation(definition: MeasureDefinition, c: FigureCase): string {
  const outcome = outcomeOf(c);
  if (outcome === "left-out") return `Left out: ${c.reason ? (reasonWords[c.reason] ?? c.reason) : "outside the measure's population"}.`;
  const facts: string[] = [];
  if (c.workingDays !== null && definition.words.event && c.eventDate) facts.push(`${definition.words.event.toLowerCase()} ${formatDate(c.eventDate)}, on working day ${c.workingDays}`);
  else if (definition.words.start && c.startDate) facts.push(`${definition.words.start.toLowerCase()} ${formatDate(c.startDate)}`);
  if (c.dueDate) facts.push(`due by ${formatDate(c.dueDate)}`);
  const lead = definition.unit === "count" ? "Counted" : outcome === "counted" ? (definition.polarity === "lower-better" ? "Counted" : "Met") : definition.polarity === "lower-better" ? "Not counted" : "Not met";
  return facts.length > 0 ? `${lead}: ${facts.join(", ")}.` : `${lead}.`;
}

/** A figure and the definition and extracts it came from: everything its page says of it, no case yet. */
export interface FigureSummary {
  figure: ComputedFigure;
  definition: MeasureDefinition;
  periodLabel: string;
  extracts: ExtractRecord[];
  synthetic: boolean;
}

export async function figureSummary(db: Database, id: number): Promise<FigureSummary | undefined> {
  const figure = await repository.findFigure(db, id);
  const definition = figure ? definitionOf(figure.measureCode) : undefined;
  if (!figure || !definition) return undefined;
  const held = await extracts.extractsByIds(db, figure.extractIds);
  return { figure, definition, periodLabel: computationPeriodLabel({ kind: figure.periodKind, end: figure.periodEnd }), extracts: held, synthetic: held.some((extract) => extract.synthetic) };
}

/**
 * The cases behind a figure, for someone allowed child-level data: the view (or export) is
 * recorded before anything is returned, so there is no look at the cases without its record.
 */
export async function casesBehindFigure(db: Database, viewer: ChangeContext & { userId: number }, summary: FigureSummary, purpose: string): Promise<FigureCases> {
  await recordAccess(db, viewer, { recordType: "computed figure", recordId: summary.figure.id, purpose });
  return casesOfFigure(db, summary.figure, summary.definition);
}

/**
 * The cases behind a figure by its id, without recording a view: for checks inside this module.
 * Pages and exports use `casesBehindFigure`, which records each look first.
 */
export async function figureCasesUnrecorded(db: Database, id: number): Promise<FigureCase[]> {
  const summary = await figureSummary(db, id);
  if (!summary) throw new Error(`no computed figure ${String(id)}`);
  const found = await casesOfFigure(db, summary.figure, summary.definition);
  if (found.kind === "unavailable") throw new Error(found.message);
  return found.cases;
}

/** A council's current figures for DfE's years (1 April to 31 March) of one measure, earliest first. */
export async function yearFigures(db: Database, laCode: string, code: string): Promise<ComputedFigure[]> {
  return (await repository.currentFigures(db, laCode, code)).filter((figure) => figure.periodKind === "year");
}

/** The current figure behind a computed measure's month in the catalogue, for the plan's own council. */
export async function figureForMonth(db: Database, code: string, periodEnd: string): Promise<ComputedFigure | undefined> {
  const laCode = (await currentPlanSummary(db))?.oldLaCode;
  if (!laCode) return undefined;
  return (await repository.currentFigures(db, laCode, code)).find((figure) => figure.periodKind === "month" && figure.periodEnd === periodEnd);
}
