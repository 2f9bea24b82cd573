import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker, type WorkerOptions } from "node:worker_threads";

/**
 * Starts a worker thread on the file `name` (without its extension) beside the file whose
 * `import.meta.url` is `beside`. Run from TypeScript (as bin/waymark.js does when it compiles and
 * as the tests do), the thread first registers tsx, as the main thread did; compiled to
 * JavaScript, it starts the compiled file itself.
 */
export function startThread(beside: string, name: string, options: WorkerOptions = {}): Worker {
  const fromSource = beside.endsWith(".ts");
  const file = new URL(`${name}${fromSource ? ".ts" : ".js"}`, beside);
  if (!fromSource) return new Worker(file, options);
  const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve("tsx/package.json").replace(/package\.json$/, "dist/esm/api/index.mjs")).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(file.href)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}
