import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, createReadStream, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse";
import pg from "pg";
import { fileLimits } from "../../src/core/upload-limits.ts";
import { Random } from "../../src/demo/synthetic-council/random.ts";
import { peakRssMb } from "./processes.ts";
import { line } from "./results.ts";

/**
 * Case-record imports at scale: an SSDA903 return of a million episodes (BENCH_IMPORT_ROWS sets
 * how many), imported by `waymark import ssda903` as a council runs it, timed from the process's
 * start to its exit. Its rows a second are set beside the rows a second csv-parse alone reads from
 * the same episodes file (the goal: at least half), and the importing process's peak memory is
 * shown beside them.
 */

const waymark = fileURLToPath(new URL("../../bin/waymark.js", import.meta.url));
const projectRoot = fileURLToPath(new URL("../../", import.meta.url));

/** Each child has this many episodes, one after another. */
const EPISODES_PER_CHILD = 4;
/** The goal: an import reads, checks and stores episodes at least at this share of the raw parser's speed. */
const GOAL = 0.5;


const dayMs = 86_400_000;
/** A day counted from 1 January 1970, written as the return writes dates: dd/mm/yyyy. */
function ukDay(day: number): string {
  const iso = new Date(day * dayMs).toISOString();
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}
const dayOf = (year: number, month: number, date: number) => Date.UTC(year, month - 1, date) / dayMs;

/** Writes `lines` to a file a batch at a time, never the whole file in memory. */
function writeLines(path: string, heading: string, lines: Iterable<string>): void {
  const fd = openSync(path, "w");
  try {
    writeSync(fd, `${heading}\n`);
    let batch: string[] = [];
    for (const each of lines) {
      batch.push(each);
      if (batch.length === 10_000) {
        writeSync(fd, `${batch.join("\n")}\n`);
        batch = [];
      }
    }
    if (batch.length > 0) writeSync(fd, `${batch.join("\n")}\n`);
  } finally {
    closeSync(fd);
  }
}

const pick = <T>(random: () => number, list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;

/**
 * Writes a valid SSDA903 return of `episodes` episode rows in `folder`: header.csv, one row a
 * child (with a UPN, which the import drops), and episodes.csv, four episodes a child, each
 * beginning the day the one before it ended; a child's last episode is still open half the time.
 */
export function writeReturn(folder: string, episodes: number): { header: string; episodes: string } {
  const children = Math.ceil(episodes / EPISODES_PER_CHILD);
  const stream = new Random("benchmark return", 903);
  const random = () => stream.uniform();
  const childId = (n: number) => `C${String(n).padStart(8, "0")}`;
  const header = join(folder, "header.csv");
  writeLines(
    header,
    "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB",
    (function* () {
      for (let n = 0; n < children; n += 1) {
        const born = dayOf(2006, 1, 1) + Math.floor(random() * 14 * 365);
        yield `${childId(n)},${pick(random, ["1", "2"])},${ukDay(born)},${pick(random, ["WBRI", "WOTH", "MWBC", "ABAN", "BAFR", "OOTH"])},A${String(100_000_000_000 + n)},,`;
      }
    })(),
  );
  const path = join(folder, "episodes.csv");
  writeLines(
    path,
    "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN,PL_LA,PL_DISTANCE,PL_LOCATION",
    (function* () {
      let written = 0;
      for (let n = 0; written < episodes; n += 1) {
        let start = dayOf(2019, 4, 1) + Math.floor(random() * 5 * 365);
        for (let e = 0; e < EPISODES_PER_CHILD && written < episodes; e += 1, written += 1) {
          const last = e === EPISODES_PER_CHILD - 1 || written === episodes - 1;
          const open = last && random() < 0.5;
          const end = start + 7 + Math.floor(random() * 300);
          const place = `${pick(random, ["U1", "U3", "U4", "U6", "K2", "R1", "P1", "H5", "S1"])},${pick(random, ["PR1", "PR2", "PR4"])}`;
          const ended = open ? "," : `${ukDay(end)},${last ? pick(random, ["E11", "E12", "E13", "E41", "E8"]) : "X1"}`;
          const change = e === 0 ? "" : pick(random, ["CARPL", "LAREQ", "CHILD", "PLACE"]);
          const where = `PL1 ${String(1 + (n % 9))}AB,PL${String(1 + (n % 7))} 2CD,SC${String(100_000 + (n % 899_999))},E06000026,${(random() * 40).toFixed(1)},${random() < 0.8 ? "IN" : "OUT"}`;
          yield `${childId(n)},${ukDay(start)},${e === 0 ? "S" : "P"},${pick(random, ["C1", "C2", "J2", "V2", "E1"])},${pick(random, ["N1", "N2", "N4", "N8"])},${place},${ended},${change},${where}`;
          start = end;
        }
      }
    })(),
  );
  return { header, episodes: path };
}

/** Reads a CSV file as the importers do (a read stream piped to csv-parse), counting its records: seconds taken and rows below the headings. */
async function rawParse(path: string): Promise<{ seconds: number; rows: number }> {
  const started = performance.now();
  let records = 0;
  const parser = createReadStream(path).pipe(parse({ bom: true, relax_column_count: true, max_record_size: fileLimits.lineCharacters }));
  for await (const record of parser) if (record) records += 1;
  return { seconds: (performance.now() - started) / 1000, rows: records - 1 };
}

/** Runs `waymark` with `args` in `env`, timed from its start to its exit, with its peak memory read while it runs. */
async function runWaymark(args: string[], env: Record<string, string>): Promise<{ seconds: number; peakMb: number | null; output: string }> {
  const started = performance.now();
  const child = spawn(process.execPath, [waymark, ...args], { cwd: projectRoot, env: { ...process.env, LOG_LEVEL: "warn", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  // VmHWM is gone once the process ends: read it while it runs and keep the highest.
  let peakMb: number | null = null;
  const poll = setInterval(() => {
    const now = child.pid === undefined ? null : peakRssMb(child.pid);
    if (now !== null) peakMb = Math.max(peakMb ?? 0, now);
  }, 50);
  const status = await new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  clearInterval(poll);
  const seconds = (performance.now() - started) / 1000;
  if (status !== 0) throw new Error(`waymark ${args.join(" ")} stopped with status ${String(status)}:\n${output}`);
  return { seconds, peakMb, output };
}

/** Migrates the database `env` names, then imports the return into it and prints its rows a second and peak memory. */
async function timeImport(where: string, env: Record<string, string>, files: { header: string; episodes: string }, rows: number, rawRate: number): Promise<void> {
  const migrated = spawnSync(process.execPath, [waymark, "migrate"], { cwd: projectRoot, env: { ...process.env, ...env }, encoding: "utf8" });
  if (migrated.status !== 0) throw new Error(`waymark migrate stopped with status ${String(migrated.status)}: ${migrated.stderr}`);
  const { seconds, peakMb, output } = await runWaymark(["import", "ssda903", files.header, files.episodes, "--year", "2025", "--la", "879"], { CASEWORK_KEY: randomBytes(32).toString("hex"), ...env });
  if (!output.startsWith("Imported")) throw new Error(`the return was not imported:\n${output}`);
  const rate = rows / seconds;
  const share = rate / rawRate;
  line(where, `SSDA903 import, ${rows.toLocaleString("en-GB")} episodes`, `${Math.round(rate).toLocaleString("en-GB")} rows/s (${seconds.toFixed(1)} s), ${(share * 100).toFixed(0)}% of raw`, `≥ ${String(GOAL * 100)}% of raw`, share >= GOAL);
  line(where, "SSDA903 import, peak memory", peakMb === null ? "not readable here" : `${String(peakMb)} MB`, "—");
}

/** A new, empty database on the PostgreSQL server at `url`, and how to drop it. */
export async function scratchPostgres(url: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `waymark_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  return {
    url: target.toString(),
    async drop() {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/**
 * Writes the return, times csv-parse over its episodes, and times its import on a new embedded
 * data directory and, when `postgresUrl` is given, on a new PostgreSQL database beside it.
 */
export async function timeImports(postgresUrl: string | undefined): Promise<void> {
  const rows = Number(process.env.BENCH_IMPORT_ROWS ?? 1_000_000);
  const folder = mkdtempSync(join(tmpdir(), "waymark-bench-import-"));
  try {
    const files = writeReturn(folder, rows);
    const raw = await rawParse(files.episodes);
    if (raw.rows !== rows) throw new Error(`episodes.csv has ${String(raw.rows)} rows, not ${String(rows)}`);
    const rawRate = rows / raw.seconds;
    line("both", `csv-parse alone, ${rows.toLocaleString("en-GB")} episodes`, `${Math.round(rawRate).toLocaleString("en-GB")} rows/s (${raw.seconds.toFixed(1)} s)`);
    await timeImport("PGlite", { DATABASE_URL: "", WAYMARK_DATA_DIR: join(folder, "data") }, files, rows, rawRate);
    if (!postgresUrl) {
      line("PostgreSQL", "import skipped: set BENCH_DATABASE_URL to time it too", "");
      return;
    }
    const database = await scratchPostgres(postgresUrl);
    try {
      await timeImport("PostgreSQL", { DATABASE_URL: database.url }, files, rows, rawRate);
    } finally {
      await database.drop();
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
