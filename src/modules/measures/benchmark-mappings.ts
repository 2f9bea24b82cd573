import { stringify as toYaml, parse as parseYaml } from "yaml";
import { FileProblemsError } from "../../core/file-problems.ts";
import { UserError } from "../../core/problems.ts";
import type { Database, Executor } from "../../db/client.ts";
import { recordChange, type ChangeContext } from "../access/index.ts";
import { derivedValue, type BenchmarkMapping, type PublishedRow } from "./dfe.ts";
import * as repository from "./repository.ts";
import type { BenchmarkRow, MappingRow, MeasureRow } from "./repository.ts";
import { mappingFileSchema, type Mapping, type MappingFile } from "./schemas.ts";

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

/** A mapping the reader of DfE files can preview before it is saved: a population denominator is joined after reading. */
export function previewMappingOf(mapping: Mapping): BenchmarkMapping {
  return { ...mapping, denominatorElsewhere: mapping.denominatorMeasure !== undefined };
}

/** The population a mapping derives its value from, when it derives one over another measure's published values. */
export function populationOf(mapping: { column?: string | null; scale?: number | null; denominatorMeasureId?: number | null }): { measureId: number; scale: number } | null {
  return !mapping.column && mapping.scale && mapping.denominatorMeasureId ? { measureId: mapping.denominatorMeasureId, scale: mapping.scale } : null;
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

/** A stored mapping in the words of a mapping file. */
export function mappingFields(row: MappingRow, denominatorMeasure: string | null): Mapping {
  return stripUndefined({
    file: row.fileName,
    column: row.column ?? undefined,
    numeratorColumn: row.numeratorColumn ?? undefined,
    denominatorColumn: row.denominatorColumn ?? undefined,
    filters: row.filters,
    numeratorFilters: row.numeratorFilters,
    denominatorFilters: row.denominatorFilters,
    denominatorMeasure: denominatorMeasure ?? undefined,
    scale: row.scale ?? undefined,
    timeColumn: row.timeColumn,
    levelColumn: row.levelColumn,
  });
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Someone else saved the measure's mapping after the person opened the form: nothing was written. */
export class MappingConflict extends UserError {
  constructor(code: string) {
    super("conflict", `Someone else changed ${code}'s mapping while you were setting it up: look at it as it is now, then make your change again`);
    this.name = "MappingConflict";
  }
}

/** The measure a mapping is for, and the measure its denominator comes from, when it names one; refused by name when either is missing. */
async function measuresOfMapping(db: Executor, code: string, mapping: Mapping): Promise<{ measure: MeasureRow; population: MeasureRow | null }> {
  const measure = await repository.findMeasure(db, code);
  if (!measure) throw new UserError("not-found", `There is no measure ${code}`, { field: "measure" });
  if (!mapping.denominatorMeasure) return { measure, population: null };
  const population = await repository.findMeasure(db, mapping.denominatorMeasure);
  if (!population) throw new UserError("invalid", `There is no measure ${mapping.denominatorMeasure} to take the denominator from`, { field: "denominatorMeasure" });
  if (population.id === measure.id) throw new UserError("invalid", "A measure cannot be its own denominator: choose the population measure", { field: "denominatorMeasure" });
  return { measure, population };
}

/**
 * Saves a measure's benchmark mapping, audited with what it was before. `seenVersion` is the
 * version of the mapping the person saw (0 for none; null from a file, which replaces whatever
 * is there): if someone saved it since, nothing is written.
 */
export async function saveMapping(db: Database, context: ChangeContext, code: string, mapping: Mapping, seenVersion: number | null): Promise<MappingRow> {
  return db.transaction((tx) => saveMappingIn(tx, context, code, mapping, seenVersion));
}

async function saveMappingIn(tx: Executor, context: ChangeContext, code: string, mapping: Mapping, seenVersion: number | null): Promise<MappingRow> {
  {
    const { measure, population } = await measuresOfMapping(tx, code, mapping);
    const before = await repository.lockMapping(tx, measure.id);
    if (seenVersion !== null && (before?.version ?? 0) !== seenVersion) throw new MappingConflict(measure.code);
    await repository.upsertMapping(tx, {
      measureId: measure.id,
      fileName: mapping.file,
      column: mapping.column ?? null,
      numeratorColumn: mapping.numeratorColumn ?? null,
      denominatorColumn: mapping.denominatorColumn ?? null,
      filters: mapping.filters,
      numeratorFilters: mapping.numeratorFilters,
      denominatorFilters: mapping.denominatorFilters,
      denominatorMeasureId: population?.id ?? null,
      scale: mapping.scale ?? null,
      timeColumn: mapping.timeColumn,
      levelColumn: mapping.levelColumn,
    });
    const saved = await repository.lockMapping(tx, measure.id);
    if (!saved) throw new Error(`${measure.code}'s mapping was not saved`);
    const beforeFields = before ? mappingFields(before, before.denominatorMeasureId === null ? null : ((await repository.listMeasures(tx, [before.denominatorMeasureId]))[0]?.code ?? null)) : null;
    await recordChange(tx, context, { action: before ? "update" : "create", recordType: "benchmark mapping", recordId: measure.id, before: beforeFields && { measure: measure.code, ...beforeFields }, after: { measure: measure.code, ...mappingFields(saved, population?.code ?? null) } });
    return saved;
  }
}

/** A measure's mapping with the code of the measure its denominator comes from, or nothing when it has none. */
export async function findMappingOf(db: Executor, measure: MeasureRow): Promise<{ row: MappingRow; mapping: Mapping } | null> {
  const row = await repository.findMapping(db, measure.id);
  if (!row) return null;
  const population = row.denominatorMeasureId === null ? null : ((await repository.listMeasures(db, [row.denominatorMeasureId]))[0]?.code ?? null);
  return { row, mapping: mappingFields(row, population) };
}

/** A mapping without the parts every mapping has unless it says otherwise (no filters, EES's period and level columns), so a shared file says only what is its own. */
function withoutDefaults(mapping: Mapping): Partial<Mapping> {
  const { filters, numeratorFilters, denominatorFilters, timeColumn, levelColumn, ...rest } = mapping;
  const some = (f: Record<string, string>) => (Object.keys(f).length > 0 ? f : undefined);
  return stripUndefined({
    ...rest,
    filters: some(filters),
    numeratorFilters: some(numeratorFilters),
    denominatorFilters: some(denominatorFilters),
    timeColumn: timeColumn === "time_period" ? undefined : timeColumn,
    levelColumn: levelColumn === "geographic_level" ? undefined : levelColumn,
  });
}

/** A measure's mapping as a file to share: the measure's code and how to add it, and the mapping. */
export function mappingFileText(measure: MeasureRow, mapping: Mapping): string {
  const file = { measure: { code: measure.code, title: measure.title, unit: measure.unit, polarity: measure.polarity, decimals: measure.decimals }, mapping: withoutDefaults(mapping) };
  return `# How ${measure.title} is benchmarked from the Department for Education's published file.\n# Import it in Waymark (Measures › the measure › Benchmark mapping) or with: waymark mapping import FILE\n${toYaml(file)}`;
}

/** Why a mapping file was not read: each problem names the field. */
export class MappingFileError extends FileProblemsError {
  constructor(problems: string[]) {
    super("mapping file's fields", problems);
    this.name = "MappingFileError";
  }
}

/** Reads a mapping file's text, checked whole; every problem names the file and the field. */
export function readMappingText(text: string, label: string): MappingFile {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch {
    throw new MappingFileError([`${label}: the file cannot be read as YAML`]);
  }
  const result = mappingFileSchema.safeParse(data);
  if (!result.success) throw new MappingFileError(result.error.issues.map((i) => `${label}: ${i.path.join(" › ") || "(the whole file)"}: ${i.message}`));
  return result.data;
}

/**
 * Applies a mapping file, all or nothing: adds its measure when the council lacks it (an annual
 * measure whose values come from DfE's files), then saves the mapping, replacing any the measure
 * had. Answers what it did, in words.
 */
export async function applyMappingFile(db: Database, context: ChangeContext, file: MappingFile, label: string): Promise<string> {
  const { code, title, unit, polarity, decimals } = file.measure;
  const added = await db.transaction(async (tx) => {
    let adding = false;
    if (!(await repository.findMeasure(tx, code))) {
      if (!title || !unit || !polarity) throw new MappingFileError([`${label}: measure: there is no measure ${code}; to add it the file needs its title, unit and polarity`]);
      const measure = await repository.insertMeasure(tx, { code, title, definition: `${title}, as the Department for Education publishes it for every council each year.`, unit, polarity, frequency: "annual", decimals: decimals ?? 1, source: "imported" });
      await recordChange(tx, context, { action: "create", recordType: "measure", recordId: measure.id, after: { code, title, unit, polarity, from: label } });
      adding = true;
    }
    await saveMappingIn(tx, context, code, file.mapping, null);
    return adding;
  });
  return `${added ? `Added the measure ${code} and set` : "Set"} ${code}'s benchmark mapping from ${label}: ${file.mapping.file}.`;
}
