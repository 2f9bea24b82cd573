import { createHash } from "node:crypto";
import { englandAndWalesBankHolidays, yearsInWords } from "../../core/bank-holidays.ts";
import { mergeHolidays, readBankHolidaysFeed } from "../../core/bank-holidays-feed.ts";
import { WorkingDayCalendar } from "../../core/working-days.ts";
import type { Database, Executor } from "../../db/client.ts";
import { recordChange, type ChangeContext } from "../access/index.ts";
import * as repository from "./calendar-repository.ts";

/** The calendar working days are counted with, and the fingerprint each computed figure records of it. */
export interface CurrentCalendar {
  calendar: WorkingDayCalendar;
  /** SHA-256 of the calendar's dates (not their names), so a figure says exactly which days it skipped. */
  sha256: string;
  source: string;
}

const fingerprint = (calendar: WorkingDayCalendar) => createHash("sha256").update(calendar.canonicalText()).digest("hex");

/** The shipped bank holidays with the latest copy of the GOV.UK feed an administrator loaded laid over them. */
export async function currentCalendar(db: Executor): Promise<CurrentCalendar> {
  const copy = await repository.latestCopy(db);
  const table = copy ? mergeHolidays(englandAndWalesBankHolidays, copy.table) : englandAndWalesBankHolidays;
  const calendar = new WorkingDayCalendar(table);
  return { calendar, sha256: fingerprint(calendar), source: table.source };
}

/**
 * Loads a downloaded copy of the GOV.UK bank holidays feed: checked whole (each problem named by
 * its place in the JSON), laid over the shipped table to check the years join up, then kept, with
 * one audit event. Says which years the calendar now covers, and any years the copy listed only
 * in part (left out).
 */
export async function loadBankHolidays(db: Database, context: ChangeContext, fileName: string, text: string): Promise<string> {
  const loaded = readBankHolidaysFeed(text, `GOV.UK bank holidays feed, england-and-wales, loaded from ${fileName}`);
  const before = await currentCalendar(db);
  const merged = new WorkingDayCalendar(mergeHolidays(englandAndWalesBankHolidays, loaded.table));
  const sha256 = createHash("sha256").update(text).digest("hex");
  await db.transaction(async (tx) => {
    await repository.insertCopy(tx, { fileName, sha256, table: loaded.table, loadedBy: context.username });
    await recordChange(tx, context, {
      action: "casework.bank-holidays",
      recordType: "bank holidays",
      recordId: sha256.slice(0, 12),
      before: { covers: before.calendar.coverage, sha256: before.sha256 },
      after: { fileName, covers: merged.coverage, sha256: fingerprint(merged) },
    });
  });
  const part = loaded.partYears.length > 0 ? ` The copy lists ${loaded.partYears.join(" and ")} only in part, so ${loaded.partYears.length === 1 ? "that year is" : "those years are"} left out.` : "";
  return `Loaded the England and Wales bank holidays for ${yearsInWords(loaded.table.years)} from ${fileName}: working days are now counted for ${merged.coverage}.${part}`;
}
