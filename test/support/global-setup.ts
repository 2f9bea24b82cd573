import type { TestProject } from "vitest/node";
import { buildIsStale } from "../../scripts/build-freshness.js";
import { buildApp } from "../../scripts/build.ts";
import { currentDemoTemplate } from "./demo-template.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** The folder of the demo template each test file's demo database is copied from. */
    demoTemplate: string;
  }
}

/**
 * Before any test file runs: the app compiled, if a source file changed since (the tests that run
 * the `waymark` command run the compiled app, and must not each compile it), and the demonstration
 * loaded once, for every file to copy.
 */
export default async function setup(project: TestProject): Promise<void> {
  if (buildIsStale()) await buildApp();
  project.provide("demoTemplate", await currentDemoTemplate());
}
