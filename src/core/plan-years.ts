/**
 * Plan years are UK financial years, 1 April to 31 March, written "2025/26".
 * A plan year is held as the calendar year in which it starts (2025 for 2025/26).
 */

const LABEL = /^(\d{4})\/(\d{2})$/;

export function planYearLabel(startYear: number): string {
  const end = (startYear + 1) % 100;
  return `${startYear}/${String(end).padStart(2, "0")}`;
}

/** Reads "2025/26" as 2025; returns null for anything that is not a well-formed plan year. */
export function parsePlanYear(label: string): number | null {
  const match = LABEL.exec(label.trim());
  if (!match) return null;
  const start = Number(match[1]);
  const end = Number(match[2]);
  return (start + 1) % 100 === end ? start : null;
}

/** The plan years of a plan that starts in `firstYear` and runs for `years` years. */
export function planYearsOf(firstYear: number, years: number): number[] {
  return Array.from({ length: years }, (_, i) => firstYear + i);
}

/** "2024–27": how a plan's span is written on its cover. */
export function planPeriodLabel(firstYear: number, years: number): string {
  const end = (firstYear + years) % 100;
  return `${firstYear}–${String(end).padStart(2, "0")}`;
}

/** The first day of a plan year, as an ISO date: 1 April 2025 for 2025/26. */
export function planYearStartDate(startYear: number): string {
  return `${String(startYear)}-04-01`;
}

/** The plan year a date falls in: 1 April starts a new year. */
export function planYearOfDate(isoDate: string): number {
  const [year, month] = isoDate.split("-").map(Number) as [number, number];
  return month >= 4 ? year : year - 1;
}
