import { beforeAll, describe, expect, it } from "vitest";
import { addDays } from "../../core/reminder-schedule.ts";
import { formatDate } from "../../core/format.ts";
import { londonDateOf } from "../../core/values-as-at.ts";
import { remindersCommand } from "../../cli/reminders.ts";
import { currentPlanSummary, findCurrentPlan } from "../plan/index.ts";
import { openPeriod, type PeriodRow } from "../progress/index.ts";
import { testContext } from "../../../test/support/demo.ts";
import { page } from "../../../test/support/html.ts";
import { signedIn } from "../../../test/support/session.ts";
import { noMailer } from "./mailer.ts";
import { sendDueReminders } from "./service.ts";
import { useTestApp } from "../../../test/support/app.ts";

/** Without a mail server: reminders are held in the outbox, which administrators read, and logged without their words. */
const testApp = useTestApp({ data: "demo" });
let period: PeriodRow;
let deadline: string;
let openedOn: string;
const logged: { details: Record<string, unknown>; message: string }[] = [];
const logger = {
  info: (details: object, message: string) => void logged.push({ details: details as Record<string, unknown>, message }),
  warn: (details: object, message: string) => void logged.push({ details: details as Record<string, unknown>, message }),
};
const publicUrl = "https://waymark.council.example";

beforeAll(async () => {
  const plan = await findCurrentPlan(testApp.db);
  if (!plan) throw new Error("no plan");
  openedOn = londonDateOf(new Date());
  deadline = addDays(openedOn, 10);
  period = await openPeriod(testApp.db, testContext, plan, { planYear: 2025, kind: "quarter", quarter: 3, deadline });
});

describe("reminders with no mail server configured", () => {
  it("are held, logged without their words, and nothing fails", async () => {
    const run = await sendDueReminders({ db: testApp.db, mailer: noMailer, publicUrl, settings: { daysBefore: [10], daysAfter: [3] }, now: () => new Date(`${openedOn}T12:00:00Z`), logger }, await currentPlanSummary(testApp.db));
    expect(run.failed).toEqual([]);
    expect(run.sent).toEqual([]);
    expect(run.held.map((h) => [h.recipientName, h.subject])).toEqual([["Lee Lead", `Progress updates due by ${formatDate(deadline)}: Priorities 3 and 4`]]);
    expect(logged).toHaveLength(1);
    expect(logged[0]?.message).toBe("Reminder held: No mail server is configured (SMTP_URL), so it was not emailed.");
    expect(logged[0]?.details).toMatchObject({ kind: "update_due", period: period.id, occasion: "before-10", status: "held" });
    expect(JSON.stringify(logged)).not.toMatch(/Dear|Write it here|Lee Lead/);
  });

  it("are listed for an administrator: to whom, what, the message itself, when, and that it was held", async () => {
    const admin = await signedIn(testApp.app, "admin");
    const response = await admin.get("/admin/reminders");
    expect(response.statusCode).toBe(200);
    const shown = page(response.body);
    expect(shown.h1).toBe("Reminders");
    expect(shown.text).toContain("No mail server is configured, so reminders are not emailed: they are held here, to read or pass on.");
    expect(shown.text).toContain("(10 days before, on the day and 3 days after)");
    expect(shown.texts("caption")).toEqual(["1 reminder, newest first"]);
    const [row, ...others] = [...shown.document.querySelectorAll("tbody tr")].map((tr) => [...tr.querySelectorAll("td")].map((td) => (td.textContent ?? "").replace(/\s+/g, " ").trim()));
    expect(others).toEqual([]);
    const [when, recipient, reminder, status] = row ?? [];
    expect(when).toMatch(new RegExp(`^${formatDate(openedOn)} at \\d\\d:\\d\\d$`));
    expect(recipient).toBe("Lee Lead No email address");
    expect(reminder).toContain(`Progress updates due by ${formatDate(deadline)}: Priorities 3 and 4`);
    expect(reminder).toContain("Q3 2025/26 update reminder: 10 days before");
    expect(reminder).toContain(`Write it here: ${publicUrl}/progress/periods/${String(period.id)}/priorities/3/edit`);
    expect(status).toBe("Held No mail server is configured (SMTP_URL), so it was not emailed.");
    expect(shown.links).toContainEqual({ text: "Reminders", href: "/admin/reminders" });
  });

  it.each(["lead", "approver", "editor", "analyst", "quality", "viewer"])("are refused to %s, with no link to them", async (username) => {
    const browser = await signedIn(testApp.app, username);
    const response = await browser.get("/admin/reminders");
    expect(response.statusCode).toBe(403);
    expect(response.body).not.toContain("Write it here");
    expect(page((await browser.get("/")).body).links.map((l) => l.href)).not.toContain("/admin/reminders");
  });

  it("are reported by the command, which then finds nothing more to send", async () => {
    const config = { mail: null, publicUrl, reminders: { scheduled: false, everyMinutes: 15, settings: { daysBefore: [10], daysAfter: [3] } } };
    const now = () => new Date(`${deadline}T08:00:00Z`);
    const first = await remindersCommand(testApp.db, ["send"], { config, now });
    expect(first.failed).toBe(false);
    expect(first.text).toBe(
      [
        `Held 1 reminder, to read at ${publicUrl}/admin/reminders:`,
        `  Lee Lead (no email address): Progress updates due by ${formatDate(deadline)}: Priorities 3 and 4 [Q3 2025/26, on the day] No mail server is configured (SMTP_URL), so it was not emailed.`,
      ].join("\n"),
    );
    expect((await remindersCommand(testApp.db, ["send"], { config, now })).text).toBe("No reminders are due: every one due has been sent or held already.");
  });

  it("refuses anything but send, saying how the command is used", async () => {
    await expect(remindersCommand(testApp.db, ["sned"], { config: { mail: null, publicUrl, reminders: { scheduled: false, everyMinutes: 15, settings: { daysBefore: [10], daysAfter: [3] } } } })).rejects.toThrow(/Usage:\n {2}waymark reminders send/);
  });
});
