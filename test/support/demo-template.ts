import { readdirSync, rmSync, statSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { openDatabase } from "../../src/db/client.ts";
import { filesHash, keepDatabaseFolder, pgliteVersion } from "../../src/db/template.ts";
import { loadDemoPlan } from "./demo.ts";

/**
 * The demonstration loaded once into an embedded database, kept as a closed data directory that
 * each test file copies (see openDemoDatabase), so no file spends seconds loading it again. It is
 * named by the PGlite version, the day, and every source file the demo passes through (the
 * migrations, the modules' services, the demo's own files), so a change to any of them makes a new
 * one; templates of other code are left for their own runs and removed after a day unused.
 */

const prefix = "waymark-test-demo-";
const sourceFolder = fileURLToPath(new URL("../../src/", import.meta.url));
const dayMs = 24 * 60 * 60 * 1000;

/** A hash of the source files (tests aside), the PGlite version and today's date. */
export function demoTemplateKey(): string {
  return filesHash(sourceFolder, (name) => !name.endsWith(".test.ts"), `${pgliteVersion()}\0${new Date().toISOString().slice(0, 10)}\0`);
}

/** The demo template's folder, made first if missing (see keepDatabaseFolder); templates unused for a day are removed. */
export async function currentDemoTemplate(dir: string = tmpdir()): Promise<string> {
  const path = join(dir, `${prefix}${demoTemplateKey()}`);
  await keepDatabaseFolder(path, join(dir, `${prefix}draft-`), buildDemoTemplate);
  const now = new Date();
  utimesSync(path, now, now);
  removeStale(dir, now.getTime());
  return path;
}

/** The migrated template with the demonstration loaded, checkpointed and closed cleanly. */
async function buildDemoTemplate(draft: string): Promise<void> {
  const handle = await openDatabase({ dataDir: draft });
  try {
    await loadDemoPlan(handle);
    await handle.embedded?.exec("checkpoint");
  } finally {
    await handle.close();
  }
}

function removeStale(dir: string, now: number): void {
  for (const name of readdirSync(dir)) {
    if (!name.startsWith(prefix)) continue;
    const path = join(dir, name);
    if (now - statSync(path).mtimeMs > dayMs) rmSync(path, { recursive: true, force: true });
  }
}
