import { fileURLToPath } from "node:url";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/node-postgres/migrator";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import type { NodePgDatabase } from "drizzle-orm/node-postgres";
import type { DatabaseHandle } from "./client.ts";

/** The committed migrations. */
export const migrationsFolder = fileURLToPath(new URL("./migrations", import.meta.url));

/** Brings the database's tables up to date with the committed migrations. Safe to run at every start. */
export async function migrateDatabase(handle: DatabaseHandle): Promise<void> {
  // By the driver: an embedded database served from its own thread is reached as PostgreSQL is.
  if (handle.embedded) {
    await migratePglite(handle.db as unknown as PgliteDatabase, { migrationsFolder });
  } else {
    await migratePostgres(handle.db as unknown as NodePgDatabase, { migrationsFolder });
  }
}
