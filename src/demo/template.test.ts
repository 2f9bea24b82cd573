import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../db/client.ts";
import { hasAnyPlan } from "../modules/plan/index.ts";
import { listDemoUsers } from "../modules/access/index.ts";
import { listExtracts } from "../modules/casework/index.ts";
import { testContext } from "../../test/support/demo.ts";
import { demoTemplateName, prepareDemoTemplate, readyDemoTemplate } from "./template.ts";

describe("the demonstration made ready at install", () => {
  const dir = mkdtempSync(join(tmpdir(), "waymark-demo-ready-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("is not there until made, and a template of older code is removed when it is", async () => {
    expect(readyDemoTemplate(dir)).toBeUndefined();
    mkdirSync(join(dir, "pglite-demo-0123456789abcdef"));
    await prepareDemoTemplate(testContext, dir);
    expect(readyDemoTemplate(dir)).toBe(join(dir, demoTemplateName()));
    expect(existsSync(join(dir, "pglite-demo-0123456789abcdef"))).toBe(false);
    // The whole demonstration is loaded and its measures computed from the synthetic records.
  }, 180_000);

  it("starts a new data directory with the plan, the demonstration accounts and the synthetic case records; one that holds a database is opened as it is", async () => {
    const ready = readyDemoTemplate(dir);
    const dataDir = join(dir, "council");
    const first = await openDatabase({ dataDir, copyOf: ready });
    try {
      expect(first.copiedFrom).toBe(ready);
      expect(await hasAnyPlan(first.db)).toBe(true);
      expect((await listDemoUsers(first.db)).map((u) => u.username)).toContain("lead");
      const [casework] = await listExtracts(first.db);
      expect(casework).toMatchObject({ laCode: "879", source: "synthetic", synthetic: true, extractDate: "2026-11-30", rowsLeftOut: { count: 0 } });
      const rows = Object.values(casework?.rowCounts ?? {}).reduce((sum, moved) => sum + moved.added, 0);
      expect(rows).toBeGreaterThan(150_000);
    } finally {
      await first.close();
    }
    const again = await openDatabase({ dataDir, copyOf: ready });
    try {
      expect(again.copiedFrom).toBeUndefined();
    } finally {
      await again.close();
    }
  });
});
