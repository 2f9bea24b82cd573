#!/usr/bin/env node
// The `waymark` command. TypeScript sources run directly through tsx: there is no build step.
import { register } from "tsx/esm/api";

register();
const { run } = await import("../src/cli/main.ts");
await run(process.argv.slice(2));
