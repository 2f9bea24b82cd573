import type { SQL } from "drizzle-orm";
import type { Executor } from "./client.ts";

/**
 * Runs raw SQL and returns its rows. Both engines answer with `{ rows }`; PGlite gives
 * numbers where node-postgres gives strings for bigint and numeric, so callers convert
 * with `Number()`.
 */
export async function selectRows(db: Executor, query: SQL): Promise<Record<string, unknown>[]> {
  const result = (await db.execute(query)) as unknown as { rows: Record<string, unknown>[] };
  return result.rows;
}
