import { readdirSync, rmSync, statSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { keepDatabaseFolder } from "../../src/db/template.ts";
import { buildDemoTemplate, demoTemplateName } from "../../src/demo/template.ts";
import { testContext } from "./demo.ts";

/**
 * The demonstration loaded once into an embedded database, kept as a closed data directory that
 * each test file copies (see openDemoDatabase), so no file spends seconds loading it again. It is
 * named by the PGlite version, the day, and every source file the demo passes through (the
 * migrations, the modules' services, the demo's own files), so a change to any of them makes a new
 * one; templates of other code are left for their own runs and removed after a day unused.
 */

const prefix = "waymark-test-demo-";
const dayMs = 24 * 60 * 60 * 1000;

/** The app's demo template name (a hash of the source files and the PGlite version) for today. */
export function demoTemplateKey(): string {
  return demoTemplateName(new Date().toISOString().slice(0, 10));
}

/** The demo template's folder, made first if missing (see keepDatabaseFolder); templates unused for a day are removed. */
export async function currentDemoTemplate(dir: string = tmpdir()): Promise<string> {
  const path = join(dir, `${prefix}${demoTemplateKey()}`);
  await keepDatabaseFolder(path, join(dir, `${prefix}draft-`), (draft) => buildDemoTemplate(draft, testContext));
  const now = new Date();
  utimesSync(path, now, now);
  removeStale(dir, now.getTime());
  return path;
}

function removeStale(dir: string, now: number): void {
  for (const name of readdirSync(dir)) {
    if (!name.startsWith(prefix)) continue;
    const path = join(dir, name);
    if (now - statSync(path).mtimeMs > dayMs) rmSync(path, { recursive: true, force: true });
  }
}
