import type { Database } from "../../db/client.ts";
import type { ReminderSettings } from "../../core/reminder-schedule.ts";
import { viewsBeside, type AppModule } from "../../web/app-module.ts";
import { remindersActions } from "./actions.ts";

/** The reminders module: emails to leads who owe a progress update, and the outbox of those sent and held. */

export { remindersActions } from "./actions.ts";
export { noMailer, smtpMailer, type Mailer } from "./mailer.ts";
export { startReminderSchedule } from "./schedule.ts";
export { sendDueReminders, type ReminderLogger, type ReminderOutcome } from "./service.ts";

export interface RemindersOptions {
  db: Database;
  /** Whether reminders are emailed (SMTP_URL) or held, and on which days, for the reminders page. */
  reminders: { mailConfigured: boolean; settings: ReminderSettings };
}

export const remindersModule = {
  name: "reminders",
  views: viewsBeside(import.meta.url),
  actions: remindersActions,
  routes: async (app, { db, reminders }) => (await import("./routes.ts")).reminderRoutes(app, { db, ...reminders }),
} satisfies AppModule<RemindersOptions>;
