import { sql } from "drizzle-orm";
import type { Executor } from "./client.ts";

/**
 * Makes transactions that replace the same set of rows take turns: the first to ask holds the
 * set until it commits or rolls back, and the others wait, then read what it left. On PostgreSQL
 * this is a transaction-level advisory lock; the embedded database runs one transaction at a
 * time anyway, and grants it at once.
 */
export async function takeTurns(tx: Executor, set: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${set}))`);
}
