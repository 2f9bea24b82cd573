import { sql } from "drizzle-orm";
import type { Database } from "../../src/db/client.ts";
import { selectRows } from "../../src/db/rows.ts";

/** The casework store's tables of case records (SSD's and the SSDA903 return's own). */
async function storeTableNames(db: Database): Promise<string[]> {
  const rows = await selectRows(db, sql`select table_name as name from information_schema.tables where table_schema = 'casework' and (table_name like 'ssd\\_%' or table_name like 'ssda903\\_%') order by table_name`);
  return rows.map((row) => String(row.name));
}

/** How many rows each table of the casework store holds, leaving out the empty ones. */
export async function storedRowCounts(db: Database): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const name of await storeTableNames(db)) {
    const [row] = await selectRows(db, sql.raw(`select count(*)::int as n from casework."${name}"`));
    if (Number(row?.n) > 0) counts[name] = Number(row?.n);
  }
  return counts;
}
