import { readFile } from "node:fs/promises";
import { parse as parseYaml } from "yaml";
import type { z } from "zod";
import { FileProblemsError } from "../core/file-problems.ts";

/**
 * Reads a YAML file that a module loads (a catalogue of measures, a set of reports) and checks it
 * whole against its schema; every problem names the file and the field, and nothing is returned
 * while any remain.
 */
export async function readYamlFile<T extends z.ZodType>(path: string, label: string, schema: T, problemsError: (problems: string[]) => FileProblemsError): Promise<z.infer<T>> {
  let data: unknown;
  try {
    data = parseYaml(await readFile(path, "utf8"));
  } catch {
    throw problemsError([`${label}: the file cannot be read as YAML`]);
  }
  const result = schema.safeParse(data);
  if (!result.success) throw problemsError(result.error.issues.map((i) => `${label}: ${i.path.join(" › ") || "(the whole file)"}: ${i.message}`));
  return result.data;
}
