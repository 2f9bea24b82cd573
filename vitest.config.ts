import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // The demonstration is loaded once for the run; each file that needs it opens a copy.
    globalSetup: ["test/support/global-setup.ts"],
    // Each file opens its own in-memory PGlite; two at a time keeps memory in bounds.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
