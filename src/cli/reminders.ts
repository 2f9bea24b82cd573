import type { Config } from "../config.ts";
import type { Database } from "../db/client.ts";
import { currentPlanSummary } from "../modules/plan/index.ts";
import { noMailer, smtpMailer, type Mailer, sendDueReminders, type ReminderLogger, type ReminderOutcome } from "../modules/reminders/index.ts";
import { systemClock } from "../core/clock.ts";
import { UserError } from "../core/problems.ts";

const usage = `Usage:
  waymark reminders send

Sends the reminders that are due now: to each priority lead who still owes a progress update, when
a period opens and around its deadline, and to each approver, a list of the updates waiting for
approval, once a day. Each reminder goes once, however often this runs; one the mail server did not
take is tried again. Without SMTP_URL, reminders are held for administrators to read at
/admin/reminders. Run it from the council's scheduler (every 15 minutes, say), or leave it to the app.`;

/** The mail server configured, or none. */
export function mailerOf(config: Pick<Config, "mail">): Mailer {
  return config.mail ? smtpMailer({ url: config.mail.smtpUrl, from: config.mail.from }) : noMailer;
}

function lines(outcomes: ReminderOutcome[], detail: (o: ReminderOutcome) => string): string[] {
  return outcomes.map((o) => `  ${o.recipientName} (${o.recipientEmail ?? "no email address"}): ${o.subject} [${o.occasionLabel}]${detail(o)}`);
}

const reminders = (n: number) => `${String(n)} ${n === 1 ? "reminder" : "reminders"}`;

/** Refuses anything but `send`, before the database is opened. */
export function checkRemindersArgs(args: string[]): void {
  if (args[0] !== "send" || args.length > 1) throw new UserError("usage", usage);
}

/**
 * `waymark reminders send`: what the app's schedule does, for a council's own scheduler. Says what it
 * sent, held and failed to send; `failed` tells the caller to exit with status 1.
 */
export async function remindersCommand(
  db: Database,
  args: string[],
  options: { config: Pick<Config, "mail" | "publicUrl" | "reminders">; now?: () => Date; mailer?: Mailer; logger?: ReminderLogger },
): Promise<{ text: string; failed: boolean }> {
  checkRemindersArgs(args);
  const run = await sendDueReminders(
    {
      db,
      mailer: options.mailer ?? mailerOf(options.config),
      publicUrl: options.config.publicUrl,
      settings: options.config.reminders.settings,
      now: options.now ?? systemClock.now,
      logger: options.logger,
    },
    await currentPlanSummary(db),
  );
  const text: string[] = [];
  if (run.sent.length) text.push(`Sent ${reminders(run.sent.length)}:`, ...lines(run.sent, () => ""));
  if (run.held.length) text.push(`Held ${reminders(run.held.length)}, to read at ${options.config.publicUrl}/admin/reminders:`, ...lines(run.held, (o) => ` ${o.problem ?? ""}`));
  if (run.failed.length) text.push(`${reminders(run.failed.length)} could not be sent and will be tried again on the next run:`, ...lines(run.failed, (o) => ` The mail server said: ${o.problem ?? ""}`));
  if (text.length === 0) text.push("No reminders are due: every one due has been sent or held already.");
  return { text: text.join("\n"), failed: run.failed.length > 0 };
}
