import type { Frequency } from "./measure-kinds.ts";
import { planYearLabel, planYearOfDate } from "./plan-years.ts";

export type { Frequency };

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** The months from one value's period to the next when none is missing: 1, 3 or 12. */
export const monthsPerPeriod: Record<Frequency, number> = { monthly: 1, quarterly: 3, annual: 12, "academic-year": 12 };

/** A date's month counted from the year 0, so the months between two dates is a subtraction. */
export function monthNumber(isoDate: string): number {
  const [year, month] = isoDate.split("-").map(Number) as [number, number];
  return year * 12 + month - 1;
}

/**
 * Whether values for periods ending `earlier` and `later` leave periods out between them: a
 * monthly measure with values for January and April has no value for February or March.
 */
export function periodsMissingBetween(frequency: Frequency, earlier: string, later: string): boolean {
  return monthNumber(later) - monthNumber(earlier) > monthsPerPeriod[frequency];
}

/**
 * How a value's period is written, from the last day of the period and the measure's frequency:
 * "December 2024", "Q3 2024/25" (financial quarters), "2024/25" (financial year, April–March),
 * "2024/25 academic year" (September–August).
 */
export function valuePeriodLabel(frequency: Frequency, periodEnd: string): string {
  const [year, month] = periodEnd.split("-").map(Number) as [number, number];
  switch (frequency) {
    case "monthly":
      return `${MONTHS[month - 1]} ${year}`;
    case "quarterly": {
      const quarter = month >= 4 ? Math.ceil((month - 3) / 3) : 4;
      return `Q${quarter} ${planYearLabel(planYearOfDate(periodEnd))}`;
    }
    case "annual":
      return planYearLabel(planYearOfDate(periodEnd));
    case "academic-year":
      return `${planYearLabel(month >= 9 ? year : year - 1)} academic year`;
  }
}

/**
 * A value's period as short as a chart's axis can hold it: "Dec 2024", "Q3 2024/25", "2024/25"
 * (an academic year's axis is labelled once, under the axis, so its ticks drop the words).
 */
export function shortPeriodLabel(frequency: Frequency, periodEnd: string): string {
  if (frequency === "monthly") {
    const [year, month] = periodEnd.split("-").map(Number) as [number, number];
    return `${(MONTHS[month - 1] ?? "").slice(0, 3)} ${year}`;
  }
  return valuePeriodLabel(frequency, periodEnd).replace(/ academic year$/, "");
}
