/**
 * England and Wales bank holidays, kept as data so that counts of working days can be checked
 * against the list they were made with. The shipped table covers 2010 to 2027; a council loads a
 * newer copy of the GOV.UK feed when it needs later years (see bank-holidays-feed.ts).
 */

/** One bank holiday: the day it falls on (YYYY-MM-DD) and its name, with "(substitute day)" when it stands in for a weekend. */
export interface BankHoliday {
  readonly date: string;
  readonly title: string;
}

/**
 * A list of bank holidays and the calendar years it is complete for. Every year from `years.first`
 * to `years.last` has all its bank holidays listed; nothing is known of the years either side.
 */
export interface BankHolidayTable {
  /** Where the dates come from, in words a reader of a figure's provenance can follow up. */
  readonly source: string;
  readonly years: { readonly first: number; readonly last: number };
  /** In date order, one entry per day. */
  readonly holidays: readonly BankHoliday[];
}

/** A table's years as people write them: "2010 to 2027", or "2030" for one. */
export const yearsInWords = ({ first, last }: BankHolidayTable["years"]): string => (first === last ? String(first) : `${first} to ${last}`);

const NEW_YEAR = "New Year's Day";
const GOOD_FRIDAY = "Good Friday";
const EASTER_MONDAY = "Easter Monday";
const EARLY_MAY = "Early May bank holiday";
const SPRING = "Spring bank holiday";
const SUMMER = "Summer bank holiday";
const CHRISTMAS = "Christmas Day";
const BOXING = "Boxing Day";

/** A weekday off in place of a holiday that fell at a weekend (Christmas on a Saturday gives Monday 27 December). */
const substitute = (title: string) => `${title} (substitute day)`;

/** Each year's holidays as month-day and name, in date order. */
const holidaysByYear: Record<number, [string, string][]> = {
  2010: [["01-01", NEW_YEAR], ["04-02", GOOD_FRIDAY], ["04-05", EASTER_MONDAY], ["05-03", EARLY_MAY], ["05-31", SPRING], ["08-30", SUMMER], ["12-27", substitute(CHRISTMAS)], ["12-28", substitute(BOXING)]],
  2011: [["01-03", substitute(NEW_YEAR)], ["04-22", GOOD_FRIDAY], ["04-25", EASTER_MONDAY], ["04-29", "Royal wedding"], ["05-02", EARLY_MAY], ["05-30", SPRING], ["08-29", SUMMER], ["12-26", BOXING], ["12-27", substitute(CHRISTMAS)]],
  2012: [["01-02", substitute(NEW_YEAR)], ["04-06", GOOD_FRIDAY], ["04-09", EASTER_MONDAY], ["05-07", EARLY_MAY], ["06-04", SPRING], ["06-05", "Queen's Diamond Jubilee"], ["08-27", SUMMER], ["12-25", CHRISTMAS], ["12-26", BOXING]],
  2013: [["01-01", NEW_YEAR], ["03-29", GOOD_FRIDAY], ["04-01", EASTER_MONDAY], ["05-06", EARLY_MAY], ["05-27", SPRING], ["08-26", SUMMER], ["12-25", CHRISTMAS], ["12-26", BOXING]],
  2014: [["01-01", NEW_YEAR], ["04-18", GOOD_FRIDAY], ["04-21", EASTER_MONDAY], ["05-05", EARLY_MAY], ["05-26", SPRING], ["08-25", SUMMER], ["12-25", CHRISTMAS], ["12-26", BOXING]],
  2015: [["01-01", NEW_YEAR], ["04-03", GOOD_FRIDAY], ["04-06", EASTER_MONDAY], ["05-04", EARLY_MAY], ["05-25", SPRING], ["08-31", SUMMER], ["12-25", CHRISTMAS], ["12-28", substitute(BOXING)]],
  2016: [["01-01", NEW_YEAR], ["03-25", GOOD_FRIDAY], ["03-28", EASTER_MONDAY], ["05-02", EARLY_MAY], ["05-30", SPRING], ["08-29", SUMMER], ["12-26", BOXING], ["12-27", substitute(CHRISTMAS)]],
  2017: [["01-02", substitute(NEW_YEAR)], ["04-14", GOOD_FRIDAY], ["04-17", EASTER_MONDAY], ["05-01", EARLY_MAY], ["05-29", SPRING], ["08-28", SUMMER], ["12-25", CHRISTMAS], ["12-26", BOXING]],
  2018: [["01-01", NEW_YEAR], ["03-30", GOOD_FRIDAY], ["04-02", EASTER_MONDAY], ["05-07", EARLY_MAY], ["05-28", SPRING], ["08-27", SUMMER], ["12-25", CHRISTMAS], ["12-26", BOXING]],
  2019: [["01-01", NEW_YEAR], ["04-19", GOOD_FRIDAY], ["04-22", EASTER_MONDAY], ["05-06", EARLY_MAY], ["05-27", SPRING], ["08-26", SUMMER], ["12-25", CHRISTMAS], ["12-26", BOXING]],
  2020: [["01-01", NEW_YEAR], ["04-10", GOOD_FRIDAY], ["04-13", EASTER_MONDAY], ["05-08", "Early May bank holiday (VE day)"], ["05-25", SPRING], ["08-31", SUMMER], ["12-25", CHRISTMAS], ["12-28", substitute(BOXING)]],
  2021: [["01-01", NEW_YEAR], ["04-02", GOOD_FRIDAY], ["04-05", EASTER_MONDAY], ["05-03", EARLY_MAY], ["05-31", SPRING], ["08-30", SUMMER], ["12-27", substitute(CHRISTMAS)], ["12-28", substitute(BOXING)]],
  2022: [
    ["01-03", substitute(NEW_YEAR)], ["04-15", GOOD_FRIDAY], ["04-18", EASTER_MONDAY], ["05-02", EARLY_MAY], ["06-02", SPRING], ["06-03", "Platinum Jubilee bank holiday"],
    ["08-29", SUMMER], ["09-19", "Bank holiday for the State Funeral of Queen Elizabeth II"], ["12-26", BOXING], ["12-27", substitute(CHRISTMAS)],
  ],
  2023: [
    ["01-02", substitute(NEW_YEAR)], ["04-07", GOOD_FRIDAY], ["04-10", EASTER_MONDAY], ["05-01", EARLY_MAY], ["05-08", "Bank holiday for the coronation of King Charles III"],
    ["05-29", SPRING], ["08-28", SUMMER], ["12-25", CHRISTMAS], ["12-26", BOXING],
  ],
  2024: [["01-01", NEW_YEAR], ["03-29", GOOD_FRIDAY], ["04-01", EASTER_MONDAY], ["05-06", EARLY_MAY], ["05-27", SPRING], ["08-26", SUMMER], ["12-25", CHRISTMAS], ["12-26", BOXING]],
  2025: [["01-01", NEW_YEAR], ["04-18", GOOD_FRIDAY], ["04-21", EASTER_MONDAY], ["05-05", EARLY_MAY], ["05-26", SPRING], ["08-25", SUMMER], ["12-25", CHRISTMAS], ["12-26", BOXING]],
  2026: [["01-01", NEW_YEAR], ["04-03", GOOD_FRIDAY], ["04-06", EASTER_MONDAY], ["05-04", EARLY_MAY], ["05-25", SPRING], ["08-31", SUMMER], ["12-25", CHRISTMAS], ["12-28", substitute(BOXING)]],
  2027: [["01-01", NEW_YEAR], ["03-26", GOOD_FRIDAY], ["03-29", EASTER_MONDAY], ["05-03", EARLY_MAY], ["05-31", SPRING], ["08-30", SUMMER], ["12-27", substitute(CHRISTMAS)], ["12-28", substitute(BOXING)]],
};

/** A table that cannot be changed once made, down to each holiday, so a calendar built from it stays true to it. */
export function frozenTable(table: BankHolidayTable): BankHolidayTable {
  return Object.freeze({
    source: table.source,
    years: Object.freeze({ first: table.years.first, last: table.years.last }),
    holidays: Object.freeze(table.holidays.map((holiday) => Object.freeze({ date: holiday.date, title: holiday.title }))),
  });
}

/**
 * The bank holidays of England and Wales, 2010 to 2027, as shipped. From 2018 they are the GOV.UK
 * feed's `england-and-wales` division; before that, the days appointed by royal proclamation as
 * published in The Gazette (the feed no longer reaches back that far). One-off and moved days are
 * here: the royal wedding (29 April 2011), the Diamond Jubilee (4 and 5 June 2012), VE day
 * (8 May 2020), the Platinum Jubilee (2 and 3 June 2022), the State Funeral (19 September 2022)
 * and the coronation (8 May 2023).
 */
export const englandAndWalesBankHolidays: BankHolidayTable = frozenTable({
  source:
    "GOV.UK bank holidays (https://www.gov.uk/bank-holidays.json, england-and-wales) for 2018 to 2027; " +
    "royal proclamations published in The Gazette for 2010 to 2017",
  years: { first: 2010, last: 2027 },
  holidays: Object.entries(holidaysByYear).flatMap(([year, days]) => days.map(([monthDay, title]) => ({ date: `${year}-${monthDay}`, title }))),
});
