import { describe, expect, it } from "vitest";
import { englandAndWalesBankHolidays, type BankHolidayTable } from "./bank-holidays.ts";
import { UserError } from "./problems.ts";
import { CalendarCoverageError, dayNumberOf, englandAndWalesCalendar as calendar, WorkingDayCalendar } from "./working-days.ts";

const DAY = 86_400_000;
const isoOf = (time: number) => new Date(time).toISOString().slice(0, 10);
const timeOf = (date: string) => Date.parse(`${date}T00:00:00Z`);

/** The slow way, for comparison: look at each day in turn, by its time at midnight UTC. */
const holidayTimes = new Set(englandAndWalesBankHolidays.holidays.map((holiday) => timeOf(holiday.date)));
const naiveIsWorking = (time: number) => ![0, 6].includes(new Date(time).getUTCDay()) && !holidayTimes.has(time);
function naiveElapsed(start: string, end: string): number {
  const [from, to, sign] = start <= end ? [start, end, 1] : [end, start, -1];
  let count = 0;
  for (let time = timeOf(from) + DAY; time <= timeOf(to); time += DAY) if (naiveIsWorking(time)) count += 1;
  return sign * count;
}
function naiveDue(start: string, n: number): string {
  let time = timeOf(start);
  for (let found = 0; found < n; ) {
    time += DAY;
    if (naiveIsWorking(time)) found += 1;
  }
  return isoOf(time);
}

/** A small seeded generator (mulberry32), so a failing pair can be found again. */
function randomNumbers(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe("working days due (wd_due)", () => {
  it.each([
    // MEASURES.md §2 and §3.
    ["2025-01-06", 45, "2025-03-10", "CIN-ASSESS-45WD: Mon 6 Jan 2025"],
    ["2024-11-15", 45, "2025-01-22", "CIN-ASSESS-45WD: Fri 15 Nov 2024, across Christmas"],
    ["2024-12-21", 1, "2024-12-23", "FD-CONTACT-DECISION-1WD: a Saturday contact"],
    ["2023-05-05", 1, "2023-05-09", "FD-CONTACT-DECISION-1WD: over the coronation"],
    ["2024-12-24", 1, "2024-12-27", "FD-CONTACT-DECISION-1WD: Christmas Eve"],
    ["2024-12-24", 5, "2025-01-03", "FD-REFERRAL-VISIT-5WD: Christmas Eve"],
    ["2024-12-24", 10, "2025-01-10", "FD-REFERRAL-VISIT-10WD: Christmas Eve"],
    ["2025-03-27", 15, "2025-04-17", "CP-ICPC-15WD: up to Easter"],
    ["2022-09-12", 15, "2022-10-04", "CP-ICPC-15WD: over the State Funeral"],
    ["2024-12-02", 10, "2024-12-16", "CP-VISIT-10WD: Mon 2 Dec 2024"],
    ["2025-12-19", 10, "2026-01-07", "CP-VISIT-10WD: over the year end"],
    ["2025-02-03", 20, "2025-03-03", "CLA-IHA-20WD: Mon 3 Feb 2025"],
    ["2025-04-14", 20, "2025-05-15", "CLA-IHA-20WD: over Easter and early May"],
    ["2024-12-20", 1, "2024-12-23", "§3: Fri 20 Dec 2024"],
    ["2022-06-01", 1, "2022-06-06", "§3: over the Platinum Jubilee"],
    ["2020-05-07", 1, "2020-05-11", "§3: over VE day"],
    // Every other one-off or moved day, Easter early and late, Christmas and the year end.
    ["2011-04-28", 1, "2011-05-03", "the royal wedding and early May"],
    ["2012-06-01", 1, "2012-06-06", "the Diamond Jubilee"],
    ["2022-09-16", 1, "2022-09-20", "the State Funeral"],
    ["2016-03-24", 1, "2016-03-29", "Easter in March"],
    ["2025-04-17", 1, "2025-04-22", "Easter in April"],
    ["2010-12-24", 1, "2010-12-29", "Christmas on a Saturday"],
    ["2022-12-23", 1, "2022-12-28", "Christmas on a Sunday"],
    ["2027-12-24", 1, "2027-12-29", "the last Christmas covered"],
    ["2020-12-31", 1, "2021-01-04", "New Year's Day on a Friday"],
    ["2025-12-31", 1, "2026-01-02", "the year end midweek"],
    ["2025-01-10", 1, "2025-01-13", "a Friday to the Monday"],
    ["2025-01-11", 1, "2025-01-13", "a Saturday to the Monday"],
    ["2025-01-12", 5, "2025-01-17", "a Sunday, five days on"],
    ["2024-12-21", 0, "2024-12-21", "no working days: the start itself"],
    // The edges of the calendar.
    ["2010-01-01", 1, "2010-01-04", "from the first day covered"],
    ["2027-12-29", 2, "2027-12-31", "to the last day covered"],
  ])("%s + %i working days is %s (%s)", (start, n, due) => {
    expect(calendar.workingDayDue(start, n)).toBe(due);
  });

  it("fails naming the start and the years covered when the due day is past the calendar's end", () => {
    expect(() => calendar.workingDayDue("2027-12-29", 3)).toThrow(CalendarCoverageError);
    expect(() => calendar.workingDayDue("2027-12-20", 10)).toThrow(
      "10 working days after 20 December 2027 falls after 31 December 2027, where the working-days calendar ends (it covers 2010 to 2027)",
    );
  });

  it.each([-1, 1.5, Number.NaN])("refuses %s working days", (n) => {
    expect(() => calendar.workingDayDue("2025-01-06", n)).toThrow(RangeError);
  });
});

describe("working days elapsed (wd_elapsed)", () => {
  it.each([
    ["2024-12-21", "2024-12-23", 1, "§3: from Sat 21 Dec 2024, the Monday is day 1"],
    ["2022-09-16", "2022-09-20", 1, "CP-STRAT-1WD: over the State Funeral"],
    ["2024-12-24", "2024-12-30", 2, "CP-STRAT-1WD: over Christmas"],
    ["2025-01-06", "2025-03-10", 45, "CIN-ASSESS-45WD: authorised on the due day"],
    ["2025-01-06", "2025-03-11", 46, "CIN-ASSESS-45WD: the day after"],
    ["2025-03-27", "2025-04-22", 16, "CP-ICPC-15WD: after Easter"],
    ["2024-12-02", "2024-12-17", 11, "CP-VISIT-10WD: overdue"],
    ["2025-01-06", "2025-01-06", 0, "the same day"],
    ["2025-01-11", "2025-01-11", 0, "the same Saturday"],
    ["2025-01-11", "2025-01-12", 0, "a weekend, Saturday to Sunday"],
    ["2025-12-25", "2025-12-26", 0, "Christmas Day to Boxing Day"],
    ["2023-12-31", "2024-12-31", 254, "all of 2024: 262 weekdays less 8 bank holidays"],
    ["2012-05-31", "2012-06-07", 3, "over the Diamond Jubilee"],
    ["2022-05-27", "2022-06-06", 4, "over the Platinum Jubilee, the late May Monday worked"],
    ["2020-05-01", "2020-05-11", 5, "over VE day, the first May Monday worked"],
    ["2010-01-01", "2010-01-04", 1, "from the first day covered, itself a bank holiday"],
    ["2027-12-24", "2027-12-31", 3, "to the last day covered"],
    ["2024-12-30", "2024-12-24", -2, "an end before the start counts backwards"],
  ])("from %s to %s is %i (%s)", (start, end, elapsed) => {
    expect(calendar.workingDaysElapsed(start, end)).toBe(elapsed);
  });

  it.each([
    ["2028-01-04", "4 January 2028 is outside the working-days calendar, which covers 2010 to 2027. Load a newer copy of the GOV.UK bank holidays feed."],
    ["2009-12-31", "31 December 2009 is outside the working-days calendar, which covers 2010 to 2027. Bank holidays before 2010 need adding to the calendar."],
  ])("fails on %s, a day in a year the calendar does not cover", (date, message) => {
    expect(() => calendar.workingDaysElapsed(date, "2025-01-06")).toThrow(CalendarCoverageError);
    expect(() => calendar.workingDaysElapsed("2025-01-06", date)).toThrow(message);
  });

  it.each(["2025-02-30", "2025-13-01", "6/1/2025", "2025-1-6", " 2025-01-06", ""])("fails on %j, which is not a date", (date) => {
    expect(() => calendar.workingDaysElapsed(date, "2025-01-06")).toThrow(`"${date}" is not a date written YYYY-MM-DD`);
  });
});

describe("within n working days", () => {
  it.each([
    ["2024-12-21", "2024-12-23", 1, true, "FD-CONTACT-DECISION-1WD: Saturday, decided Monday"],
    ["2023-05-05", "2023-05-09", 1, true, "FD-CONTACT-DECISION-1WD: over the coronation"],
    ["2024-12-24", "2024-12-27", 1, true, "FD-CONTACT-DECISION-1WD: decided on the due day"],
    ["2024-12-24", "2024-12-30", 1, false, "FD-CONTACT-DECISION-1WD: decided the Monday after"],
    ["2025-01-06", "2025-03-10", 45, true, "CIN-ASSESS-45WD: 45 days"],
    ["2025-01-06", "2025-03-11", 45, false, "CIN-ASSESS-45WD: 46 days"],
    ["2024-12-24", "2025-01-06", 5, false, "FD-REFERRAL-VISIT-5WD: seen Mon 6 Jan"],
    ["2024-12-24", "2025-01-06", 10, true, "FD-REFERRAL-VISIT-10WD: seen Mon 6 Jan"],
    ["2022-09-16", "2022-09-20", 1, true, "CP-STRAT-1WD: over the State Funeral"],
    ["2025-03-27", "2025-04-17", 15, true, "CP-ICPC-15WD: on the due day"],
    ["2025-03-27", "2025-04-22", 15, false, "CP-ICPC-15WD: after Easter"],
    ["2024-12-02", "2024-12-16", 10, true, "CP-VISIT-10WD: met 16 Dec"],
    ["2024-12-02", "2024-12-17", 10, false, "CP-VISIT-10WD: overdue 17 Dec"],
    ["2025-12-19", "2026-01-07", 10, true, "CP-VISIT-10WD: due Wed 7 Jan 2026"],
    ["2025-12-19", "2026-01-08", 10, false, "CP-VISIT-10WD: the day after"],
    ["2025-02-03", "2025-03-03", 20, true, "CLA-IHA-20WD: due Mon 3 Mar"],
    ["2025-04-14", "2025-05-15", 20, true, "CLA-IHA-20WD: due Thu 15 May"],
    ["2025-04-14", "2025-05-16", 20, false, "CLA-IHA-20WD: the day after"],
    ["2024-12-24", "2025-01-11", 10, true, "the Saturday after the due Friday adds no working day"],
    ["2025-01-07", "2025-01-06", 5, false, "an end before the start"],
    ["2025-01-06", "2025-01-06", 0, true, "the same day, within 0"],
  ])("%s to %s within %i: %s (%s)", (start, end, n, within) => {
    expect(calendar.withinWorkingDays(start, end, n)).toBe(within);
  });
});

describe("working days and days off", () => {
  it.each([
    ["2011-04-29", false, "the royal wedding"],
    ["2012-06-04", false, "the moved spring bank holiday, 2012"],
    ["2012-06-05", false, "the Diamond Jubilee"],
    ["2012-05-28", true, "the last Monday of May 2012, worked"],
    ["2020-05-08", false, "VE day"],
    ["2020-05-04", true, "the first Monday of May 2020, worked"],
    ["2022-06-02", false, "the moved spring bank holiday, 2022"],
    ["2022-06-03", false, "the Platinum Jubilee"],
    ["2022-05-30", true, "the last Monday of May 2022, worked"],
    ["2022-09-19", false, "the State Funeral"],
    ["2023-05-08", false, "the coronation"],
    ["2024-12-24", true, "Christmas Eve"],
    ["2021-12-27", false, "a substitute for Christmas Day"],
    ["2025-01-11", false, "a Saturday"],
    ["2025-01-12", false, "a Sunday"],
    ["2025-01-13", true, "a Monday"],
    ["2010-01-01", false, "the first day covered, New Year's Day"],
    ["2027-12-31", true, "the last day covered, a Friday"],
  ])("%s is a working day: %s (%s)", (date, working) => {
    expect(calendar.isWorkingDay(date)).toBe(working);
  });

  it("fails on a day after the years covered", () => {
    expect(() => calendar.isWorkingDay("2028-01-03")).toThrow(CalendarCoverageError);
  });
});

describe("the fast counts against a day-by-day count", () => {
  it("agrees on every day covered whether it is a working day", () => {
    const disagree: string[] = [];
    for (let time = timeOf("2010-01-01"); time <= timeOf("2027-12-31"); time += DAY) {
      const date = isoOf(time);
      if (calendar.isWorkingDay(date) !== naiveIsWorking(time)) disagree.push(date);
    }
    expect(disagree).toEqual([]);
  });

  it("counts the same working days from the first day covered to the last", () => {
    expect(calendar.workingDaysElapsed("2010-01-01", "2027-12-31")).toBe(naiveElapsed("2010-01-01", "2027-12-31"));
  });

  it("agrees on 2,000 random pairs, either way round, and the due day of each count is that many days on", () => {
    const random = randomNumbers(20250106);
    const first = timeOf("2010-01-01");
    const days = (timeOf("2027-12-31") - first) / DAY + 1;
    const problems: string[] = [];
    for (let i = 0; i < 2_000; i += 1) {
      const start = isoOf(first + Math.floor(random() * days) * DAY);
      const end = isoOf(Math.min(timeOf(start) + Math.floor(random() * 400) * DAY, timeOf("2027-12-31")));
      const n = Math.floor(random() * 90);
      const [forward, backward] = [calendar.workingDaysElapsed(start, end), calendar.workingDaysElapsed(end, start)];
      if (forward !== naiveElapsed(start, end) || backward !== naiveElapsed(end, start)) problems.push(`elapsed ${start} ${end}`);
      if (calendar.withinWorkingDays(start, end, n) !== (forward <= n)) problems.push(`within ${start} ${end} ${n}`);
      if (start > "2027-08-01") continue;
      const due = calendar.workingDayDue(start, n);
      if (due !== naiveDue(start, n) || calendar.workingDaysElapsed(start, due) !== n) problems.push(`due ${start} + ${n}`);
    }
    expect(problems).toEqual([]);
  });
});

describe("warning that the calendar is ending", () => {
  it.each([
    ["2025-06-01", null],
    ["2027-06-30", null],
    ["2027-07-01", "The working-days calendar ends on 31 December 2027. Load a newer copy of the GOV.UK bank holidays feed before then"],
    ["2027-12-31", "The working-days calendar ends on 31 December 2027."],
    ["2028-01-01", "The working-days calendar ended on 31 December 2027."],
    ["2031-05-05", "The working-days calendar ended on 31 December 2027."],
  ])("on %s: %j", (today, words) => {
    const warning = calendar.coverageWarning(today);
    if (words === null) expect(warning).toBeNull();
    else expect(warning).toContain(words);
  });

  it("warns six months ahead of a short month's end as well", () => {
    const oneYear = new WorkingDayCalendar({ source: "test", years: { first: 2030, last: 2030 }, holidays: [] });
    expect(oneYear.coverageWarning("2030-06-30")).toBeNull();
    expect(oneYear.coverageWarning("2030-07-01")).toContain("31 December 2030");
  });
});

describe("a calendar built from another table", () => {
  const table: BankHolidayTable = {
    source: "a council's own copy",
    years: { first: 2030, last: 2031 },
    holidays: [{ date: "2030-01-01", title: "New Year's Day" }, { date: "2031-01-01", title: "New Year's Day" }],
  };
  const own = new WorkingDayCalendar(table);

  it("counts against its own holidays and years", () => {
    expect(own.workingDayDue("2030-12-31", 1)).toBe("2031-01-02");
    expect(own.coverage).toBe("2030 to 2031");
    expect([own.firstDate, own.lastDate]).toEqual(["2030-01-01", "2031-12-31"]);
    expect(own.table.source).toBe("a council's own copy");
    expect(() => own.isWorkingDay("2029-12-31")).toThrow("which covers 2030 to 2031");
  });

  it.each([
    [{ ...table, years: { first: 2031, last: 2030 } }, "must cover whole years, first to last"],
    [{ ...table, holidays: [{ date: "2032-01-01", title: "New Year's Day" }] }, "The bank holiday on 1 January 2032 is outside the years its table covers (2030 to 2031)"],
    [{ ...table, holidays: [{ date: "2030-02-30", title: "Invented" }] }, `The bank holiday "Invented" has the date "2030-02-30"`],
  ])("refuses a table that does not hold together (%#)", (bad, message) => {
    expect(() => new WorkingDayCalendar(bad)).toThrow(UserError);
    expect(() => new WorkingDayCalendar(bad)).toThrow(message);
  });
});

describe("the calendar's canonical text, for its fingerprint", () => {
  const text = calendar.canonicalText();

  it("names the years covered, then each bank holiday's date on a line of its own", () => {
    const lines = text.trimEnd().split("\n");
    expect(lines[0]).toBe("England and Wales bank holidays 2010 to 2027");
    expect(lines.slice(1)).toEqual(englandAndWalesBankHolidays.holidays.map((holiday) => holiday.date));
    expect(lines.slice(1, 3)).toEqual(["2010-01-01", "2010-04-02"]);
  });

  it("is the same for a copy worded differently and differs when a day differs", () => {
    const { holidays } = englandAndWalesBankHolidays;
    const reworded = new WorkingDayCalendar({ ...englandAndWalesBankHolidays, holidays: holidays.map((h) => ({ ...h, title: h.title.toUpperCase() })) });
    const moved = new WorkingDayCalendar({ ...englandAndWalesBankHolidays, holidays: holidays.map((h) => (h.date === "2025-05-05" ? { ...h, date: "2025-05-08" } : h)) });
    expect(reworded.canonicalText()).toBe(text);
    expect(moved.canonicalText()).not.toBe(text);
  });
});

describe("reading a date", () => {
  it.each([
    ["1970-01-01", 0],
    ["2024-02-29", 19_782],
    ["2024-03-01", 19_783],
    ["2023-02-29", null],
    ["2025-00-10", null],
    ["25-01-06", null],
  ])("%s is day %j", (date, day) => {
    expect(dayNumberOf(date)).toBe(day);
  });
});
