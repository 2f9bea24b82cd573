import { toCsv } from "../../core/csv.ts";
import { formatDate } from "../../core/format.ts";
import { figureValueText } from "./figure-value.ts";
import { caseExplanation, outcomeOf, reasonWords, type CaseOutcome, type FigureCase, type FigureSummary } from "./figures.ts";

/** Which cases a list shows: all, those counted, those in the denominator and not met, or those left out. */
export const caseFilters = { all: "All cases", counted: "Counted", "not-met": "In the denominator, not counted", "left-out": "Left out" } as const;
export type CaseFilter = keyof typeof caseFilters;

export const isCaseFilter = (value: unknown): value is CaseFilter => typeof value === "string" && value in caseFilters;

const outcomeWords: Record<CaseOutcome, string> = { counted: "Counted", "not-met": "Not counted", "left-out": "Left out" };

export function filteredCases(cases: readonly FigureCase[], filter: CaseFilter): FigureCase[] {
  return filter === "all" ? [...cases] : cases.filter((c) => outcomeOf(c) === filter);
}

/** A figure's page: the figure, how it was made, and its cases as rows of a table. */
export function figurePageView(summary: FigureSummary, cases: readonly FigureCase[], filter: CaseFilter) {
  const { figure, definition } = summary;
  const shown = filteredCases(cases, filter);
  return {
    ...summary,
    valueText: figureValueText(figure, definition),
    excluded: Object.entries(figure.excluded).map(([reason, count]) => ({ reason, words: reasonWords[reason] ?? reason, count })),
    filter,
    filters: Object.entries(caseFilters).map(([value, label]) => ({ value, label, count: filterCount(cases, value as CaseFilter) })),
    rows: shown.map((c) => ({ ...c, outcome: outcomeWords[outcomeOf(c)], explanation: caseExplanation(definition, c) })),
  };
}

function filterCount(cases: readonly FigureCase[], filter: CaseFilter): number {
  return filteredCases(cases, filter).length;
}

const day = (date: string | null) => (date ? formatDate(date) : "");

/** The cases as a CSV file: one row a case, with the dates that decided it and why it counted as it did. */
export function casesCsv(summary: FigureSummary, cases: readonly FigureCase[]): string {
  const { definition } = summary;
  const words = definition.words;
  return toCsv(
    ["Council", "Measure", "Period", "Child", words.record, "Outcome", "Reason left out", words.start ?? "Start", words.event ?? "Event", words.due ?? "Due", "Working days", "Why"],
    cases.map((c) => [
      summary.figure.laCode,
      definition.code,
      summary.periodLabel,
      c.personId,
      c.recordId,
      outcomeWords[outcomeOf(c)],
      c.reason ?? "",
      day(c.startDate),
      day(c.eventDate),
      day(c.dueDate),
      c.workingDays,
      caseExplanation(definition, c),
    ]),
  );
}
