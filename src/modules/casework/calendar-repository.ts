import { sql } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import { selectRows } from "../../db/rows.ts";
import type { BankHolidayTable } from "../../core/bank-holidays.ts";

/** The only place loaded copies of the bank holidays feed are kept and read. */

export interface LoadedCopy {
  fileName: string;
  sha256: string;
  table: BankHolidayTable;
  loadedAt: Date;
  loadedBy: string;
}

export async function insertCopy(tx: Executor, copy: Omit<LoadedCopy, "loadedAt">): Promise<void> {
  await tx.execute(
    sql`insert into casework.bank_holiday_copies (file_name, sha256, source, first_year, last_year, holidays, loaded_by)
        values (${copy.fileName}, ${copy.sha256}, ${copy.table.source}, ${copy.table.years.first}, ${copy.table.years.last}, ${JSON.stringify(copy.table.holidays)}::jsonb, ${copy.loadedBy})`,
  );
}

/** The copy loaded last, if any. */
export async function latestCopy(db: Executor): Promise<LoadedCopy | undefined> {
  const [row] = await selectRows(db, sql`select file_name, sha256, source, first_year, last_year, holidays, loaded_at, loaded_by from casework.bank_holiday_copies order by id desc limit 1`);
  if (!row) return undefined;
  return {
    fileName: String(row.file_name),
    sha256: String(row.sha256),
    table: { source: String(row.source), years: { first: Number(row.first_year), last: Number(row.last_year) }, holidays: row.holidays as BankHolidayTable["holidays"] },
    loadedAt: new Date(row.loaded_at as string | Date),
    loadedBy: String(row.loaded_by),
  };
}
