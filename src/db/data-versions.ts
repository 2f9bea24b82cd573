import { sql } from "drizzle-orm";
import type { Executor } from "./client.ts";
import { selectRows } from "./rows.ts";

/**
 * Every data version (see schema/versions.ts) in one number: the same for as long as nothing that
 * is kept from the database has changed, and larger after any such change commits. Versions only
 * ever count up and are never removed, so their sum moves whenever one of them does. Whatever is
 * kept under it (a page as drawn) is current exactly while it is unchanged. A column of its own, so
 * a query made anyway (the session's) can carry it without a round trip of its own.
 */
export const dataVersionsFingerprint = sql<string>`(select coalesce(sum(version), 0)::text from data_versions)`;

export async function readDataVersionsFingerprint(db: Executor): Promise<string> {
  const [row] = await selectRows(db, sql`select ${dataVersionsFingerprint} as fingerprint`);
  return String(row?.fingerprint);
}
