import { describe, expect, it } from "vitest";
import { addDays, daysBetween, londonDay, occasionDue, occasionLabel, occasionsOf, type ReminderSettings } from "./reminder-schedule.ts";

describe("the occasions a period's leads are reminded on", () => {
  it("are the opening day, 10 days before the deadline, the day itself and 3 days after, by default", () => {
    expect(occasionsOf({ openedOn: "2026-01-02", deadline: "2026-02-06" }).map((o) => [o.on, o.label])).toEqual([
      ["2026-01-02", "when the period opened"],
      ["2026-01-27", "10 days before"],
      ["2026-02-06", "on the day"],
      ["2026-02-09", "3 days after"],
    ]);
  });

  it("are only the opening day for a period opened without a deadline", () => {
    expect(occasionsOf({ openedOn: "2026-01-02", deadline: null }).map((o) => o.key)).toEqual(["opened"]);
  });

  it("leave out occasions before the period opened", () => {
    expect(occasionsOf({ openedOn: "2026-02-01", deadline: "2026-02-06" }).map((o) => o.key)).toEqual(["opened", "on-the-day", "after-3"]);
  });

  it("keep the deadline's occasion when the period opens on it, so the reminder says how near the deadline is", () => {
    expect(occasionsOf({ openedOn: "2026-01-27", deadline: "2026-02-06" }).map((o) => o.key)).toEqual(["before-10", "on-the-day", "after-3"]);
  });

  it("follow the council's settings: several days before, none after", () => {
    const settings: ReminderSettings = { daysBefore: [14, 7, 1], daysAfter: [] };
    expect(occasionsOf({ openedOn: "2026-01-02", deadline: "2026-02-06" }, settings).map((o) => [o.key, o.label, o.on])).toEqual([
      ["opened", "when the period opened", "2026-01-02"],
      ["before-14", "14 days before", "2026-01-23"],
      ["before-7", "7 days before", "2026-01-30"],
      ["before-1", "1 day before", "2026-02-05"],
      ["on-the-day", "on the day", "2026-02-06"],
    ]);
  });
});

describe("which reminder is due on a day", () => {
  // Q3 2025/26 opened on 2 January 2026, due by 6 February 2026.
  const q3 = { openedOn: "2026-01-02", deadline: "2026-02-06" };
  // A deadline early in a month, so "10 days before" falls in the month before; and one on 1 March.
  const acrossMonths = { openedOn: "2026-01-15", deadline: "2026-02-03" };
  const firstOfMarch = { openedOn: "2026-02-01", deadline: "2026-03-01" };
  const leapYear = { openedOn: "2028-02-01", deadline: "2028-03-01" };
  // Deadlines either side of the clocks changing (29 March and 25 October 2026).
  const springForward = { openedOn: "2026-03-02", deadline: "2026-04-03" };
  const fallBack = { openedOn: "2026-10-01", deadline: "2026-10-27" };

  it.each<[string, { openedOn: string; deadline: string | null }, string, string | null]>([
    ["the opening day", q3, "2026-01-02", "opened"],
    ["the day after opening, caught up", q3, "2026-01-03", "opened"],
    ["three days after opening, still caught up", q3, "2026-01-05", "opened"],
    ["four days after opening: nothing", q3, "2026-01-06", null],
    ["the day before the period opened: nothing", q3, "2026-01-01", null],
    ["10 days before", q3, "2026-01-27", "before-10"],
    ["11 days before: nothing", q3, "2026-01-26", null],
    ["on the day", q3, "2026-02-06", "on-the-day"],
    ["3 days after", q3, "2026-02-09", "after-3"],
    ["6 days after, caught up", q3, "2026-02-12", "after-3"],
    ["7 days after: nothing more", q3, "2026-02-13", null],
    ["10 days before a deadline of 3 February is 24 January", acrossMonths, "2026-01-24", "before-10"],
    ["3 days after 3 February is 6 February", acrossMonths, "2026-02-06", "after-3"],
    ["10 days before 1 March 2026 is 19 February (28 days in February)", firstOfMarch, "2026-02-19", "before-10"],
    ["and not 18 February, 11 days before", firstOfMarch, "2026-02-18", null],
    ["10 days before 1 March 2028 is 20 February (a leap year)", leapYear, "2028-02-20", "before-10"],
    ["3 days after 31 December is 3 January", { openedOn: "2025-12-01", deadline: "2025-12-31" }, "2026-01-03", "after-3"],
    ["10 days before 3 April, across the clocks going forward, is 24 March", springForward, "2026-03-24", "before-10"],
    ["on the day after the clocks went forward", springForward, "2026-04-03", "on-the-day"],
    ["10 days before 27 October, across the clocks going back, is 17 October", fallBack, "2026-10-17", "before-10"],
    ["3 days after 27 October is 30 October", fallBack, "2026-10-30", "after-3"],
    ["a period with no deadline: only its opening", { openedOn: "2026-01-02", deadline: null }, "2026-02-06", null],
  ])("%s", (_case, period, today, key) => {
    expect(occasionDue(period, today)?.key ?? null).toBe(key);
  });

  it("gives the latest occasion that has come, not a missed earlier one, when two are within the catch-up days", () => {
    expect(occasionDue({ openedOn: "2026-02-04", deadline: "2026-02-06" }, "2026-02-07")?.key).toBe("on-the-day");
  });
});

describe("today in England", () => {
  it.each<[string, string, string, boolean]>([
    ["winter: London is on GMT", "2026-01-15T23:30:00Z", "2026-01-15", true],
    ["summer: half past eleven at night GMT is the next day in London", "2025-07-15T23:30:00Z", "2025-07-16", false],
    ["the night the clocks go forward: 00:30 GMT is 00:30 in London", "2026-03-29T00:30:00Z", "2026-03-29", false],
    ["after they have: 06:30 GMT is 07:30 in London, time to send", "2026-03-29T06:30:00Z", "2026-03-29", true],
    ["the night the clocks go back: 23:30 GMT on the Saturday is 00:30 on Sunday", "2026-10-24T23:30:00Z", "2026-10-25", false],
    ["06:59 in London is too early to send", "2026-01-15T06:59:00Z", "2026-01-15", false],
    ["07:00 in London is not", "2026-01-15T07:00:00Z", "2026-01-15", true],
  ])("%s", (_case, instant, date, sending) => {
    expect(londonDay(new Date(instant))).toEqual({ date, sendingHours: sending });
  });

  it("counts calendar days across a clock change and a month end", () => {
    expect(daysBetween("2026-03-28", "2026-03-30")).toBe(2);
    expect(daysBetween("2026-10-24", "2026-10-26")).toBe(2);
    expect(addDays("2026-03-25", 10)).toBe("2026-04-04");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
  });
});

describe("an occasion's words from its key", () => {
  it.each([
    ["opened", "when the period opened"],
    ["before-10", "10 days before"],
    ["before-1", "1 day before"],
    ["on-the-day", "on the day"],
    ["after-3", "3 days after"],
  ])("%s reads %s", (key, label) => {
    expect(occasionLabel(key)).toBe(label);
  });

  it("gives back each occasion's own label", () => {
    for (const o of occasionsOf({ openedOn: "2026-01-02", deadline: "2026-02-06" }, { daysBefore: [10, 1], daysAfter: [3] })) expect(occasionLabel(o.key)).toBe(o.label);
  });
});
