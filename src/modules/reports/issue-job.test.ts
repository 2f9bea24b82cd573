import { and, eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/client.ts";
import { JobQueue } from "../../db/queue.ts";
import { auditEvents, reportIssues } from "../../db/schema/index.ts";
import { buildApp } from "../../app/app.ts";
import { engines } from "../../../test/support/databases.ts";
import { page } from "../../../test/support/html.ts";
import { sendAndFinish } from "../../../test/support/jobs.ts";
import { signedIn, type Client } from "../../../test/support/session.ts";

/** Issuing is done by a job: the button answers at once, and a page follows the job to its end. */
describe.each(engines)("issuing a report as a job, on $name", (engine) => {
  let handle: DatabaseHandle;
  let queue: JobQueue;
  let app: FastifyInstance;
  let approver: Client;
  let reportId: number;
  let reportUrl: string;

  beforeAll(async () => {
    handle = await engine.openDemo();
    queue = new JobQueue(handle.db);
    app = await buildApp({ db: handle.db, chromium: null, queue });
    approver = await signedIn(app, "approver");
    const list = page((await approver.get("/reports")).body);
    reportUrl = list.links.find((l) => l.text.includes("progress in Q1 and Q2 2025/26"))?.href ?? "";
    reportId = Number(reportUrl.split("/").pop());
  }, 300_000);

  afterAll(async () => {
    await app?.close();
    await queue?.stop();
    await handle?.close();
  });

  const issuesKept = async () => (await handle.db.select().from(reportIssues).where(eq(reportIssues.reportId, reportId))).length;
  const issueEvents = async () =>
    (await handle.db.select().from(auditEvents).where(and(eq(auditEvents.action, "issue"), eq(auditEvents.recordType, "report"), eq(auditEvents.recordId, String(reportId))))).length;

  it("answers the Issue button at once with a page that follows the job, before anything is issued", async () => {
    const sent = await approver.post(`${reportUrl}/issue`, { issue: "1" }, `${reportUrl}/issue`);
    expect(sent.statusCode).toBe(303);
    const waitingAt = String(sent.headers.location);
    expect(waitingAt).toMatch(new RegExp(`^${reportUrl}/issuing/[0-9a-f-]{36}$`));
    expect(await issuesKept()).toBe(0);
    expect(await issueEvents()).toBe(0);

    const waiting = await approver.get(waitingAt);
    expect(waiting.statusCode).toBe(200);
    const view = page(waiting.body);
    expect(view.h1).toBe("Issuing the report");
    const bar = view.document.querySelector("progress#job-progress");
    expect(view.document.querySelector('label[for="job-progress"]')?.textContent?.trim()).toBe("Progress");
    expect(bar?.getAttribute("value")).toBe("0");
    expect(view.document.querySelector('#job-step[aria-live="polite"]')?.textContent?.trim()).toBe("Waiting to start");
    expect(view.links).toContainEqual({ text: "Check again", href: waitingAt });
    // Without JavaScript the page reloads itself; with it, a script carrying the page's nonce asks for the status.
    expect(view.document.querySelector('head noscript')?.innerHTML).toContain('http-equiv="refresh" content="2"');
    const nonce = /'nonce-([^']+)'/.exec(String(waiting.headers["content-security-policy"]))?.[1];
    expect(nonce).toBeTruthy();
    expect(view.document.querySelector("script")?.getAttribute("nonce")).toBe(nonce);
    expect((await approver.get(`${waitingAt}/status`)).json()).toMatchObject({ state: "waiting", step: "Waiting to start", done: 0, next: null, error: null });

    await queue.runPending();
    expect(await issuesKept()).toBe(1);
    expect(await issueEvents()).toBe(1);
    expect((await approver.get(`${waitingAt}/status`)).json()).toMatchObject({ state: "done", step: "Issued", next: `${reportUrl}?issued=1` });
    const finished = await approver.get(waitingAt);
    expect(finished.statusCode).toBe(303);
    expect(finished.headers.location).toBe(`${reportUrl}?issued=1`);
    const report = page((await approver.get(String(finished.headers.location))).body);
    expect(report.text).toContain("The report has been issued");
    expect(report.links.some((l) => l.text === "Issue 1" && /^\/reports\/issued\/\d+$/.test(l.href))).toBe(true);
  }, 120_000);

  it("leads a second click, sent before the first was done, to the issue the first kept", async () => {
    const first = await approver.post(`${reportUrl}/issue`, { issue: "2" }, `${reportUrl}/issue`);
    const second = await approver.post(`${reportUrl}/issue`, { issue: "2" }, `${reportUrl}/issue?issue=2`);
    expect(await queue.runPending()).toBe(2);
    expect((await approver.get(String(first.headers.location))).headers.location).toBe(`${reportUrl}?issued=1`);
    expect((await approver.get(String(second.headers.location))).headers.location).toBe(`${reportUrl}?already=2`);
    expect(await issuesKept()).toBe(2);
    expect(await issueEvents()).toBe(2);
  }, 120_000);

  it("keeps nothing and audits nothing when the report cannot be written, and the page says why", async () => {
    // A Chromium that cannot start: the PDF step fails after the Word file was written.
    const brokenQueue = new JobQueue(handle.db);
    const broken = await buildApp({ db: handle.db, chromium: "/nonexistent/chromium", queue: brokenQueue });
    try {
      const client = await signedIn(broken, "approver");
      const before = { issues: await issuesKept(), events: await issueEvents() };
      const { finished, waitingAt } = await sendAndFinish(client, brokenQueue, `${reportUrl}/issue`, {}, `${reportUrl}/issue`);
      expect(finished.statusCode).toBe(200);
      const view = page(finished.body);
      expect(view.h1).toBe("The report was not issued");
      expect(view.texts(".govuk-error-summary li")).toEqual([expect.stringMatching(/^Printing the PDF failed, so the report was not issued: Chromium could not print it/)]);
      expect(view.text).toContain("Nothing was issued and nothing has changed.");
      expect(view.document.querySelector("head noscript")).toBeNull();
      expect(view.links).toContainEqual({ text: "Try issuing it again", href: `${reportUrl}/issue` });
      expect((await client.get(`${waitingAt}/status`)).json()).toMatchObject({ state: "failed", next: null });
      expect({ issues: await issuesKept(), events: await issueEvents() }).toEqual(before);
    } finally {
      await broken.close();
      await brokenQueue.stop();
    }
  }, 120_000);

  it("shows a job only under its own report", async () => {
    const sent = await approver.post(`${reportUrl}/issue`, {}, `${reportUrl}/issue`);
    const job = String(sent.headers.location).split("/").pop() ?? "";
    expect((await approver.get(`/reports/${String(reportId + 1)}/issuing/${job}`)).statusCode).toBe(404);
    expect((await approver.get(`${reportUrl}/issuing/not-a-job`)).statusCode).toBe(404);
    await queue.runPending();
  }, 120_000);
});
