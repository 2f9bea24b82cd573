import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { openDatabase } from "../db/client.ts";
import { defaultTemplateDir, filesHash, keepDatabaseFolder, pgliteVersion } from "../db/template.ts";
import type { ChangeContext } from "../modules/access/index.ts";
import { loadDemo } from "./index.ts";

/**
 * The demonstration ready loaded: an embedded data directory holding the migrated database with the
 * demo plan, its progress, measures and reports and one account per role, made once (at install)
 * and copied into a new data directory at its first start, so the first start does not spend
 * seconds loading the demo. It is named by the PGlite version and every file the app is made
 * from, so a change to the code, the migrations or the demo's own files makes a new one.
 */

const prefix = "pglite-demo-";
// The source, whether this runs from it or from the compiled copy in dist/.
const sourceFolder = fileURLToPath(new URL("../../src/", import.meta.url));

/** The demo template's folder name for this PGlite and this code (`salt` tells other kinds of copy apart). */
export function demoTemplateName(salt = ""): string {
  return `${prefix}${filesHash(sourceFolder, (name) => !name.endsWith(".test.ts"), `${pgliteVersion()}\0${salt}\0`)}`;
}

/** Makes the demo template in `draft`: the migrated template, the demonstration loaded by `context`, a checkpoint, a clean close. */
export async function buildDemoTemplate(draft: string, context: ChangeContext): Promise<void> {
  const handle = await openDatabase({ dataDir: draft });
  try {
    await loadDemo(handle.db, context, { accounts: true });
    await handle.embedded?.exec("checkpoint");
  } finally {
    await handle.close();
  }
}

/** The demo template for this code, if it has been made: a first start copies it rather than loading the demo. */
export function readyDemoTemplate(dir: string = defaultTemplateDir): string | undefined {
  const path = join(dir, demoTemplateName());
  return existsSync(join(path, "PG_VERSION")) ? path : undefined;
}

/** At install: makes the demo template unless it is there, and removes those of older code. Never fails: without it the first start loads the demo. */
export async function prepareDemoTemplate(context: ChangeContext, dir: string = defaultTemplateDir): Promise<void> {
  const name = demoTemplateName();
  try {
    await keepDatabaseFolder(join(dir, name), join(dir, `${name}.new-`), (draft) => buildDemoTemplate(draft, context));
    for (const old of readdirSync(dir)) {
      if (old.startsWith(prefix) && old !== name && !old.startsWith(`${name}.new-`)) rmSync(join(dir, old), { recursive: true, force: true });
    }
  } catch (error) {
    console.warn(`The demonstration was not made ready now (${error instanceof Error ? error.message : String(error)}); a first start will load it.`);
  }
}
