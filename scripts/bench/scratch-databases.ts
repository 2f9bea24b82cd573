import { openDatabase, type DatabaseHandle } from "../../src/db/client.ts";
import { migrateDatabase } from "../../src/db/migrate.ts";
import { scratchPostgres } from "./imports.ts";

/** Who the bench's changes are recorded as in the audit trail. */
export const benchContext = { userId: null, username: "benchmark", correlationId: "bench" };

/** A database opened new and migrated for one timing, and closed (on PostgreSQL, dropped) after it. */
export interface ScratchDatabase {
  handle: DatabaseHandle;
  close(): Promise<void>;
}

/** Where the case-record timings run: an in-memory PGlite, and a new PostgreSQL database beside `postgresUrl` when given. */
export interface ScratchEngine {
  where: "PGlite" | "PostgreSQL";
  open(): Promise<ScratchDatabase>;
}

export function scratchEngines(postgresUrl: string | undefined): ScratchEngine[] {
  const embedded: ScratchEngine = {
    where: "PGlite",
    async open() {
      const handle = await openDatabase({ dataDir: "memory" });
      await migrateDatabase(handle);
      return { handle, close: () => handle.close() };
    },
  };
  if (!postgresUrl) return [embedded];
  const server: ScratchEngine = {
    where: "PostgreSQL",
    async open() {
      const database = await scratchPostgres(postgresUrl);
      const handle = await openDatabase({ databaseUrl: database.url });
      await migrateDatabase(handle);
      return {
        handle,
        async close() {
          await handle.close();
          await database.drop();
        },
      };
    },
  };
  return [embedded, server];
}
