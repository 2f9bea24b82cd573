import { londonDateOf } from "../../core/values-as-at.ts";
import { formatDate } from "../../core/format.ts";
import { londonDay, occasionDue, occasionLabel, type ReminderSettings } from "../../core/reminder-schedule.ts";
import type { Database } from "../../db/client.ts";
import { accountsWithRole } from "../access/index.ts";
import type { PlanSummary } from "../plan/index.ts";
import * as progress from "../progress/index.ts";
import type { Mailer } from "./mailer.ts";
import { approvalDigestMessage, updateDueMessage, type Council, type Message, type OwedUpdate } from "./messages.ts";
import * as repository from "./repository.ts";
import type { ReminderRow } from "./repository.ts";

/** What a run needs: the database, how mail leaves, where Waymark is reached, the council's settings and the time. */
export interface ReminderDeps {
  db: Database;
  mailer: Mailer;
  /** The address people reach Waymark at (PUBLIC_URL), for the links in each email. */
  publicUrl: string;
  settings: ReminderSettings;
  /** The clock: tests set "today" through it. */
  now: () => Date;
  /** Where each reminder is logged: its key and status, never its words. */
  logger?: ReminderLogger;
}

export interface ReminderLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

interface Recipient {
  id: number;
  displayName: string;
  email: string | null;
}

/** A reminder a run has found due, before it is claimed. */
interface DueReminder extends Message {
  recipient: Recipient;
  kind: ReminderRow["kind"];
  periodId: number | null;
  occasion: string;
  /** "10 days before", "daily list for 6 February 2026", for the command's output. */
  occasionLabel: string;
}

export interface ReminderOutcome {
  recipientName: string;
  recipientEmail: string | null;
  subject: string;
  occasionLabel: string;
  status: "sent" | "held" | "failed";
  problem: string | null;
}

/** What a run did: each reminder it sent, held or failed to send. Reminders already dealt with are not repeated. */
export interface ReminderRun {
  sent: ReminderOutcome[];
  held: ReminderOutcome[];
  failed: ReminderOutcome[];
}

/** A claim older than this was left by a run that stopped mid-send: it is taken over. */
const staleClaimMs = 60 * 60 * 1000;

export const holdReasons = {
  noMailServer: "No mail server is configured (SMTP_URL), so it was not emailed.",
  noAddress: "The account has no email address, so it was not emailed.",
} as const;

/** Each priority lead who owes an update for an open period whose reminder day it is, with what they owe. */
async function leadReminders(deps: ReminderDeps, planId: number, council: Council, today: string): Promise<DueReminder[]> {
  const periods = (await progress.periodsOf(deps.db, planId)).filter((p) => p.open);
  if (periods.length === 0) return [];
  const leads = await accountsWithRole(deps.db, "priority_lead");
  const due: DueReminder[] = [];
  for (const period of periods) {
    const occasion = occasionDue({ openedOn: londonDateOf(period.createdAt), deadline: period.deadline }, today, deps.settings);
    if (!occasion) continue;
    const { priorities } = await progress.compliance(deps.db, period, today);
    const owed = priorities.filter((row) => progress.owed(row.state));
    for (const lead of leads) {
      const theirs = owed
        .filter((row) => lead.priorityIds.includes(row.priorityId))
        .sort((a, b) => a.priorityNumber - b.priorityNumber)
        .map((row): OwedUpdate => ({ number: row.priorityNumber, title: row.priorityTitle, state: row.state as OwedUpdate["state"], link: `${deps.publicUrl}${row.href}/edit` }));
      if (theirs.length === 0) continue;
      const message = updateDueMessage({
        recipientName: lead.displayName,
        council,
        periodLabel: period.label,
        planYearLabel: period.yearLabel,
        deadline: period.deadline,
        asksMilestones: period.asksMilestones,
        occasion,
        today,
        owed: theirs,
      });
      due.push({ ...message, recipient: lead, kind: "update_due", periodId: period.id, occasion: occasion.key, occasionLabel: `${period.label}, ${occasion.label}` });
    }
  }
  return due;
}

/** Each approver's list for today of the updates waiting for approval, when any are. */
async function approverReminders(deps: ReminderDeps, planId: number, council: Council, today: string): Promise<DueReminder[]> {
  const waiting = await progress.awaitingApproval(deps.db, planId);
  if (waiting.length === 0) return [];
  const approvers = await accountsWithRole(deps.db, "approver");
  return approvers.map((approver) => ({
    ...approvalDigestMessage({ recipientName: approver.displayName, council, waiting: waiting.map((w) => ({ ...w, link: `${deps.publicUrl}${w.href}` })) }),
    recipient: approver,
    kind: "approval_digest" as const,
    periodId: null,
    occasion: today,
    occasionLabel: `daily list for ${formatDate(today)}`,
  }));
}

/** Why a send failed, in a line: the mail server's answer or the connection's error, never the message. */
function problemOf(error: unknown): string {
  const e = error as { code?: string; responseCode?: number; message?: string };
  const text = [e.code, e.responseCode, e.message].filter((part) => part !== undefined && part !== "").join(" ");
  return (text || "the mail server did not accept it").replace(/\s+/g, " ").slice(0, 500);
}

/** Claims a due reminder and sends or holds it; null when another run has it or it was dealt with before. */
async function deliver(deps: ReminderDeps, due: DueReminder): Promise<ReminderOutcome | null> {
  const claimedAt = deps.now();
  const holdReason = !deps.mailer.configured ? holdReasons.noMailServer : due.recipient.email ? null : holdReasons.noAddress;
  const claimed = await repository.claimReminder(
    deps.db,
    {
      recipientId: due.recipient.id,
      recipientName: due.recipient.displayName,
      recipientEmail: due.recipient.email,
      kind: due.kind,
      periodId: due.periodId,
      occasion: due.occasion,
      subject: due.subject,
      body: due.body,
      status: holdReason ? "held" : "sending",
      problem: holdReason,
      createdAt: claimedAt,
      claimedAt,
    },
    { retry: holdReason === null, staleBefore: new Date(claimedAt.getTime() - staleClaimMs) },
  );
  if (!claimed) return null;
  const logged = { reminder: claimed.id, kind: claimed.kind, recipient: claimed.recipientId, period: claimed.periodId, occasion: claimed.occasion, subject: claimed.subject };
  const outcome = (status: ReminderOutcome["status"], problem: string | null): ReminderOutcome => ({
    recipientName: claimed.recipientName,
    recipientEmail: claimed.recipientEmail,
    subject: claimed.subject,
    occasionLabel: due.occasionLabel,
    status,
    problem,
  });
  if (claimed.status === "held") {
    deps.logger?.info({ ...logged, status: "held" }, `Reminder held: ${holdReason ?? ""}`);
    return outcome("held", holdReason);
  }
  try {
    await deps.mailer.send({ to: claimed.recipientEmail ?? "", subject: claimed.subject, text: claimed.body });
  } catch (error) {
    const problem = problemOf(error);
    await repository.markFailed(deps.db, claimed.id, problem);
    // The mail server's words may name the address: the log has only the error's code.
    deps.logger?.warn({ ...logged, status: "failed", code: (error as { code?: string }).code }, "Reminder not sent: it will be tried again on the next run");
    return outcome("failed", problem);
  }
  await repository.markSent(deps.db, claimed.id, deps.now());
  deps.logger?.info({ ...logged, status: "sent" }, "Reminder sent");
  return outcome("sent", null);
}

/**
 * Sends the plan's reminders due now (none when no plan is loaded): leads' reminders for each open
 * period whose reminder day it is (see src/core/reminder-schedule.ts), and approvers' daily lists.
 * Each is claimed by its unique key before it is sent, so a reminder already sent, held, or being
 * sent by another run (in this app instance or another) is left alone; one that failed is tried again.
 */
export async function sendDueReminders(deps: ReminderDeps, plan: PlanSummary | null): Promise<ReminderRun> {
  const run: ReminderRun = { sent: [], held: [], failed: [] };
  if (!plan) return run;
  const today = londonDay(deps.now()).date;
  const council = { councilName: plan.councilName, serviceName: plan.serviceName };
  const due = [...(await leadReminders(deps, plan.id, council, today)), ...(await approverReminders(deps, plan.id, council, today))];
  for (const reminder of due) {
    const outcome = await deliver(deps, reminder);
    if (outcome) run[outcome.status].push(outcome);
  }
  return run;
}

/** What a reminder was about, in words: "Q3 2025/26 update reminder: 10 days before". */
function aboutOf(row: ReminderRow, periodLabels: Map<number, string>): string {
  if (row.kind === "approval_digest") return `Daily list of updates waiting for approval, ${formatDate(row.occasion)}`;
  const period = row.periodId === null ? undefined : periodLabels.get(row.periodId);
  return `${period ?? "Progress"} update reminder: ${occasionLabel(row.occasion)}`;
}

/**
 * The outbox: the newest reminders, each with what it was about (its period named from the plan's,
 * `planId`, when one is loaded), and how many there are in all.
 */
export async function outbox(db: Database, planId: number | null, limit = 200): Promise<{ reminders: (ReminderRow & { about: string })[]; total: number }> {
  const [rows, total, periods] = await Promise.all([repository.listRecent(db, limit), repository.countReminders(db), planId === null ? [] : progress.periodsOf(db, planId)]);
  const labels = new Map(periods.map((p) => [p.id, p.label]));
  return { reminders: rows.map((row) => ({ ...row, about: aboutOf(row, labels) })), total };
}
