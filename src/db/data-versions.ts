import { sql } from "drizzle-orm";
import type { Executor } from "./client.ts";
import { selectRows } from "./rows.ts";

/**
 * Every data version (see schema/versions.ts) as one short text: the same text for as long as
 * nothing that is kept from the database has changed, and a new one after any such change commits.
 * Whatever is kept under it (a page as drawn) is then current exactly when the text is unchanged.
 * A column of its own, so a query made anyway (the session's) can carry it without a round trip.
 */
export const dataVersionsFingerprint = sql<string>`(select md5(coalesce(string_agg(name || '=' || version, ',' order by name), '')) from data_versions)`;

export async function readDataVersionsFingerprint(db: Executor): Promise<string> {
  const [row] = await selectRows(db, sql`select ${dataVersionsFingerprint} as fingerprint`);
  return String(row?.fingerprint);
}
