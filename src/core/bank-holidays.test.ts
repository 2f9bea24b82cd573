import { describe, expect, it } from "vitest";
import { englandAndWalesBankHolidays, frozenTable } from "./bank-holidays.ts";

/** Each year's bank holidays as MEASURES.md §3 and the royal proclamations list them. */
const published: [number, string][] = [
  [2010, "01-01 04-02 04-05 05-03 05-31 08-30 12-27 12-28"],
  [2011, "01-03 04-22 04-25 04-29 05-02 05-30 08-29 12-26 12-27"],
  [2012, "01-02 04-06 04-09 05-07 06-04 06-05 08-27 12-25 12-26"],
  [2013, "01-01 03-29 04-01 05-06 05-27 08-26 12-25 12-26"],
  [2014, "01-01 04-18 04-21 05-05 05-26 08-25 12-25 12-26"],
  [2015, "01-01 04-03 04-06 05-04 05-25 08-31 12-25 12-28"],
  [2016, "01-01 03-25 03-28 05-02 05-30 08-29 12-26 12-27"],
  [2017, "01-02 04-14 04-17 05-01 05-29 08-28 12-25 12-26"],
  [2018, "01-01 03-30 04-02 05-07 05-28 08-27 12-25 12-26"],
  [2019, "01-01 04-19 04-22 05-06 05-27 08-26 12-25 12-26"],
  [2020, "01-01 04-10 04-13 05-08 05-25 08-31 12-25 12-28"],
  [2021, "01-01 04-02 04-05 05-03 05-31 08-30 12-27 12-28"],
  [2022, "01-03 04-15 04-18 05-02 06-02 06-03 08-29 09-19 12-26 12-27"],
  [2023, "01-02 04-07 04-10 05-01 05-08 05-29 08-28 12-25 12-26"],
  [2024, "01-01 03-29 04-01 05-06 05-27 08-26 12-25 12-26"],
  [2025, "01-01 04-18 04-21 05-05 05-26 08-25 12-25 12-26"],
  [2026, "01-01 04-03 04-06 05-04 05-25 08-31 12-25 12-28"],
  [2027, "01-01 03-26 03-29 05-03 05-31 08-30 12-27 12-28"],
];

const { holidays } = englandAndWalesBankHolidays;
const titleOn = (date: string) => holidays.find((holiday) => holiday.date === date)?.title;

describe("the shipped England and Wales bank holidays", () => {
  it("covers 2010 to 2027 and says where its dates come from", () => {
    expect(englandAndWalesBankHolidays.years).toEqual({ first: 2010, last: 2027 });
    expect(englandAndWalesBankHolidays.source).toContain("https://www.gov.uk/bank-holidays.json");
    expect(englandAndWalesBankHolidays.source).toContain("england-and-wales");
    expect(englandAndWalesBankHolidays.source).toContain("The Gazette");
  });

  it("lists every year it covers and no other", () => {
    expect([...new Set(holidays.map((holiday) => Number(holiday.date.slice(0, 4))))]).toEqual(published.map(([year]) => year));
  });

  it.each(published)("has the published bank holidays of %i", (year, monthDays) => {
    const listed = holidays.filter((holiday) => holiday.date.startsWith(`${year}-`)).map((holiday) => holiday.date.slice(5));
    expect(listed.join(" ")).toBe(monthDays);
  });

  it("lists its days in date order, each once", () => {
    const dates = holidays.map((holiday) => holiday.date);
    expect(dates).toEqual([...new Set(dates)].sort());
  });

  it("puts every bank holiday on a weekday, substitutes standing in for weekend ones", () => {
    const weekend = holidays.filter((holiday) => [0, 6].includes(new Date(`${holiday.date}T00:00:00Z`).getUTCDay()));
    expect(weekend).toEqual([]);
  });

  it.each([
    ["2011-04-29", "Royal wedding"],
    ["2012-06-04", "Spring bank holiday"],
    ["2012-06-05", "Queen's Diamond Jubilee"],
    ["2020-05-08", "Early May bank holiday (VE day)"],
    ["2022-06-02", "Spring bank holiday"],
    ["2022-06-03", "Platinum Jubilee bank holiday"],
    ["2022-09-19", "Bank holiday for the State Funeral of Queen Elizabeth II"],
    ["2023-05-08", "Bank holiday for the coronation of King Charles III"],
    ["2025-12-25", "Christmas Day"],
    ["2025-04-18", "Good Friday"],
    ["2025-08-25", "Summer bank holiday"],
  ])("names %s %j", (date, title) => {
    expect(titleOn(date)).toBe(title);
  });

  it.each([
    ["2010-12-27", "Christmas Day (substitute day)"],
    ["2010-12-28", "Boxing Day (substitute day)"],
    ["2011-01-03", "New Year's Day (substitute day)"],
    ["2015-12-28", "Boxing Day (substitute day)"],
    ["2016-12-26", "Boxing Day"],
    ["2016-12-27", "Christmas Day (substitute day)"],
    ["2022-12-27", "Christmas Day (substitute day)"],
    ["2023-01-02", "New Year's Day (substitute day)"],
    ["2027-12-28", "Boxing Day (substitute day)"],
  ])("names the substitute for a weekend holiday: %s %j", (date, title) => {
    expect(titleOn(date)).toBe(title);
  });

  it("cannot be changed, down to a single holiday", () => {
    expect(Object.isFrozen(englandAndWalesBankHolidays)).toBe(true);
    expect(Object.isFrozen(englandAndWalesBankHolidays.years)).toBe(true);
    expect(() => (holidays as { date: string; title: string }[]).push({ date: "2025-06-06", title: "Invented" })).toThrow(TypeError);
    expect(() => Object.assign(holidays[0] ?? {}, { date: "2010-01-04" })).toThrow(TypeError);
    expect(holidays[0]?.date).toBe("2010-01-01");
  });

  it("freezes a copy of a table without freezing the table it was given", () => {
    const given = { source: "test", years: { first: 2030, last: 2030 }, holidays: [{ date: "2030-01-01", title: "New Year's Day" }] };
    const frozen = frozenTable(given);
    expect(frozen).toEqual(given);
    expect(Object.isFrozen(frozen.holidays[0])).toBe(true);
    expect(Object.isFrozen(given.holidays)).toBe(false);
  });
});
