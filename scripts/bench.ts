/**
 * `npm run bench`: Waymark's performance goals, each printed with what was measured, its target and
 * whether it is met. Run it on a quiet machine; PostgreSQL is timed too when BENCH_DATABASE_URL (or
 * TEST_DATABASE_URL) is set. BENCH_SECONDS sets each HTTP load's length (5), BENCH_RUNS the requests
 * of each in-process timing (40), BENCH_FIRST_STARTS the first starts timed (3).
 *
 * - The command line: `waymark help`, under 0.5 s.
 * - First start: `waymark serve` on a new embedded data directory, from starting the process to
 *   /health answering (under 5 s), and the process's peak memory (VmHWM; under 400 MB).
 * - Pages over real HTTP (autocannon, 10 connections, a signed-in viewer), each taking turns with a
 *   bare Fastify server in the same run: the scorecard at ≥ 10% of bare Fastify's throughput, the
 *   measure and plan pages at ≥ 15%, p99 under 100 ms, and PGlite at ≥ 0.8× PostgreSQL; on the
 *   demonstration with the catalogue grown to 100 measures × 60 months.
 * - Server time in the process: the pages cached, and built afresh after one value changes (the
 *   measure page then under 20 ms).
 * - Reports: the Q1–Q2 2025/26 Scrutiny report as Word and HTML with all its charts (under 1 s), and
 *   with a chart for each of 100 measures (under 3 s).
 * - Case records: an SSDA903 return of a million episodes (BENCH_IMPORT_ROWS) imported by `waymark
 *   import ssda903` at ≥ 50% of csv-parse's own rows a second over the same file, and its peak memory.
 * - Computed measures: every definition over the synthetic council's records at 1× (under 3 s on
 *   PGlite, 1 s on PostgreSQL) and the scales BENCH_COMPUTE_SCALES lists, with the scaling exponent;
 *   and re-referrals and children looked after at 31 March computed from the same records written
 *   as an SSD extract and imported, beside pandas counting them from the same files (the ratio of
 *   the times, and every year's figures the same), when a python3 with pandas is installed.
 *
 * BENCH_ONLY runs only the steps it names, with commas: command, first-start, imports, computations,
 * in-process (reports and server time), http.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { openDatabase, type DatabaseHandle } from "../src/db/client.ts";
import { migrateDatabase } from "../src/db/migrate.ts";
import { loadDemo } from "../src/demo/index.ts";
import { sessionCookieName } from "../src/modules/access/index.ts";
import { currentPlanSummary } from "../src/modules/plan/index.ts";
import { docxOf, generate, listReports, writeHtml } from "../src/modules/reports/index.ts";
import { buildApp } from "../src/app/app.ts";
import { timeComputations } from "./bench/computations.ts";
import { timeImports } from "./bench/imports.ts";
import { benchMeasureCode, embeddedBenchDatabase, loadBenchData, PERIODS, postgresBenchDatabase, viewerSession, type BenchDatabase } from "./bench/data.ts";
import { compareDatabases, comparePages, type Load, type Page } from "./bench/http.ts";
import { peakRssMb, startBareFastify, startWaymark, type Server } from "./bench/processes.ts";
import { line, ms, spread, summary } from "./bench/results.ts";

const WARM_UP = 5;
const RUNS = Number(process.env.BENCH_RUNS ?? 40);

function timeHelp(runs: number): void {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    const result = spawnSync(process.execPath, ["bin/waymark.js", "help"], { encoding: "utf8" });
    if (result.status !== 0) throw new Error(`waymark help stopped with status ${String(result.status)}`);
    times.push(performance.now() - started);
  }
  const { p50 } = spread(times);
  line("command", "waymark help", `p50 ${ms(p50)} (${String(runs)} runs)`, "under 500 ms", p50 < 500);
}

async function timeFirstStarts(runs: number): Promise<void> {
  const times: number[] = [];
  const peaks: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const folder = mkdtempSync(join(tmpdir(), "waymark-bench-"));
    const started = performance.now();
    const server = await startWaymark({ WAYMARK_DATA_DIR: join(folder, "data") });
    times.push(performance.now() - started);
    const peak = server.child.pid === undefined ? null : peakRssMb(server.child.pid);
    if (peak !== null) peaks.push(peak);
    await server.stop();
    rmSync(folder, { recursive: true, force: true });
  }
  const { p50 } = spread(times);
  line("PGlite", "first start, new data directory", `p50 ${ms(p50)} (${String(runs)} starts)`, "under 5 s", p50 < 5000);
  if (peaks.length > 0) line("PGlite", "first start, peak memory", `${String(Math.max(...peaks))} MB`, "under 400 MB", Math.max(...peaks) < 400);
}

/** The pages with goals, and /health (the least a request can cost here) for comparison. */
function pagesOf(measureCode: string): Page[] {
  return [
    { name: "/health", path: "/health", share: null },
    { name: "scorecard", path: "/measures", share: 0.1 },
    { name: "measure page", path: `/measures/${measureCode}`, share: 0.15 },
    { name: "plan page", path: "/", share: 0.15 },
    { name: "priority page", path: "/priorities/1", share: 0.15 },
  ];
}

/** Serves `database` with `waymark serve` and loads each page over HTTP beside a bare Fastify server. */
async function overHttp(where: string, database: BenchDatabase, bare: Server): Promise<Map<string, Load>> {
  const server = await startWaymark(database.env);
  try {
    return await comparePages(where, server, bare, pagesOf(database.measureCode), `${sessionCookieName}=${database.session}`);
  } finally {
    await server.stop();
  }
}

/** Server time in the process (no network): each page cached, and built afresh after one value changes before every request. */
async function timeInProcess(handle: DatabaseHandle, where: string): Promise<void> {
  const app = await buildApp({ db: handle.db });
  const cookies = { [sessionCookieName]: await viewerSession(handle) };
  const code = await benchMeasureCode(handle);
  // One of the measure's own values changes: its row, page and chart are built again, no other measure's.
  const change = async () => {
    await handle.db.execute(sql`update measure_values set note = note where id = (select min(v.id) from measure_values v join measures m on m.id = v.measure_id where m.code = ${code})`);
  };
  const pages: [string, string, (() => Promise<void>) | null, number | null][] = [
    ["scorecard, cached", "/measures", null, null],
    [`measure page (${String(PERIODS)} points), cached`, `/measures/${code}`, null, null],
    ["scorecard, one measure's value changed before each", "/measures", change, null],
    ["measure page, its value changed before each", `/measures/${code}`, change, 20],
  ];
  for (const [page, url, before, target] of pages) {
    const times: number[] = [];
    for (let i = 0; i < WARM_UP + RUNS; i += 1) {
      if (before) await before();
      const started = performance.now();
      const response = await app.inject({ method: "GET", url, cookies });
      const elapsed = performance.now() - started;
      if (response.statusCode !== 200) throw new Error(`${url} answered ${String(response.statusCode)}`);
      if (i >= WARM_UP) times.push(elapsed);
    }
    const { p50, p95 } = spread(times);
    line(where, `${page}, server time`, `p50 ${ms(p50)}, p95 ${ms(p95)}`, target === null ? "" : `under ${String(target)} ms`, target === null ? null : p50 < target);
  }
  await app.close();
}

/**
 * Builds the Q1 and Q2 2025/26 progress report and writes it as Word and HTML, timed end to end:
 * the first time (every chart drawn) and again (the charts' pictures kept, as for an issue after
 * its preview).
 */
async function timeReport(handle: DatabaseHandle, where: string, runs: number, targetMs: number): Promise<void> {
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
    times.push(performance.now() - started);
    charts = document.blocks.filter((b) => b.kind === "chart").length;
  }
  const what = `Q1–Q2 report, Word + HTML (${String(charts)} charts)`;
  const [cold = NaN, ...warm] = times;
  line(where, `${what}, charts drawn`, ms(cold), `under ${ms(targetMs)}`, cold < targetMs);
  const { p50, p95 } = spread(warm);
  line(where, `${what}, charts kept`, `p50 ${ms(p50)}, p95 ${ms(p95)}`, `under ${ms(targetMs)}`, p50 < targetMs);
}

/** The reports on the demonstration, and the pages' server time and reports with the catalogue grown. */
async function timeInProcessSteps(): Promise<void> {
  const demo = await openDatabase({ dataDir: "memory" });
  await migrateDatabase(demo);
  await loadDemo(demo.db, { userId: null, username: "benchmark", correlationId: "bench" }, { accounts: true });
  await timeReport(demo, "PGlite", 10, 1000);
  await demo.close();

  const grown = await openDatabase({ dataDir: "memory" });
  await loadBenchData(grown);
  await timeInProcess(grown, "PGlite");
  await timeReport(grown, "PGlite", 5, 3000);
  await grown.close();
}

/** The pages over HTTP beside bare Fastify, on PGlite and then PostgreSQL. */
async function timeOverHttp(url: string | undefined): Promise<void> {
  const bare = await startBareFastify();
  const folder = mkdtempSync(join(tmpdir(), "waymark-bench-"));
  try {
    const embedded = await overHttp("PGlite", await embeddedBenchDatabase(join(folder, "data")), bare);
    if (!url) {
      line("PostgreSQL", "skipped: set BENCH_DATABASE_URL to time it too", "");
      return;
    }
    const database = await postgresBenchDatabase(url);
    try {
      compareDatabases(embedded, await overHttp("PostgreSQL", database, bare));
    } finally {
      await database.drop();
    }
  } finally {
    await bare.stop();
    rmSync(folder, { recursive: true, force: true });
  }
}

const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;

/** The bench's steps, in the order they run, by the names BENCH_ONLY takes. */
const steps: Record<string, () => Promise<void> | void> = {
  command: () => timeHelp(5),
  "first-start": () => timeFirstStarts(Number(process.env.BENCH_FIRST_STARTS ?? 3)),
  imports: () => timeImports(url),
  computations: () => timeComputations(url),
  "in-process": timeInProcessSteps,
  http: () => timeOverHttp(url),
};

/** BENCH_ONLY: the steps to run, named with commas ("computations,imports"); every step when unset. */
function chosenSteps(): string[] {
  const named = (process.env.BENCH_ONLY ?? "").split(",").map((name) => name.trim()).filter((name) => name !== "");
  const unknown = named.filter((name) => !Object.hasOwn(steps, name));
  if (unknown.length > 0) throw new Error(`BENCH_ONLY names no step called ${unknown.join(", ")}; the steps are ${Object.keys(steps).join(", ")}`);
  return named.length > 0 ? Object.keys(steps).filter((name) => named.includes(name)) : Object.keys(steps);
}

for (const name of chosenSteps()) await steps[name]?.();
summary();
