import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDemo } from "../demo/index.ts";
import { hasAnyPlan } from "../modules/plan/index.ts";
import { openDatabase, type Database } from "./client.ts";
import { migrateDatabase, migrationsFolder } from "./migrate.ts";
import { selectRows } from "./rows.ts";
import { currentTemplate, migrationsHash, templateName } from "./template.ts";

const context = { userId: null, username: "test", correlationId: "template-test" };
const journal = JSON.parse(readFileSync(join(migrationsFolder, "meta", "_journal.json"), "utf8")) as { entries: { tag: string }[] };

async function appliedMigrations(db: Database): Promise<number> {
  const rows = await selectRows(db, sql`select count(*)::int as count from drizzle.__drizzle_migrations`);
  return Number(rows[0]?.count ?? 0);
}

describe("a new embedded database starts from the migrated template", () => {
  let folder: string;
  let templateDir: string;

  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), "waymark-template-"));
    templateDir = join(folder, "cache");
  });

  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it("makes the template on first use, and a new data directory opens from it already migrated; the demo loads into it", async () => {
    const dataDir = join(folder, "new-data");
    const handle = await openDatabase({ dataDir, templateDir });
    try {
      expect(readdirSync(templateDir)).toEqual([templateName()]);
      expect(existsSync(join(dataDir, "PG_VERSION"))).toBe(true);
      // Every committed migration is there before migrate runs: the schema came from the template.
      expect(await appliedMigrations(handle.db)).toBe(journal.entries.length);
      await migrateDatabase(handle);
      expect(await appliedMigrations(handle.db)).toBe(journal.entries.length);
      expect(await hasAnyPlan(handle.db)).toBe(false);
      // The plan is what shows the data went in; the synthetic case records are the demo template's to test.
      await loadDemo(handle.db, context, { accounts: true, caseworkScale: 0 });
      expect(await hasAnyPlan(handle.db)).toBe(true);
    } finally {
      await handle.close();
    }
    // The data was written to the directory: opened again, the demo is still there.
    const again = await openDatabase({ dataDir, templateDir });
    try {
      expect(await hasAnyPlan(again.db)).toBe(true);
    } finally {
      await again.close();
    }
  }, 180_000);

  it("leaves a data directory that already holds a database as it is", async () => {
    const dataDir = join(folder, "existing-data");
    const existing = await openDatabase({ dataDir, templateDir });
    try {
      await migrateDatabase(existing);
      await existing.db.execute(sql`create table kept_here (note text)`);
      await existing.db.execute(sql`insert into kept_here values ('written before')`);
    } finally {
      await existing.close();
    }
    // Another template folder, empty: were the directory made again, a template would be made there.
    const unused = join(folder, "unused-cache");
    mkdirSync(unused);
    const reopened = await openDatabase({ dataDir, templateDir: unused });
    try {
      const rows = await selectRows(reopened.db, sql`select note from kept_here`);
      expect(rows.map((r) => r.note)).toEqual(["written before"]);
    } finally {
      await reopened.close();
    }
    expect(readdirSync(unused)).toEqual([]);
  }, 180_000);

  it("makes a new template when the migrations change, and removes the stale one", async () => {
    const before = templateName();
    await currentTemplate(templateDir);
    expect(readdirSync(templateDir)).toEqual([before]);

    // The same migrations with one more: a table the committed ones do not make.
    const changed = join(folder, "migrations");
    cpSync(migrationsFolder, changed, { recursive: true });
    writeFileSync(join(changed, "9999_probe.sql"), "CREATE TABLE template_probe (id integer);\n");
    const changedJournal = structuredClone(journal) as { entries: Record<string, unknown>[] };
    changedJournal.entries.push({ idx: changedJournal.entries.length, version: "7", when: Date.now(), tag: "9999_probe", breakpoints: true });
    writeFileSync(join(changed, "meta", "_journal.json"), JSON.stringify(changedJournal));
    expect(migrationsHash(changed)).not.toBe(migrationsHash());

    const template = await currentTemplate(templateDir, changed);
    expect(readdirSync(templateDir)).toEqual([templateName(changed)]);
    const probe = new PGlite(template);
    try {
      const found = await probe.query<{ name: string | null }>("select to_regclass('public.template_probe')::text as name");
      expect(found.rows[0]?.name).toBe("template_probe");
    } finally {
      await probe.close();
    }
  }, 180_000);
});
