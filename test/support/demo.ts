import { openDatabase, type DatabaseHandle } from "../../src/db/client.ts";
import { migrateDatabase } from "../../src/db/migrate.ts";
import { demoPlanFolder } from "../../src/demo/index.ts";
import { readPlanFolder } from "../../src/modules/plan/plan-files.ts";
import { loadPlan } from "../../src/modules/plan/service.ts";

/** Loads the demonstration plan into a test database. */
export async function loadDemoPlan(handle: DatabaseHandle): Promise<void> {
  await loadPlan(handle.db, await readPlanFolder(demoPlanFolder));
}

/** A new in-memory embedded database, migrated, with the demonstration plan loaded. */
export async function openDemoDatabase(): Promise<DatabaseHandle> {
  const handle = await openDatabase({ dataDir: "memory" });
  await migrateDatabase(handle);
  await loadDemoPlan(handle);
  return handle;
}
