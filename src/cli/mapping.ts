import { readFile, stat, writeFile } from "node:fs/promises";
import { basename } from "node:path";
import { parseArgs } from "node:util";
import { UnreadableFileError } from "../core/file-problems.ts";
import { formatMeasureValue, formatWithFraction } from "../core/measure-format.ts";
import { UserError } from "../core/problems.ts";
import { symbolInWords } from "../core/suppression.ts";
import { fileBytes, megabytes } from "../core/upload-limits.ts";
import type { Database } from "../db/client.ts";
import {
  applyMappingFile,
  describeColumns,
  findMappingOf,
  findMeasure,
  mappingFileText,
  mappingOf,
  mappingSchema,
  moreProblemsText,
  parseFile,
  previewMapping,
  previewMappingOf,
  readMappingText,
  saveMapping,
  type Mapping,
  type MappingPreview,
  type Sheet,
} from "../modules/measures/index.ts";
import { commandLineContext } from "./context.ts";
import { ImportRejected } from "./import.ts";

export const mappingUsage = `Usage: waymark mapping <command> …

  columns CSV                     what a DfE statistics file's columns hold: its figures, its filters with
                                  their values, and its period and geography columns
  show CODE                       a measure's benchmark mapping, as its mapping file
  export CODE FILE [--force]      the same, written to FILE (--force replaces a FILE that exists)
  import FILE                     sets a measure's benchmark mapping from a mapping file, adding the
                                  measure if the council does not have it
  set CODE --file NAME …          sets a measure's benchmark mapping from the options below
  preview CODE CSV [options]      what the measure's mapping (or, with the options below, a mapping not yet
                                  saved) reads from CSV for its latest year: the council, England, the
                                  region, the statistical neighbours, the quartile band and rank; nothing is saved

Options of set and preview:
  --file NAME                     the DfE file's name as it is downloaded (preview: the CSV's own name)
  --column C                      the column of the value
  --numerator C                   the column of its numerator
  --denominator C                 the column of its denominator
  --filter col=value              a value the rows must have in a filter column (give one for each filter)
  --numerator-filter col=value    where the numerator is on another row: the filter value of that row
  --denominator-filter col=value  the same for the denominator (a Total row, say)
  --denominator-measure CODE      the measure whose published values are the denominator (a population)
  --scale N                       derive the value as numerator ÷ denominator × N (100, 10000)
  --time-column C                 the period column, if not time_period
  --level-column C                the geographic level column, if not geographic_level`;

/** Runs work on the database: the command line opens the configured one, a test gives its own. */
export type WithDatabase = <T>(work: (db: Database) => Promise<T>) => Promise<T>;

/** Each mapping field, by the option that sets it. */
const optionOf: Record<string, string> = {
  file: "--file",
  column: "--column",
  numeratorColumn: "--numerator",
  denominatorColumn: "--denominator",
  filters: "--filter",
  numeratorFilters: "--numerator-filter",
  denominatorFilters: "--denominator-filter",
  denominatorMeasure: "--denominator-measure",
  scale: "--scale",
  timeColumn: "--time-column",
  levelColumn: "--level-column",
};

const mappingOptions = {
  file: { type: "string" },
  column: { type: "string" },
  numerator: { type: "string" },
  denominator: { type: "string" },
  filter: { type: "string", multiple: true },
  "numerator-filter": { type: "string", multiple: true },
  "denominator-filter": { type: "string", multiple: true },
  "denominator-measure": { type: "string" },
  scale: { type: "string" },
  "time-column": { type: "string" },
  "level-column": { type: "string" },
} as const;

/** The largest mapping file read: a mapping is a few lines. */
const mappingFileBytes = 100_000;

/** `waymark mapping …`: what it prints. Files are read and options checked before the database is opened. */
export async function mappingCommand(args: string[], withDatabase: WithDatabase): Promise<string> {
  const [sub = "", ...rest] = args;
  switch (sub) {
    case "columns":
      return columnsCommand(rest);
    case "show": {
      const code = onlyArgument(rest, "show needs the measure's code: waymark mapping show CODE");
      return withDatabase(async (db) => (await mappingText(db, code)).trimEnd());
    }
    case "export":
      return exportCommand(rest, withDatabase);
    case "import": {
      const path = onlyArgument(rest, "import needs the mapping file: waymark mapping import FILE");
      const label = basename(path);
      const file = readMappingText((await readInput(path, mappingFileBytes)).toString("utf8"), label);
      return withDatabase((db) => applyMappingFile(db, commandLineContext(), file, label));
    }
    case "set":
      return setCommand(rest, withDatabase);
    case "preview":
      return previewCommand(rest, withDatabase);
    default:
      throw new UserError("usage", mappingUsage);
  }
}

/** The command's one argument, with no options. */
function onlyArgument(args: string[], usage: string): string {
  const { positionals } = parseArgs({ args, allowPositionals: true, strict: true, options: {} });
  const [only] = positionals;
  if (only === undefined || positionals.length > 1) throw new UserError("usage", usage);
  return only;
}

/** A file given on the command line, refused in words when it cannot be read or is too large. */
async function readInput(path: string, most: number): Promise<Buffer> {
  const size = await stat(path).then(
    (found) => (found.isFile() ? found.size : null),
    () => null,
  );
  if (size === null) throw new UserError("usage", `The file ${path} cannot be read`);
  if (size > most) throw new UnreadableFileError(`${basename(path)} is ${megabytes(size)}; files must be under ${megabytes(most)}`);
  return readFile(path);
}

/** A DfE statistics CSV, read as the importer reads it. */
async function readCsv(path: string): Promise<{ name: string; sheet: Sheet }> {
  const name = basename(path);
  const content = await readInput(path, fileBytes);
  try {
    const [sheet] = await parseFile("csv", content);
    return { name, sheet: sheet ?? { name: "CSV", header: [], rows: [] } };
  } catch (error) {
    if (error instanceof UnreadableFileError) throw new UnreadableFileError(`${name} cannot be read: ${error.message}`);
    throw error;
  }
}

async function columnsCommand(args: string[]): Promise<string> {
  const path = onlyArgument(args, "columns needs a DfE statistics CSV: waymark mapping columns CSV");
  const { name, sheet } = await readCsv(path);
  const columns = describeColumns(sheet);
  const placed = new Set([...columns.figures, ...columns.filters.map((f) => f.column), ...columns.geography]);
  const others = columns.all.filter((c) => !placed.has(c));
  return [
    `${name}: ${sheet.rows.length.toLocaleString("en-GB")} rows, ${columns.all.length} columns.`,
    "",
    "Figures (the value, numerator and denominator are chosen from these):",
    ...listOr(columns.figures.map((c) => `  ${c}`), "  none"),
    "",
    "Filters, with the values they take (--filter column=value):",
    ...listOr(
      columns.filters.flatMap((f) => [`  ${f.column}`, ...f.values.map((v) => `    ${v}`)]),
      "  none",
    ),
    "",
    "Period and geography:",
    ...listOr(columns.geography.map((c) => `  ${c}`), "  none"),
    ...(others.length > 0 ? ["", "Words with too many values to filter by:", ...others.map((c) => `  ${c}`)] : []),
  ].join("\n");
}

const listOr = (lines: string[], none: string) => (lines.length > 0 ? lines : [none]);

/** A measure by its code, refused by name when there is none. */
async function measureOf(db: Database, code: string) {
  const measure = await findMeasure(db, code.toUpperCase());
  if (!measure) throw new UserError("not-found", `There is no measure ${code.toUpperCase()}`);
  return measure;
}

/** A measure's mapping as its mapping file, or a message saying how to give it one. */
async function mappingText(db: Database, code: string): Promise<string> {
  const measure = await measureOf(db, code);
  const found = await findMappingOf(db, measure);
  if (!found) {
    throw new UserError(
      "not-found",
      `${measure.code} has no benchmark mapping. Set one with: waymark mapping set ${measure.code} --file NAME --column C …, or import a mapping file with: waymark mapping import FILE`,
    );
  }
  return mappingFileText(measure, found.mapping);
}

async function exportCommand(args: string[], withDatabase: WithDatabase): Promise<string> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, strict: true, options: { force: { type: "boolean" } } });
  const [code, path] = positionals;
  if (!code || !path || positionals.length > 2) throw new UserError("usage", "export needs the measure's code and the file to write: waymark mapping export CODE FILE [--force]");
  const force = values.force === true;
  const found = await stat(path).catch(() => null);
  if (found?.isDirectory()) throw new UserError("refused", `${path} is a folder: give the name of the file to write`);
  if (found && !force) throw new UserError("refused", `${path} already exists: give another name, or add --force to replace it`);
  const text = await withDatabase((db) => mappingText(db, code));
  await writeFile(path, text, { encoding: "utf8", flag: force ? "w" : "wx" }).catch((error: unknown) => {
    const why = (error as { code?: string }).code === "EEXIST" ? "it already exists: give another name, or add --force to replace it" : "it cannot be written";
    throw new UserError("refused", `${path} was not written: ${why}`);
  });
  return `Wrote ${code.toUpperCase()}'s benchmark mapping to ${path}.`;
}

type MappingValues = ReturnType<typeof parseMappingArgs>["values"];

function parseMappingArgs(args: string[]) {
  return parseArgs({ args, allowPositionals: true, strict: true, options: mappingOptions });
}

/** `col=value` options as filters; a column given twice, or an option without `=`, is refused by its option. */
function filtersOf(option: string, given: string[] | undefined): Record<string, string> {
  const filters: Record<string, string> = {};
  for (const pair of given ?? []) {
    const at = pair.indexOf("=");
    if (at <= 0) throw new UserError("usage", `${option} must be column=value, like ${option} breakdown="Suitability total"`);
    const column = pair.slice(0, at).trim();
    if (Object.hasOwn(filters, column)) throw new UserError("usage", `${option}: ${column} is given twice; a row has one value in each column`);
    filters[column] = pair.slice(at + 1);
  }
  return filters;
}

/** The mapping the options give, checked by the same rules as the form and the mapping file; each problem names its option. */
function mappingFromOptions(values: MappingValues, file: string | undefined): Mapping {
  const scale = values.scale === undefined ? undefined : /^\s*\d+\s*$/.test(values.scale) ? Number(values.scale) : values.scale;
  const input = {
    file,
    column: values.column,
    numeratorColumn: values.numerator,
    denominatorColumn: values.denominator,
    filters: filtersOf("--filter", values.filter),
    numeratorFilters: filtersOf("--numerator-filter", values["numerator-filter"]),
    denominatorFilters: filtersOf("--denominator-filter", values["denominator-filter"]),
    denominatorMeasure: values["denominator-measure"]?.toUpperCase(),
    scale,
    timeColumn: values["time-column"],
    levelColumn: values["level-column"],
  };
  const result = mappingSchema.safeParse(Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)));
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const [field, column] = issue.path;
    const option = optionOf[String(field)] ?? String(field);
    return `  ${option}${column !== undefined && typeof column === "string" ? ` ${column}` : ""}: ${issue.message}`;
  });
  throw new UserError("invalid", `The mapping was not saved; nothing has changed. ${problems.length === 1 ? "1 problem" : `${problems.length} problems`}:\n${problems.join("\n")}`);
}

/** A problem the model raises about a mapping field, said with the option that sets it. */
function withOption(error: unknown): never {
  if (error instanceof UserError && error.field && optionOf[error.field]) throw new UserError(error.code, `${optionOf[error.field]}: ${error.message}`);
  throw error;
}

async function setCommand(args: string[], withDatabase: WithDatabase): Promise<string> {
  const { positionals, values } = parseMappingArgs(args);
  const [code] = positionals;
  if (!code || positionals.length > 1) throw new UserError("usage", `set needs the measure's code and the mapping's options: waymark mapping set CODE --file NAME --column C …\n\n${mappingUsage}`);
  if (values.file === undefined) throw new UserError("usage", "set needs --file, the DfE file's name as it is downloaded");
  const mapping = mappingFromOptions(values, values.file);
  const measureCode = code.toUpperCase();
  await withDatabase((db) => saveMapping(db, commandLineContext(), measureCode, mapping, null)).catch(withOption);
  return `Set ${measureCode}'s benchmark mapping: ${mappingInWords(mapping)}.`;
}

/** "care_leaver_percent from la_care_leavers….csv, on the rows where breakdown is …": what a mapping reads (from the file it names unless told otherwise). */
function mappingInWords(mapping: Mapping, from: string | null = mapping.file): string {
  const value = mapping.column ?? `${mapping.numeratorColumn ?? ""} ÷ ${mapping.denominatorColumn ?? `${mapping.denominatorMeasure ?? ""}'s published values`} × ${(mapping.scale ?? 1).toLocaleString("en-GB")}`;
  const filters = Object.entries(mapping.filters).map(([column, value]) => `${column} is "${value}"`);
  return `${value}${from ? ` from ${from}` : ""}${filters.length > 0 ? `, on the rows where ${filters.join(" and ")}` : ""}`;
}

async function previewCommand(args: string[], withDatabase: WithDatabase): Promise<string> {
  const { positionals, values } = parseMappingArgs(args);
  const [code, path] = positionals;
  if (!code || !path || positionals.length > 2) throw new UserError("usage", `preview needs the measure's code and a DfE statistics CSV: waymark mapping preview CODE CSV [options]\n\n${mappingUsage}`);
  const unsaved = Object.values(values).some((v) => v !== undefined) ? mappingFromOptions(values, values.file ?? basename(path)) : null;
  const { name, sheet } = await readCsv(path);
  return withDatabase(async (db) => {
    const measure = await measureOf(db, code);
    let reading: Parameters<typeof previewMapping>[2];
    let through: string;
    if (unsaved) {
      const population = unsaved.denominatorMeasure ? await findMeasure(db, unsaved.denominatorMeasure) : null;
      if (unsaved.denominatorMeasure && !population) throw new UserError("invalid", `--denominator-measure: There is no measure ${unsaved.denominatorMeasure} to take the denominator from`);
      reading = { ...previewMappingOf(unsaved), denominatorMeasureId: population?.id ?? null };
      through = `the mapping given: ${mappingInWords(unsaved, null)}`;
    } else {
      const found = await findMappingOf(db, measure);
      if (!found) throw new UserError("not-found", `${measure.code} has no benchmark mapping: set one first (waymark mapping set), or give the mapping to preview with the options of set`);
      reading = { ...mappingOf(found.row), denominatorMeasureId: found.row.denominatorMeasureId };
      through = `its saved mapping: ${mappingInWords(found.mapping, null)}${found.mapping.file === name ? "" : ` (the mapping is for ${found.mapping.file})`}`;
    }
    const result = await previewMapping(db, sheet, reading, measure.polarity);
    if ("problems" in result) {
      const count = result.problems.length + result.moreProblems;
      throw new ImportRejected([
        `${name} does not read through the mapping; nothing has been saved. ${count} problem${count === 1 ? "" : "s"}:`,
        ...result.problems.map((p) => `  row ${p.row}${p.column ? `, ${p.column}` : ""}: ${p.message}`),
        ...(result.moreProblems > 0 ? [`  ${moreProblemsText(result.moreProblems)}`] : []),
      ]);
    }
    return [`${measure.code}: ${measure.title}`, `Read ${name} through ${through}.`, ...previewLines(result.preview, measure), "Nothing has been saved."].join("\n");
  });
}

/** The preview as the measure page would give it: each area's value in the measure's unit, then the neighbours, band and rank. */
function previewLines(preview: MappingPreview, measure: { unit: Parameters<typeof formatMeasureValue>[1]; decimals: number; polarity: string }): string[] {
  const format = (value: number | null, symbol?: string | null, numerator: number | null = null, denominator: number | null = null) => {
    if (value === null) return symbol ? symbolInWords(symbol, "no value") : "no value";
    return formatWithFraction(value, measure.unit, measure.decimals, numerator, denominator);
  };
  const years = preview.years.length > 1 ? `${preview.years[0]} to ${preview.years.at(-1)}` : String(preview.year);
  const rows: [string, string][] = [
    [preview.council?.areaName ?? "The council", preview.council ? format(preview.council.value, preview.council.symbol, preview.council.numerator, preview.council.denominator) : "not in the file, or the plan names no council"],
    ["England", preview.england ? format(preview.england.value, preview.england.symbol) : "not in the file"],
    [preview.region?.areaName ?? "The region", preview.region ? format(preview.region.value, preview.region.symbol) : "not in the file"],
    [
      "Statistical neighbours",
      preview.neighbours.length === 0
        ? "none: the statistical-neighbour model has not been imported"
        : `${formatMeasureValue(preview.neighbourMean.mean, measure.unit, measure.decimals)}: the mean of ${preview.neighbourMean.count} of ${preview.neighbours.length} neighbours with a value`,
    ],
    ...preview.neighbours.map((n): [string, string] => [`  ${n.name}`, format(n.value, n.symbol)]),
    ["Quartile band", preview.quartileBand ? `${preview.quartileBand} (A is the best quarter of councils)` : measure.polarity === "neither" ? "none: neither higher nor lower is better" : "none"],
    ["Rank", preview.rank ? `${preview.rank.rank} of ${preview.rank.of} (1 is best)` : "none"],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return [
    `${preview.rows.toLocaleString("en-GB")} rows match, for ${years}; in ${preview.year}:`,
    ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`),
  ];
}
