import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import type { FastifyInstance } from "fastify";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays } from "../../core/reminder-schedule.ts";
import { formatDate } from "../../core/format.ts";
import { londonDateOf } from "../../core/values-as-at.ts";
import { openDatabase, type DatabaseHandle } from "../../db/client.ts";
import { actorOf, createUser } from "../access/index.ts";
import { currentPlanSummary, findCurrentPlan, findPriority, type PlanSummary } from "../plan/index.ts";
import { findUpdate, openPeriod, saveUpdate, transition, type PeriodRow } from "../progress/index.ts";
import { buildApp } from "../../app/app.ts";
import { engines, type TestHandle } from "../../../test/support/databases.ts";
import { page } from "../../../test/support/html.ts";
import { signedIn } from "../../../test/support/session.ts";
import { testContext } from "../../../test/support/demo.ts";
import { smtpMailer } from "./mailer.ts";
import { outbox, sendDueReminders, type ReminderDeps } from "./service.ts";

/** A mail server for the test: what arrives is parsed as a mail client would; it can be told to refuse. */
async function startMailServer() {
  const received: ParsedMail[] = [];
  const state = { refusing: false };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          if (state.refusing) {
            callback(Object.assign(new Error("Mailbox busy, try again later"), { responseCode: 451 }));
            return;
          }
          received.push(mail);
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${String(port)}`, received, state, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const to = (mail: ParsedMail) => (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).flatMap((a) => a.value.map((v) => v.address));
const publicUrl = "https://waymark.council.example";
// Written in an update: it must never reach an email.
const narrative = "Assessments completed this quarter rose after the duty team was strengthened.";

describe.each(engines)("reminders by email on $name", (engine) => {
  let handle: TestHandle;
  let second: DatabaseHandle | null = null;
  let mail: Awaited<ReturnType<typeof startMailServer>>;
  let period: PeriodRow;
  let openedOn: string;
  let deadline: string;
  let ids: { lena: number; arthur: number; priority3: number; priority4: number };
  let priorityTitles: { three: string; four: string };
  let clock: Date;
  let app: FastifyInstance;
  let plan: PlanSummary;

  /** 09:00 on a London date (GMT in the winter, BST in the summer: either is after 07:00). */
  const at = (date: string) => new Date(`${date}T09:00:00Z`);
  const deps = (db = handle.db): ReminderDeps => ({
    db,
    mailer: smtpMailer({ url: mail.url, from: "Waymark <waymark@council.example>" }),
    publicUrl,
    settings: { daysBefore: [10], daysAfter: [3] },
    now: () => clock,
  });
  /** One run of the reminders, as the schedule does it, by the app instance on `db`. */
  const send = (db = handle.db) => sendDueReminders(deps(db), plan);
  const mailTo = (address: string) => mail.received.filter((m) => to(m).includes(address));
  const submit = async (userId: number, priorityId: number) => {
    const actor = await actorOf(handle.db, userId);
    if (!actor) throw new Error("no actor");
    return saveUpdate(handle.db, actor, testContext, period, priorityId, { narrative: [narrative], achievements: ["A stronger duty team"], challenges: [], plannedNext: [], version: 0 }, "submit");
  };

  beforeAll(async () => {
    handle = await engine.openDemo();
    // On PostgreSQL a second instance runs beside the first, with its own pool on the same database.
    if (handle.url) second = await openDatabase({ databaseUrl: handle.url });
    mail = await startMailServer();
    const lena = await createUser(handle.db, testContext, { username: "lena", displayName: "Lena Lead", email: "lena@council.example", roles: ["priority_lead"], priorityNumbers: [3, 4] });
    const arthur = await createUser(handle.db, testContext, { username: "arthur", displayName: "Arthur Approver", email: "arthur@council.example", roles: ["approver"] });
    const [planRow, summary] = [await findCurrentPlan(handle.db), await currentPlanSummary(handle.db)];
    if (!planRow || !summary) throw new Error("no plan");
    plan = summary;
    const [three, four] = [await findPriority(handle.db, plan.id, 3), await findPriority(handle.db, plan.id, 4)];
    if (!three || !four) throw new Error("no priorities 3 and 4");
    ids = { lena: lena.id, arthur: arthur.id, priority3: three.id, priority4: four.id };
    priorityTitles = { three: three.title, four: four.title };
    // The period opens today (its opening day is the day it is opened) with a deadline 20 days on.
    openedOn = londonDateOf(new Date());
    deadline = addDays(openedOn, 20);
    period = await openPeriod(handle.db, testContext, planRow, { planYear: 2025, kind: "quarter", quarter: 3, deadline });
    app = await buildApp({ db: handle.db, reminders: { mailConfigured: true, settings: { daysBefore: [10], daysAfter: [3] } } });
  });

  afterAll(async () => {
    await app?.close();
    await mail?.close();
    await second?.close();
    await handle?.close();
  });

  it("on the opening day sends the lead one email naming each priority they owe, with the link to write it", async () => {
    clock = at(openedOn);
    const run = await send();
    const [email, ...more] = mailTo("lena@council.example");
    expect(more).toEqual([]);
    expect(email?.subject).toBe(`Progress updates due by ${formatDate(deadline)}: Priorities 3 and 4`);
    expect(email?.from?.value[0]?.address).toBe("waymark@council.example");
    const text = email?.text ?? "";
    expect(text).toContain("Dear Lena Lead,");
    expect(text).toContain(`Progress updates for Q3 2025/26 are now open. Yours are due in 20 days, by ${formatDate(deadline)}.`);
    expect(text).toContain(`Priority 3: ${priorityTitles.three}\nNot started.\nWrite it here: ${publicUrl}/progress/periods/${String(period.id)}/priorities/3/edit`);
    expect(text).toContain(`Priority 4: ${priorityTitles.four}\nNot started.\nWrite it here: ${publicUrl}/progress/periods/${String(period.id)}/priorities/4/edit`);
    expect(text).toContain("Children's Services, Plymouth City Council");
    // The demonstration lead leads the same priorities but has no email address: theirs is held.
    expect(run.held.map((h) => [h.recipientName, h.problem])).toEqual([["Lee Lead", "The account has no email address, so it was not emailed."]]);
    // Nothing waits for approval, so approvers are not written to.
    expect(mailTo("arthur@council.example")).toEqual([]);
  });

  it("sends nothing on a second run the same day", async () => {
    const before = mail.received.length;
    const run = await send();
    expect(run).toEqual({ sent: [], held: [], failed: [] });
    expect(mail.received.length).toBe(before);
  });

  it("sends nothing the next day: the next reminder is 10 days before the deadline", async () => {
    clock = at(addDays(openedOn, 1));
    const before = mail.received.length;
    expect((await send()).sent).toEqual([]);
    expect(mail.received.length).toBe(before);
  });

  it("10 days before, with two runs at once, sends each reminder once: the lead's names only what is still owed, the approver's what waits", async () => {
    await submit(ids.lena, ids.priority4);
    clock = at(addDays(deadline, -10));
    const before = mail.received.length;
    const runs = await Promise.all([send(), send(second?.db ?? handle.db)]);
    expect(runs.flatMap((r) => r.sent).length).toBe(2);
    const arrived = mail.received.slice(before);
    expect(arrived.map((m) => to(m)).sort()).toEqual([["arthur@council.example"], ["lena@council.example"]]);
    const lead = arrived.find((m) => to(m).includes("lena@council.example"));
    expect(lead?.subject).toBe(`Progress update due by ${formatDate(deadline)}: Priority 3`);
    expect(lead?.text).toContain(`Your progress update for Q3 2025/26 is due in 10 days, by ${formatDate(deadline)}, and has not yet been submitted.`);
    expect(lead?.text).not.toContain("Priority 4");
    const digest = arrived.find((m) => to(m).includes("arthur@council.example"));
    expect(digest?.subject).toBe("Waiting for your approval: 1 progress update");
    expect(digest?.text).toContain(`Q3 2025/26, Priority 4: ${priorityTitles.four}\nSubmitted by Lena Lead on `);
    expect(digest?.text).toContain(`Read and approve it here: ${publicUrl}/progress/periods/${String(period.id)}/priorities/4`);
  });

  it("gives approvers the updates waiting for them oldest first, the next day", async () => {
    await submit(ids.lena, ids.priority3);
    clock = at(addDays(deadline, -9));
    const before = mail.received.length;
    const run = await send();
    // Everything is submitted: no lead is reminded; the approvers' lists are for a new day.
    expect(run.sent.map((s) => s.recipientName)).toEqual(["Arthur Approver"]);
    const [digest, ...more] = mail.received.slice(before);
    expect(more).toEqual([]);
    expect(digest?.subject).toBe("Waiting for your approval: 2 progress updates");
    const text = digest?.text ?? "";
    expect(text).toContain("2 progress updates are waiting for your approval, oldest first:");
    // Priority 4 was submitted first, so it comes first, before priority 3.
    expect(text.indexOf("Priority 4:")).toBeGreaterThan(-1);
    expect(text.indexOf("Priority 4:")).toBeLessThan(text.indexOf("Priority 3:"));
  });

  it("records a send the mail server refuses, tries it again on the next run, and delivers it once", async () => {
    const arthur = await actorOf(handle.db, ids.arthur);
    if (!arthur) throw new Error("no approver");
    const update = await findUpdate(handle.db, period.id, ids.priority3);
    if (!update) throw new Error("no update for priority 3");
    await transition(handle.db, arthur, testContext, update.id, "return", "Please add the quarter's figures.");

    clock = at(deadline);
    mail.state.refusing = true;
    const before = mail.received.length;
    const refused = await send();
    expect(refused.failed.map((f) => f.recipientName).sort()).toEqual(["Arthur Approver", "Lena Lead"]);
    expect(refused.failed[0]?.problem).toMatch(/451/);
    expect((await send()).failed).toHaveLength(2);
    const failedRows = (await outbox(handle.db, plan.id)).reminders.filter((r) => r.status === "failed");
    expect(failedRows.map((r) => r.attempts)).toEqual([2, 2]);
    // The administrator sees each as not sent, with the mail server's answer, and the earlier ones as sent.
    const admin = await signedIn(app, "admin");
    const shown = page((await admin.get("/admin/reminders")).body);
    expect(shown.text).toContain("Reminders are emailed through the council's mail server.");
    const statuses = shown.texts("tbody tr td:last-child");
    expect(statuses.filter((s) => s.startsWith("Not sent Tried 2 times; it will be tried again on the next run. The mail server said:") && s.includes("451"))).toHaveLength(2);
    expect(statuses.filter((s) => s.startsWith("Sent "))).toHaveLength(4);

    mail.state.refusing = false;
    const retried = await Promise.all([send(), send(second?.db ?? handle.db)]);
    expect(retried.flatMap((r) => r.sent)).toHaveLength(2);
    expect((await send()).sent).toEqual([]);
    const arrived = mail.received.slice(before);
    expect(arrived.map((m) => to(m)).sort()).toEqual([["arthur@council.example"], ["lena@council.example"]]);
    const lead = arrived.find((m) => to(m).includes("lena@council.example"));
    expect(lead?.subject).toBe(`Progress update due by ${formatDate(deadline)}: Priority 3`);
    expect(lead?.text).toContain(`is due today, ${formatDate(deadline)}`);
    expect(lead?.text).toContain("Returned for changes: the approver's comment is on the page.");
    expect((await outbox(handle.db, plan.id)).reminders.filter((r) => r.status === "failed")).toEqual([]);
  });

  it("says an update is overdue 3 days after the deadline", async () => {
    clock = at(addDays(deadline, 3));
    const before = mail.received.length;
    await send();
    const lead = mail.received.slice(before).find((m) => to(m).includes("lena@council.example"));
    expect(lead?.subject).toBe(`Progress update overdue, due by ${formatDate(deadline)}: Priority 3`);
    expect(lead?.text).toContain(`Your progress update for Q3 2025/26 was due by ${formatDate(deadline)}, 3 days ago, and has not yet been submitted. Please submit it as soon as you can.`);
  });

  it("never carries what an update says, or anything else from the records behind it", () => {
    expect(mail.received.length).toBeGreaterThan(0);
    for (const email of mail.received) {
      expect(email.text).not.toContain(narrative);
      expect(email.text).not.toContain("quarter's figures");
      expect(email.attachments).toEqual([]);
      expect(email.html).toBe(false);
    }
  });
});
