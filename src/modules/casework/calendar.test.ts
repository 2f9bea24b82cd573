import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/client.ts";
import { selectRows } from "../../db/rows.ts";
import { engines } from "../../../test/support/databases.ts";
import { testContext } from "../../../test/support/demo.ts";
import { currentCalendar, loadBankHolidays } from "./calendar.ts";

/** A copy of the GOV.UK feed as an administrator downloads it, written here for the years given. */
function feed(events: [string, string][]): string {
  const division = (name: string, list: [string, string][]) => ({ division: name, events: list.map(([date, title]) => ({ title, date, notes: "", bunting: true })) });
  return JSON.stringify({ "england-and-wales": division("england-and-wales", events), scotland: division("scotland", []), "northern-ireland": division("northern-ireland", []) });
}

const year2028: [string, string][] = [
  ["2028-01-03", "New Year's Day"],
  ["2028-04-14", "Good Friday"],
  ["2028-04-17", "Easter Monday"],
  ["2028-05-01", "Early May bank holiday"],
  ["2028-05-29", "Spring bank holiday"],
  ["2028-08-28", "Summer bank holiday"],
  ["2028-12-25", "Christmas Day"],
  ["2028-12-26", "Boxing Day"],
];

describe.each(engines)("the working-days calendar kept on $name", (engine) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await engine.open();
  });
  afterAll(async () => handle?.close());

  it("counts with the shipped bank holidays, 2010 to 2027, until a copy is loaded", async () => {
    const { calendar, source } = await currentCalendar(handle.db);
    expect(calendar.coverage).toBe("2010 to 2027");
    expect(source).toContain("GOV.UK");
    expect(() => calendar.workingDayDue("2027-12-24", 5)).toThrow("falls after 31 December 2027, where the working-days calendar ends");
  });

  it("takes a downloaded copy of the feed that reaches 2028, audited, and counts across the new year with it", async () => {
    const before = await currentCalendar(handle.db);
    const said = await loadBankHolidays(handle.db, testContext, "bank-holidays.json", feed(year2028));
    expect(said).toBe("Loaded the England and Wales bank holidays for 2028 from bank-holidays.json: working days are now counted for 2010 to 2028.");
    const after = await currentCalendar(handle.db);
    // Fri 24 Dec 2027: Mon 27 and Tue 28 are bank holidays (Christmas and Boxing Day substitutes), Mon 3 Jan 2028 New Year's.
    expect(after.calendar.workingDayDue("2027-12-24", 5)).toBe("2028-01-05");
    expect(after.sha256).not.toBe(before.sha256);
    const [event] = await selectRows(handle.db, sql`select action, after from audit_events where record_type = 'bank holidays'`);
    expect(event).toMatchObject({ action: "casework.bank-holidays", after: { fileName: "bank-holidays.json", sha256: after.sha256 } });
  });

  it("refuses a copy that is not the feed, naming the place in the JSON, and one that would leave a year out", async () => {
    await expect(loadBankHolidays(handle.db, testContext, "wrong.json", JSON.stringify({ "england-and-wales": { division: "england-and-wales", events: [{ title: "New Year's Day", date: "3/1/2028", notes: "", bunting: true }] } }))).rejects.toThrow(
      "england-and-wales.events[0].date",
    );
    const year2030 = year2028.map(([date, title]): [string, string] => [date.replace("2028", "2030"), title]);
    await expect(loadBankHolidays(handle.db, testContext, "later.json", feed(year2030))).rejects.toThrow("so 2028 to 2029 would have no bank holidays");
    expect((await currentCalendar(handle.db)).calendar.coverage).toBe("2010 to 2028");
  });
});
