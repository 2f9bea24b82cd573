import { loadConfig, type Config } from "../config.ts";
import { chooseLogFormat, createLogger } from "../logging.ts";
import { openDatabase, type DatabaseHandle } from "../db/client.ts";
import { migrateDatabase } from "../db/migrate.ts";
import { demoPlanFolder, loadDemo } from "../demo/index.ts";
import { readPlanFolder } from "../modules/plan/index.ts";
import type { PlanFiles } from "../modules/plan/index.ts";
import { currentPlanSummary, hasAnyPlan, loadPlan } from "../modules/plan/index.ts";
import { findChromium } from "../modules/reports/index.ts";
import { buildApp } from "../app/app.ts";
import { registerJobs } from "../app/jobs.ts";
import { JobQueue } from "../db/queue.ts";
import { demoPassword } from "../demo/accounts.ts";
import { oidcSignIn } from "../modules/access/index.ts";
import { listDemoUsers } from "../modules/access/index.ts";
import { commandLineContext } from "./context.ts";
import { usersCommand } from "./users.ts";
import { importCommand } from "./import.ts";
import { reportCommand } from "./report.ts";
import { backupCommand, restoreCommand } from "./backup.ts";
import { checkRemindersArgs, mailerOf, remindersCommand } from "./reminders.ts";
import { startReminderSchedule } from "../modules/reminders/index.ts";
import { sendDueReminders } from "../modules/reminders/index.ts";
import { exportPlanCommand, exportTarget } from "./export-plan.ts";
import { systemClock } from "../core/clock.ts";
import { exitStatusOf, UserError } from "../core/problems.ts";

const USAGE = `Usage: waymark <command>

Commands:
  serve              start the web app (runs migrations first; loads the demo on a new embedded database)
  worker             do the background jobs (issuing reports, clearing sessions) apart from the web app
  migrate            bring the database's tables up to date
  demo               load the demonstration plan (Plymouth's Achieving Excellence 2024–27)
  load-plan FOLDER   load a council's own plan from its files (see the README for the format)
  export-plan FOLDER write the current plan as the files load-plan reads (--force into a folder that holds files)
  users …            add, list, disable, enable, set the roles of, or reset the password of user accounts
  import …           import measure values, DfE statistics, statistical neighbours or Ofsted judgements
  report …           list the reports in preparation, or write one as Word, HTML or PDF
  reminders send     send the progress reminders due now (the app also sends them every 15 minutes)
  backup FILE        write the whole database to FILE (stop the app first on the embedded database)
  restore FILE       make the database from a backup (--force to replace one that holds data)
  help               show this message

Configuration comes from the environment: PORT, WAYMARK_DATA_DIR, DATABASE_URL, LOG_LEVEL, NODE_ENV, WORKERS.`;

async function withDatabase<T>(config: Config, work: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateDatabase(handle);
    return await work(handle);
  } finally {
    await handle.close();
  }
}

async function loadFolder(handle: DatabaseHandle, files: PlanFiles): Promise<string> {
  const { slug } = await loadPlan(handle.db, commandLineContext(), files);
  return `Loaded the plan "${files.overview.plan.title}" (${slug}): ${files.priorities.length} priorities.`;
}

/** Checks a plan's files before touching the database, then loads them. */
async function loadPlanCommand(config: Config, folder: string): Promise<string> {
  const files = await readPlanFolder(folder);
  return withDatabase(config, (handle) => loadFolder(handle, files));
}

/** The demo plan and its progress and, outside production, one demonstration account per role. */
async function loadDemoCommand(config: Config, handle: DatabaseHandle): Promise<string> {
  const accounts = config.env !== "production";
  const loaded = await loadDemo(handle.db, commandLineContext(), { accounts });
  return accounts ? `${loaded} The demonstration accounts' password is "${demoPassword}".` : loaded;
}

async function serve(config: Config): Promise<void> {
  const logger = createLogger(config.logLevel, undefined, chooseLogFormat(config.logFormat, config.env, process.stdout.isTTY === true));
  const started = performance.now();
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await migrateDatabase(handle);
  // The demo loads itself only into a new embedded database: never into a council's PostgreSQL.
  if (handle.kind === "embedded" && !(await hasAnyPlan(handle.db))) {
    logger.info(await loadDemoCommand(config, handle));
  }
  // Production has no default accounts: the demonstration accounts are never listed there.
  const showDemoAccounts = config.env !== "production" && (await listDemoUsers(handle.db)).length > 0;
  const chromium = await findChromium(config.chromiumPath);
  const queue = new JobQueue(handle.db, { logger });
  const app = await buildApp({
    db: handle.db,
    logger,
    session: config.session,
    demoPassword: showDemoAccounts ? demoPassword : undefined,
    oidc: config.oidc ? oidcSignIn({ db: handle.db, config: config.oidc, session: config.session }) : undefined,
    chromium,
    trustProxy: config.trustProxy,
    reminders: { mailConfigured: config.mail !== null, settings: config.reminders.settings },
    queue,
  });
  // The app does its own background jobs unless WORKERS=off, for a council that runs `waymark worker` apart.
  await queue.start({ workers: config.workers });
  // Off with REMINDERS=off, for a council that runs `waymark reminders send` from its own scheduler.
  const reminders = config.reminders.scheduled
    ? startReminderSchedule(
        async () => sendDueReminders({ db: handle.db, mailer: mailerOf(config), publicUrl: config.publicUrl, settings: config.reminders.settings, now: systemClock.now, logger }, await currentPlanSummary(handle.db)),
        { everyMinutes: config.reminders.everyMinutes, now: systemClock.now, logger },
      )
    : null;
  const shutdown = async () => {
    await reminders?.stop();
    await app.close();
    await queue.stop();
    await handle.close();
    process.exit(0);
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
  await app.listen({ port: config.port, host: config.host });
  logger.info(
    { database: handle.kind, location: handle.location, startupMs: Math.round(performance.now() - started), rssMb: Math.round(process.memoryUsage().rss / 1048576) },
    `Waymark is ready at http://localhost:${config.port}`,
  );
}

/** Does the background jobs, and sends the recurring ones, apart from the web app until stopped. */
async function worker(config: Config): Promise<void> {
  const logger = createLogger(config.logLevel, undefined, chooseLogFormat(config.logFormat, config.env, process.stdout.isTTY === true));
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await migrateDatabase(handle);
  const queue = new JobQueue(handle.db, { logger });
  registerJobs(queue, {
    db: handle.db,
    clock: systemClock,
    session: config.session,
    chromium: await findChromium(config.chromiumPath),
    reminders: { mailConfigured: config.mail !== null, settings: config.reminders.settings },
    queue,
  });
  await queue.start({ workers: true });
  const shutdown = async () => {
    await queue.stop();
    await handle.close();
    process.exit(0);
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
  logger.info({ database: handle.kind, location: handle.location }, "Waymark is doing background jobs");
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === "help") {
    console.log(USAGE);
    return command ? 0 : 1;
  }
  const config = loadConfig();
  switch (command) {
    case "serve":
      await serve(config);
      return 0;
    case "worker":
      await worker(config);
      return 0;
    case "migrate":
      await withDatabase(config, async () => undefined);
      console.log("The database is up to date.");
      return 0;
    case "demo":
      await readPlanFolder(demoPlanFolder);
      console.log(await withDatabase(config, (handle) => loadDemoCommand(config, handle)));
      return 0;
    case "users":
      console.log(await withDatabase(config, (handle) => usersCommand(handle.db, rest)));
      return 0;
    case "import":
      console.log(await withDatabase(config, (handle) => importCommand(handle.db, rest)));
      return 0;
    case "report":
      console.log(await withDatabase(config, (handle) => reportCommand(handle.db, rest, config.chromiumPath)));
      return 0;
    case "reminders": {
      checkRemindersArgs(rest);
      const sent = await withDatabase(config, (handle) => remindersCommand(handle.db, rest, { config }));
      console.log(sent.text);
      return sent.failed ? 1 : 0;
    }
    case "backup":
      console.log(await backupCommand(config, rest));
      return 0;
    case "restore":
      console.log(await restoreCommand(config, rest));
      return 0;
    case "load-plan": {
      const folder = rest[0];
      if (!folder) throw new UserError("usage", "load-plan needs the folder that holds plan.yaml and priorities/");
      console.log(await loadPlanCommand(config, folder));
      return 0;
    }
    case "export-plan": {
      const target = await exportTarget(rest);
      console.log(await withDatabase(config, (handle) => exportPlanCommand(handle.db, target)));
      return 0;
    }
    default:
      throw new UserError("usage", `There is no command "${command}".\n\n${USAGE}`);
  }
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
