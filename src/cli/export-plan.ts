import { mkdir, readdir, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import type { Database } from "../db/client.ts";
import { exportPlan } from "../modules/plan/index.ts";
import { UserError } from "../core/problems.ts";

export const exportPlanUsage = `Usage: waymark export-plan FOLDER [--force]

Writes the current plan to FOLDER as the files load-plan reads: plan.yaml and one
priorities/NN.yaml per priority. FOLDER must be new or empty; --force writes into one that
holds files, replacing plan.yaml and the priority files (a priority file the plan no longer has
is removed; other files are left alone).`;

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
  const written = new Set(exported.files.map((f) => f.path));
  for (const file of exported.files) {
    const path = join(folder, file.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, file.text, "utf8");
  }
  // A priority file left from an earlier export would be loaded as a priority the plan no longer has.
  const stale = (await readdir(join(folder, "priorities")))
    .filter((name) => /\.ya?ml$/.test(name) && !written.has(`priorities/${name}`))
    .sort()
    .map((name) => `priorities/${name}`);
  for (const path of stale) await rm(join(folder, path));
  return [
    `Wrote the plan "${exported.title}" (${exported.slug}) to ${folder}:`,
    ...exported.files.map((f) => `  ${f.path}`),
    ...(stale.length > 0 ? [`Removed, as the plan no longer has them: ${stale.join(", ")}`] : []),
    `Load it with: waymark load-plan ${folder}`,
  ].join("\n");
}
