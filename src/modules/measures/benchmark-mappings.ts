import { derivedValue, type BenchmarkMapping, type PublishedRow } from "./dfe.ts";
import type { BenchmarkRow, MappingRow } from "./repository.ts";

/** A stored mapping as the reader of DfE files takes it. */
export function mappingOf(row: MappingRow): BenchmarkMapping {
  return {
    column: row.column,
    numeratorColumn: row.numeratorColumn,
    denominatorColumn: row.denominatorColumn,
    filters: row.filters,
    numeratorFilters: row.numeratorFilters,
    denominatorFilters: row.denominatorFilters,
    scale: row.scale,
    denominatorElsewhere: row.denominatorMeasureId !== null,
    timeColumn: row.timeColumn,
    levelColumn: row.levelColumn,
  };
}

/**
 * Rows whose denominator is another measure's published value (a population): each area's
 * denominator for the year is that measure's value for the same area and year, and the value is
 * numerator ÷ denominator × scale. An area the population does not cover has no value (`x`).
 */
export function withPopulation(rows: readonly PublishedRow[], population: readonly BenchmarkRow[], scale: number): PublishedRow[] {
  const byArea = new Map(population.map((p) => [`${p.year}|${p.level}|${p.areaCode}`, p]));
  return rows.map((r) => {
    const p = byArea.get(`${r.year}|${r.level}|${r.areaCode}`);
    const numerator = { value: r.numerator, symbol: r.numerator === null ? (r.symbol ?? "x") : null };
    const denominator = p ? { value: p.value, symbol: p.symbol as PublishedRow["symbol"] } : undefined;
    const derived = derivedValue(numerator, denominator, scale);
    return { ...r, value: derived.value, symbol: derived.symbol, denominator: p?.value ?? null };
  });
}
