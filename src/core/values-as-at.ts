import { formatDate } from "./format.ts";
import { monthNumber, valuePeriodLabel, type Frequency } from "./value-periods.ts";

/**
 * What a report "as at" a date may show of a measure's values. A report for a reporting period is
 * as at the period's last day (30 September 2025 for Q1 and Q2 2025/26); a board pack is as at the
 * day it is written. Either shows only the values for periods that end on or before that day, so
 * a value entered since for a later month never appears in a paper about an earlier period.
 *
 * The latest value a report shows is out of date when it is older than the measure's frequency
 * leads a reader to expect. Age is counted in calendar months, from the month the value's period
 * ends in to the month of the as-at date, and a value is out of date when that is more than:
 * - 2 months for a monthly measure (a report as at September may show July, not June);
 * - 6 months, two quarters, for a quarterly one (as at Q2, Q4 of the year before is the oldest);
 * - 24 months, two years, for an annual or academic-year one (published statistics come out a
 *   year or so after the year they are for, so the year before last is still current).
 */
export const monthsUntilOutOfDate: Record<Frequency, number> = { monthly: 2, quarterly: 6, annual: 24, "academic-year": 24 };

/** The rule above in words, for a report's readers. */
export const outOfDateRuleInWords =
  "A measure is marked out of date when its latest value is more than two months old for a monthly measure, more than two quarters old for a quarterly one, or more than two years old for an annual one.";

/** The values a report as at `asAt` may show: those for periods ending on or before it, in the order given. */
export function valuesAsAt<T extends { periodEnd: string }>(values: readonly T[], asAt: string): T[] {
  return values.filter((v) => v.periodEnd <= asAt);
}

/** Whether a measure's latest value, for the period ending `latestPeriodEnd`, is out of date as at `asAt`. */
export function isOutOfDate(frequency: Frequency, latestPeriodEnd: string, asAt: string): boolean {
  return monthNumber(asAt) - monthNumber(latestPeriodEnd) > monthsUntilOutOfDate[frequency];
}

/**
 * What a report says of a measure whose latest value is out of date, "Latest value: December 2024;
 * nothing newer by 30 September 2025.", or null when it is not out of date.
 */
export function outOfDateNote(frequency: Frequency, latestPeriodEnd: string, asAt: string): string | null {
  if (!isOutOfDate(frequency, latestPeriodEnd, asAt)) return null;
  return `Latest value: ${valuePeriodLabel(frequency, latestPeriodEnd)}; nothing newer by ${formatDate(asAt)}.`;
}

const londonDay = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" });

/** The day an instant falls on in England, as an ISO date: the date of a board pack written then. */
export function londonDateOf(instant: Date): string {
  const parts = Object.fromEntries(londonDay.formatToParts(instant).map((p) => [p.type, p.value]));
  return `${parts.year ?? ""}-${parts.month ?? ""}-${parts.day ?? ""}`;
}
