import { sql } from "drizzle-orm";
import type { Executor } from "./client.ts";
import { selectRows } from "./rows.ts";

/**
 * Every data version (see schema/versions.ts) in one number: the count of all their bumps, kept in
 * the version named '*' (migration 0024). It is the same for as long as nothing that is kept from
 * the database has changed, and larger after any such change commits; whatever is kept under it (a
 * page as drawn) is current exactly while it is unchanged. A column of its own, so a query made
 * anyway (the session's) can carry it without a round trip of its own.
 */
export const dataVersionsFingerprint = sql<string>`(select coalesce(max(version), 0)::text from data_versions where name = '*')`;

export async function readDataVersionsFingerprint(db: Executor): Promise<string> {
  const [row] = await selectRows(db, sql`select ${dataVersionsFingerprint} as fingerprint`);
  return String(row?.fingerprint);
}
