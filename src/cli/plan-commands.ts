import { parseArgs } from "node:util";
import type { Config } from "../config.ts";
import { UserError } from "../core/problems.ts";
import type { DatabaseHandle } from "../db/client.ts";
import { demoPassword } from "../demo/accounts.ts";
import { demoPlanFolder, loadDemo } from "../demo/index.ts";
import { loadPlan, readPlanFolder, type PlanFiles } from "../modules/plan/index.ts";
import { commandLineContext } from "./context.ts";
import { withDatabase } from "./database.ts";

async function loadFolder(handle: DatabaseHandle, files: PlanFiles): Promise<string> {
  const { slug } = await loadPlan(handle.db, commandLineContext(), files);
  return `Loaded the plan "${files.overview.plan.title}" (${slug}): ${files.priorities.length} priorities.`;
}

/** `waymark load-plan FOLDER`: checks a plan's files before touching the database, then loads them. */
export async function loadPlanCommand(config: Config, folder: string): Promise<string> {
  const files = await readPlanFolder(folder);
  return withDatabase(config, (handle) => loadFolder(handle, files));
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
