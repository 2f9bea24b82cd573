import { describe, expect, it } from "vitest";
import { englandAndWalesBankHolidays, type BankHolidayTable } from "./bank-holidays.ts";
import { feedSource, mergeHolidays, readBankHolidaysFeed } from "./bank-holidays-feed.ts";
import { FileProblemsError, UnreadableFileError } from "./file-problems.ts";
import { UserError } from "./problems.ts";
import { WorkingDayCalendar } from "./working-days.ts";

type FeedEvent = Record<string, unknown>;
interface Feed {
  [division: string]: { division: unknown; events: unknown };
}

const event = (date: string, title: string, notes = ""): FeedEvent => ({ title, date, notes, bunting: true });
const substitute = (date: string, title: string) => event(date, title, "Substitute day");

/** England and Wales as the feed would list them: 2026 and 2027 whole, 2028 only to Easter. */
const englandAndWales = (): FeedEvent[] => [
  event("2026-01-01", "New Year’s Day"),
  event("2026-04-03", "Good Friday"),
  event("2026-04-06", "Easter Monday"),
  event("2026-05-04", "Early May bank holiday"),
  event("2026-05-25", "Spring bank holiday"),
  event("2026-08-31", "Summer bank holiday"),
  event("2026-12-25", "Christmas Day"),
  substitute("2026-12-28", "Boxing Day"),
  event("2027-01-01", "New Year’s Day"),
  event("2027-03-26", "Good Friday"),
  event("2027-03-29", "Easter Monday"),
  event("2027-05-03", "Early May bank holiday"),
  event("2027-05-31", "Spring bank holiday"),
  event("2027-08-30", "Summer bank holiday"),
  substitute("2027-12-27", "Christmas Day"),
  substitute("2027-12-28", "Boxing Day"),
  substitute("2028-01-03", "New Year’s Day"),
  event("2028-04-14", "Good Friday"),
  event("2028-04-17", "Easter Monday"),
];

/** The feed's text, with all three divisions, after `change` has been made to it. */
function feedText(change: (feed: Feed, events: FeedEvent[]) => void = () => undefined): string {
  const events = englandAndWales();
  const feed: Feed = {
    "england-and-wales": { division: "england-and-wales", events },
    scotland: { division: "scotland", events: [event("2026-01-02", "2nd January"), event("2026-08-03", "Summer bank holiday")] },
    "northern-ireland": { division: "northern-ireland", events: [event("2026-03-17", "St Patrick’s Day")] },
  };
  change(feed, events);
  return JSON.stringify(feed);
}

/** The problems a feed is refused with, or a note that it was read. */
function problemsWith(text: string): string[] {
  try {
    readBankHolidaysFeed(text);
    return ["(read without a problem)"];
  } catch (error) {
    if (error instanceof FileProblemsError) return error.problems;
    throw error;
  }
}

describe("reading the GOV.UK bank holidays feed", () => {
  const { table, partYears } = readBankHolidaysFeed(feedText());
  const titleOn = (date: string) => table.holidays.find((holiday) => holiday.date === date)?.title;

  it("covers the whole years listed and leaves out one listed only in part", () => {
    expect(table.years).toEqual({ first: 2026, last: 2027 });
    expect(partYears).toEqual([2028]);
    expect(table.holidays.map((holiday) => holiday.date)).toEqual(englandAndWales().map((e) => e.date).filter((date) => String(date) < "2028"));
  });

  it("reads England and Wales only, not Scotland or Northern Ireland", () => {
    expect(titleOn("2026-01-02")).toBeUndefined();
    expect(titleOn("2026-03-17")).toBeUndefined();
    expect(titleOn("2026-08-03")).toBeUndefined();
  });

  it.each([
    ["2026-01-01", "New Year’s Day"],
    ["2026-12-28", "Boxing Day (substitute day)"],
    ["2027-12-27", "Christmas Day (substitute day)"],
  ])("names %s %j, saying when it is a substitute", (date, title) => {
    expect(titleOn(date)).toBe(title);
  });

  it("says where the dates came from, as given or as the feed", () => {
    expect(table.source).toBe(feedSource);
    expect(readBankHolidaysFeed(feedText(), "GOV.UK feed saved 6 February 2026").table.source).toBe("GOV.UK feed saved 6 February 2026");
  });

  it("gives a table that cannot be changed", () => {
    expect(Object.isFrozen(table.holidays)).toBe(true);
  });

  it("reads the events in any order, and a feed with no notes or bunting", () => {
    const shuffled = readBankHolidaysFeed(
      feedText((_feed, events) => {
        events.reverse();
        for (const e of events) delete e.bunting;
        delete events[0]?.notes;
      }),
    );
    expect(shuffled.table.holidays.map((holiday) => holiday.date)).toEqual(table.holidays.map((holiday) => holiday.date));
  });

  it("leaves out a first year that starts after New Year", () => {
    const fromSpring = readBankHolidaysFeed(feedText((_feed, events) => events.splice(0, 3)));
    expect(fromSpring.table.years).toEqual({ first: 2027, last: 2027 });
    expect(fromSpring.partYears).toEqual([2026, 2028]);
  });

  it("counts a year whose Christmas falls on a Sunday, its last holiday the substitute on the 27th", () => {
    const text = JSON.stringify({
      "england-and-wales": { division: "england-and-wales", events: [substitute("2022-01-03", "New Year’s Day"), event("2022-12-26", "Boxing Day"), substitute("2022-12-27", "Christmas Day")] },
    });
    expect(readBankHolidaysFeed(text).table.years).toEqual({ first: 2022, last: 2022 });
  });
});

describe("a feed that cannot be used", () => {
  it.each<[string, (feed: Feed, events: FeedEvent[]) => void, string]>([
    ["a date that is not a day", (_feed, events) => Object.assign(events[3] ?? {}, { date: "2026-02-30" }), "england-and-wales.events[3].date: expected a date as YYYY-MM-DD"],
    ["a date written the British way", (_feed, events) => Object.assign(events[6] ?? {}, { date: "25/12/2026" }), "england-and-wales.events[6].date: expected a date as YYYY-MM-DD"],
    ["a date that is a number", (_feed, events) => Object.assign(events[0] ?? {}, { date: 20260101 }), "england-and-wales.events[0].date: expected a date as YYYY-MM-DD"],
    ["a missing date", (_feed, events) => delete events[2]?.date, "england-and-wales.events[2].date: missing: expected a date as YYYY-MM-DD"],
    ["a missing name", (_feed, events) => delete events[1]?.title, "england-and-wales.events[1].title: missing: expected the bank holiday's name"],
    ["an empty name", (_feed, events) => Object.assign(events[1] ?? {}, { title: "  " }), "england-and-wales.events[1].title: expected the bank holiday's name"],
    ["notes that are not text", (_feed, events) => Object.assign(events[4] ?? {}, { notes: 7 }), "england-and-wales.events[4].notes: expected text"],
    ["an event that is not an object", (_feed, events) => events.splice(5, 1, "2026-08-31" as unknown as FeedEvent), "england-and-wales.events[5]: expected a bank holiday with a title and a date"],
    ["events that are not a list", (feed) => Object.assign(feed["england-and-wales"] ?? {}, { events: {} }), "england-and-wales.events: expected a list of bank holidays"],
    ["another division under England and Wales", (feed) => Object.assign(feed["england-and-wales"] ?? {}, { division: "scotland" }), 'england-and-wales.division: expected "england-and-wales"'],
    ["no England and Wales division", (feed) => delete feed["england-and-wales"], "england-and-wales: missing: expected the England and Wales bank holidays"],
    ["a day listed twice", (_feed, events) => events.splice(5, 0, event("2026-05-25", "Spring bank holiday")), "england-and-wales.events[5].date: 2026-05-25 is listed twice (also at events[4])"],
    [
      "a whole year missing between two others",
      (_feed, events) => events.splice(8, 8, event("2028-12-25", "Christmas Day"), event("2028-12-26", "Boxing Day")),
      "england-and-wales.events: there is no whole year of bank holidays for 2027, between 2026 and 2028",
    ],
    ["no whole year", (_feed, events) => events.splice(0, 9), "england-and-wales.events: no whole year of bank holidays (a year needs its New Year's Day and Christmas, or their substitutes)"],
  ])("is refused for %s, naming where", (_what, change, problem) => {
    expect(problemsWith(feedText(change))).toEqual([problem]);
  });

  it("lists every problem at once, and changes nothing", () => {
    const text = feedText((_feed, events) => {
      Object.assign(events[0] ?? {}, { date: "2026-1-1" });
      delete events[7]?.title;
    });
    expect(problemsWith(text)).toEqual(["england-and-wales.events[0].date: expected a date as YYYY-MM-DD", "england-and-wales.events[7].title: missing: expected the bank holiday's name"]);
    expect(() => readBankHolidaysFeed(text)).toThrow("The bank holidays loaded have 2 problems:");
  });

  it("is refused when it is not the feed at all", () => {
    expect(problemsWith("[]")).toEqual(["(the whole feed): expected the GOV.UK bank holidays feed: an object with a division for each country"]);
  });

  it.each(["", "<html>Bank holidays</html>", '{"england-and-wales": '])("is refused when it is not JSON: %j", (text) => {
    expect(() => readBankHolidaysFeed(text)).toThrow(UnreadableFileError);
    expect(() => readBankHolidaysFeed(text)).toThrow("This file is not JSON");
  });
});

describe("laying a loaded copy over the shipped bank holidays", () => {
  const shipped = englandAndWalesBankHolidays;
  const copy = (first: number, last: number, holidays: [string, string][]): BankHolidayTable => ({
    source: "GOV.UK feed saved 6 February 2027",
    years: { first, last },
    holidays: holidays.map(([date, title]) => ({ date, title })),
  });
  const datesIn = (table: BankHolidayTable, year: number) => table.holidays.filter((h) => h.date.startsWith(`${year}-`)).map((h) => h.date);

  /** A copy for 2027 and 2028 in which 2027 gains a one-off day and loses the summer bank holiday. */
  const loaded = copy(2027, 2028, [
    ["2027-01-01", "New Year’s Day"], ["2027-03-26", "Good Friday"], ["2027-03-29", "Easter Monday"], ["2027-05-03", "Early May bank holiday"],
    ["2027-05-31", "Spring bank holiday"], ["2027-06-14", "A one-off bank holiday"], ["2027-12-27", "Christmas Day (substitute day)"], ["2027-12-28", "Boxing Day (substitute day)"],
    ["2028-01-03", "New Year’s Day (substitute day)"], ["2028-04-14", "Good Friday"], ["2028-04-17", "Easter Monday"], ["2028-05-01", "Early May bank holiday"],
    ["2028-05-29", "Spring bank holiday"], ["2028-08-28", "Summer bank holiday"], ["2028-12-25", "Christmas Day"], ["2028-12-26", "Boxing Day"],
  ]);
  const merged = mergeHolidays(shipped, loaded);

  it("covers the shipped years and the later ones loaded", () => {
    expect(merged.years).toEqual({ first: 2010, last: 2028 });
  });

  it("keeps the shipped dates for the years the copy does not cover", () => {
    for (const year of [2010, 2022, 2026]) expect(datesIn(merged, year)).toEqual(datesIn(shipped, year));
  });

  it("takes the copy's dates for the years it covers, dropping shipped ones it no longer lists", () => {
    expect(datesIn(merged, 2027)).toEqual(datesIn(loaded, 2027));
    expect(datesIn(merged, 2027)).toContain("2027-06-14");
    expect(datesIn(merged, 2027)).not.toContain("2027-08-30");
    expect(datesIn(merged, 2028)).toHaveLength(8);
  });

  it("gives a calendar that counts across into the added year", () => {
    const calendar = new WorkingDayCalendar(merged);
    expect(calendar.workingDayDue("2027-12-24", 4)).toBe("2028-01-04");
    expect(calendar.isWorkingDay("2027-08-30")).toBe(true);
    expect(calendar.isWorkingDay("2027-06-14")).toBe(false);
    expect(calendar.coverageWarning("2027-07-01")).toBeNull();
  });

  it("says which years came from where, in date order and frozen", () => {
    expect(merged.source).toBe(`GOV.UK feed saved 6 February 2027 for 2027 to 2028; for the other years, ${shipped.source}`);
    expect(merged.holidays.map((h) => h.date)).toEqual(merged.holidays.map((h) => h.date).sort());
    expect(Object.isFrozen(merged.holidays)).toBe(true);
  });

  it("takes the copy's source alone when it covers every shipped year", () => {
    const whole = mergeHolidays(copy(2030, 2030, [["2030-01-01", "New Year’s Day"]]), copy(2030, 2031, [["2030-01-01", "New Year’s Day"], ["2031-01-01", "New Year’s Day"]]));
    expect(whole.source).toBe("GOV.UK feed saved 6 February 2027");
    expect(whole.years).toEqual({ first: 2030, last: 2031 });
  });

  it("adds earlier years that join on", () => {
    const earlier = mergeHolidays(shipped, copy(2009, 2009, [["2009-01-01", "New Year’s Day"], ["2009-12-25", "Christmas Day"], ["2009-12-28", "Boxing Day (substitute day)"]]));
    expect(earlier.years).toEqual({ first: 2009, last: 2027 });
    expect(new WorkingDayCalendar(earlier).workingDaysElapsed("2009-12-24", "2010-01-04")).toBe(4);
  });

  it.each([
    [copy(2029, 2030, []), "The bank holidays loaded cover 2029 to 2030 and the calendar covers 2010 to 2027, so 2028 would have no bank holidays."],
    [copy(2031, 2031, []), "so 2028 to 2030 would have no bank holidays. Load a copy of the feed that covers 2028 to 2030 as well."],
    [copy(2005, 2007, []), "so 2008 to 2009 would have no bank holidays."],
  ])("refuses a copy that leaves a gap (%#)", (gapped, message) => {
    expect(() => mergeHolidays(shipped, gapped)).toThrow(UserError);
    expect(() => mergeHolidays(shipped, gapped)).toThrow(message);
  });
});
