import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database, type DatabaseHandle } from "../src/db/client.ts";
import { migrationsFolder } from "../src/db/migrate.ts";
import { selectRows } from "../src/db/rows.ts";
import { listDemoUsers } from "../src/modules/access/index.ts";
import { hasAnyPlan } from "../src/modules/plan/index.ts";
import { openDemoDatabase } from "./support/demo.ts";

const journal = JSON.parse(readFileSync(join(migrationsFolder, "meta", "_journal.json"), "utf8")) as { entries: unknown[] };

async function count(db: Database, table: string): Promise<number> {
  const [row] = await selectRows(db, sql.raw(`select count(*)::int as count from ${table}`));
  return Number(row?.count);
}

describe("the databases tests open", () => {
  const open: DatabaseHandle[] = [];
  afterAll(async () => {
    for (const handle of open) await handle.close();
  });

  it("opens an in-memory database already migrated by every migration, and empty", async () => {
    const handle = await openDatabase({ dataDir: "memory" });
    open.push(handle);
    expect(await count(handle.db, "drizzle.__drizzle_migrations")).toBe(journal.entries.length);
    expect(await hasAnyPlan(handle.db)).toBe(false);
    expect(await count(handle.db, "users")).toBe(0);
    expect(await count(handle.db, "audit_events")).toBe(0);
  });

  describe("the demonstration", () => {
    let first: DatabaseHandle;
    let second: DatabaseHandle;
    beforeAll(async () => {
      first = await openDemoDatabase();
      second = await openDemoDatabase();
      open.push(first, second);
    });

    it("opens migrated and holding the demo plan and its accounts", async () => {
      expect(await count(first.db, "drizzle.__drizzle_migrations")).toBe(journal.entries.length);
      expect(await hasAnyPlan(first.db)).toBe(true);
      expect((await listDemoUsers(first.db)).map((u) => u.username)).toEqual(expect.arrayContaining(["admin", "editor", "lead", "approver", "analyst", "quality", "viewer"]));
    });

    it("gives each opening its own copy: a change in one is not seen in another, nor in a copy opened after", async () => {
      const changedIn = async (db: Database) => Number((await selectRows(db, sql`select count(*)::int as count from milestones where text = 'changed in one copy'`))[0]?.count);
      await first.db.execute(sql`update milestones set text = 'changed in one copy'`);
      expect(await changedIn(first.db)).toBe(await count(first.db, "milestones"));
      expect(await changedIn(second.db)).toBe(0);
      const third = await openDemoDatabase();
      open.push(third);
      expect(await changedIn(third.db)).toBe(0);
      expect(await count(third.db, "milestones")).toBeGreaterThan(0);
    });
  });
});
