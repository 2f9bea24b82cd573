import { planYearLabel } from "./plan-years.ts";
import type { PeriodKind } from "./progress-kinds.ts";

/**
 * Reporting periods within a plan year (a UK financial year): the four quarters (Q1 April–June,
 * Q2 July–September, Q3 October–December, Q4 January–March), the first half reported together
 * (Q1 and Q2, April–September), and the year-end review of the whole year.
 */
export type { PeriodKind };
export type Quarter = 1 | 2 | 3 | 4;

export interface PeriodSpec {
  planYear: number;
  kind: PeriodKind;
  quarter?: Quarter | null;
}

const quarterMonths: Record<Quarter, { start: [number, number]; end: [number, number] }> = {
  1: { start: [4, 1], end: [6, 30] },
  2: { start: [7, 1], end: [9, 30] },
  3: { start: [10, 1], end: [12, 31] },
  4: { start: [1, 1], end: [3, 31] },
};

function isoDate(year: number, [month, day]: [number, number]): string {
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function quarterOf(spec: PeriodSpec): Quarter {
  if (spec.kind !== "quarter" || !spec.quarter) throw new Error("a quarterly period needs its quarter");
  return spec.quarter;
}

/** The first and last days of a period, as ISO dates. Q4 falls in the next calendar year. */
export function periodDates(spec: PeriodSpec): { startsOn: string; endsOn: string } {
  if (spec.kind === "half-year") return { startsOn: isoDate(spec.planYear, [4, 1]), endsOn: isoDate(spec.planYear, [9, 30]) };
  if (spec.kind === "year-end") return { startsOn: isoDate(spec.planYear, [4, 1]), endsOn: isoDate(spec.planYear + 1, [3, 31]) };
  const quarter = quarterOf(spec);
  const year = quarter === 4 ? spec.planYear + 1 : spec.planYear;
  return { startsOn: isoDate(year, quarterMonths[quarter].start), endsOn: isoDate(year, quarterMonths[quarter].end) };
}

/** "Q3 2024/25", "Q1 and Q2 2025/26", "Year-end review 2024/25". */
export function periodLabel(spec: PeriodSpec): string {
  const year = planYearLabel(spec.planYear);
  if (spec.kind === "half-year") return `Q1 and Q2 ${year}`;
  if (spec.kind === "year-end") return `Year-end review ${year}`;
  return `Q${quarterOf(spec)} ${year}`;
}

/** The heading of a report's progress column: "Progress in Q1 and Q2", "Progress in Q3", "Progress in the year". */
export function progressHeading(spec: PeriodSpec): string {
  if (spec.kind === "half-year") return "Progress in Q1 and Q2";
  if (spec.kind === "year-end") return "Progress in the year";
  return `Progress in Q${quarterOf(spec)}`;
}

/** Order for lists: by plan year, then by when the period ends; a year-end review after Q4. */
export function periodSortKey(spec: PeriodSpec): string {
  const rank = spec.kind === "year-end" ? 90 : spec.kind === "half-year" ? 25 : quarterOf(spec) * 10;
  return `${spec.planYear}-${String(rank).padStart(2, "0")}`;
}
