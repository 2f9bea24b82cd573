#!/usr/bin/env node
// The `waymark` command. It runs the compiled app in dist/, which `npm install` makes; when a source
// file has changed since, it compiles again first, so what runs is never behind the source.
import { buildIsStale } from "../scripts/build-freshness.js";

// Errors name the TypeScript file and line they came from, not the compiled one.
process.setSourceMapsEnabled(true);

if (buildIsStale()) {
  const { register } = await import("tsx/esm/api");
  const unregister = register();
  const { buildApp } = await import("../scripts/build.ts");
  await buildApp();
  await unregister();
}
const { run } = await import("../dist/cli/main.js");
await run(process.argv.slice(2));
