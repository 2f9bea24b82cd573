// Whether the compiled app in dist/ is behind its source: read by the `waymark` command at every
// start, before anything is compiled, so it is plain JavaScript (its types: build-freshness.d.ts).
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The project's folder. */
export const projectRoot = fileURLToPath(new URL("../", import.meta.url));
/** The compiled app: `dist/cli/main.js` is `src/cli/main.ts`, at the same depth below the project. */
export const compiledDir = join(projectRoot, "dist");
/** Written last by a build, in the compiled app's folder: its time is when the app was compiled. */
export const stampName = "built";

/** Every file under the project's src/ the app is made from: its code and what it reads (views, migrations), not its tests. */
export function sourceFiles(root = projectRoot) {
  return readdirSync(join(root, "src"), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.name.endsWith(".test.ts"))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Whether a source file was changed after the project's last build, or there is none. */
export function buildIsStale(root = projectRoot) {
  const stamp = join(root, "dist", stampName);
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  return sourceFiles(root).some((path) => statSync(path).mtimeMs > built);
}
