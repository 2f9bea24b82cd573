import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "./client.ts";
import { lockDataDir, lockFileName } from "./data-dir-lock.ts";
import { migrateDatabase } from "./migrate.ts";
import { selectRows } from "./rows.ts";

/** The embedded database served from a thread of its own, as `waymark serve` opens it. */
describe("the embedded database in a thread of its own", () => {
  let folder: string;
  const failures: Error[] = [];
  const thread = { failed: (error: Error) => void failures.push(error) };

  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), "waymark-thread-"));
  });

  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  const numbers = async (handle: DatabaseHandle) => (await selectRows(handle.db, sql`select n from probe order by n`)).map((row) => Number(row.n));

  it("starts a new data directory from the template, keeps it locked while open, and lets it go on close", async () => {
    const dataDir = join(folder, "new");
    const handle = await openDatabase({ dataDir, thread });
    try {
      expect(handle).toMatchObject({ kind: "embedded", location: dataDir });
      expect(handle.embedded).toBeUndefined();
      expect(handle.copiedFrom).toBeDefined();
      await migrateDatabase(handle);
      await handle.db.execute(sql`create table probe (n int)`);
      await handle.db.execute(sql`insert into probe values (1), (2)`);
      expect(await numbers(handle)).toEqual([1, 2]);
      await expect(openDatabase({ dataDir })).rejects.toThrow(/is already open in this process/);
    } finally {
      await handle.close();
    }
    expect(existsSync(join(dataDir, lockFileName))).toBe(false);
    expect(existsSync(join(dataDir, ".s.PGSQL.5432"))).toBe(false);
    lockDataDir(dataDir).release();

    // What the thread wrote is there for the next open, in this thread or another.
    const again = await openDatabase({ dataDir });
    try {
      expect(again.embedded).toBeDefined();
      expect(await numbers(again)).toEqual([1, 2]);
    } finally {
      await again.close();
    }
    expect(failures).toEqual([]);
  }, 60_000);

  it("clears a socket left by a server that was killed, so the directory can be backed up", async () => {
    const dataDir = join(folder, "killed");
    await (await openDatabase({ dataDir })).close();
    const socket = join(dataDir, ".s.PGSQL.5432");
    // A process that ends without closing its server leaves the socket file behind.
    spawnSync(process.execPath, ["-e", `require("node:net").createServer().listen(${JSON.stringify(socket)}, () => process.exit(0))`]);
    expect(existsSync(socket)).toBe(true);

    const handle = await openDatabase({ dataDir });
    try {
      expect(existsSync(socket)).toBe(false);
      expect((await handle.embedded?.dumpDataDir("none"))?.size).toBeGreaterThan(0);
    } finally {
      await handle.close();
    }
  }, 60_000);

  it("never shows a transaction's writes to another query before it commits, nor ever once it rolls back", async () => {
    const handle = await openDatabase({ dataDir: "memory", thread });
    try {
      await handle.db.execute(sql`create table probe (n int)`);
      let readDuring: Promise<number[]> | undefined;
      await expect(
        handle.db.transaction(async (tx) => {
          await tx.execute(sql`insert into probe values (7)`);
          readDuring = numbers(handle);
          // Time for the other query to be answered, had it been let in.
          await new Promise((resolve) => setTimeout(resolve, 200));
          await tx.execute(sql`insert into probe values (8)`);
          throw new Error("changed my mind");
        }),
      ).rejects.toThrow("changed my mind");
      expect(await readDuring).toEqual([]);
      expect(await numbers(handle)).toEqual([]);

      await handle.db.transaction(async (tx) => {
        await tx.execute(sql`insert into probe values (9)`);
        readDuring = numbers(handle);
      });
      expect(await readDuring).toEqual([9]);
    } finally {
      await handle.close();
    }
    expect(failures).toEqual([]);
  }, 60_000);

  it("answers queries side by side whose statements are too large to arrive in one read", async () => {
    const handle = await openDatabase({ dataDir: "memory", thread });
    try {
      // Each its own statement (the tag is written into it), so an answer to another's shows.
      const queries = Array.from({ length: 30 }, (_, i) => {
        const text = "x".repeat(i % 3 === 0 ? 300_000 : 1);
        return selectRows(handle.db, sql`select ${sql.raw(String(i))} as tag, length(${text}::text) as size`).then((rows) => ({ answered: rows[0], expected: { tag: i, size: text.length } }));
      });
      for (const { answered, expected } of await Promise.all(queries)) expect(answered).toEqual(expected);
    } finally {
      await handle.close();
    }
  }, 60_000);
});
