import { monthNumber, monthsPerPeriod, valuePeriodLabel, type Frequency } from "./value-periods.ts";

/**
 * Which of a measure's values are due and not yet entered, on a day.
 *
 * A value is due once its period has ended: a monthly measure's September value from 1 October,
 * a quarterly one's Q2 value (July to September) from 1 October, a financial year's from
 * 1 April, an academic year's from 1 September. So a measure owes values when its latest one is
 * for a period that ended more than one period ago: a monthly measure whose latest value is for
 * a month that ended more than a month ago owes the month after it, and every month since that
 * has ended. Periods are whole calendar months, so month ends, leap years and year ends need no
 * rule of their own.
 *
 * The periods owed are counted on from the latest value's own period end, one period at a time,
 * so a series kept on odd month ends (a quarter to 31 January) is followed as it is kept. A
 * measure with no value at all owes the latest period of its kind to have ended: the last month,
 * the last financial quarter (to 30 June, 30 September, 31 December or 31 March), the last
 * financial year (to 31 March) or the last academic year (to 31 August).
 */
export interface ValuesDue {
  /** The last days of the periods owed, oldest first; empty when nothing is due. */
  periodEnds: string[];
  /** The day the oldest of them fell due (the day after its period ended), or null. */
  dueSince: string | null;
  /** Whether the measure has no value at all. */
  noValues: boolean;
}

/** The months, counted from January (1), in which each frequency's periods end when no value says otherwise. */
const endMonths: Record<Frequency, readonly number[]> = {
  monthly: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
  quarterly: [3, 6, 9, 12],
  annual: [3],
  "academic-year": [8],
};

const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const daysIn = (year: number, month: number) => (month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31);
const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** A month counted from the year 0 (see `monthNumber`) as its year and month (1–12). */
function yearAndMonth(n: number): [number, number] {
  return [Math.floor(n / 12), (n % 12) + 1];
}

/** The last day of a month counted from the year 0, as an ISO date. */
export function lastDayOfMonth(n: number): string {
  const [year, month] = yearAndMonth(n);
  return `${pad(year, 4)}-${pad(month)}-${pad(daysIn(year, month))}`;
}

/** The first day of a month counted from the year 0, as an ISO date. */
function firstDayOfMonth(n: number): string {
  const [year, month] = yearAndMonth(n);
  return `${pad(year, 4)}-${pad(month)}-01`;
}

/**
 * The values a measure of this frequency owes on `today` (an ISO date), given the period end of
 * its latest value (null when it has none). A period ending on `today` has not ended yet.
 */
export function valuesDue(frequency: Frequency, latestPeriodEnd: string | null, today: string): ValuesDue {
  const todayMonth = monthNumber(today);
  // A period has ended once a day of a later month has come: periods end on their month's last day.
  const ended = (month: number) => month < todayMonth;
  const owed: number[] = [];
  if (latestPeriodEnd === null) {
    let month = todayMonth - 1;
    while (!endMonths[frequency].includes(yearAndMonth(month)[1])) month -= 1;
    owed.push(month);
  } else {
    for (let month = monthNumber(latestPeriodEnd) + monthsPerPeriod[frequency]; ended(month); month += monthsPerPeriod[frequency]) owed.push(month);
  }
  const first = owed[0];
  return {
    periodEnds: owed.map(lastDayOfMonth),
    dueSince: first === undefined ? null : firstDayOfMonth(first + 1),
    noValues: latestPeriodEnd === null,
  };
}

/**
 * The values owed in words: "September 2025", or "September 2025 to November 2025 (3 values)";
 * an empty string when none is.
 */
export function valuesDueInWords(frequency: Frequency, due: Pick<ValuesDue, "periodEnds">): string {
  const first = due.periodEnds[0];
  const last = due.periodEnds.at(-1);
  if (first === undefined || last === undefined) return "";
  if (first === last) return valuePeriodLabel(frequency, first);
  return `${valuePeriodLabel(frequency, first)} to ${valuePeriodLabel(frequency, last)} (${due.periodEnds.length} values)`;
}
