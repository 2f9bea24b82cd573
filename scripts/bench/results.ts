/** How the benchmark prints what it measured: one line a goal, with its target and whether it is met. */

export function percentile(sorted: readonly number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? NaN;
}

/** The middle and the 95th percentile of some timings, in milliseconds. */
export function spread(times: number[]): { p50: number; p95: number } {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
}

export const ms = (value: number): string => `${value < 100 ? value.toFixed(1) : value.toFixed(0)} ms`;

const met: string[] = [];
const missed: string[] = [];

/**
 * Prints one measurement: where (PGlite, PostgreSQL, both), what, the figures, and the target with
 * "met" or "MISSED" when it has one (null when it has none).
 */
export function line(where: string, what: string, measured: string, target = "", ok: boolean | null = null): void {
  const verdict = ok === null ? "" : ok ? "  met" : "  MISSED";
  console.log(`${where.padEnd(11)} ${what.padEnd(52)} ${measured.padEnd(44)} ${target ? `target ${target}` : ""}${verdict}`);
  if (ok !== null) (ok ? met : missed).push(`${where} ${what}`);
}

/** The closing tally: how many goals were met, and which were not. */
export function summary(): void {
  console.log(`\n${String(met.length)} of ${String(met.length + missed.length)} targets met.`);
  for (const goal of missed) console.log(`  missed: ${goal}`);
}
