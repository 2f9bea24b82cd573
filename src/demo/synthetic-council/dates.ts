import { dayNumberOf, englandAndWalesCalendar } from "../../core/working-days.ts";

/**
 * Dates for the synthetic council: ISO dates ("2024-05-10") as the store keeps them, moved by
 * days, months and working days (England and Wales, as every timescale here is counted).
 */

const DAY = 86_400_000;

/** The first day the records cover: the start of the 2023/24 reporting year. */
export const firstDay = "2023-04-01";
/** The day the records were "taken from the case system": nothing later is recorded. */
export const extractDate = "2026-11-30";
/** The months covered, April 2023 (0) to November 2026 (43). */
export const monthsCovered = 44;

/** Days since 1 January 1970 of an ISO date the generator made (so always a real date). */
export function dayOf(date: string): number {
  const day = dayNumberOf(date);
  if (day === null) throw new RangeError(`"${date}" is not an ISO date`);
  return day;
}

/** The ISO date of a day number. */
export function dateOf(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return dateOf(dayOf(date) + days);
}

/** Days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return dayOf(to) - dayOf(from);
}

/** MEASURES' `add_months`: the same day n months on, or that month's last day when it is shorter. */
export function addMonths(date: string, months: number): string {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  const lastDay = new Date(Date.UTC(year, month - 1 + months + 1, 0)).getUTCDate();
  return dateOf(Date.UTC(year, month - 1 + months, Math.min(day, lastDay)) / DAY);
}

/** The first day of a covered month, by its index from April 2023. */
export function monthStart(month: number): string {
  return dateOf(Date.UTC(2023, 3 + month, 1) / DAY);
}

/** A covered month's index from April 2023 (negative before it). */
export function monthIndexOf(date: string): number {
  const [year, month] = date.split("-").map(Number) as [number, number];
  return (year - 2023) * 12 + (month - 4);
}

/** The calendar month (1 to 12) of a covered month's index. */
export function calendarMonthOf(month: number): number {
  return ((month + 3) % 12) + 1;
}

/** The nth working day after a date (0: the date itself). */
export function workingDayDue(date: string, n: number): string {
  return englandAndWalesCalendar.workingDayDue(date, n);
}

/** The same date on a working day: itself, or the next one when it falls at a weekend or on a bank holiday. */
export function onWorkingDay(date: string): string {
  return englandAndWalesCalendar.isWorkingDay(date) ? date : workingDayDue(date, 1);
}

/** The date of a birthday: `years` after the date of birth (29 February falls on 28 February). */
export function birthday(dob: string, years: number): string {
  return addMonths(dob, years * 12);
}

/** The date if the records could hold it (on or before the extract date), else null: not happened yet. */
export function recorded(date: string | null): string | null {
  return date !== null && date <= extractDate ? date : null;
}
