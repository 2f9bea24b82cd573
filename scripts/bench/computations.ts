import type { DatabaseHandle } from "../../src/db/client.ts";
import { syntheticCaseRecords } from "../../src/demo/synthetic-council/index.ts";
import { computeMeasures, loadExtract, Pseudonyms } from "../../src/modules/casework/index.ts";
import { compareWithPandas } from "./pandas-comparison.ts";
import { line, ms } from "./results.ts";
import { benchContext, scratchEngines, type ScratchEngine } from "./scratch-databases.ts";

/**
 * Measures computed from case records: every definition, for every month and DfE year of the
 * synthetic council's records (April 2023 to November 2026), timed on PGlite and PostgreSQL at
 * Plymouth's size and at each scale BENCH_COMPUTE_SCALES lists ("1,10" unless set; 100 takes a long
 * load). Goals at 1×: under 1 s on PostgreSQL, under 3 s on PGlite; across scales, the time grows
 * no faster than the rows (a scaling exponent of at most 1.1). The bench process's peak memory is
 * shown beside each. Then, at the same scales, two of the measures are set beside pandas counting
 * them from the same records written as an SSD extract (pandas-comparison.ts).
 */

const key = Buffer.alloc(32, 9);
const goals: Record<ScratchEngine["where"], number> = { PGlite: 3_000, PostgreSQL: 1_000 };

/** Loads `scale` councils' worth of synthetic records, then times computing every measure from them. */
async function timeOne(handle: DatabaseHandle, scale: number): Promise<{ rows: number; ms: number }> {
  const loaded = await loadExtract(handle.db, benchContext, new Pseudonyms(key), syntheticCaseRecords({ laCode: "879", seed: 1, scale }));
  if (loaded.kind !== "loaded") throw new Error(`the synthetic records did not load: ${loaded.kind}`);
  const rows = Object.values(loaded.extract.rowCounts).reduce((sum, moved) => sum + moved.added, 0);
  const started = performance.now();
  await computeMeasures(handle.db, benchContext, "879");
  return { rows, ms: performance.now() - started };
}

/** Times every scale on one engine; gives the time at 1×, where it was timed. */
async function timeEngine({ where, open }: ScratchEngine, scales: number[]): Promise<number | undefined> {
  const timings: { scale: number; rows: number; ms: number }[] = [];
  for (const scale of scales) {
    const { handle, close } = await open();
    try {
      const timed = await timeOne(handle, scale);
      timings.push({ scale, ...timed });
      const peak = process.resourceUsage().maxRSS / 1024;
      const goal = scale === 1 ? goals[where] : undefined;
      line(where, `computed measures, ${String(scale)}× (${timed.rows.toLocaleString("en-GB")} rows)`, `${ms(timed.ms)}, bench peak ${peak.toFixed(0)} MB`, goal ? `under ${ms(goal)}` : "", goal ? timed.ms < goal : null);
    } finally {
      await close();
    }
  }
  const first = timings[0];
  const last = timings.at(-1);
  if (first && last && last.rows > first.rows) {
    const exponent = Math.log(last.ms / first.ms) / Math.log(last.rows / first.rows);
    line(where, `computed measures, scaling ${String(first.scale)}× to ${String(last.scale)}×`, `exponent ${exponent.toFixed(2)}`, "at most 1.1", exponent <= 1.1);
  }
  return timings.find((timing) => timing.scale === 1)?.ms;
}

/**
 * One council's measures computed from a store that holds other councils' records too: Plymouth's
 * size for council 879 beside `among - 1` councils' worth under another code. Every query leads with
 * the council's code, so the time should be that of 879 alone.
 */
async function timeAmong({ where, open }: ScratchEngine, among: number, alone: number | undefined): Promise<void> {
  const { handle, close } = await open();
  try {
    for (const records of [syntheticCaseRecords({ laCode: "879", seed: 1, scale: 1 }), syntheticCaseRecords({ laCode: "880", seed: 2, scale: among - 1 })]) {
      const loaded = await loadExtract(handle.db, benchContext, new Pseudonyms(key), records);
      if (loaded.kind !== "loaded") throw new Error(`the synthetic records did not load: ${loaded.kind}`);
    }
    const started = performance.now();
    await computeMeasures(handle.db, benchContext, "879");
    const took = performance.now() - started;
    const beside = alone === undefined ? "" : `, ${(took / alone).toFixed(2)}× the council alone`;
    line(where, `computed measures, one council among ${String(among)} councils' records`, `${ms(took)}${beside}`, "");
  } finally {
    await close();
  }
}

export async function timeComputations(postgresUrl: string | undefined): Promise<void> {
  const scales = (process.env.BENCH_COMPUTE_SCALES ?? "1,10").split(",").map(Number).filter((n) => Number.isInteger(n) && n > 0);
  // BENCH_COMPUTE_ENGINES=PostgreSQL leaves PGlite out: at 100× its load takes far longer than PostgreSQL's.
  const named = (process.env.BENCH_COMPUTE_ENGINES ?? "PGlite,PostgreSQL").split(",");
  const engines = scratchEngines(postgresUrl).filter((engine) => named.includes(engine.where));
  // BENCH_COMPUTE_AMONG=N (0 for none): one council's measures beside N − 1 councils' worth of others' records.
  const among = Number(process.env.BENCH_COMPUTE_AMONG ?? "10");
  for (const engine of engines) {
    const alone = await timeEngine(engine, scales);
    if (Number.isInteger(among) && among > 1) await timeAmong(engine, among, alone);
  }
  if (!postgresUrl) line("PostgreSQL", "computed measures skipped: set BENCH_DATABASE_URL to time them too", "");
  // BENCH_PANDAS_SCALES: the scales compared with pandas, when not all of them (writing and importing 100× as files takes long).
  const compared = process.env.BENCH_PANDAS_SCALES === undefined ? scales : process.env.BENCH_PANDAS_SCALES.split(",").map(Number).filter((n) => scales.includes(n));
  await compareWithPandas(engines, compared);
}
