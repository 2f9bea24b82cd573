import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { selectRows } from "../../db/rows.ts";
import { useTestApp } from "../../../test/support/app.ts";
import { formValues } from "../../../test/support/forms.ts";
import { page } from "../../../test/support/html.ts";
import { actionFields, recordSampleAudit, recordSampleWeek, weekFields } from "../../../test/support/quality.ts";
import { signedIn, type Client } from "../../../test/support/session.ts";

const testApp = useTestApp({ data: "demo" });

const events = async (recordType: string) =>
  selectRows(testApp.db, sql`select action, record_id, username, before, after from audit_events where record_type = ${recordType} order by id`);

/** The page's error summary, one line per problem. */
const errorSummary = (body: string) => [...page(body).document.querySelectorAll(".govuk-error-summary__list a")].map((a) => `${a.getAttribute("href") ?? ""} ${a.textContent ?? ""}`);

const accountId = async (username: string) => String((await selectRows(testApp.db, sql`select id from users where username = ${username}`))[0]?.id);

let officer: Client;
beforeAll(async () => {
  officer = await signedIn(testApp.app, "quality");
});

describe("practice weeks", () => {
  it("are recorded with their activities, findings and learning, and the recording is audited", async () => {
    const week = await recordSampleWeek(testApp.app);
    const shown = page((await officer.get(`${week}?saved=week-recorded`)).body);
    expect(shown.h1).toBe("Front Door");
    expect(shown.text).toContain("The practice week has been recorded");
    expect(shown.text).toMatch(/Dates\s*20 January 2025 to 24 January 2025/);
    expect(shown.text).toMatch(/Where it is\s*Findings recorded/);
    expect(shown.texts("#activities + ul li")).toEqual(["Case audits: 12", "Focus groups (With partners)"]);
    expect(shown.texts("#week-strengths li")).toEqual(["Timely responses", "Child centred practice"]);
    expect(shown.texts("#week-areas li")).toEqual(["Consent recorded every time"]);
    expect(shown.text).toContain("Managers will dip sample consent monthly.");
    const [event] = (await events("practice week")).slice(-1);
    expect(event).toMatchObject({ action: "create", username: "quality", record_id: week.split("/").at(-1), after: expect.objectContaining({ theme: "Front Door", strengths: ["Timely responses", "Child centred practice"] }) });
  });

  it("are refused with a message naming each field that is wrong, and nothing is added", async () => {
    const { formToken } = await formValues(officer, "/quality/practice-weeks/new");
    const before = (await events("practice week")).length;
    const response = await officer.post(
      "/quality/practice-weeks/new",
      { ...weekFields, formToken: String(formToken), theme: "", serviceArea: "Everywhere", endsOnDay: "19", "held-case-audits": "twelve", strengths: Array.from({ length: 31 }, (_, i) => `Strength ${String(i)}`).join("\n") },
      "/quality/practice-weeks/new",
    );
    expect(response.statusCode).toBe(400);
    expect(errorSummary(response.body)).toEqual([
      "#theme Enter the week's theme",
      "#serviceArea Select a service area from the list",
      "#endsOnDay The week must end on or after the day it starts",
      "#held-case-audits The number of case audits must be a whole number from 1 to 10,000",
      "#strengths Strengths holds at most 30 items, one a line",
    ]);
    const long = await officer.post("/quality/practice-weeks/new", { ...weekFields, formToken: String(formToken), endsOnMonth: "3" }, "/quality/practice-weeks/new");
    expect(errorSummary(long.body)).toEqual(["#endsOnDay A practice week lasts at most 35 days: record a longer programme as several weeks"]);
    expect((await events("practice week")).length).toBe(before);
  });

  it("add once however often the same form is sent", async () => {
    const { formToken } = await formValues(officer, "/quality/practice-weeks/new");
    const fields = { ...weekFields, theme: "Sent twice", formToken: String(formToken) };
    const first = await officer.post("/quality/practice-weeks/new", fields, "/quality/practice-weeks/new");
    const second = await officer.post("/quality/practice-weeks/new", fields, "/quality/practice-weeks/new");
    expect(String(second.headers.location)).toBe(String(first.headers.location).replace("week-recorded", "already-added"));
    expect(page((await officer.get("/quality/practice-weeks")).body).links.filter((l) => l.text === "Sent twice")).toHaveLength(1);
  });

  it("without findings are planned until they start, with an activity held and no number", async () => {
    const week = await recordSampleWeek(testApp.app, { theme: "Planned week", startsOnYear: "2100", endsOnYear: "2100", strengths: "", areasForImprovement: "", "held-case-audits": "" });
    const shown = page((await officer.get(week)).body);
    expect(shown.text).toMatch(/Where it is\s*Planned/);
    expect(shown.texts("#activities + ul li")[0]).toBe("Case audits");
    expect(shown.text).toContain("None recorded.");
  });

  it("are listed newest first and by service area, for every signed-in role, and recorded only by those who record audits", async () => {
    await recordSampleWeek(testApp.app, { theme: "Disabled children's week", serviceArea: "Children with disabilities", startsOnYear: "2026", endsOnYear: "2026" });
    const viewer = await signedIn(testApp.app, "viewer");
    const all = page((await viewer.get("/quality/practice-weeks")).body);
    expect(all.texts("#practice-weeks tbody tr td:nth-child(2)")[0]).not.toBe("");
    const themes = all.texts("#practice-weeks tbody tr td:nth-child(2)");
    expect(themes.indexOf("Disabled children's week")).toBeLessThan(themes.indexOf("Front Door"));
    const area = page((await viewer.get("/quality/practice-weeks?serviceArea=Children+with+disabilities")).body).texts("#practice-weeks tbody tr td:nth-child(2)");
    expect(area).toContain("Disabled children's week");
    expect(area).not.toContain("Front Door");
    const week = all.links.find((l) => l.text === "Disabled children's week")?.href ?? "";
    const shown = page((await viewer.get(week)).body);
    expect(shown.h1).toBe("Disabled children's week");
    expect(shown.document.querySelector("form[method=post]:not([action='/sign-out'])")).toBeNull();
    for (const username of ["viewer", "analyst"]) {
      const browser = await signedIn(testApp.app, username);
      expect((await browser.get("/quality/practice-weeks/new")).statusCode, username).toBe(403);
      expect((await browser.get(`${week}/edit`)).statusCode, username).toBe(403);
    }
    expect((await viewer.get("/quality/practice-weeks/999999")).statusCode).toBe(404);
  });

  it("change by a versioned edit, which is audited", async () => {
    const week = await recordSampleWeek(testApp.app);
    // A select is not among what the test's form reader sends: the service area is sent as chosen.
    const form: Record<string, string | string[]> = { ...(await formValues(officer, `${week}/edit`)), serviceArea: weekFields.serviceArea };
    expect(form.strengths).toBe("Timely responses\nChild centred practice");
    expect(form["activity-case-audits"]).toBe("yes");
    const saved = await officer.post(`${week}/edit`, { ...form, areasForImprovement: "Consent recorded every time\nRe-referrals understood" }, `${week}/edit`);
    expect(saved.statusCode).toBe(303);
    expect(page((await officer.get(week)).body).texts("#week-areas li")).toEqual(["Consent recorded every time", "Re-referrals understood"]);
    const [event] = (await events("practice week")).slice(-1);
    expect(event).toMatchObject({ action: "update", username: "quality", before: expect.objectContaining({ areasForImprovement: ["Consent recorded every time"] }) });
  });

  it("refuse a change made over someone else's, showing both", async () => {
    const week = await recordSampleWeek(testApp.app);
    const admin = await signedIn(testApp.app, "admin");
    const mine = { ...(await formValues(officer, `${week}/edit`)), serviceArea: weekFields.serviceArea };
    const theirs = { ...(await formValues(admin, `${week}/edit`)), serviceArea: weekFields.serviceArea };
    expect((await admin.post(`${week}/edit`, { ...theirs, learning: "Learning by the administrator." }, `${week}/edit`)).statusCode).toBe(303);
    const late = await officer.post(`${week}/edit`, { ...mine, learning: "Learning by the officer." }, `${week}/edit`);
    expect(late.statusCode).toBe(409);
    const text = page(late.body).text;
    expect(text).toContain("Someone else changed this while you were editing it");
    expect(text).toContain("Learning by the administrator.");
    expect(page((await officer.get(week)).body).text).not.toContain("Learning by the officer.");
  });
});

describe("families' feedback", () => {
  it("is added from a practice week's page, shown there, and audited", async () => {
    const week = await recordSampleWeek(testApp.app, { theme: "Week with feedback" });
    const form = await formValues(officer, week, `${week}/feedback`);
    const missing = await officer.post(`${week}/feedback`, { ...form, words: "" }, week);
    expect(missing.statusCode).toBe(400);
    expect(errorSummary(missing.body)).toEqual([
      "#kind Select whether it is a strength or something to strengthen",
      "#theme Select the theme from the list",
      "#words Enter what was said",
      "#givenBy Select who gave it: a child or young person, a parent, a carer, a family",
    ]);
    const fields = { ...form, words: "The worker explained what would happen next.", kind: "strength", theme: "understanding-the-plan", givenBy: "parent" };
    const added = await officer.post(`${week}/feedback`, fields, week);
    expect(added.statusCode).toBe(303);
    const again = await officer.post(`${week}/feedback`, fields, week);
    expect(String(again.headers.location)).toContain("already-added");
    const rows = page((await (await signedIn(testApp.app, "viewer")).get(week)).body).texts("#coded-feedback tbody tr");
    expect(rows).toEqual(["The worker explained what would happen next. A strength Understanding why a worker is involved, and the plan A parent"]);
    const [event] = (await events("families' feedback")).slice(-1);
    expect(event).toMatchObject({ action: "create", username: "quality", after: expect.objectContaining({ source: "A practice week", gatheredFrom: "2025-01-20", gatheredTo: "2025-01-24" }) });
  });

  it("is added from a case audit's page, and read one by one only by those who read audits", async () => {
    const { audit } = await recordSampleAudit(testApp.app);
    const form = await formValues(officer, audit, `${audit}/feedback`);
    const refused = await officer.post(`${audit}/feedback`, { ...form, kind: "good", theme: "being-seen", words: "x", givenBy: "child" }, audit);
    expect(refused.statusCode).toBe(400);
    expect(errorSummary(refused.body)).toEqual(["#kind Select whether it is a strength or something to strengthen"]);
    const added = await officer.post(`${audit}/feedback`, { ...form, kind: "to-strengthen", theme: "being-seen", words: "I would like to see my social worker more.", givenBy: "child" }, audit);
    expect(added.statusCode).toBe(303);
    expect(page((await officer.get(audit)).body).texts("#coded-feedback tbody tr")).toEqual(["I would like to see my social worker more. Something to strengthen Being seen A child or young person"]);
    const quarter = page((await officer.get("/quality/feedback?quarter=2025-Q3")).body);
    expect(quarter.text).toContain("I would like to see my social worker more.");
    for (const username of ["viewer", "lead", "approver"]) expect((await (await signedIn(testApp.app, username)).get("/quality/feedback")).statusCode, username).toBe(403);
    expect((await (await signedIn(testApp.app, "analyst")).post(`${audit}/feedback`, { ...form, kind: "strength", theme: "health", words: "x", givenBy: "child" }, audit)).statusCode).toBe(403);
  });

  it("is added from the audit programme of a period, with its dates", async () => {
    const form = await formValues(officer, "/quality/feedback/new");
    const refused = await officer.post(
      "/quality/feedback/new",
      { ...form, kind: "strength", theme: "education", words: "Help getting to school.", givenBy: "carer", serviceArea: "", gatheredFromDay: "30", gatheredFromMonth: "6", gatheredFromYear: "2025", gatheredToDay: "1", gatheredToMonth: "4", gatheredToYear: "2025" },
      "/quality/feedback/new",
    );
    expect(refused.statusCode).toBe(400);
    expect(errorSummary(refused.body)).toEqual(["#serviceArea Select the service area", "#gatheredToDay Gathered to must be on or after the day it was gathered from"]);
    const added = await officer.post(
      "/quality/feedback/new",
      { ...form, kind: "strength", theme: "education", words: "Help getting to school.", givenBy: "carer", serviceArea: "Children in care", gatheredFromDay: "1", gatheredFromMonth: "4", gatheredFromYear: "2025", gatheredToDay: "30", gatheredToMonth: "6", gatheredToYear: "2025" },
      "/quality/feedback/new",
    );
    expect(added.statusCode).toBe(303);
    const shown = page((await officer.get("/quality/feedback?quarter=2025-Q1&serviceArea=Children+in+care")).body);
    expect(shown.text).toContain("What families said was good");
    expect(shown.text).toMatch(/Education \(1\)\s*Help getting to school\. \(a carer; the audit programme\)/);
  });
});

describe("actions from practice weeks", () => {
  it("are raised from the week's page, say where they came from, and are closed with evidence", async () => {
    const week = await recordSampleWeek(testApp.app, { theme: "Week raising an action" });
    const form = await formValues(officer, week, `${week}/actions`);
    const early = await officer.post(`${week}/actions`, { ...form, ...actionFields, owner: await accountId("lead"), dueOnYear: "2024" }, week);
    expect(early.statusCode).toBe(400);
    expect(errorSummary(early.body)).toEqual(["#dueOnDay Due date must be on or after the week's first day"]);
    const raised = await officer.post(`${week}/actions`, { ...form, ...actionFields, owner: await accountId("lead") }, week);
    expect(raised.statusCode).toBe(303);
    const action = page((await officer.get(week)).body).links.find((l) => /^\/quality\/actions\/\d+$/.test(l.href))?.href ?? "";
    expect(action).not.toBe("");
    const shown = page((await officer.get(action)).body);
    expect(shown.text).toContain("Action from the practice week: Week raising an action");
    expect(shown.links.map((l) => l.href)).toContain(week);
    const listed = [...page((await officer.get("/quality/actions")).body).document.querySelectorAll("#actions tbody tr")].find((tr) => tr.querySelector(`a[href="${action}"]`));
    expect(listed?.textContent).toContain("Practice week: Week raising an action");
    // The owner sees it overdue on their home page, and reading it records no access: it names no child.
    const lead = await signedIn(testApp.app, "lead");
    const home = page((await lead.get("/home")).body).document.querySelector("#own-overdue-actions");
    expect(home?.textContent).toContain("From the practice week: Week raising an action");
    const closeForm = await formValues(lead, action, `${action}/close`);
    expect((await lead.post(`${action}/close`, { ...closeForm, evidence: "Dip sampling started; see the MASH board minutes." }, action)).statusCode).toBe(303);
    expect(page((await lead.get(action)).body).text).toMatch(/Status\s*Closed/);
    const readings = await selectRows(testApp.db, sql`select 1 from access_events where record_type = 'audit action' and record_id = ${action.split("/").at(-1) ?? ""}`);
    expect(readings).toEqual([]);
    const [event] = (await events("audit action")).slice(-1);
    expect(event).toMatchObject({ action: "update", username: "lead", after: expect.objectContaining({ practiceWeek: `Practice week ${week.split("/").at(-1) ?? ""}`, status: "Closed" }) });
  });

  it("are not raised by those who do not record audits", async () => {
    const week = await recordSampleWeek(testApp.app);
    const analyst = await signedIn(testApp.app, "analyst");
    expect((await analyst.post(`${week}/actions`, { ...actionFields, owner: await accountId("lead") }, week)).statusCode).toBe(403);
    expect((await analyst.post(`${week}/feedback`, { kind: "strength" }, week)).statusCode).toBe(403);
  });
});
