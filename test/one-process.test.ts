import type { ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { amcheck } from "@electric-sql/pglite/contrib/amcheck";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lockDataDir, lockFileName } from "../src/db/data-dir-lock.ts";
import { freePort, runWaymark, startServer, stopServer } from "./support/waymark-process.ts";

/**
 * The server and the command line on one embedded database. Two processes that both open it each
 * write their own pages: the command said "10 added", the server never saw the rows, and after a
 * restart rows were gone and a primary-key index no longer matched its table.
 */
describe("the command line while the server has the embedded database open", () => {
  let folder: string;
  let dataDir: string;
  let valuesFile: string;
  let server: ChildProcess | undefined;

  const months = ["01-31", "02-28", "03-31", "04-30", "05-31", "06-30", "07-31", "08-31", "09-30", "10-31"];

  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), "waymark-one-process-"));
    dataDir = join(folder, "data");
    valuesFile = join(folder, "mash-2023.csv");
    writeFileSync(valuesFile, ["measure_code,period_end,value", ...months.map((m, i) => `MASH-REFERRALS,2023-${m},${400 + i}`)].join("\n"));
  });

  afterAll(async () => {
    if (server && server.exitCode === null) await stopServer(server);
    rmSync(folder, { recursive: true, force: true });
  });

  it("refuses the import while the server runs, applies it once the server has stopped, and leaves the database consistent", async () => {
    const port = await freePort();
    const environment = { WAYMARK_DATA_DIR: dataDir, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "info" };

    server = await startServer(environment);
    const refused = await runWaymark(["import", "values", valuesFile], { WAYMARK_DATA_DIR: dataDir });
    expect(refused.status).toBe(2);
    expect(refused.stdout).not.toContain("added");
    expect(refused.stderr).toContain(`is open in another Waymark process (process ${server.pid}, "waymark serve", since `);
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    expect((await stopServer(server)).status).toBe(0);
    expect(existsSync(join(dataDir, lockFileName))).toBe(false);

    // Had the refused import written anything, this one would find the rows already there.
    const applied = await runWaymark(["import", "values", valuesFile], { WAYMARK_DATA_DIR: dataDir });
    expect(applied.stderr).toBe("");
    expect(applied.stdout).toContain("Imported mash-2023.csv: 10 added, 0 changed, 0 unchanged.");
    expect(applied.status).toBe(0);

    server = await startServer(environment);
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    expect((await stopServer(server)).status).toBe(0);

    const lock = lockDataDir(dataDir);
    const database = new PGlite(dataDir, { extensions: { amcheck } });
    try {
      await database.exec("create extension if not exists amcheck");
      const imported = await database.query<{ count: number }>(
        "select count(*)::int as count from measure_values v join measures m on m.id = v.measure_id where m.code = 'MASH-REFERRALS' and v.period_end between '2023-01-01' and '2023-12-31'",
      );
      expect(imported.rows[0]?.count).toBe(10);

      // Every B-tree index checked against its table, every row found in it (amcheck's heapallindexed).
      const indexes = await database.query<{ name: string }>(
        "select c.relname as name from pg_index i join pg_class c on c.oid = i.indexrelid join pg_namespace n on n.oid = c.relnamespace join pg_am a on a.oid = c.relam where n.nspname = 'public' and a.amname = 'btree'",
      );
      expect(indexes.rows.length).toBeGreaterThan(10);
      for (const { name } of indexes.rows) await database.query("select bt_index_check($1::regclass, true)", [`public.${name}`]);

      // And the count read from each table agrees with the count read from its primary key.
      for (const table of ["measure_values", "audit_events"]) {
        await database.exec("set enable_indexscan = off; set enable_bitmapscan = off; set enable_indexonlyscan = off");
        const fromTable = await database.query<{ count: number }>(`select count(*)::int as count from ${table}`);
        await database.exec("set enable_seqscan = off; set enable_indexonlyscan = on; set enable_indexscan = on");
        const fromIndex = await database.query<{ count: number }>(`select count(*)::int as count from ${table} where id is not null`);
        await database.exec("reset all");
        expect(fromIndex.rows[0]?.count, table).toBe(fromTable.rows[0]?.count);
      }
    } finally {
      await database.close();
      lock.release();
    }
  }, 120_000);
});
