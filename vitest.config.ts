import { readFileSync, statSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/** A test file's size, with the size of the test support modules it imports (some hold a file's tests). */
function weightOf(file: string): number {
  const support = [...readFileSync(file, "utf8").matchAll(/from "(\.[^"]*\/support\/[^"]+)"/g)].map((m) => resolve(dirname(file), m[1] ?? ""));
  return [file, ...new Set(support)].reduce((sum, path) => sum + statSync(path).size, 0);
}

/**
 * The longest files first, so that the run does not end with one worker on a long file and the
 * other idle. Vitest orders files by how long each took last time, kept in node_modules/.vite;
 * without that (a new checkout, or after npm ci) it orders them by size, and a file whose tests are
 * written in a support module (hostile input, the browser tests) would look short and start last.
 */
class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const { cache, config } = this.ctx;
    if (files.every((file) => cache.getFileTestResults(`${file.project.name}:${relative(config.root, file.moduleId)}`))) return super.sort(files);
    const weights = new Map(files.map((file) => [file, weightOf(file.moduleId)]));
    return [...files].sort((a, b) => (weights.get(b) ?? 0) - (weights.get(a) ?? 0));
  }
}

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // The demonstration is loaded once for the run; each file that needs it opens a copy.
    globalSetup: ["test/support/global-setup.ts"],
    // Each file opens its own in-memory PGlite; two at a time keeps memory in bounds.
    maxWorkers: 2,
    sequence: { sequencer: LongestFirst },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
