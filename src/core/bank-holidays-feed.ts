import { z } from "zod";
import { frozenTable, yearsInWords, type BankHoliday, type BankHolidayTable } from "./bank-holidays.ts";
import { FileProblemsError, UnreadableFileError } from "./file-problems.ts";
import { UserError } from "./problems.ts";
import { dayNumberOf } from "./working-days.ts";

/**
 * A copy of the GOV.UK bank holidays feed (https://www.gov.uk/bank-holidays.json), loaded by an
 * administrator when the shipped table runs out: servers cannot be relied on to fetch it. Only
 * the England and Wales division is read; Scotland's and Northern Ireland's are ignored.
 *
 * Which years a copy covers: the feed lists each year's bank holidays from January to December,
 * so a year counts as covered when the copy has its first holiday, New Year's Day or its
 * substitute (1 to 3 January), and its last, Christmas or Boxing Day or their substitutes (25 to
 * 28 December). A year listed only in part (the first year of a copy that starts in the spring,
 * the last of one that stops before Christmas) is left out, with its holidays, and named in
 * `partYears` so the person loading it can be told.
 */

const DIVISION = "england-and-wales";

/** Where a copy of the feed comes from, unless the person loading it says more. */
export const feedSource = `GOV.UK bank holidays feed (https://www.gov.uk/bank-holidays.json, ${DIVISION})`;

/** Zod's message for a value of the wrong kind, saying when it is missing altogether. */
const expected = (what: string) => (issue: { input?: unknown }) => (issue.input === undefined ? `missing: expected ${what}` : `expected ${what}`);

const eventSchema = z.object(
  {
    title: z.string({ error: expected("the bank holiday's name") }).trim().min(1, { error: "expected the bank holiday's name" }),
    date: z.string({ error: expected("a date as YYYY-MM-DD") }).refine((date) => dayNumberOf(date) !== null, { error: "expected a date as YYYY-MM-DD" }),
    notes: z.string({ error: expected("text") }).optional(),
  },
  { error: expected("a bank holiday with a title and a date") },
);

const feedSchema = z.object(
  {
    [DIVISION]: z.object(
      {
        division: z.literal(DIVISION, { error: expected(`"${DIVISION}"`) }),
        events: z.array(eventSchema, { error: expected("a list of bank holidays") }),
      },
      { error: expected("the England and Wales bank holidays") },
    ),
  },
  { error: expected("the GOV.UK bank holidays feed: an object with a division for each country") },
);

/** A place in the feed as a person reading the JSON finds it: `england-and-wales.events[3].date`. */
function pathOf(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "(the whole feed)";
  return path.map((key, i) => (typeof key === "number" ? `[${key}]` : i === 0 ? String(key) : `.${String(key)}`)).join("");
}

/** A year's first and last bank holidays fall on these days, whichever day of the week Christmas and New Year take. */
const startsYear = (monthDay: string) => monthDay >= "01-01" && monthDay <= "01-03";
const endsYear = (monthDay: string) => monthDay >= "12-25" && monthDay <= "12-28";

/** What a copy of the feed gives: its England and Wales bank holidays for the whole years it covers, and the years left out as listed only in part. */
export interface LoadedBankHolidays {
  table: BankHolidayTable;
  partYears: number[];
}

/**
 * Reads a copy of the GOV.UK feed, given as the text of its JSON, for England and Wales. Fails
 * with every problem found, each naming where it is (`england-and-wales.events[3].date: expected
 * a date as YYYY-MM-DD`), when the copy cannot be used: a field missing or of the wrong kind, a
 * day listed twice, no whole year, or a whole year missing between two others. `source` says
 * where this copy came from, for the provenance of every figure counted with it.
 */
export function readBankHolidaysFeed(text: string, source = feedSource): LoadedBankHolidays {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UnreadableFileError("This file is not JSON, so it is not a copy of the GOV.UK bank holidays feed (https://www.gov.uk/bank-holidays.json)");
  }
  const parsed = feedSchema.safeParse(json);
  if (!parsed.success) throw new FileProblemsError("bank holidays loaded", parsed.error.issues.map((issue) => `${pathOf(issue.path)}: ${issue.message}`));

  const problems: string[] = [];
  const firstListed = new Map<string, number>();
  const holidays: BankHoliday[] = [];
  parsed.data[DIVISION].events.forEach((event, i) => {
    const earlier = firstListed.get(event.date);
    if (earlier !== undefined) {
      problems.push(`${pathOf([DIVISION, "events", i, "date"])}: ${event.date} is listed twice (also at events[${earlier}])`);
      return;
    }
    firstListed.set(event.date, i);
    const isSubstitute = /substitute/i.test(event.notes ?? "") && !/substitute/i.test(event.title);
    holidays.push({ date: event.date, title: isSubstitute ? `${event.title} (substitute day)` : event.title });
  });

  const listedYears = [...new Set(holidays.map((holiday) => Number(holiday.date.slice(0, 4))))].sort((a, b) => a - b);
  const isWhole = (year: number) => {
    const monthDays = holidays.filter((holiday) => holiday.date.startsWith(`${year}-`)).map((holiday) => holiday.date.slice(5));
    return monthDays.some(startsYear) && monthDays.some(endsYear);
  };
  const wholeYears = listedYears.filter(isWhole);
  const first = wholeYears[0];
  const last = wholeYears.at(-1);
  const where = pathOf([DIVISION, "events"]);
  if (first === undefined || last === undefined) {
    problems.push(`${where}: no whole year of bank holidays (a year needs its New Year's Day and Christmas, or their substitutes)`);
  } else {
    for (let year = first + 1; year < last; year += 1) {
      if (!wholeYears.includes(year)) problems.push(`${where}: there is no whole year of bank holidays for ${year}, between ${first} and ${last}`);
    }
  }
  if (problems.length > 0 || first === undefined || last === undefined) throw new FileProblemsError("bank holidays loaded", problems);

  const inYears = (holiday: BankHoliday) => wholeYears.includes(Number(holiday.date.slice(0, 4)));
  return {
    table: frozenTable({ source, years: { first, last }, holidays: holidays.filter(inYears).sort((a, b) => a.date.localeCompare(b.date)) }),
    partYears: listedYears.filter((year) => !isWhole(year)),
  };
}

/**
 * The shipped table with a loaded copy laid over it: for each year the copy covers, its dates
 * replace the shipped ones (a day moved or added by proclamation after release is then right);
 * the shipped years it does not cover are kept, and years beyond them are added. The years must
 * join up: a copy that would leave a year with no bank holidays between the two is refused.
 */
export function mergeHolidays(shipped: BankHolidayTable, loaded: BankHolidayTable): BankHolidayTable {
  if (loaded.years.first > shipped.years.last + 1 || loaded.years.last < shipped.years.first - 1) {
    const [before, after] = loaded.years.first > shipped.years.last ? [shipped.years.last, loaded.years.first] : [loaded.years.last, shipped.years.first];
    const missing = yearsInWords({ first: before + 1, last: after - 1 });
    throw new UserError(
      "invalid",
      `The bank holidays loaded cover ${yearsInWords(loaded.years)} and the calendar covers ${yearsInWords(shipped.years)}, ` +
        `so ${missing} would have no bank holidays. Load a copy of the feed that covers ${missing} as well.`,
    );
  }
  const years = { first: Math.min(shipped.years.first, loaded.years.first), last: Math.max(shipped.years.last, loaded.years.last) };
  const replaced = (holiday: BankHoliday) => {
    const year = Number(holiday.date.slice(0, 4));
    return year >= loaded.years.first && year <= loaded.years.last;
  };
  const kept = shipped.holidays.filter((holiday) => !replaced(holiday));
  const shippedStillUsed = kept.length > 0;
  return frozenTable({
    source: shippedStillUsed ? `${loaded.source} for ${yearsInWords(loaded.years)}; for the other years, ${shipped.source}` : loaded.source,
    years,
    holidays: [...kept, ...loaded.holidays].sort((a, b) => a.date.localeCompare(b.date)),
  });
}
