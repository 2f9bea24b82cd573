import type { TestProject } from "vitest/node";
import { currentDemoTemplate } from "./demo-template.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** The folder of the demo template each test file's demo database is copied from. */
    demoTemplate: string;
  }
}

/** Before any test file runs: the demonstration loaded once, for every file to copy. */
export default async function setup(project: TestProject): Promise<void> {
  project.provide("demoTemplate", await currentDemoTemplate());
}
