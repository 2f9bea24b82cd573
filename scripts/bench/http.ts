import autocannon from "autocannon";
import { line, ms } from "./results.ts";
import type { Server } from "./processes.ts";

/** Load over real HTTP, as a browser's requests arrive: 10 connections at once, for a few seconds each. */

const CONNECTIONS = 10;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);

export interface Load {
  /** Requests answered a second, on average. */
  rps: number;
  /** The 99th percentile of the time to answer, in ms. */
  p99: number;
}

/** Requests `url` from 10 connections for BENCH_SECONDS seconds; every answer must be a 200. */
export async function load(url: string, cookie?: string): Promise<Load> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, ...(cookie ? { headers: { cookie } } : {}) });
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
    throw new Error(`${url}: ${String(result.non2xx)} answers other than 2xx, ${String(result.errors)} errors, ${String(result.timeouts)} timeouts`);
  }
  return { rps: result.requests.average, p99: result.latency.p99 };
}

export interface Page {
  name: string;
  path: string;
  /** The share of bare Fastify's throughput the page must reach (0.1 for 10%), or null for none. */
  share: number | null;
}

/**
 * Each page, taking turns with the bare server in the same run (so both meet the same machine):
 * its throughput as a share of bare Fastify's, and its p99 against 100 ms. Gives each page's load.
 */
export async function comparePages(where: string, server: Server, bare: Server, pages: readonly Page[], cookie: string): Promise<Map<string, Load>> {
  const loads = new Map<string, Load>();
  for (const page of pages) {
    const base = await load(`${bare.url}/`);
    const measured = await load(`${server.url}${page.path}`, cookie);
    loads.set(page.name, measured);
    const share = measured.rps / base.rps;
    const figures = `${measured.rps.toFixed(0)} req/s = ${(share * 100).toFixed(1)}% of bare ${base.rps.toFixed(0)}`;
    line(where, `${page.name}: throughput vs bare Fastify`, figures, page.share === null ? "" : `≥ ${String(page.share * 100)}%`, page.share === null ? null : share >= page.share);
    line(where, `${page.name}: p99 at ${String(CONNECTIONS)} connections`, ms(measured.p99), "under 100 ms", measured.p99 < 100);
  }
  return loads;
}

/** The embedded database's throughput as a share of PostgreSQL's, page by page: the goal is 0.8×. */
export function compareDatabases(embedded: Map<string, Load>, postgres: Map<string, Load>): void {
  for (const [name, pglite] of embedded) {
    const server = postgres.get(name);
    if (!server) continue;
    const ratio = pglite.rps / server.rps;
    line("both", `${name}: PGlite vs PostgreSQL throughput`, `${ratio.toFixed(2)}×`, "≥ 0.8×", ratio >= 0.8);
  }
}
