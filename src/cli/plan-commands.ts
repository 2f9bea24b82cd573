import { parseArgs } from "node:util";
import type { Config } from "../config.ts";
import { UserError } from "../core/problems.ts";
import type { DatabaseHandle } from "../db/client.ts";
import { demoPassword } from "../demo/accounts.ts";
import { demoPlanFolder, loadDemo } from "../demo/index.ts";
import { FileProblemsError } from "../core/file-problems.ts";
import { applyMappingFiles, checkMappingFiles, mappingsFolder, readMappingFolder, type NamedMappingFile } from "../modules/measures/index.ts";
import { loadPlan, readPlanFolder, type PlanFiles } from "../modules/plan/index.ts";
import { commandLineContext } from "./context.ts";
import { withDatabase } from "./database.ts";

async function loadFolder(handle: DatabaseHandle, files: PlanFiles, mappings: readonly NamedMappingFile[]): Promise<string> {
  const context = commandLineContext();
  // What the mappings need of the database is checked before the plan is loaded, so a plan is not left loaded without them.
  await checkMappingFiles(handle.db, mappings);
  const { slug } = await loadPlan(handle.db, context, files);
  const set = await applyMappingFiles(handle.db, context, mappings);
  const loaded = `Loaded the plan "${files.overview.plan.title}" (${slug}): ${files.priorities.length} priorities.`;
  return set > 0 ? `${loaded} Set ${set} benchmark mapping${set === 1 ? "" : "s"} from ${mappingsFolder}/.` : loaded;
}

/**
 * Reads a plan's files and its measures' mapping files (`mappings/*.yaml`, if it has them), every
 * problem of both listed together before the database is touched.
 */
async function readPlanAndMappings(folder: string): Promise<{ files: PlanFiles; mappings: NamedMappingFile[] }> {
  const [files, mappings] = await Promise.allSettled([readPlanFolder(folder), readMappingFolder(folder)]);
  if (files.status === "fulfilled" && mappings.status === "fulfilled") return { files: files.value, mappings: mappings.value };
  const failed: unknown[] = [files, mappings].flatMap((read) => (read.status === "rejected" ? [read.reason] : []));
  const listed = failed.filter((error) => error instanceof FileProblemsError);
  if (failed.length === 1 || listed.length < failed.length) throw failed.find((error) => !(error instanceof FileProblemsError)) ?? failed[0];
  throw new FileProblemsError("plan's files", listed.flatMap((error) => error.problems));
}

/** `waymark load-plan FOLDER`: checks a plan's files before touching the database, then loads them and its mappings. */
export async function loadPlanCommand(config: Config, folder: string): Promise<string> {
  const { files, mappings } = await readPlanAndMappings(folder);
  return withDatabase(config, (handle) => loadFolder(handle, files, mappings));
}

/** Said when the demonstration accounts are made. */
export const demoAccountsNote = `The demonstration accounts' password is "${demoPassword}".`;

/** The demo plan and its progress, its synthetic case records and, outside production, one demonstration account per role. */
export async function loadDemoCommand(config: Config, handle: DatabaseHandle, caseworkScale = 1): Promise<string> {
  const accounts = config.env !== "production";
  const loaded = await loadDemo(handle.db, commandLineContext(), { accounts, caseworkScale });
  return accounts ? `${loaded} ${demoAccountsNote}` : loaded;
}

/** `waymark demo [--casework-scale N]`: the demo's files are checked before the database is opened. */
export async function demoCommand(config: Config, args: string[]): Promise<string> {
  const { values } = parseArgs({ args, strict: true, options: { "casework-scale": { type: "string" } } });
  const scaleText = values["casework-scale"] ?? "1";
  if (!/^\d{1,4}$/.test(scaleText) || Number(scaleText) > 1000) throw new UserError("usage", "--casework-scale must be how many councils' worth of synthetic case records to make: a whole number from 0 to 1,000");
  await readPlanFolder(demoPlanFolder);
  return withDatabase(config, (handle) => loadDemoCommand(config, handle, Number(scaleText)));
}
