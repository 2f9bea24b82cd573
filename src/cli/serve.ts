import type { Logger } from "pino";
import type { Config } from "../config.ts";
import { chooseLogFormat, createLogger } from "../logging.ts";
import { openDatabase } from "../db/client.ts";
import { migrateDatabase } from "../db/migrate.ts";
import { currentPlanSummary, hasAnyPlan } from "../modules/plan/index.ts";
import { findChromium } from "../modules/reports/index.ts";
import { buildApp } from "../app/app.ts";
import { registerJobs } from "../app/jobs.ts";
import { JobQueue } from "../db/queue.ts";
import { demoPassword } from "../demo/accounts.ts";
import { oidcSignIn, listDemoUsers } from "../modules/access/index.ts";
import { startReminderSchedule, sendDueReminders } from "../modules/reminders/index.ts";
import { systemClock } from "../core/clock.ts";
import { mailerOf } from "./reminders.ts";
import { demoAccountsNote, loadDemoCommand } from "./plan-commands.ts";
import { readyDemoTemplate } from "../demo/template.ts";

/** The long-running commands: the web app (`waymark serve`) and the background worker (`waymark worker`). */

/**
 * The embedded database runs in a thread of its own for these commands; if that thread stops, the
 * process has no database left, so it says why and ends (exit status 1) rather than wait on it.
 */
function endWithTheDatabase(logger: Logger): { failed(error: Error): void } {
  return {
    failed(error) {
      logger.fatal({ err: error }, "The embedded database stopped, so Waymark stops");
      process.exit(1);
    },
  };
}

export async function serve(config: Config): Promise<void> {
  const logger = createLogger(config.logLevel, undefined, chooseLogFormat(config.logFormat, config.env, process.stdout.isTTY === true));
  const started = performance.now();
  // The demo loads itself only into a new embedded database, never into a council's PostgreSQL:
  // copied ready loaded when it has been made (at install), else loaded now.
  const demo = !config.databaseUrl && config.env !== "production" ? readyDemoTemplate() : undefined;
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, copyOf: demo, thread: endWithTheDatabase(logger) });
  await migrateDatabase(handle);
  if (demo && handle.copiedFrom === demo) logger.info(`Started from the demonstration plan. ${demoAccountsNote}`);
  else if (handle.kind === "embedded" && !(await hasAnyPlan(handle.db))) logger.info(await loadDemoCommand(config, handle));
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
    casework: config.casework,
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
export async function worker(config: Config): Promise<void> {
  const logger = createLogger(config.logLevel, undefined, chooseLogFormat(config.logFormat, config.env, process.stdout.isTTY === true));
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, thread: endWithTheDatabase(logger) });
  await migrateDatabase(handle);
  const queue = new JobQueue(handle.db, { logger });
  registerJobs(queue, {
    db: handle.db,
    clock: systemClock,
    session: config.session,
    chromium: await findChromium(config.chromiumPath),
    reminders: { mailConfigured: config.mail !== null, settings: config.reminders.settings },
    casework: config.casework,
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
