import { inject } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../src/db/client.ts";
import { loadDemo } from "../../src/demo/index.ts";
import type { ChangeContext } from "../../src/modules/access/index.ts";
import { currentDemoTemplate } from "./demo-template.ts";

export const testContext: ChangeContext = { userId: null, username: "test set-up", correlationId: "test" };

/** Loads the whole demonstration (plan, one account per role, reported progress) into a test database. */
export async function loadDemoPlan(handle: DatabaseHandle): Promise<void> {
  // The synthetic case records take seconds to load: a database loaded afresh (on PostgreSQL) goes without them.
  await loadDemo(handle.db, testContext, { accounts: true, caseworkScale: 0 });
}

/**
 * A new in-memory embedded database holding the demonstration: this file's own copy of the demo
 * template the run made before its first file (see global-setup.ts), so changes stay in the file.
 */
export async function openDemoDatabase(): Promise<DatabaseHandle> {
  return openDatabase({ dataDir: "memory", copyOf: inject("demoTemplate") ?? (await currentDemoTemplate()) });
}
