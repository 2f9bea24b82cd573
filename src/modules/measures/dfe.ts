import { readPublishedValue, type PublishedValue, type SuppressionSymbol } from "../../core/suppression.ts";
import { startsAsFormula } from "./file-reading/cell-rules.ts";
import { ProblemList, type RowProblem } from "./file-reading/problems.ts";
import type { Sheet } from "./file-reading/read-table.ts";

/**
 * Reads the Department for Education's published statistics: the tidy CSVs that Explore
 * Education Statistics (EES) publishes, with one row per period and area. A measure is
 * either a column of its own (the "wide" files, e.g. `rereferral_percent`) or a column
 * picked out by filter columns (the "long" files, e.g. `rate_per_10000` where
 * `population_type` is "Children looked after on 31 March each year"). The numerator and
 * denominator may sit on other rows of the same filter (DfE often puts the denominator on a
 * "Total" row), and the value may be derived from them rather than read.
 */
export interface BenchmarkMapping {
  /** The published value's column; none when the value is derived (see scale). */
  column?: string | null;
  numeratorColumn?: string | null;
  denominatorColumn?: string | null;
  /** Column → required value, for the long shape, e.g. `{ characteristic: "Total" }`. */
  filters?: Record<string, string>;
  /** Filter values that pick the numerator's row in place of the value's, e.g. another breakdown. */
  numeratorFilters?: Record<string, string>;
  /** Filter values that pick the denominator's row in place of the value's, e.g. `{ breakdown: "Suitability total" }`. */
  denominatorFilters?: Record<string, string>;
  /** Derive the value as numerator ÷ denominator × scale (100 for a percentage, 10,000 for a rate). */
  scale?: number | null;
  /** The denominator is another measure's published value (a population), joined area by area after reading. */
  denominatorElsewhere?: boolean;
  /** The period's column: `time_period` in every EES file. */
  timeColumn?: string;
  /** The geographic level's column: `geographic_level` in every EES file. */
  levelColumn?: string;
}

export interface PublishedRow {
  /** The year the period ends: `2025` as written, or 2025 for the academic year `202425`. */
  year: number;
  level: "national" | "regional" | "local";
  /** E92000001 for England, the region_code for a region, the old_la_code (e.g. "879") for a council. */
  areaCode: string;
  newLaCode: string | null;
  areaName: string;
  regionCode: string | null;
  value: number | null;
  /** Why the value is missing, as published (c, z, k, x, low, u); never read as zero. */
  symbol: SuppressionSymbol | null;
  numerator: number | null;
  denominator: number | null;
}

/** A problem with a line of the file (the header being line 1), its column and why. */
export type ImportProblem = RowProblem;

/**
 * A blank is not a published value: EES files write a symbol (c, z, k, x, low, u) wherever a
 * figure is missing, so an empty cell means the file is damaged, not that the figure is zero.
 */
function readCell(raw: string): PublishedValue {
  const text = raw.trim();
  if (text === "") return { value: null, symbol: null, problem: "is empty; a figure that is not published has a symbol (c, z, k, x, low, u)" };
  const read = readPublishedValue(text);
  return read.problem ? { ...read, problem: `"${text}" is neither a number nor a published symbol (c, z, k, x, low, u)` } : read;
}

const LEVELS: Record<string, PublishedRow["level"]> = {
  National: "national",
  Regional: "regional",
  "Local authority": "local",
};

/** The column naming each level's area: areaCode and areaName come from these. */
const AREA_COLUMNS: Record<PublishedRow["level"], { code: string; name: string }> = {
  national: { code: "country_code", name: "country_name" },
  regional: { code: "region_code", name: "region_name" },
  local: { code: "old_la_code", name: "la_name" },
};

/** One area's figures for one year, as the rows of a file give them to each of the mapping's parts. */
interface AreaYear {
  line: number;
  year: number;
  level: PublishedRow["level"];
  areaCode: string;
  newLaCode: string | null;
  areaName: string;
  regionCode: string | null;
  value?: PublishedValue;
  numerator?: PublishedValue;
  denominator?: PublishedValue;
}

/** The parts of a mapping a row can give: the value, the numerator and the denominator, each with the filter values that pick its row. */
function partsOf(mapping: BenchmarkMapping) {
  const filters = mapping.filters ?? {};
  const own = (extra: Record<string, string> | undefined) => (extra && Object.keys(extra).length > 0 ? { ...filters, ...extra } : filters);
  return [
    { part: "value" as const, column: mapping.column ?? null, filters },
    { part: "numerator" as const, column: mapping.numeratorColumn ?? null, filters: own(mapping.numeratorFilters) },
    { part: "denominator" as const, column: mapping.denominatorColumn ?? null, filters: own(mapping.denominatorFilters) },
  ].filter((p): p is { part: "value" | "numerator" | "denominator"; column: string; filters: Record<string, string> } => p.column !== null);
}

/** The columns a mapping reads, each once: the file must have every one. */
export function columnsRead(mapping: BenchmarkMapping): string[] {
  return [
    ...new Set([
      mapping.timeColumn ?? "time_period",
      mapping.levelColumn ?? "geographic_level",
      ...partsOf(mapping).map((p) => p.column),
      ...[mapping.filters, mapping.numeratorFilters, mapping.denominatorFilters].flatMap((f) => Object.keys(f ?? {})),
    ]),
  ];
}

/**
 * Reads the rows of a published file for one measure into each area's figures for each year,
 * adding to `found`. Rows at other geographic levels (local authority district, constituency,
 * …) and rows whose filter columns match no part of the mapping are skipped without comment:
 * they are other measures' data.
 */
function readAreaYears(sheet: Sheet, mapping: BenchmarkMapping, found: ProblemList, into: Map<string, AreaYear>): void {
  const header = sheet.header;
  const index = new Map(header.map((name, i) => [name, i]));
  const parts = partsOf(mapping);
  const timeColumn = mapping.timeColumn ?? "time_period";
  const levelColumn = mapping.levelColumn ?? "geographic_level";
  for (const { line, cells: record } of sheet.rows) {
    const cell = (column: string) => {
      const at = index.get(column);
      return at === undefined ? "" : (record[at] ?? "").trim();
    };
    if (record.length !== header.length) {
      found.add({ row: line, column: "", message: `the row has ${record.length} cells; the header has ${header.length}` });
      continue;
    }
    const given = parts.filter((p) => Object.entries(p.filters).every(([column, wanted]) => cell(column) === wanted));
    if (given.length === 0) continue;
    const level = LEVELS[cell(levelColumn)];
    if (!level) continue;

    const rowProblems: ImportProblem[] = [];
    const report = (column: string, message: string) => rowProblems.push({ row: line, column, message });

    const year = yearOfPeriod(cell(timeColumn));
    if (year === null) report(timeColumn, `"${cell(timeColumn)}" is not a year (2025) or an academic year (202425)`);

    const area = AREA_COLUMNS[level];
    const areaCode = cell(area.code);
    if (areaCode === "") report(area.code, `a ${cell(levelColumn)} row needs its ${area.code}`);
    // Published codes are digits ("879", or "940 / 941" for councils that merged) or E-codes.
    else if (startsAsFormula(areaCode) || areaCode.length > 20) report(area.code, `"${areaCode.slice(0, 20)}" is not an area code`);
    if (startsAsFormula(cell(area.name))) report(area.name, `"${cell(area.name).slice(0, 20)}" starts as a spreadsheet formula does (=, +, -, @): it is not a name`);

    const read = given.map((p) => {
      const published = readCell(cell(p.column));
      if (published.problem) report(p.column, published.problem);
      return { part: p.part, published };
    });
    if (rowProblems.length > 0 || year === null) {
      for (const problem of rowProblems) found.add(problem);
      continue;
    }
    const key = `${year}|${level}|${areaCode}`;
    const entry = into.get(key) ?? {
      line,
      year,
      level,
      areaCode,
      newLaCode: level === "local" ? cell("new_la_code") || null : null,
      areaName: cell(area.name),
      regionCode: level === "national" ? null : cell("region_code") || null,
    };
    for (const { part, published } of read) {
      if (entry[part]) found.add({ row: line, column: partsOf(mapping).find((p) => p.part === part)?.column ?? "", message: `a second row for ${entry.areaName || areaCode} in ${year} matches the mapping's ${part} (the first is row ${entry.line}): add a filter that tells them apart` });
      else entry[part] = published;
    }
    into.set(key, entry);
  }
}

/** Derives a value as numerator ÷ denominator × scale; a missing part gives its symbol, and no denominator gives `z`. */
export function derivedValue(numerator: PublishedValue | undefined, denominator: PublishedValue | undefined, scale: number): PublishedValue {
  if (!numerator || numerator.value === null) return { value: null, symbol: numerator?.symbol ?? "x" };
  if (!denominator || denominator.value === null) return { value: null, symbol: denominator?.symbol ?? "x" };
  if (denominator.value === 0) return { value: null, symbol: "z" };
  return { value: (numerator.value / denominator.value) * scale, symbol: null };
}

/** Each area's figures for each year as published rows: those that have the mapping's value, or can derive it. */
function publishedRows(areaYears: Iterable<AreaYear>, mapping: BenchmarkMapping): PublishedRow[] {
  const rows: PublishedRow[] = [];
  for (const a of areaYears) {
    const measure = mapping.column ? a.value : mapping.denominatorElsewhere ? a.numerator && { value: null, symbol: a.numerator.symbol } : mapping.scale ? derivedValue(a.numerator, a.denominator, mapping.scale) : undefined;
    if (!measure) continue;
    rows.push({
      year: a.year,
      level: a.level,
      areaCode: a.areaCode,
      newLaCode: a.newLaCode,
      areaName: a.areaName,
      regionCode: a.regionCode,
      value: measure.value,
      symbol: measure.symbol,
      numerator: a.numerator?.value ?? null,
      denominator: a.denominator?.value ?? null,
    });
  }
  return rows;
}

/** A file's header lacks a column the mapping reads, or the mapping reads nothing. */
function headerProblems(header: readonly string[], mapping: BenchmarkMapping): ImportProblem[] {
  if (!mapping.column && !(mapping.scale && mapping.numeratorColumn && (mapping.denominatorColumn || mapping.denominatorElsewhere))) {
    return [{ row: 1, column: "(mapping)", message: "the mapping names no value column, and no numerator and denominator to derive the value from" }];
  }
  const have = new Set(header);
  return columnsRead(mapping)
    .filter((column) => !have.has(column))
    .map((column) => ({ row: 1, column, message: `the file has no ${column} column` }));
}

/**
 * Reads one published file for one measure. Every problem is reported with its line and
 * column rather than stopping at the first, so a whole file can be checked in one go.
 */
export function parseDfeCsv(sheet: Sheet, mapping: BenchmarkMapping): { rows: PublishedRow[]; problems: ImportProblem[]; moreProblems: number } {
  const found = new ProblemList();
  for (const problem of headerProblems(sheet.header, mapping)) found.add(problem);
  if (found.count > 0) return { rows: [], problems: found.listed, moreProblems: found.more };
  const areaYears = new Map<string, AreaYear>();
  readAreaYears(sheet, mapping, found, areaYears);
  return { rows: publishedRows(areaYears.values(), mapping), problems: found.listed, moreProblems: found.more };
}

/**
 * Reads a published file as parseDfeCsv does, a thousand rows at a time with a pause between,
 * so the server answers other requests while a file of 100,000 rows is checked.
 */
export async function readDfeSheet(sheet: Sheet, mapping: BenchmarkMapping): Promise<ReturnType<typeof parseDfeCsv>> {
  const found = new ProblemList();
  for (const problem of headerProblems(sheet.header, mapping)) found.add(problem);
  if (found.count > 0) return { rows: [], problems: found.listed, moreProblems: found.more };
  const areaYears = new Map<string, AreaYear>();
  for (let at = 0; at < sheet.rows.length; at += rowsAtATime) {
    readAreaYears({ ...sheet, rows: sheet.rows.slice(at, at + rowsAtATime) }, mapping, found, areaYears);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return { rows: publishedRows(areaYears.values(), mapping), problems: found.listed, moreProblems: found.more };
}

const rowsAtATime = 1_000;

/**
 * EES writes a calendar or reporting year as `2025` and an academic or financial year as
 * `202425`. Benchmarks line up by the year a period ends, so 202425 is 2025.
 */
export function yearOfPeriod(period: string): number | null {
  if (/^\d{4}$/.test(period)) return Number(period);
  const academic = /^(\d{4})(\d{2})$/.exec(period);
  if (!academic) return null;
  const end = Number(academic[1]) + 1;
  return end % 100 === Number(academic[2]) ? end : null;
}
