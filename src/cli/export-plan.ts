import { mkdir, readdir, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import type { Database } from "../db/client.ts";
import { mappingFilesOf, mappingsFolder } from "../modules/measures/index.ts";
import { exportPlan } from "../modules/plan/index.ts";
import { UserError } from "../core/problems.ts";

export const exportPlanUsage = `Usage: waymark export-plan FOLDER [--force]

Writes the current plan to FOLDER as the files load-plan reads: plan.yaml, one
priorities/NN.yaml per priority and one mappings/CODE.yaml per measure with a benchmark mapping.
FOLDER must be new or empty; --force writes into one that holds files, replacing plan.yaml, the
priority files and the mapping files (one the plan or its measures no longer have is removed;
other files are left alone).`;

export interface ExportTarget {
  folder: string;
  force: boolean;
}

/** Reads the command's arguments and checks the folder, before the database is opened. */
export async function exportTarget(args: string[]): Promise<ExportTarget> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, strict: true, options: { force: { type: "boolean" } } });
  const [folder, ...more] = positionals;
  if (!folder || more.length > 0) throw new UserError("refused", exportPlanUsage);
  const force = values.force === true;
  const found = await stat(folder).catch(() => null);
  if (found && !found.isDirectory()) throw new UserError("refused", `${folder} is a file, not a folder: give a folder for the plan's files.`);
  if (found && !force && (await readdir(folder)).length > 0) {
    throw new UserError("refused", `${folder} is not empty: give a new or empty folder, or add --force to replace the plan's files in it.`);
  }
  return { folder, force };
}

/** `waymark export-plan FOLDER`: the current plan's files, ready for version control or another database. */
export async function exportPlanCommand(db: Database, { folder }: ExportTarget): Promise<string> {
  const exported = await exportPlan(db);
  if (!exported) throw new UserError("refused", "There is no plan to export: load one first (waymark load-plan FOLDER, or waymark demo).");
  const files = [...exported.files, ...(await mappingFilesOf(db))];
  const written = new Set(files.map((f) => f.path));
  for (const file of files) {
    const path = join(folder, file.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, file.text, "utf8");
  }
  // A priority or mapping file left from an earlier export would be loaded as one the plan no longer has.
  const stale: string[] = [];
  for (const kind of ["priorities", mappingsFolder]) {
    const names = await readdir(join(folder, kind)).catch(() => [] as string[]);
    stale.push(...names.filter((name) => /\.ya?ml$/.test(name) && !written.has(`${kind}/${name}`)).sort().map((name) => `${kind}/${name}`));
  }
  for (const path of stale) await rm(join(folder, path));
  return [
    `Wrote the plan "${exported.title}" (${exported.slug}) to ${folder}:`,
    ...files.map((f) => `  ${f.path}`),
    ...(stale.length > 0 ? [`Removed, as the plan no longer has them: ${stale.join(", ")}`] : []),
    `Load it with: waymark load-plan ${folder}`,
  ].join("\n");
}
