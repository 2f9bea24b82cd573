import { and, eq, sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/client.ts";
import { JobQueue } from "../../db/queue.ts";
import { auditEvents, valueImports } from "../../db/schema/index.ts";
import { buildApp } from "../../app/app.ts";
import { engines } from "../../../test/support/databases.ts";
import { loadDemoPlan } from "../../../test/support/demo.ts";
import { page } from "../../../test/support/html.ts";
import { signedIn, type Client } from "../../../test/support/session.ts";
import { upload } from "../../../test/support/upload.ts";
import { applyImportJobName } from "./jobs.ts";

const header = "measure_code,period_end,value,numerator,denominator,status,note";

/** A values file is checked and kept in the request; a job saves its values, and a page follows the job. */
describe.each(engines)("applying a values import as a job, on $name", (engine) => {
  let handle: DatabaseHandle;
  let queue: JobQueue;
  let app: FastifyInstance;
  let analyst: Client;

  beforeAll(async () => {
    handle = await engine.open();
    await loadDemoPlan(handle);
    queue = new JobQueue(handle.db);
    app = await buildApp({ db: handle.db, chromium: null, queue });
    analyst = await signedIn(app, "analyst");
  }, 300_000);

  afterAll(async () => {
    await app?.close();
    await queue?.stop();
    await handle?.close();
  });

  /** The values stored for a measure, as the API gives them. */
  const valuesOf = async (code: string) => (await analyst.get(`/api/measures/${code}`)).json().values as { periodEnd: string; value: number; provenance: string }[];
  const stateOf = async (fileName: string) => (await handle.db.select({ id: valueImports.id, state: valueImports.state }).from(valueImports).where(eq(valueImports.fileName, fileName)))[0];
  const importEvents = async (importId: number) =>
    (await handle.db.select().from(auditEvents).where(and(eq(auditEvents.recordType, "values import"), eq(auditEvents.recordId, String(importId))))).length;
  const send = async (fileName: string, rows: string[]) => {
    const sent = await upload(app, analyst, "/measures/import", { name: fileName, content: `${header}\n${rows.join("\n")}\n` });
    expect(sent.statusCode).toBe(303);
    return String(sent.headers.location);
  };

  it("answers the upload at once with a page that follows the job, before any value changes, then shows what the import did", async () => {
    const before = await valuesOf("REREFERRALS");
    const waitingAt = await send("december.csv", ["REREFERRALS,2025-12-31,24.9,,,provisional,From the December board"]);
    const record = await stateOf("december.csv");
    expect(waitingAt).toMatch(new RegExp(`^/measures/imports/${String(record?.id)}/applying/[0-9a-f-]{36}$`));
    expect(record?.state).toBe("received");
    expect(await valuesOf("REREFERRALS")).toEqual(before);
    expect(await importEvents(record?.id ?? 0)).toBe(0);

    const waiting = await analyst.get(waitingAt);
    expect(waiting.statusCode).toBe(200);
    const view = page(waiting.body);
    expect(view.h1).toBe("Importing december.csv");
    expect(view.document.querySelector('label[for="job-progress"]')?.textContent?.trim()).toBe("Progress");
    expect(view.document.querySelector("progress#job-progress")?.getAttribute("value")).toBe("0");
    expect(view.document.querySelector('#job-step[aria-live="polite"]')?.textContent?.trim()).toBe("Waiting to start");
    expect(view.links).toContainEqual({ text: "Check again", href: waitingAt });
    // Without JavaScript the page reloads itself; with it, a script carrying the page's nonce asks for the status.
    expect(view.document.querySelector("head noscript")?.innerHTML).toContain('http-equiv="refresh" content="2"');
    const nonce = /'nonce-([^']+)'/.exec(String(waiting.headers["content-security-policy"]))?.[1];
    expect(nonce).toBeTruthy();
    expect(view.document.querySelector("script")?.getAttribute("nonce")).toBe(nonce);
    expect((await analyst.get(`${waitingAt}/status`)).json()).toMatchObject({ state: "waiting", step: "Waiting to start", done: 0, next: null, error: null });

    expect(await queue.runPending()).toBe(1);
    expect((await valuesOf("REREFERRALS")).at(-1)).toMatchObject({ periodEnd: "2025-12-31", value: 24.9, provenance: "Imported from december.csv by analyst" });
    expect(await stateOf("december.csv")).toMatchObject({ state: "applied" });
    expect(await importEvents(record?.id ?? 0)).toBe(1);
    // The job told its steps in words as it went: the last was saving, with what it would meet.
    expect((await queue.job(applyImportJobName, waitingAt.split("/").pop() ?? ""))?.progress).toEqual({ step: "Saving the values: 1 row, 0 of them already stored", done: 1, total: 2 });
    expect((await analyst.get(`${waitingAt}/status`)).json()).toMatchObject({ state: "done", step: "Applied", done: 2, total: 2, next: waitingAt });

    const finished = page((await analyst.get(waitingAt)).body);
    expect(finished.h1).toBe("Import values");
    expect(finished.text).toContain("Imported december.csv: 1 added, 0 changed, 0 unchanged.");
    expect(finished.links).toContainEqual({ text: "See each value this import added or changed", href: `/measures/imports/${String(record?.id)}` });
    expect(finished.document.querySelector("head noscript")).toBeNull();
  }, 120_000);

  it("says a file sent again was imported before, by whom, and shows its warnings, once its job is done", async () => {
    const rows = ["SW-VACANCY-RATE,2025-09-30,0.61,,,final,"];
    await send("vacancies.csv", rows);
    await queue.runPending();
    const again = await send("vacancies.csv", rows);
    await queue.runPending();
    const result = page((await analyst.get(again)).body);
    expect(result.text).toContain("Imported vacancies.csv: 0 added, 0 changed, 1 unchanged.");
    expect(result.text).toMatch(/This file was imported before, by analyst on .+, and every value in it is already stored\./);
    expect(result.texts("tbody tr td")).toEqual(["2", "value", "SW-VACANCY-RATE: 0.61 is saved as 0.61%: if it is a fraction meaning 61%, enter 61"]);
  }, 120_000);

  it("changes nothing when saving fails, shows why, keeps the import waiting, and applies it when tried again", async () => {
    // Saving any value fails while this trigger is there, as a full disk or a lost connection would.
    await handle.db.execute(sql.raw(`create function refuse_values() returns trigger language plpgsql as $$ begin raise exception 'the disk is full'; end $$`));
    await handle.db.execute(sql.raw(`create trigger refuse_values before insert or update on measure_values for each row execute function refuse_values()`));
    const before = await valuesOf("CHILDREN-IN-CARE");
    const waitingAt = await send("january.csv", ["CHILDREN-IN-CARE,2026-01-31,512,,,final,"]);
    const record = await stateOf("january.csv");
    await queue.runPending();
    await handle.db.execute(sql.raw(`drop trigger refuse_values on measure_values`));
    await handle.db.execute(sql.raw(`drop function refuse_values()`));

    const failed = await analyst.get(waitingAt);
    expect(failed.statusCode).toBe(200);
    const view = page(failed.body);
    expect(view.h1).toBe("january.csv was not imported");
    expect(view.texts(".govuk-error-summary li")).toEqual(["The values were not saved, so nothing has changed: try again, and if it happens again tell your administrator."]);
    expect(view.document.querySelector("head noscript")).toBeNull();
    expect([...view.document.querySelectorAll("script")].some((script) => script.textContent?.includes("/status"))).toBe(false);
    expect((await analyst.get(`${waitingAt}/status`)).json()).toMatchObject({ state: "failed", step: "Stopped: nothing saved", next: null });
    expect(await valuesOf("CHILDREN-IN-CARE")).toEqual(before);
    expect(await stateOf("january.csv")).toMatchObject({ state: "received" });
    expect(await importEvents(record?.id ?? 0)).toBe(0);
    const recordPage = page((await analyst.get(`/measures/imports/${String(record?.id)}`)).body);
    expect(recordPage.texts("#import-facts")[0]).toContain("Waiting to be applied");
    expect(recordPage.document.querySelector(`form[action="/measures/imports/${String(record?.id)}/apply"] button`)?.textContent?.trim()).toBe("Apply it now");

    const retried = await analyst.post(`/measures/imports/${String(record?.id)}/apply`, {}, waitingAt);
    expect(retried.statusCode).toBe(303);
    expect(String(retried.headers.location)).toMatch(new RegExp(`^/measures/imports/${String(record?.id)}/applying/[0-9a-f-]{36}$`));
    await queue.runPending();
    expect(page((await analyst.get(String(retried.headers.location))).body).text).toContain("Imported january.csv: 1 added, 0 changed, 0 unchanged.");
    expect((await valuesOf("CHILDREN-IN-CARE")).at(-1)).toMatchObject({ periodEnd: "2026-01-31", value: 512 });
    expect(await importEvents(record?.id ?? 0)).toBe(1);
    // Settled, it is not applied again: asking leads to its page.
    const settled = await analyst.post(`/measures/imports/${String(record?.id)}/apply`, {}, `/measures/imports/${String(record?.id)}`);
    expect(settled.headers.location).toBe(`/measures/imports/${String(record?.id)}`);
  }, 120_000);

  it("applies an import whose job was sent before the server stopped, when the job runs after it starts again", async () => {
    const waitingAt = await send("february.csv", ["CHILDREN-IN-CARE,2026-02-28,509,,,final,"]);
    const record = await stateOf("february.csv");
    await app.close();
    await queue.stop();
    const home = await signedIn((app = await buildApp({ db: handle.db, chromium: null, queue: (queue = new JobQueue(handle.db)) })), "analyst");
    analyst = home;
    expect(page((await home.get("/home")).body).texts("#recent-imports tbody tr")[0]).toMatch(/^february\.csv 1 Waiting to be applied/);
    expect(await queue.runPending()).toBe(1);
    expect(await stateOf("february.csv")).toMatchObject({ state: "applied" });
    expect(await importEvents(record?.id ?? 0)).toBe(1);
    expect(page((await home.get(waitingAt)).body).text).toContain("Imported february.csv: 1 added, 0 changed, 0 unchanged.");
  }, 120_000);

  it("shows a job only under its own import", async () => {
    const waitingAt = await send("march.csv", ["CHILDREN-IN-CARE,2026-03-31,507,,,final,"]);
    const [, , , id, , job] = waitingAt.split("/");
    expect((await analyst.get(`/measures/imports/${String(Number(id) + 1000)}/applying/${job ?? ""}`)).statusCode).toBe(404);
    expect((await analyst.get(`/measures/imports/${id ?? ""}/applying/not-a-job`)).statusCode).toBe(404);
    await queue.runPending();
  }, 120_000);
});
