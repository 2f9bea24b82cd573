import type { Config } from "../config.ts";
import { exitStatusOf, UserError } from "../core/problems.ts";

/**
 * The `waymark` command: each command's code is loaded when it is asked for, so `waymark help`
 * loads nothing of the app and `waymark users list` none of the web app.
 */

const USAGE = `Usage: waymark <command>

Commands:
  serve              start the web app (runs migrations first; loads the demo on a new embedded database)
  worker             do the background jobs (issuing reports, clearing sessions) apart from the web app
  migrate            bring the database's tables up to date
  demo               load the demonstration plan (Plymouth's Achieving Excellence 2024–27) and its synthetic
                     case records (--casework-scale N for N councils' worth)
  load-plan FOLDER   load a council's own plan from its files, and its benchmark mappings from mappings/
                     (see the README for the format)
  export-plan FOLDER write the current plan and its benchmark mappings as the files load-plan reads
                     (--force into a folder that holds files)
  users …            add, list, disable, enable, set the roles of, or reset the password of user accounts
  import …           import measure values, DfE statistics, statistical neighbours, Ofsted judgements or case records
  mapping …          what a DfE statistics file's columns hold; show, export, import, set or preview a
                     measure's benchmark mapping (which file, columns and filter values feed its benchmarks)
  report …           list the reports in preparation, or write one as Word, HTML or PDF
  bank-holidays FILE load a downloaded copy of the GOV.UK bank holidays feed (bank-holidays.json), then
                     compute the measures from case records again by it
  compute            compute the measures from case records again where what they read has changed
                     (--la CODE for one council; the app does it every hour)
  reminders send     send the progress reminders due now (the app also sends them every 15 minutes)
  backup FILE        write the whole database to FILE (stop the app first on the embedded database)
  restore FILE       make the database from a backup (--force to replace one that holds data)
  help               show this message

Configuration comes from the environment: PORT, WAYMARK_DATA_DIR, DATABASE_URL, LOG_LEVEL, NODE_ENV, WORKERS.`;

/** A command: what it prints (or nothing, for the long-running ones) and its exit status. */
type Command = (config: Config, args: string[]) => Promise<{ text?: string; status?: number }>;

/** Each command, loading its own code only when it runs. */
const commands: Record<string, Command> = {
  serve: async (config) => {
    await (await import("./serve.ts")).serve(config);
    return {};
  },
  worker: async (config) => {
    await (await import("./serve.ts")).worker(config);
    return {};
  },
  migrate: async (config) => {
    await (await import("./database.ts")).withDatabase(config, async () => undefined);
    return { text: "The database is up to date." };
  },
  demo: async (config, args) => ({ text: await (await import("./plan-commands.ts")).demoCommand(config, args) }),
  "load-plan": async (config, [folder]) => {
    if (!folder) throw new UserError("usage", "load-plan needs the folder that holds plan.yaml and priorities/");
    return { text: await (await import("./plan-commands.ts")).loadPlanCommand(config, folder) };
  },
  "export-plan": async (config, args) => {
    const [{ exportTarget, exportPlanCommand }, { withDatabase }] = await Promise.all([import("./export-plan.ts"), import("./database.ts")]);
    const target = await exportTarget(args);
    return { text: await withDatabase(config, (handle) => exportPlanCommand(handle.db, target)) };
  },
  users: async (config, args) => {
    const [{ usersCommand }, { withDatabase }] = await Promise.all([import("./users.ts"), import("./database.ts")]);
    return { text: await withDatabase(config, (handle) => usersCommand(handle.db, args)) };
  },
  import: async (config, args) => {
    const [{ importCommand }, { withDatabase }] = await Promise.all([import("./import.ts"), import("./database.ts")]);
    return { text: await withDatabase(config, (handle) => importCommand(handle.db, args, config.casework)) };
  },
  mapping: async (config, args) => {
    const [{ mappingCommand }, { withDatabase }] = await Promise.all([import("./mapping.ts"), import("./database.ts")]);
    return { text: await mappingCommand(args, (work) => withDatabase(config, (handle) => work(handle.db))) };
  },
  report: async (config, args) => {
    const [{ reportCommand }, { withDatabase }] = await Promise.all([import("./report.ts"), import("./database.ts")]);
    return { text: await withDatabase(config, (handle) => reportCommand(handle.db, args, config.chromiumPath)) };
  },
  reminders: async (config, args) => {
    const [{ checkRemindersArgs, remindersCommand }, { withDatabase }] = await Promise.all([import("./reminders.ts"), import("./database.ts")]);
    checkRemindersArgs(args);
    const sent = await withDatabase(config, (handle) => remindersCommand(handle.db, args, { config }));
    return { text: sent.text, status: sent.failed ? 1 : 0 };
  },
  "bank-holidays": async (config, [file]) => {
    if (!file) throw new UserError("usage", "bank-holidays needs the downloaded copy of https://www.gov.uk/bank-holidays.json");
    const [{ bankHolidaysCommand }, { withDatabase }] = await Promise.all([import("./bank-holidays.ts"), import("./database.ts")]);
    return { text: await withDatabase(config, (handle) => bankHolidaysCommand(handle.db, file)) };
  },
  compute: async (config, args) => {
    const [{ computeCommand }, { withDatabase }] = await Promise.all([import("./compute.ts"), import("./database.ts")]);
    return { text: await withDatabase(config, (handle) => computeCommand(handle.db, args)) };
  },
  backup: async (config, args) => ({ text: await (await import("./backup.ts")).backupCommand(config, args) }),
  restore: async (config, args) => ({ text: await (await import("./backup.ts")).restoreCommand(config, args) }),
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "help") {
    console.log(USAGE);
    return name ? 0 : 1;
  }
  const config = (await import("../config.ts")).loadConfig();
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) throw new UserError("usage", `There is no command "${name}".\n\n${USAGE}`);
  const { text, status = 0 } = await command(config, rest);
  if (text !== undefined) console.log(text);
  return status;
}

/** Runs the CLI, turning known failures into a readable message and a non-zero exit. */
export async function run(argv: string[]): Promise<void> {
  try {
    const code = await main(argv);
    if (argv[0] !== "serve" && argv[0] !== "worker") process.exitCode = code;
  } catch (error) {
    const problem = error instanceof UserError ? error : usageOf(error);
    if (!problem) throw error;
    console.error(problem.message);
    process.exitCode = exitStatusOf(problem.code);
  }
}

/** Node's own refusal of the arguments (an unknown option, a missing value), as a usage mistake. */
function usageOf(error: unknown): UserError | null {
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return typeof code === "string" && code.startsWith("ERR_PARSE_ARGS") ? new UserError("usage", (error as Error).message) : null;
}
