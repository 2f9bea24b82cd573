import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, neighbourSets, referenceImports } from "../../db/schema/index.ts";
import { historyOf } from "../access/index.ts";
import { page } from "../../../test/support/html.ts";
import { signedIn, type Client } from "../../../test/support/session.ts";
import { sharedPath } from "../../../test/support/shared.ts";
import { upload } from "../../../test/support/upload.ts";
import { referenceImportJobName } from "./jobs.ts";
import * as repository from "./repository.ts";
import { useTestApp } from "../../../test/support/app.ts";

const testApp = useTestApp({ data: "demo", chromium: null });
let analyst: Client;
const model = readFileSync(sharedPath("data", "dfe-ees", "sn_model_2025_wide.csv"));
const workbook = readFileSync(sharedPath("data", "ofsted", "ofsted_csc_ilacs_overview.xlsx"));
const formPage = "/measures/reference-data";
const neighboursUrl = "/measures/reference-data/neighbours";
const ofstedUrl = "/measures/reference-data/ofsted";

beforeAll(async () => {
  analyst = await signedIn(testApp.app, "analyst");
});

const banner = (body: string) => page(body).document.querySelector(".govuk-notification-banner")?.textContent.replace(/\s+/g, " ").trim() ?? "";
const errors = (body: string) => page(body).texts(".govuk-error-summary__list li");
const sha256 = (content: Buffer) => createHash("sha256").update(content).digest("hex");

/** Sends a file through the form, which answers at once with the address of the page that follows its job. */
async function send(url: string, file: { name: string; content: Buffer | string; field?: string }, fields: Record<string, string> = {}): Promise<string> {
  const sent = await upload(testApp.app, analyst, url, file, fields, formPage);
  expect(sent.statusCode).toBe(303);
  const waitingAt = String(sent.headers.location);
  expect(waitingAt).toMatch(/^\/measures\/reference-imports\/\d+\/importing\/[0-9a-f-]{36}$/);
  return waitingAt;
}

/** Does the jobs waiting, and answers the page that followed the import's job. */
async function finish(waitingAt: string) {
  await testApp.queue.runPending();
  return analyst.get(waitingAt);
}

/** The import a waiting page's address names, as it is kept. */
async function importOf(waitingAt: string) {
  const id = Number(waitingAt.split("/")[3]);
  const [row] = await testApp.db.select().from(referenceImports).where(eq(referenceImports.id, id));
  return row;
}

const eventsOf = async (action: string) => testApp.db.select().from(auditEvents).where(eq(auditEvents.action, action));

describe("importing the statistical-neighbour model in the app", () => {
  const sets = () => testApp.db.$count(neighbourSets);
  /** The page following the model's import, sent in the first test and done in the second. */
  let importedModelAt = "";

  it("answers at once with a page that follows the job, keeps the file, and changes nothing until the job has run", async () => {
    const setsBefore = await sets();
    const waitingAt = await send(neighboursUrl, { name: "sn_model_2025_wide.csv", content: model }, { year: "2025" });
    expect(await importOf(waitingAt)).toMatchObject({ kind: "neighbour-model", fileName: "sn_model_2025_wide.csv", year: 2025, sha256: sha256(model), sentBy: "analyst", state: "received", result: null });
    expect(await sets()).toBe(setsBefore);

    const waiting = await analyst.get(waitingAt);
    expect(waiting.statusCode).toBe(200);
    const view = page(waiting.body);
    expect(view.h1).toBe("Importing sn_model_2025_wide.csv");
    expect(view.document.querySelector("#job-step")?.textContent?.trim()).toBe("Waiting to start");
    expect(view.links).toContainEqual({ text: "Check again", href: waitingAt });
    expect(view.document.querySelector("head noscript")?.innerHTML).toContain('http-equiv="refresh" content="2"');
    expect((await analyst.get(`${waitingAt}/status`)).json()).toMatchObject({ state: "waiting", next: null, error: null });

    // The job is left for the next test, which runs it.
    importedModelAt = waitingAt;
  });

  it("adds every council's 2025 set once its job has run, keeping Plymouth's ten neighbours, and says what it did", async () => {
    const response = await finish(importedModelAt);
    expect(response.statusCode).toBe(200);
    const text = banner(response.body);
    const [, councils, added, changed, unchanged] = /of (\d+) councils from sn_model_2025_wide\.csv: (\d+) added, (\d+) changed, (\d+) unchanged/.exec(text) ?? [];
    expect(Number(councils)).toBeGreaterThan(150);
    // The demo already holds Plymouth's 2025 set (typed without the model's closeness labels).
    expect(Number(added) + Number(changed) + Number(unchanged)).toBe(Number(councils));
    expect(Number(added)).toBe(Number(councils) - 1);
    const plymouth = await repository.latestNeighbourSet(testApp.db, "879");
    expect(plymouth?.members.map((m) => m.code)).toHaveLength(10);
    expect(plymouth?.members[0]?.closeness).not.toBe("");
    expect(await importOf(importedModelAt)).toMatchObject({ state: "imported" });
    // The job told its steps in words as it went: the last was saving, saying how much.
    expect((await testApp.queue.job(referenceImportJobName, importedModelAt.split("/").pop() ?? ""))?.progress).toEqual({ step: `Saving the neighbours of ${councils ?? ""} councils`, done: 1, total: 2 });
    expect((await analyst.get(`${importedModelAt}/status`)).json()).toMatchObject({ state: "done", step: "Imported", next: importedModelAt });
  });

  it("records one audit event for the import, naming the file and its SHA-256", async () => {
    const events = (await eventsOf("import neighbours")).filter((e) => e.recordId === "2025");
    expect(events).toHaveLength(1);
    expect(events[0]?.username).toBe("analyst");
    expect(events[0]?.after).toMatchObject({ file: "sn_model_2025_wide.csv", sha256: sha256(model), councils: expect.any(Number) as number });
  });

  it("changes nothing when the same model is imported again, and records no change", async () => {
    const before = (await historyOf(testApp.db, "neighbour set", 2025)).length;
    const response = await finish(await send(neighboursUrl, { name: "sn_model_2025_wide.csv", content: model }, { year: "2025" }));
    expect(banner(response.body)).toMatch(/: 0 added, 0 changed, \d+ unchanged\.$/);
    expect((await historyOf(testApp.db, "neighbour set", 2025)).length).toBe(before);
  });

  it.each([
    ["no year", { year: "" }, { name: "sn_model_2025_wide.csv", content: model }, "Enter the year DfE published the model, like 2025"],
    ["a year out of range", { year: "1999" }, { name: "sn_model_2025_wide.csv", content: model }, "Enter the year DfE published the model, like 2025"],
    ["no file", { year: "2025" }, { name: "", content: "" }, "Select DfE's statistical-neighbour model (sn_model_YEAR_wide.csv)"],
  ])("refuses a form with %s at once, naming the field, and keeps no file", async (_, fields, file, message) => {
    const kept = await testApp.db.$count(referenceImports);
    const response = await upload(testApp.app, analyst, neighboursUrl, file, fields, formPage);
    expect(response.statusCode).toBe(400);
    expect(errors(response.body)).toContain(message);
    expect(await testApp.db.$count(referenceImports)).toBe(kept);
  });

  it.each([
    ["a DfE statistics file instead of the model", "time_period,geographic_level\n2025,National\n", "This is not the statistical-neighbour model: it has no old_la_code"],
    ["an empty file", "", "The file is empty"],
  ])("refuses %s once its job has read it, saying why, and changes nothing", async (_, content, message) => {
    const setsBefore = await sets();
    const events = (await eventsOf("import neighbours")).length;
    const waitingAt = await send(neighboursUrl, { name: "upload.csv", content }, { year: "2024" });
    const response = await finish(waitingAt);
    expect(response.statusCode).toBe(200);
    expect(errors(response.body).join(" ")).toContain(`upload.csv was not imported; nothing has changed. ${message}`);
    expect(page(response.body).document.querySelector("#year")?.getAttribute("value")).toBe("2024");
    expect(await sets()).toBe(setsBefore);
    expect((await eventsOf("import neighbours")).length).toBe(events);
    expect(await importOf(waitingAt)).toMatchObject({ state: "refused" });
  });
});

describe("importing Ofsted's judgements in the app", () => {
  const judgements = () => repository.listOfstedJudgements(testApp.db);

  it("imports each council's latest judgement once its job has run, with one audit event naming the file and its SHA-256", async () => {
    const eventsBefore = (await eventsOf("import judgements")).length;
    const waitingAt = await send(ofstedUrl, { name: "ofsted_csc_ilacs_overview.xlsx", content: workbook, field: "workbook" });
    expect(page((await analyst.get(waitingAt)).body).h1).toBe("Importing ofsted_csc_ilacs_overview.xlsx");
    const response = await finish(waitingAt);
    expect(response.statusCode).toBe(200);
    const [, councils] = /Imported Ofsted's latest judgements of (\d{3}) councils from ofsted_csc_ilacs_overview\.xlsx\./.exec(banner(response.body)) ?? [];
    expect((await judgements()).length).toBe(Number(councils));
    const events = await eventsOf("import judgements");
    expect(events).toHaveLength(eventsBefore + 1);
    expect(events.at(-1)?.after).toEqual({ file: "ofsted_csc_ilacs_overview.xlsx", sha256: sha256(workbook), councils: Number(councils) });
  });

  it("refuses a file that is not the workbook once its job has read it, and keeps the judgements it had", async () => {
    const before = await judgements();
    const events = (await eventsOf("import judgements")).length;
    const response = await finish(await send(ofstedUrl, { name: "judgements.csv", content: "council,grade\nPlymouth,Good\n", field: "workbook" }));
    expect(response.statusCode).toBe(200);
    expect(errors(response.body).join(" ")).toContain("judgements.csv was not imported; nothing has changed. This is not an Excel workbook");
    expect(await judgements()).toEqual(before);
    expect((await eventsOf("import judgements")).length).toBe(events);
  });

  it("asks for the workbook at once when none is chosen", async () => {
    const response = await upload(testApp.app, analyst, ofstedUrl, { name: "", content: "", field: "workbook" }, {}, formPage);
    expect(response.statusCode).toBe(400);
    expect(errors(response.body)).toEqual(["Select Ofsted's ILACS overview workbook (.xlsx)"]);
  });

  it("shows why the job stopped when saving fails, leaves nothing half-written and records no audit event", async () => {
    const before = await judgements();
    const events = (await eventsOf("import judgements")).length;
    // Saving any judgement fails while this trigger is there, as a full disk or a lost connection would.
    await testApp.db.execute(sql.raw(`create function refuse_judgements() returns trigger language plpgsql as $$ begin raise exception 'the disk is full'; end $$`));
    await testApp.db.execute(sql.raw(`create trigger refuse_judgements before insert on ofsted_judgements for each row execute function refuse_judgements()`));
    const waitingAt = await send(ofstedUrl, { name: "ofsted_csc_ilacs_overview.xlsx", content: workbook, field: "workbook" });
    const failed = await finish(waitingAt);
    await testApp.db.execute(sql.raw(`drop trigger refuse_judgements on ofsted_judgements`));
    await testApp.db.execute(sql.raw(`drop function refuse_judgements()`));

    expect(failed.statusCode).toBe(200);
    const view = page(failed.body);
    expect(view.h1).toBe("ofsted_csc_ilacs_overview.xlsx was not imported");
    expect(view.texts(".govuk-error-summary li")).toEqual(["The file was not imported, so nothing has changed: try again, and if it happens again tell your administrator."]);
    expect(view.links).toContainEqual({ text: "Send the file again", href: formPage });
    expect(view.document.querySelector("head noscript")).toBeNull();
    expect((await analyst.get(`${waitingAt}/status`)).json()).toMatchObject({ state: "failed", step: "Stopped: nothing imported", next: null });
    // The old judgements were removed and the new ones refused in one transaction: both undone.
    expect(await judgements()).toEqual(before);
    expect((await eventsOf("import judgements")).length).toBe(events);
    expect(await importOf(waitingAt)).toMatchObject({ state: "failed", result: null });
  });

  it("shows a job only under its own import", async () => {
    const waitingAt = await send(ofstedUrl, { name: "ofsted_csc_ilacs_overview.xlsx", content: workbook, field: "workbook" });
    const [, , , id, , job] = waitingAt.split("/");
    expect((await analyst.get(`/measures/reference-imports/${String(Number(id) + 1000)}/importing/${job ?? ""}`)).statusCode).toBe(404);
    expect((await analyst.get(`/measures/reference-imports/${String(Number(id) + 1000)}/importing/${job ?? ""}/status`)).statusCode).toBe(404);
    expect((await analyst.get(`/measures/reference-imports/${id ?? ""}/importing/not-a-job`)).statusCode).toBe(404);
    // Nor under a values import of the same number: each kind of import has its own jobs.
    expect((await analyst.get(`/measures/imports/${id ?? ""}/applying/${job ?? ""}`)).statusCode).toBe(404);
    await testApp.queue.runPending();
  });
});
