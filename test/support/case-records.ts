import { sql } from "drizzle-orm";
import type { Executor } from "../../src/db/client.ts";
import { selectRows } from "../../src/db/rows.ts";

/** Rows for tables of the casework store, by table name, as the store holds them (ids already pseudonyms). */
export type CaseTables = Record<string, Record<string, string | number | null>[]>;

/**
 * Puts case records straight into the casework store for a council, as one extract taken on
 * `extractDate`, so a measure's definition can be tried on exactly the cases a test describes.
 */
export async function holdCaseRecords(db: Executor, laCode: string, extractDate: string, tables: CaseTables): Promise<number> {
  const [extract] = await selectRows(
    db,
    sql`insert into casework.extracts (la_code, source, label, sha256, extract_date, row_counts, dropped, rows_left_out, imported_by)
        values (${laCode}, 'ssd', 'cases made in a test', md5(random()::text), ${extractDate}, '{}'::jsonb, '{}'::jsonb, '{"count":0,"listed":[]}'::jsonb, 'test set-up')
        returning id`,
  );
  const extractId = Number(extract?.id);
  for (const [table, rows] of Object.entries(tables)) {
    const held = JSON.stringify(rows.map((row) => ({ ...row, la_code: laCode, extract_id: extractId })));
    const target = sql.raw(`casework."${table.replaceAll('"', "")}"`);
    await db.execute(sql`insert into ${target} select * from jsonb_populate_recordset(null::${target}, ${held}::jsonb)`);
  }
  return extractId;
}
