import { openDatabase, type DatabaseHandle } from "../../src/db/client.ts";
import { migrateDatabase } from "../../src/db/migrate.ts";
import { loadDemo } from "../../src/demo/index.ts";
import type { ChangeContext } from "../../src/modules/access/index.ts";

export const testContext: ChangeContext = { userId: null, username: "test set-up", correlationId: "test" };

/** Loads the whole demonstration (plan, one account per role, reported progress) into a test database. */
export async function loadDemoPlan(handle: DatabaseHandle): Promise<void> {
  await loadDemo(handle.db, testContext, { accounts: true });
}

/** A new in-memory embedded database, migrated, with the demonstration loaded. */
export async function openDemoDatabase(): Promise<DatabaseHandle> {
  const handle = await openDatabase({ dataDir: "memory" });
  await migrateDatabase(handle);
  await loadDemoPlan(handle);
  return handle;
}
