import { cpSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";
import { stylesheetPath } from "../src/web/styles.ts";
import { compiledDir, projectRoot as root, sourceFiles, stampName } from "./build-freshness.js";

/**
 * Compiles Waymark's TypeScript into `dist/`, one JavaScript file for each source file and in the
 * same folders as under `src/`, beside copies of the files the code reads from its own folder
 * (views, migrations, the demonstration plan) and the compiled stylesheet. `npm install` runs it,
 * and the `waymark` command runs it again when a source file is newer than the last build, so what
 * runs is never behind the source.
 */

const source = join(root, "src");

/**
 * Each import stays an import (nothing is bundled): a relative one of a `.ts` file is rewritten to
 * the `.js` file compiled beside it, and a package is left for Node.js to find in node_modules.
 */
const keepImports: Plugin = {
  name: "keep-imports",
  setup(esbuild) {
    esbuild.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === "entry-point") return undefined;
      return { path: args.path.replace(/\.ts$/, ".js"), external: true };
    });
  },
};

/**
 * Builds into a folder of its own and then renames it into place, so a process starting meanwhile
 * sees the old build or the new one, never half of one; two builds at once both finish.
 */
export async function buildApp(): Promise<void> {
  const files = sourceFiles();
  const draft = join(root, `.dist-${process.pid}-${Date.now()}`);
  rmSync(draft, { recursive: true, force: true });
  await build({
    entryPoints: files.filter((path) => path.endsWith(".ts")),
    outdir: draft,
    outbase: source,
    bundle: true,
    plugins: [keepImports],
    platform: "node",
    format: "esm",
    target: "node22",
    sourcemap: "linked",
    logLevel: "warning",
  });
  for (const path of files.filter((path) => !path.endsWith(".ts"))) {
    const copy = join(draft, relative(source, path));
    mkdirSync(join(copy, ".."), { recursive: true });
    cpSync(path, copy);
  }
  // The stylesheet is made apart (see src/web/styles.ts): a build keeps the one there is.
  if (existsSync(stylesheetPath)) cpSync(stylesheetPath, join(draft, basename(stylesheetPath)), { preserveTimestamps: true });
  writeFileSync(join(draft, stampName), `${new Date().toISOString()}\n`);
  const old = `${draft}.old`;
  if (existsSync(compiledDir)) renameSync(compiledDir, old);
  try {
    renameSync(draft, compiledDir);
  } catch (error) {
    // Another build put its copy in place first: theirs is as new as this one.
    if (!existsSync(compiledDir)) throw error;
    rmSync(draft, { recursive: true, force: true });
  }
  rmSync(old, { recursive: true, force: true });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = performance.now();
  await buildApp();
  console.log(`Compiled Waymark into ${relative(root, compiledDir)} in ${Math.round(performance.now() - started)} ms`);
}
