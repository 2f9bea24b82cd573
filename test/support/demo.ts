import { openDatabase, type DatabaseHandle } from "../../src/db/client.ts";
import { migrateDatabase } from "../../src/db/migrate.ts";
import { createDemoAccounts } from "../../src/demo/accounts.ts";
import { demoPlanFolder } from "../../src/demo/index.ts";
import type { ChangeContext } from "../../src/modules/access/audit.ts";
import { readPlanFolder } from "../../src/modules/plan/plan-files.ts";
import { loadPlan } from "../../src/modules/plan/service.ts";

export const testContext: ChangeContext = { userId: null, username: "test set-up", correlationId: "test" };

/** Loads the demonstration plan and its accounts (one per role) into a test database. */
export async function loadDemoPlan(handle: DatabaseHandle): Promise<void> {
  await loadPlan(handle.db, testContext, await readPlanFolder(demoPlanFolder));
  await createDemoAccounts(handle.db, testContext);
}

/** A new in-memory embedded database, migrated, with the demonstration plan and accounts loaded. */
export async function openDemoDatabase(): Promise<DatabaseHandle> {
  const handle = await openDatabase({ dataDir: "memory" });
  await migrateDatabase(handle);
  await loadDemoPlan(handle);
  return handle;
}
