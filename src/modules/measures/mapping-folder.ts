import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Database, Executor } from "../../db/client.ts";
import type { ChangeContext } from "../access/index.ts";
import { applyMappingFile, findMappingOf, MappingFileError, mappingFileText, readMappingText } from "./benchmark-mappings.ts";
import * as repository from "./repository.ts";
import type { MappingFile } from "./schemas.ts";

/** The folder of a plan's folder that holds its measures' benchmark mappings, one file a measure. */
export const mappingsFolder = "mappings";

/** A mapping file as read from a plan's folder: its name there (`mappings/CLA-RATE.yaml`) and what it says. */
export interface NamedMappingFile {
  label: string;
  file: MappingFile;
}

/** The largest mapping file read: a mapping is a few lines, so anything near this is not one. */
const mostBytes = 100_000;

/**
 * Reads every mapping file in a plan's folder (`mappings/*.yaml`), each checked whole before the
 * database is touched; every problem names the file and the field, and nothing is answered while
 * any remain. A folder without `mappings/` has none. The files come in the order they can be
 * applied: by name, except that a file whose denominator is another file's measure comes after it.
 */
export async function readMappingFolder(planFolder: string): Promise<NamedMappingFile[]> {
  const folder = join(planFolder, mappingsFolder);
  const found = await stat(folder).catch(() => null);
  if (!found) return [];
  if (!found.isDirectory()) throw new MappingFileError([`${mappingsFolder}: is a file; the measures' mappings go in a folder of that name, one file each`]);
  const names = (await readdir(folder)).filter((name) => /\.ya?ml$/.test(name)).sort();
  const problems: string[] = [];
  const read: NamedMappingFile[] = [];
  for (const name of names) {
    const label = `${mappingsFolder}/${name}`;
    const text = await readText(join(folder, name), label, problems);
    if (text === null) continue;
    try {
      read.push({ label, file: readMappingText(text, label) });
    } catch (error) {
      if (!(error instanceof MappingFileError)) throw error;
      problems.push(...error.problems);
    }
  }
  const firstFor = new Map<string, string>();
  for (const { label, file } of read) {
    const earlier = firstFor.get(file.measure.code);
    if (earlier) problems.push(`${label}: measure › code: ${file.measure.code} already has its mapping in ${earlier}; a measure has one mapping file`);
    else firstFor.set(file.measure.code, label);
  }
  if (problems.length > 0) throw new MappingFileError(problems);
  return inApplyingOrder(read);
}

async function readText(path: string, label: string, problems: string[]): Promise<string | null> {
  const size = await stat(path).then(
    (s) => s.size,
    () => null,
  );
  if (size === null) {
    problems.push(`${label}: the file cannot be read`);
    return null;
  }
  if (size > mostBytes) {
    problems.push(`${label}: the file is ${size.toLocaleString("en-GB")} bytes; a mapping file is at most ${mostBytes.toLocaleString("en-GB")}`);
    return null;
  }
  return readFile(path, "utf8").catch(() => {
    problems.push(`${label}: the file cannot be read`);
    return null;
  });
}

/** Each file after the file of the measure its denominator comes from; otherwise as given. Files that name each other are refused. */
function inApplyingOrder(files: NamedMappingFile[]): NamedMappingFile[] {
  const pending = [...files];
  const ordered: NamedMappingFile[] = [];
  while (pending.length > 0) {
    const waiting = new Set(pending.map((f) => f.file.measure.code));
    const ready = pending.filter((f) => !f.file.mapping.denominatorMeasure || f.file.mapping.denominatorMeasure === f.file.measure.code || !waiting.has(f.file.mapping.denominatorMeasure));
    if (ready.length === 0) {
      throw new MappingFileError(pending.map((f) => `${f.label}: mapping › denominatorMeasure: ${f.file.mapping.denominatorMeasure ?? ""}'s mapping takes its denominator from ${f.file.measure.code} in turn; one of them must take it from the file`));
    }
    ordered.push(...ready);
    for (const f of ready) pending.splice(pending.indexOf(f), 1);
  }
  return ordered;
}

/**
 * Checks mapping files against the database before anything is loaded: each names a measure the
 * database has, or one the files before it add, or gives what adding it needs; and each
 * denominator is another measure there. Every problem names the file and the field.
 */
export async function checkMappingFiles(db: Executor, files: readonly NamedMappingFile[]): Promise<void> {
  const problems: string[] = [];
  const added = new Set<string>();
  for (const { label, file } of files) {
    const { code, title, unit, polarity } = file.measure;
    const known = added.has(code) || Boolean(await repository.findMeasure(db, code));
    if (!known && (!title || !unit || !polarity)) problems.push(`${label}: measure: there is no measure ${code}; to add it the file needs its title, unit and polarity`);
    added.add(code);
    const population = file.mapping.denominatorMeasure;
    if (population === code) problems.push(`${label}: mapping › denominatorMeasure: a measure cannot be its own denominator: choose the population measure`);
    else if (population && !added.has(population) && !(await repository.findMeasure(db, population))) {
      problems.push(`${label}: mapping › denominatorMeasure: there is no measure ${population} to take the denominator from`);
    }
  }
  if (problems.length > 0) throw new MappingFileError(problems);
}

/**
 * Applies a plan folder's mapping files in their order, all or nothing, after checking them
 * against the database; a measure a file names that the council lacks is added. Answers how many
 * were set.
 */
export async function applyMappingFiles(db: Database, context: ChangeContext, files: readonly NamedMappingFile[]): Promise<number> {
  if (files.length === 0) return 0;
  await checkMappingFiles(db, files);
  await db.transaction(async (tx) => {
    for (const { label, file } of files) await applyMappingFile(tx, context, file, label);
  });
  return files.length;
}

/** Every measure's mapping as the file `mappings/CODE.yaml` that `readMappingFolder` reads back, by code. */
export async function mappingFilesOf(db: Executor): Promise<{ path: string; text: string }[]> {
  const files: { path: string; text: string }[] = [];
  for (const measure of await repository.listMeasures(db)) {
    const found = await findMappingOf(db, measure);
    if (found) files.push({ path: `${mappingsFolder}/${measure.code}.yaml`, text: mappingFileText(measure, found.mapping) });
  }
  return files;
}
