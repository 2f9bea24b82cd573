import { describe, expect, it } from "vitest";
import type { Frequency } from "./value-periods.ts";
import { lastDayOfMonth, valuesDue, valuesDueInWords } from "./values-due.ts";
import { monthNumber } from "./value-periods.ts";

describe("the values a measure owes on a day", () => {
  it.each<[string, Frequency, string | null, string, string[]]>([
    // Monthly: a month's value is due once the month has ended.
    ["the month still running owes nothing", "monthly", "2025-08-31", "2025-09-15", []],
    ["on the month's last day it has not ended", "monthly", "2025-08-31", "2025-09-30", []],
    ["the day after, it is due", "monthly", "2025-08-31", "2025-10-01", ["2025-09-30"]],
    ["a month ended more than a month before owes each month since", "monthly", "2025-08-31", "2025-12-01", ["2025-09-30", "2025-10-31", "2025-11-30"]],
    ["across the year end", "monthly", "2024-11-30", "2025-01-01", ["2024-12-31"]],
    ["February in a leap year ends on the 29th", "monthly", "2024-01-31", "2024-03-01", ["2024-02-29"]],
    ["February in another year ends on the 28th", "monthly", "2025-01-31", "2025-03-01", ["2025-02-28"]],
    ["February of 2100 (no leap year) ends on the 28th", "monthly", "2100-01-31", "2100-03-01", ["2100-02-28"]],
    ["a 30-day month ends on the 30th", "monthly", "2025-03-31", "2025-05-01", ["2025-04-30"]],
    ["a value for a later month than today owes nothing", "monthly", "2026-01-31", "2025-10-01", []],
    // Quarterly: financial quarters, each due once it has ended.
    ["Q2 running to its last day owes nothing", "quarterly", "2025-06-30", "2025-09-30", []],
    ["Q2 is due on 1 October", "quarterly", "2025-06-30", "2025-10-01", ["2025-09-30"]],
    ["Q3 is due on 1 January, across the year end", "quarterly", "2025-09-30", "2026-01-01", ["2025-12-31"]],
    ["Q4 is due on 1 April, the financial year's end", "quarterly", "2025-12-31", "2026-04-01", ["2026-03-31"]],
    ["two quarters owed", "quarterly", "2025-03-31", "2025-10-15", ["2025-06-30", "2025-09-30"]],
    ["a series kept on other month ends is followed as kept", "quarterly", "2025-01-31", "2025-05-01", ["2025-04-30"]],
    // Financial years: due once 31 March has passed.
    ["the financial year to 31 March 2025 is not due on 31 March", "annual", "2024-03-31", "2025-03-31", []],
    ["it is due on 1 April", "annual", "2024-03-31", "2025-04-01", ["2025-03-31"]],
    ["two financial years owed", "annual", "2023-03-31", "2025-06-01", ["2024-03-31", "2025-03-31"]],
    // Academic years: September to August, due once 31 August has passed.
    ["the academic year to 31 August 2025 is not due on 31 August", "academic-year", "2024-08-31", "2025-08-31", []],
    ["it is due on 1 September", "academic-year", "2024-08-31", "2025-09-01", ["2025-08-31"]],
    ["an academic year is not due at the financial year's end", "academic-year", "2024-08-31", "2025-04-01", []],
  ])("%s (%s, latest %s, on %s)", (_case, frequency, latest, today, owed) => {
    expect(valuesDue(frequency, latest, today).periodEnds).toEqual(owed);
  });

  it.each<[Frequency, string, string]>([
    ["monthly", "2025-10-01", "2025-09-30"],
    ["monthly", "2025-10-31", "2025-09-30"],
    ["monthly", "2025-01-15", "2024-12-31"],
    ["monthly", "2024-03-01", "2024-02-29"],
    ["quarterly", "2025-10-01", "2025-09-30"],
    ["quarterly", "2025-09-30", "2025-06-30"],
    ["quarterly", "2026-02-10", "2025-12-31"],
    ["annual", "2025-04-01", "2025-03-31"],
    ["annual", "2025-03-31", "2024-03-31"],
    ["academic-year", "2025-09-01", "2025-08-31"],
    ["academic-year", "2025-08-31", "2024-08-31"],
  ])("a %s measure with no value, on %s, owes the period to %s", (frequency, today, owed) => {
    expect(valuesDue(frequency, null, today)).toEqual({ periodEnds: [owed], dueSince: expect.any(String), noValues: true });
  });

  it.each<[Frequency, string | null, string, string | null]>([
    ["monthly", "2025-08-31", "2025-12-01", "2025-10-01"],
    ["monthly", "2024-01-31", "2024-03-01", "2024-03-01"],
    ["quarterly", "2025-09-30", "2026-01-01", "2026-01-01"],
    ["annual", "2024-03-31", "2025-04-01", "2025-04-01"],
    ["academic-year", null, "2025-09-02", "2025-09-01"],
    ["monthly", "2025-08-31", "2025-09-30", null],
  ])("a %s measure with its latest value for %s, on %s, has owed since %s", (frequency, latest, today, since) => {
    expect(valuesDue(frequency, latest, today).dueSince).toBe(since);
  });

  it.each<[Frequency, string[], string]>([
    ["monthly", ["2025-09-30"], "September 2025"],
    ["monthly", ["2025-09-30", "2025-10-31", "2025-11-30"], "September 2025 to November 2025 (3 values)"],
    ["quarterly", ["2025-09-30"], "Q2 2025/26"],
    ["annual", ["2024-03-31", "2025-03-31"], "2023/24 to 2024/25 (2 values)"],
    ["academic-year", ["2025-08-31"], "2024/25 academic year"],
    ["monthly", [], ""],
  ])("says what a %s measure owes in words: %j", (frequency, periodEnds, words) => {
    expect(valuesDueInWords(frequency, { periodEnds })).toBe(words);
  });

  it.each([
    ["2024-02-10", "2024-02-29"],
    ["2023-02-10", "2023-02-28"],
    ["2000-02-01", "2000-02-29"],
    ["1900-02-01", "1900-02-28"],
    ["2025-12-01", "2025-12-31"],
    ["2025-11-01", "2025-11-30"],
  ])("the month of %s ends on %s", (day, end) => {
    expect(lastDayOfMonth(monthNumber(day))).toBe(end);
  });
});
