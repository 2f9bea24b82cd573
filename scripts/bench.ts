/**
 * `npm run bench`: server time of the pages with performance targets, over repeated requests.
 * Scorecard: 100 measures × 60 monthly values; a measure page with 60 points. Runs on the
 * embedded database, and on PostgreSQL too when BENCH_DATABASE_URL (or TEST_DATABASE_URL) is set.
 * Target: scorecard p95 under 100 ms on PGlite. The scorecard is cached until its data changes;
 * two lines time the pages with it built afresh, after a change before every request.
 *
 * Reports: the demo's Q1 and Q2 2025/26 progress report built from the data with every measure
 * chart, written as Word (charts drawn to PNG) and HTML; on the demo as it is, and with the
 * catalogue grown to 100 measures × 60 periods (a chart each). Target: under 2 s on PGlite.
 *
 * First start: `waymark serve` on a new embedded data directory, from starting the process to
 * /health answering, and the process's peak memory (VmHWM, where /proc shows it).
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import pg from "pg";
import { openDatabase, type DatabaseHandle } from "../src/db/client.ts";
import { migrateDatabase } from "../src/db/migrate.ts";
import { loadDemo } from "../src/demo/index.ts";
import { findUserByUsername, sessionCookieName, startSession } from "../src/modules/access/index.ts";
import * as measures from "../src/modules/measures/repository.ts";
import { currentPlanSummary } from "../src/modules/plan/index.ts";
import { docxOf, generate, listReports, writeHtml } from "../src/modules/reports/index.ts";
import { buildApp } from "../src/app/app.ts";

const MEASURES = 100;
const PERIODS = 60;
const WARM_UP = 5;
const RUNS = Number(process.env.BENCH_RUNS ?? 40);

const context = { userId: null, username: "benchmark", correlationId: "bench" };

async function seed(handle: DatabaseHandle): Promise<void> {
  await loadDemo(handle.db, context, { accounts: true });
  // Bring the catalogue to 100 measures, each with 60 months of values.
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
        const month = new Date(Date.UTC(2021, 3 + p + 1, 0));
        const periodEnd = month.toISOString().slice(0, 10);
        if (have.has(periodEnd)) continue;
        await measures.insertValue(tx, { measureId: measure.id, periodEnd, value: 50 + 10 * Math.sin(p / 3) + (p % 7), provenance: "benchmark" });
      }
    }
  });
}

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? NaN;
}

async function time(handle: DatabaseHandle, label: string): Promise<void> {
  const app = await buildApp({ db: handle.db });
  const analyst = await findUserByUsername(handle.db, "analyst");
  const session = await startSession(handle.db, analyst?.id ?? null);
  const cookies = { [sessionCookieName]: session.secret };
  const code = (await measures.listMeasures(handle.db)).find((m) => m.code.startsWith("BENCH"))?.code ?? "REREFERRALS";
  // The scorecard is cached until its data changes: the last two lines time the pages with it
  // built afresh, after a change before every request (the change itself is not timed).
  const change = async () => {
    await handle.db.execute(sql`update measure_values set note = note where id = (select min(id) from measure_values)`);
  };
  const pages: [string, string, (() => Promise<void>) | null][] = [
    ["scorecard (100 measures × 60 periods)", "/measures", null],
    [`measure page (${PERIODS} points)`, `/measures/${code}`, null],
    ["scorecard, data changed before each", "/measures", change],
    ["measure page, data changed before each", `/measures/${code}`, change],
  ];
  for (const [page, url, before] of pages) {
    const times: number[] = [];
    for (let i = 0; i < WARM_UP + RUNS; i += 1) {
      if (before) await before();
      const started = performance.now();
      const response = await app.inject({ method: "GET", url, cookies });
      const elapsed = performance.now() - started;
      if (response.statusCode !== 200) throw new Error(`${url} answered ${response.statusCode}`);
      if (i >= WARM_UP) times.push(elapsed);
    }
    times.sort((a, b) => a - b);
    console.log(`${label.padEnd(10)} ${page.padEnd(40)} p50 ${percentile(times, 50).toFixed(1).padStart(7)} ms   p95 ${percentile(times, 95).toFixed(1).padStart(7)} ms   (${RUNS} requests)`);
  }
  await app.close();
}

/** Builds the Q1 and Q2 2025/26 progress report and writes it as Word and HTML, timed end to end. */
async function timeReport(handle: DatabaseHandle, label: string, runs: number): Promise<void> {
  const plan = await currentPlanSummary(handle.db);
  const { reports } = await listReports(handle.db, plan?.id ?? null);
  const report = reports.find((r) => r.kind === "scrutiny" && r.period?.label === "Q1 and Q2 2025/26");
  if (!report) throw new Error("the demo has no Q1 and Q2 2025/26 report");
  const times: number[] = [];
  let charts = 0;
  for (let i = 0; i < 1 + runs; i += 1) {
    const started = performance.now();
    const { document } = await generate(handle.db, plan, report);
    await docxOf(document);
    writeHtml(document);
    const elapsed = performance.now() - started;
    charts = document.blocks.filter((b) => b.kind === "chart").length;
    if (i >= 1) times.push(elapsed);
  }
  times.sort((a, b) => a - b);
  console.log(`${label.padEnd(10)} ${`Q1–Q2 report, Word + HTML (${String(charts)} charts)`.padEnd(40)} p50 ${percentile(times, 50).toFixed(1).padStart(7)} ms   p95 ${percentile(times, 95).toFixed(1).padStart(7)} ms   (${String(runs)} reports)`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** The peak memory of a running process in MB, from /proc (Linux); null elsewhere. */
function peakRssMb(pid: number): number | null {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${String(pid)}/status`, "utf8"))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : null;
  } catch {
    return null;
  }
}

/** Starts `waymark serve` on a new data directory, waits for /health, reads its time and peak memory, stops it. */
async function firstStart(): Promise<{ ms: number; peakMb: number | null }> {
  const folder = mkdtempSync(join(tmpdir(), "waymark-bench-"));
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ["bin/waymark.js", "serve"], {
    env: { ...process.env, WAYMARK_DATA_DIR: join(folder, "data"), PORT: String(port), REMINDERS: "off", LOG_LEVEL: "warn" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`waymark serve stopped with status ${String(child.exitCode)}`);
      try {
        if ((await fetch(`http://127.0.0.1:${String(port)}/health`)).ok) break;
      } catch {
        // Not listening yet.
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const ms = performance.now() - started;
    return { ms, peakMb: child.pid === undefined ? null : peakRssMb(child.pid) };
  } finally {
    child.kill("SIGTERM");
    await exited;
    rmSync(folder, { recursive: true, force: true });
  }
}

async function timeFirstStart(runs: number): Promise<void> {
  const results: { ms: number; peakMb: number | null }[] = [];
  for (let i = 0; i < runs; i += 1) results.push(await firstStart());
  const times = results.map((r) => r.ms).sort((a, b) => a - b);
  const peaks = results.map((r) => r.peakMb).filter((mb): mb is number => mb !== null);
  const peak = peaks.length > 0 ? `${String(Math.max(...peaks))} MB` : "not known here";
  console.log(`${"PGlite".padEnd(10)} ${"first start, new data directory".padEnd(40)} p50 ${percentile(times, 50).toFixed(0).padStart(7)} ms   peak memory ${peak}   (${String(runs)} starts)`);
}

async function main(): Promise<void> {
  await timeFirstStart(Number(process.env.BENCH_FIRST_STARTS ?? 3));
  const demo = await openDatabase({ dataDir: "memory" });
  await migrateDatabase(demo);
  await loadDemo(demo.db, context, { accounts: true });
  await timeReport(demo, "PGlite", 10);
  await demo.close();

  const embedded = await openDatabase({ dataDir: "memory" });
  await migrateDatabase(embedded);
  await seed(embedded);
  await time(embedded, "PGlite");
  await timeReport(embedded, "PGlite", 5);
  await embedded.close();

  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!url) {
    console.log("PostgreSQL  skipped: set BENCH_DATABASE_URL to time it too");
    return;
  }
  const name = `waymark_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  try {
    const target = new URL(url);
    target.pathname = `/${name}`;
    const server = await openDatabase({ databaseUrl: target.toString() });
    await migrateDatabase(server);
    await seed(server);
    await time(server, "PostgreSQL");
    await server.close();
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

await main();
