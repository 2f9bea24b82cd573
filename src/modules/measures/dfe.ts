import { readPublishedValue, type PublishedValue, type SuppressionSymbol } from "../../core/suppression.ts";
import { startsAsFormula } from "./file-reading/cell-rules.ts";
import { ProblemList, type RowProblem } from "./file-reading/problems.ts";
import type { Sheet } from "./file-reading/read-table.ts";

/**
 * Reads the Department for Education's published statistics: the tidy CSVs that Explore
 * Education Statistics (EES) publishes, with one row per period and area. A measure is
 * either a column of its own (the "wide" files, e.g. `rereferral_percent`) or a column
 * picked out by filter columns (the "long" files, e.g. `rate_per_10000` where
 * `population_type` is "Children looked after on 31 March each year").
 */
export interface BenchmarkMapping {
  column: string;
  numeratorColumn?: string;
  denominatorColumn?: string;
  /** Column → required value, for the long shape, e.g. `{ characteristic: "Total" }`. */
  filters?: Record<string, string>;
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

/**
 * Reads one published file for one measure. Every problem is reported with its line and
 * column rather than stopping at the first, so a whole file can be checked in one go.
 * Rows at other geographic levels (local authority district, constituency, …) and rows whose
 * filter columns do not match are skipped without comment: they are other measures' data.
 */
export function parseDfeCsv(sheet: Sheet, mapping: BenchmarkMapping): { rows: PublishedRow[]; problems: ImportProblem[]; moreProblems: number } {
  const found = new ProblemList();
  const done = (rows: PublishedRow[]) => ({ rows, problems: found.listed, moreProblems: found.more });
  const header = sheet.header;
  const index = new Map(header.map((name, i) => [name, i]));
  const filters = Object.entries(mapping.filters ?? {});
  const required = [
    "time_period",
    "geographic_level",
    mapping.column,
    ...(mapping.numeratorColumn ? [mapping.numeratorColumn] : []),
    ...(mapping.denominatorColumn ? [mapping.denominatorColumn] : []),
    ...filters.map(([column]) => column),
  ];
  for (const column of new Set(required)) {
    if (!index.has(column)) found.add({ row: 1, column, message: `the file has no ${column} column` });
  }
  if (found.count > 0) return done([]);

  const rows: PublishedRow[] = [];
  for (const { line, cells: record } of sheet.rows) {
    const cell = (column: string) => {
      const at = index.get(column);
      return at === undefined ? "" : (record[at] ?? "").trim();
    };
    if (record.length !== header.length) {
      found.add({ row: line, column: "", message: `the row has ${record.length} cells; the header has ${header.length}` });
      continue;
    }
    if (filters.some(([column, wanted]) => cell(column) !== wanted)) continue;
    const level = LEVELS[cell("geographic_level")];
    if (!level) continue;

    const rowProblems: ImportProblem[] = [];
    const report = (column: string, message: string) => rowProblems.push({ row: line, column, message });

    const year = yearOfPeriod(cell("time_period"));
    if (year === null) report("time_period", `"${cell("time_period")}" is not a year (2025) or an academic year (202425)`);

    const area = AREA_COLUMNS[level];
    const areaCode = cell(area.code);
    if (areaCode === "") report(area.code, `a ${cell("geographic_level")} row needs its ${area.code}`);
    // Published codes are digits ("879", or "940 / 941" for councils that merged) or E-codes.
    else if (startsAsFormula(areaCode) || areaCode.length > 20) report(area.code, `"${areaCode.slice(0, 20)}" is not an area code`);
    if (startsAsFormula(cell(area.name))) report(area.name, `"${cell(area.name).slice(0, 20)}" starts as a spreadsheet formula does (=, +, -, @): it is not a name`);

    const read = (column: string | undefined): PublishedValue => {
      if (!column) return { value: null, symbol: null };
      const published = readCell(cell(column));
      if (published.problem) report(column, published.problem);
      return published;
    };
    const measure = read(mapping.column);
    const numerator = read(mapping.numeratorColumn);
    const denominator = read(mapping.denominatorColumn);

    if (rowProblems.length > 0 || year === null) {
      for (const problem of rowProblems) found.add(problem);
      continue;
    }
    rows.push({
      year,
      level,
      areaCode,
      newLaCode: level === "local" ? cell("new_la_code") || null : null,
      areaName: cell(area.name),
      regionCode: level === "national" ? null : cell("region_code") || null,
      value: measure.value,
      symbol: measure.symbol,
      numerator: numerator.value,
      denominator: denominator.value,
    });
  }
  return done(rows);
}

/**
 * Reads a published file as parseDfeCsv does, a thousand rows at a time with a pause between,
 * so the server answers other requests while a file of 100,000 rows is checked.
 */
export async function readDfeSheet(sheet: Sheet, mapping: BenchmarkMapping): Promise<ReturnType<typeof parseDfeCsv>> {
  const found = new ProblemList();
  const rows: PublishedRow[] = [];
  const header = parseDfeCsv({ ...sheet, rows: [] }, mapping);
  if (header.problems.length > 0) return header;
  for (let at = 0; at < sheet.rows.length; at += rowsAtATime) {
    const part = parseDfeCsv({ ...sheet, rows: sheet.rows.slice(at, at + rowsAtATime) }, mapping);
    rows.push(...part.rows);
    for (const problem of part.problems) found.add(problem);
    found.more += part.moreProblems;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return { rows, problems: found.listed, moreProblems: found.more };
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
