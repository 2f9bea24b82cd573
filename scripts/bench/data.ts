import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, type DatabaseHandle } from "../../src/db/client.ts";
import { migrateDatabase } from "../../src/db/migrate.ts";
import { loadDemo } from "../../src/demo/index.ts";
import { findUserByUsername, startSession } from "../../src/modules/access/index.ts";
import * as measures from "../../src/modules/measures/repository.ts";

/** The data the benchmark runs on: the demonstration, with the catalogue grown to 100 measures × 60 months. */

export const MEASURES = 100;
export const PERIODS = 60;

const context = { userId: null, username: "benchmark", correlationId: "bench" };

/** The demonstration, and measures made up to bring the catalogue to 100, each with 60 months of values. */
export async function loadBenchData(handle: DatabaseHandle): Promise<void> {
  await migrateDatabase(handle);
  await loadDemo(handle.db, context, { accounts: true });
  const existing = await measures.listMeasures(handle.db);
  await handle.db.transaction(async (tx) => {
    for (let m = existing.length; m < MEASURES; m += 1) {
      await measures.insertMeasure(tx, {
        code: `BENCH-${String(m).padStart(3, "0")}`,
        title: `Benchmark measure ${m}`,
        definition: "A measure made up for timing the scorecard.",
        unit: "percentage",
        polarity: m % 2 ? "higher-better" : "lower-better",
        frequency: "monthly",
        decimals: 1,
      });
    }
  });
  const all = await measures.listMeasures(handle.db);
  const values = await measures.listValues(handle.db);
  await handle.db.transaction(async (tx) => {
    for (const measure of all) {
      const have = new Set(values.filter((v) => v.measureId === measure.id).map((v) => v.periodEnd));
      for (let p = 0; p < PERIODS; p += 1) {
        const periodEnd = new Date(Date.UTC(2021, 3 + p + 1, 0)).toISOString().slice(0, 10);
        if (have.has(periodEnd)) continue;
        await measures.insertValue(tx, { measureId: measure.id, periodEnd, value: 50 + 10 * Math.sin(p / 3) + (p % 7), provenance: "benchmark" });
      }
    }
  });
}

/** A signed-in viewer's session: the cookie's secret. */
export async function viewerSession(handle: DatabaseHandle): Promise<string> {
  const viewer = await findUserByUsername(handle.db, "viewer");
  return (await startSession(handle.db, viewer?.id ?? null)).secret;
}

/** A made-up measure with its 60 months, for the measure page. */
export async function benchMeasureCode(handle: DatabaseHandle): Promise<string> {
  return (await measures.listMeasures(handle.db)).find((m) => m.code.startsWith("BENCH"))?.code ?? "REREFERRALS";
}

export interface BenchDatabase {
  /** What `waymark serve` is started with to use it. */
  env: Record<string, string>;
  session: string;
  measureCode: string;
  drop(): Promise<void>;
}

/** An embedded data directory in `dir` holding the benchmark's data, closed for `waymark serve` to open. */
export async function embeddedBenchDatabase(dir: string): Promise<BenchDatabase> {
  const handle = await openDatabase({ dataDir: dir });
  try {
    await loadBenchData(handle);
    return { env: { WAYMARK_DATA_DIR: dir }, session: await viewerSession(handle), measureCode: await benchMeasureCode(handle), drop: async () => undefined };
  } finally {
    await handle.close();
  }
}

/** A new database on the PostgreSQL server at `url` holding the benchmark's data; `drop` removes it. */
export async function postgresBenchDatabase(url: string): Promise<BenchDatabase> {
  const name = `waymark_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const drop = async () => {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  };
  try {
    const target = new URL(url);
    target.pathname = `/${name}`;
    const handle = await openDatabase({ databaseUrl: target.toString() });
    try {
      await loadBenchData(handle);
      return { env: { DATABASE_URL: target.toString() }, session: await viewerSession(handle), measureCode: await benchMeasureCode(handle), drop };
    } finally {
      await handle.close();
    }
  } catch (error) {
    await drop();
    throw error;
  }
}
