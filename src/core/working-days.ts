import { englandAndWalesBankHolidays, yearsInWords, type BankHolidayTable } from "./bank-holidays.ts";
import { formatDate } from "./format.ts";
import { dayNumberOf, isoDateOf } from "./day-numbers.ts";
import { UserError } from "./problems.ts";

export { dayNumberOf };

/**
 * Working days as children's social care counts them (MEASURES.md §3): Monday to Friday, bank
 * holidays excepted. "Within 45 working days of the start" counts the working days after the start
 * up to and including the end: the start itself is day 0, the next working day is day 1 (even
 * when the start is a Saturday), and an end on the start's own day is 0 working days.
 *
 * Dates are ISO dates ("2025-01-06"), read as calendar days with no time of day or time zone. A
 * calendar knows only the years its bank holidays are listed for: any date outside them fails
 * with a `CalendarCoverageError` rather than being counted as if it had no bank holidays.
 *
 * The counts run over millions of records, so the calendar works each one out in constant time
 * from tables built once: for every day it covers, how many working days came before it.
 */

const DAY = 86_400_000;

/** 1 January 1970 was a Thursday: day numbers 2 and 3 (mod 7) are Saturdays and Sundays. */
const isWeekend = (dayNumber: number) => {
  const weekday = (((dayNumber + 4) % 7) + 7) % 7;
  return weekday === 0 || weekday === 6;
};

/** A date the calendar has no bank holidays for, or a count of working days that runs past its last day. */
export class CalendarCoverageError extends UserError {
  constructor(message: string) {
    super("invalid", message);
    this.name = "CalendarCoverageError";
  }
}

/** Working days counted against one list of bank holidays. */
export class WorkingDayCalendar {
  /** The first and last days the calendar covers: 1 January of its first year, 31 December of its last. */
  readonly firstDate: string;
  readonly lastDate: string;

  readonly #table: BankHolidayTable;
  /** Each covered day's position, counted from `firstDate`. */
  readonly #positionOf = new Map<string, number>();
  /** Each position's ISO date. */
  readonly #dates: string[] = [];
  /** How many working days come before each position: entry i counts positions 0 to i − 1, so there is one more entry than days. */
  readonly #workingBefore: Int32Array;
  /** The positions of the working days, in order. */
  readonly #workingDays: Int32Array;

  constructor(table: BankHolidayTable) {
    const { first, last } = table.years;
    if (!Number.isInteger(first) || !Number.isInteger(last) || first > last) {
      throw new UserError("invalid", `A bank holiday table must cover whole years, first to last; this one says ${first} to ${last}`);
    }
    this.#table = table;
    const firstDay = Date.UTC(first, 0, 1) / DAY;
    const lastDay = Date.UTC(last, 11, 31) / DAY;

    const holidays = new Set<number>();
    for (const holiday of table.holidays) {
      const day = dayNumberOf(holiday.date);
      if (day === null) throw new UserError("invalid", `The bank holiday "${holiday.title}" has the date "${holiday.date}", which is not a date written YYYY-MM-DD`);
      if (day < firstDay || day > lastDay) {
        throw new UserError("invalid", `The bank holiday on ${formatDate(holiday.date)} is outside the years its table covers (${yearsInWords(table.years)})`);
      }
      holidays.add(day);
    }

    const span = lastDay - firstDay + 1;
    this.#workingBefore = new Int32Array(span + 1);
    const working: number[] = [];
    for (let position = 0; position < span; position += 1) {
      const day = firstDay + position;
      const date = isoDateOf(day);
      this.#dates.push(date);
      this.#positionOf.set(date, position);
      const isWorking = !isWeekend(day) && !holidays.has(day);
      if (isWorking) working.push(position);
      this.#workingBefore[position + 1] = working.length;
    }
    this.#workingDays = Int32Array.from(working);
    this.firstDate = this.#dates[0] ?? "";
    this.lastDate = this.#dates[span - 1] ?? "";
  }

  /** The table the calendar was built from: its source, years and holidays. */
  get table(): BankHolidayTable {
    return this.#table;
  }

  /** The years covered, as people write them: "2010 to 2027". */
  get coverage(): string {
    return yearsInWords(this.#table.years);
  }

  /** Every day covered, in order, with whether it is a working day and how many working days there are up to and including it. */
  *days(): Generator<{ date: string; working: boolean; workingUpTo: number }> {
    for (const [position, date] of this.#dates.entries()) {
      const workingUpTo = this.#working(position + 1);
      yield { date, working: workingUpTo - this.#working(position) === 1, workingUpTo };
    }
  }

  /** Whether a day is a working day: a weekday that is not a bank holiday. */
  isWorkingDay(date: string): boolean {
    const position = this.#position(date);
    return this.#working(position + 1) - this.#working(position) === 1;
  }

  /**
   * MEASURES' `wd_elapsed(start, end)`: how many working days fall after `start` up to and
   * including `end`. The start's own day never counts, so the same day gives 0 and a start at the
   * weekend reaches 1 on the Monday. An end before the start gives the count the other way,
   * negative (minus the working days after `end` up to and including `start`), so that a record
   * whose dates are the wrong way round shows as such rather than stopping a whole run.
   */
  workingDaysElapsed(start: string, end: string): number {
    return this.#working(this.#position(end) + 1) - this.#working(this.#position(start) + 1);
  }

  /**
   * MEASURES' `wd_due(start, n)`: the nth working day after `start` (the day a "within n working
   * days" standard is last met on). With n = 0 it is `start` itself.
   */
  workingDayDue(start: string, n: number): string {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`A number of working days must be a whole number, 0 or more; got ${n}`);
    if (n === 0) return this.#dates[this.#position(start)] ?? start;
    const index = this.#working(this.#position(start) + 1) + n - 1;
    const position = this.#workingDays[index];
    if (position === undefined) {
      throw new CalendarCoverageError(
        `${n} working days after ${formatDate(start)} falls after ${formatDate(this.lastDate)}, where the working-days calendar ends ` +
          `(it covers ${this.coverage}). Load a newer copy of the GOV.UK bank holidays feed.`,
      );
    }
    return this.#dates[position] ?? "";
  }

  /**
   * Whether `end` is on or after `start` and no more than n working days after it, counted as
   * `workingDaysElapsed` counts (the way DfE counts assessments within 45 working days). So an
   * end on the weekend or bank holiday straight after the due day is within: it adds no working
   * day. A measure that compares an event with `workingDayDue` instead treats that day as late.
   */
  withinWorkingDays(start: string, end: string, n: number): boolean {
    const from = this.#position(start);
    const to = this.#position(end);
    return to >= from && this.#working(to + 1) - this.#working(from + 1) <= n;
  }

  /**
   * The warning to show from six months before the calendar's last day (and after it), so an
   * administrator loads a newer copy of the bank holidays in time; null when no warning is due.
   * `today` is an ISO date, and need not be one the calendar covers.
   */
  coverageWarning(today: string): string | null {
    const day = dayNumberOf(today);
    if (day === null) throw new UserError("invalid", `"${today}" is not a date written YYYY-MM-DD`);
    const last = formatDate(this.lastDate);
    if (today > this.lastDate) {
      return `The working-days calendar ended on ${last}. Figures counted in working days cannot be worked out for later dates until a newer copy of the GOV.UK bank holidays feed is loaded.`;
    }
    if (this.lastDate > sixMonthsAfter(today)) return null;
    return `The working-days calendar ends on ${last}. Load a newer copy of the GOV.UK bank holidays feed before then, or figures counted in working days cannot be worked out for later dates.`;
  }

  /**
   * The calendar written out the same way every time, for its fingerprint in a figure's
   * provenance: the years covered, then each bank holiday's date, one a line. Names are left
   * out, so two copies that differ only in how a holiday is worded (the working days they give
   * being the same) share a fingerprint.
   */
  canonicalText(): string {
    const { first, last } = this.#table.years;
    const dates = [...new Set(this.#table.holidays.map((holiday) => holiday.date))].sort();
    return [`England and Wales bank holidays ${first} to ${last}`, ...dates].join("\n") + "\n";
  }

  /** Working days before a position, from the table. */
  #working(position: number): number {
    return this.#workingBefore[position] ?? 0;
  }

  /** A date's position in the calendar; fails naming the date when it is not a date or not covered. */
  #position(date: string): number {
    const position = this.#positionOf.get(date);
    if (position !== undefined) return position;
    if (dayNumberOf(date) === null) throw new UserError("invalid", `"${date}" is not a date written YYYY-MM-DD`);
    const hint = date < this.firstDate ? `Bank holidays before ${this.#table.years.first} need adding to the calendar.` : "Load a newer copy of the GOV.UK bank holidays feed.";
    throw new CalendarCoverageError(`${formatDate(date)} is outside the working-days calendar, which covers ${this.coverage}. ${hint}`);
  }
}

/** `add_months(today, 6)`: the same day six months on, or that month's last day when it is shorter. */
function sixMonthsAfter(today: string): string {
  const [year, month, day] = today.split("-").map(Number) as [number, number, number];
  const lastDayOfMonth = new Date(Date.UTC(year, month + 6, 0)).getUTCDate();
  return isoDateOf(Date.UTC(year, month + 5, Math.min(day, lastDayOfMonth)) / DAY);
}

/** The calendar of the shipped England and Wales bank holidays, 2010 to 2027. */
export const englandAndWalesCalendar = new WorkingDayCalendar(englandAndWalesBankHolidays);
