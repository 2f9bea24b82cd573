import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { selectRows } from "../../db/rows.ts";
import { useTestApp } from "../../../test/support/app.ts";
import { formValues } from "../../../test/support/forms.ts";
import { page } from "../../../test/support/html.ts";
import { actionFields, auditFields, raiseSampleAction, recordSampleAudit, wholeCaseTemplate } from "../../../test/support/quality.ts";
import { signedIn, type Client } from "../../../test/support/session.ts";

const testApp = useTestApp({ data: "demo" });

const events = async (recordType: string) =>
  selectRows(testApp.db, sql`select action, record_id, username, after from audit_events where record_type = ${recordType} order by id`);

/** The page's error summary, one line per problem. */
const errorSummary = (body: string) => [...page(body).document.querySelectorAll(".govuk-error-summary__list a")].map((a) => `${a.getAttribute("href") ?? ""} ${a.textContent ?? ""}`);

async function addTemplate(browser: Client, fields: Record<string, string | string[]> = {}) {
  const { formToken } = await formValues(browser, "/quality/templates/new");
  return browser.post("/quality/templates/new", { ...wholeCaseTemplate, formToken: String(formToken), ...fields });
}

let officer: Client;
beforeAll(async () => {
  officer = await signedIn(testApp.app, "quality");
});

describe("audit templates", () => {
  it("are added with their domains, questions and service areas, and the addition is audited", async () => {
    const added = await addTemplate(officer);
    expect(added.statusCode).toBe(303);
    const shown = page((await officer.get(String(added.headers.location))).body).text;
    expect(shown).toContain("The template has been added");
    expect(shown).toContain("Voice of the child");
    expect(shown).toContain("Is the child seen, and are their wishes recorded in their words?");
    expect(shown).toContain("Was the child seen alone?");
    expect(shown).toContain("Children in care, Children in need and child protection");
    const [event] = (await events("audit template")).slice(-1);
    expect(event).toMatchObject({ action: "create", username: "quality" });
  });

  it("are refused with a message naming each field that is wrong, and nothing is added", async () => {
    const before = (await events("audit template")).length;
    const response = await addTemplate(officer, { name: "", serviceAreas: [], "domainName-1": "", "domainGuidance-1": "", "domainName-2": "", "question-1": "" });
    expect(response.statusCode).toBe(400);
    expect(errorSummary(response.body)).toEqual([
      "#name Enter the template's name",
      "#domainName-1 Enter at least one domain for audits to grade",
      "#serviceAreas Select the service areas that use this template",
    ]);
    const twice = await addTemplate(officer, { "domainName-3": "planning", "domainGuidance-1": "" });
    expect(errorSummary(twice.body)).toEqual(["#domainName-3 Domain 3, planning, is named twice: give each domain its own name"]);
    expect((await events("audit template")).length).toBe(before);
  });

  it("adds once however often the same form is sent", async () => {
    const { formToken } = await formValues(officer, "/quality/templates/new");
    const fields = { ...wholeCaseTemplate, name: "Supervision audit", formToken: String(formToken) };
    const first = await officer.post("/quality/templates/new", fields);
    const second = await officer.post("/quality/templates/new", fields, "/quality/templates/new");
    expect(String(second.headers.location)).toBe(String(first.headers.location).replace("template-added", "already-added"));
  });

  it("gives more boxes for domains and questions without saving", async () => {
    const before = (await events("audit template")).length;
    const response = await addTemplate(officer, { more: "yes" });
    expect(response.statusCode).toBe(200);
    const document = page(response.body).document;
    expect(document.querySelector("#domainName-6")).not.toBeNull();
    expect(document.querySelector<HTMLInputElement>("#domainName-1")?.getAttribute("value")).toBe("Voice of the child");
    expect((await events("audit template")).length).toBe(before);
  });

  it("change by a new version, keeping the earlier one readable and the audits recorded with it", async () => {
    const { template, audit } = await recordSampleAudit(testApp.app);
    const form = await formValues(officer, `${template}/edit`);
    const saved = await officer.post(`${template}/edit`, { ...form, "domainGuidance-2": "Is the plan specific, with dates?" });
    expect(saved.statusCode).toBe(303);
    const current = page((await officer.get(template)).body).text;
    expect(current).toContain("version 2 (current)");
    expect(current).toContain("Is the plan specific, with dates?");
    const first = await officer.get(`${template}/versions/1`);
    expect(first.statusCode).toBe(200);
    expect(page(first.body).text).not.toContain("Is the plan specific, with dates?");
    expect(page((await officer.get(audit)).body).text).toContain("Whole-case audit, version 1");
    const [event] = (await events("audit template")).slice(-1);
    expect(event).toMatchObject({ action: "update", after: expect.objectContaining({ version: 2 }) });
  });

  it("refuse a change made over someone else's, showing both", async () => {
    const { template } = await recordSampleAudit(testApp.app);
    const admin = await signedIn(testApp.app, "admin");
    const mine = await formValues(officer, `${template}/edit`);
    const theirs = await formValues(admin, `${template}/edit`);
    expect((await admin.post(`${template}/edit`, { ...theirs, name: "Whole-case audit (2026)" })).statusCode).toBe(303);
    const late = await officer.post(`${template}/edit`, { ...mine, name: "Whole-case audit, revised" });
    expect(late.statusCode).toBe(409);
    const text = page(late.body).text;
    expect(text).toContain("Someone else changed this while you were editing it");
    expect(text).toContain("Whole-case audit (2026)");
    expect(page((await officer.get(template)).body).text).not.toContain("revised");
  });

  it("are not added or changed by an analyst, who may read them", async () => {
    const analyst = await signedIn(testApp.app, "analyst");
    expect((await analyst.get("/quality/templates")).statusCode).toBe(200);
    expect((await analyst.get("/quality/templates/new")).statusCode).toBe(403);
  });
});

describe("case audits", () => {
  it("are recorded against the template's current version, with the recorder as the auditor", async () => {
    const { audit } = await recordSampleAudit(testApp.app);
    const text = page((await officer.get(audit)).body).text;
    expect(text).toContain(auditFields.caseId);
    expect(text).toMatch(/Auditor\s*Quinn Quality/);
    expect(text).toMatch(/Voice of the child\s*Good/);
    expect(text).toMatch(/Planning\s*Requires improvement/);
    expect(text).toMatch(/Was the child seen alone\?\s*Yes/);
    expect(text).toContain("Mum said the social worker listens.");
    expect(text).toContain("12 November 2025");
    const [event] = (await events("case audit")).slice(-1);
    expect(event).toMatchObject({ action: "create", username: "quality", after: expect.objectContaining({ overallGrade: "Good" }) });
    const trail = page((await (await signedIn(testApp.app, "admin")).get("/admin/audit?type=case+audit")).body);
    expect(trail.links.map((l) => l.href)).toContain(audit);
  });

  it("are refused with a message naming each field that is wrong", async () => {
    const { template } = await recordSampleAudit(testApp.app);
    const id = template.split("/").at(-1) ?? "";
    const form = await formValues(officer, `/quality/audits/new?template=${id}`);
    const before = (await events("case audit")).length;
    const response = await officer.post(
      "/quality/audits/new",
      { ...form, ...auditFields, caseId: "Jane Smith", serviceArea: "Youth justice", auditDateYear: "2999", "grade-1": "", overallGrade: "brilliant", "answer-1": "" },
      `/quality/audits/new?template=${id}`,
    );
    expect(response.statusCode).toBe(400);
    expect(errorSummary(response.body)).toEqual([
      "#caseId Case id must be the case's pseudonymous id, in letters, digits and hyphens: never the child's name",
      "#overallGrade Select the overall grade: Outstanding, Good, Requires improvement, Inadequate",
      "#auditDateDay Date of the audit must be in a year from 1900 to 2200",
      "#grade-1 Select a grade for Voice of the child: Outstanding, Good, Requires improvement, Inadequate",
      "#answer-1 Answer question 1: yes, no or not applicable",
    ]);
    const wrongArea = await officer.post("/quality/audits/new", { ...form, ...auditFields, serviceArea: "Youth justice" }, `/quality/audits/new?template=${id}`);
    expect(errorSummary(wrongArea.body)).toEqual(["#serviceArea Select a service area that uses this template"]);
    expect((await events("case audit")).length).toBe(before);
  });

  it("are listed by service area and quarter", async () => {
    await recordSampleAudit(testApp.app, { caseId: "fedcba987654321fedcba987", auditDateMonth: "5", serviceArea: "Children in need and child protection" });
    const quarter = page((await officer.get("/quality/audits?quarter=2025-Q1")).body).text;
    expect(quarter).toContain("fedcba987654321fedcba987");
    expect(quarter).not.toContain(auditFields.caseId);
    const area = page((await officer.get("/quality/audits?serviceArea=Children+in+care")).body).text;
    expect(area).toContain(auditFields.caseId);
    expect(area).not.toContain("fedcba987654321fedcba987");
  });

  it("link to the child's case record only for those who may open it, and only when the records hold the child", async () => {
    const [child] = await selectRows(testApp.db, sql`select la_code, pers_person_id from casework.ssd_person where la_code = '879' order by pers_person_id limit 1`);
    const caseId = String(child?.pers_person_id);
    const held = await recordSampleAudit(testApp.app, { caseId });
    const href = `/casework/children/879/${caseId}`;
    const links = async (browser: Client, url: string) => page((await browser.get(url)).body).links.map((l) => l.href);
    expect(await links(officer, held.audit)).toContain(href);
    expect(await links(await signedIn(testApp.app, "admin"), held.audit)).not.toContain(href);
    const notHeld = await recordSampleAudit(testApp.app);
    expect((await links(officer, notHeld.audit)).filter((l) => l.startsWith("/casework/children/"))).toEqual([]);
  });

  it("are read by an analyst, the reading recorded; approvers, priority leads and viewers read only the grades by quarter", async () => {
    const { audit } = await recordSampleAudit(testApp.app);
    expect((await (await signedIn(testApp.app, "analyst")).get(audit)).statusCode).toBe(200);
    const id = audit.split("/").at(-1) ?? "";
    const readings = await selectRows(testApp.db, sql`select username, purpose from access_events where record_type = 'case audit' and record_id = ${id} order by id`);
    expect(readings.slice(-1)).toEqual([{ username: "analyst", purpose: "read the case audit" }]);
    for (const username of ["approver", "lead", "viewer"]) {
      const browser = await signedIn(testApp.app, username);
      expect((await browser.get(audit)).statusCode, username).toBe(403);
      expect((await browser.get("/quality/audits")).statusCode, username).toBe(403);
      expect((await browser.get("/quality")).statusCode, username).toBe(200);
    }
  });
});

describe("moderation", () => {
  it("is not offered to the audit's own auditor, and refused if they send it", async () => {
    const { audit } = await recordSampleAudit(testApp.app);
    const shown = page((await officer.get(audit)).body);
    expect(shown.document.querySelector(`form[action="${audit}/moderate"]`)).toBeNull();
    expect(shown.text).toContain("another quality assurance officer moderates it");
    const version = "1";
    const refused = await officer.post(`${audit}/moderate`, { moderatedGrade: "outstanding", reason: "Mine", version }, audit);
    expect(refused.statusCode).toBe(400);
    expect(page(refused.body).text).toContain("You recorded this audit: another quality assurance officer moderates it");
  });

  it("keeps both grades, and the moderated one counts", async () => {
    const { audit } = await recordSampleAudit(testApp.app, { caseId: "0123456789abcdef01234567" });
    const moderator = await signedIn(testApp.app, "admin");
    const form = await formValues(moderator, audit, `${audit}/moderate`);
    const missing = await moderator.post(`${audit}/moderate`, { ...form, reason: "" }, audit);
    expect(missing.statusCode).toBe(400);
    expect(errorSummary(missing.body)).toEqual(["#moderatedGrade Select the moderated grade: Outstanding, Good, Requires improvement, Inadequate", "#reason Enter the reason for agreeing or changing the grade"]);
    const saved = await moderator.post(`${audit}/moderate`, { ...form, moderatedGrade: "requires-improvement", reason: "Planning drifted for three months." }, audit);
    expect(saved.statusCode).toBe(303);
    const text = page((await moderator.get(audit)).body).text;
    expect(text).toMatch(/Auditor's grade\s*Good/);
    expect(text).toMatch(/Moderated grade\s*Requires improvement \(lowered\)/);
    expect(text).toContain("Planning drifted for three months.");
    const listed = page((await officer.get("/quality/audits")).body).document;
    const row = [...listed.querySelectorAll("tbody tr")].find((tr) => tr.textContent?.includes("0123456789abcdef01234567"));
    expect(row?.textContent).toContain("Requires improvement");
    const [event] = (await events("case audit")).slice(-1);
    expect(event).toMatchObject({ action: "update", username: "admin", after: expect.objectContaining({ overallGrade: "Good", moderatedGrade: "Requires improvement" }) });
  });

  it("refuses a moderation made over someone else's, showing both", async () => {
    const { audit } = await recordSampleAudit(testApp.app);
    const admin = await signedIn(testApp.app, "admin");
    const form = await formValues(admin, audit, `${audit}/moderate`);
    expect((await admin.post(`${audit}/moderate`, { ...form, moderatedGrade: "good", reason: "Agreed." }, audit)).statusCode).toBe(303);
    const late = await admin.post(`${audit}/moderate`, { ...form, moderatedGrade: "inadequate", reason: "Not safe." }, audit);
    expect(late.statusCode).toBe(409);
    expect(page(late.body).text).toContain("Someone else changed this while you were editing it");
    expect(page((await admin.get(audit)).body).text).toMatch(/Moderated grade\s*Good \(agreed\)/);
  });
});

describe("the grades by quarter", () => {
  it("shows counts to those who record audits, and suppresses small counts for everyone else", async () => {
    // One audit graded Outstanding in Q3 2025/26, beside the others graded Good.
    await recordSampleAudit(testApp.app, { overallGrade: "outstanding" });
    const cells = async (username: string) => {
      const document = page((await (await signedIn(testApp.app, username)).get("/quality")).body).document;
      const row = [...document.querySelectorAll("tbody tr")].find((tr) => tr.querySelector("th")?.textContent === "Q3 2025/26");
      return [...(row?.querySelectorAll("td") ?? [])].map((td) => td.textContent?.trim() ?? "");
    };
    const [outstanding, ...others] = await cells("quality");
    expect(outstanding).toMatch(/^1 \(\d+%\)$/);
    expect(others).not.toContain("c");
    const suppressed = await cells("viewer");
    expect(suppressed[0]).toBe("c");
    // The next smallest count is suppressed too, so that the one cannot be worked out from the total.
    expect(suppressed.filter((cell) => cell === "c").length).toBe(2);
  });
});

describe("actions from case audits", () => {
  /** The id of an account, as the owner list sends it. */
  const accountId = async (username: string) => String((await selectRows(testApp.db, sql`select id from users where username = ${username}`))[0]?.id);

  it("are raised from the audit's page and listed there, and the raising is audited", async () => {
    const { audit } = await recordSampleAudit(testApp.app);
    const action = await raiseSampleAction(testApp.app, audit);
    const shown = page((await officer.get(audit)).body);
    expect(shown.texts("#audit-actions tbody tr")[0]).toMatch(/^Team manager to check .+For the team Lee Lead 1 December 2025\s*Overdue$/);
    const text = page((await officer.get(action)).body).text;
    expect(text).toMatch(/For\s*The team/);
    expect(text).toMatch(/Owner\s*Lee Lead/);
    expect(text).toMatch(/Raised by\s*Quinn Quality/);
    const [event] = (await events("audit action")).slice(-1);
    expect(event).toMatchObject({ action: "create", username: "quality", record_id: action.split("/").at(-1), after: expect.objectContaining({ owner: "Lee Lead", status: "Open" }) });
  });

  it("are refused with a message naming each field that is wrong, and nothing is raised", async () => {
    const { audit } = await recordSampleAudit(testApp.app);
    const form = await formValues(officer, audit, `${audit}/actions`);
    const before = (await events("audit action")).length;
    const response = await officer.post(`${audit}/actions`, { ...form, scope: "everyone", description: "", owner: "999999", dueOnDay: "31", dueOnMonth: "2", dueOnYear: "2026" }, audit);
    expect(response.statusCode).toBe(400);
    expect(errorSummary(response.body)).toEqual([
      "#scope Select who the action is for: the case, the team or the service",
      "#description Enter what is to be done",
      "#owner Select the action's owner from the list",
      "#dueOnDay Due date must be a real date, like 31 3 2026",
    ]);
    const early = await officer.post(`${audit}/actions`, { ...form, ...actionFields, owner: await accountId("lead"), dueOnYear: "2024" }, audit);
    expect(errorSummary(early.body)).toEqual(["#dueOnDay Due date must be on or after the date of the audit"]);
    expect((await events("audit action")).length).toBe(before);
  });

  it("are not raised by an analyst, who may read them", async () => {
    const { audit } = await recordSampleAudit(testApp.app);
    const action = await raiseSampleAction(testApp.app, audit);
    const analyst = await signedIn(testApp.app, "analyst");
    expect(page((await analyst.get(audit)).body).document.querySelector(`form[action="${audit}/actions"]`)).toBeNull();
    expect((await analyst.post(`${audit}/actions`, { ...actionFields, owner: await accountId("lead") }, audit)).statusCode).toBe(403);
    expect((await analyst.get(action)).statusCode).toBe(200);
    expect((await analyst.get("/quality/actions")).statusCode).toBe(200);
  });

  it("are listed by status, overdue being open past its due date, and by owner", async () => {
    const { audit } = await recordSampleAudit(testApp.app);
    const overdue = await raiseSampleAction(testApp.app, audit, { description: "Overdue action for the list" });
    const notDue = await raiseSampleAction(testApp.app, audit, { description: "Action due in the future", dueOnYear: "2100" }, "Ana Analyst");
    const listed = async (query: string) => page((await officer.get(`/quality/actions${query}`)).body).links.map((l) => l.href);
    expect(await listed("?status=overdue")).toContain(overdue);
    expect(await listed("?status=overdue")).not.toContain(notDue);
    expect(await listed("?status=open")).toEqual(expect.arrayContaining([overdue, notDue]));
    expect(await listed("?status=closed")).not.toContain(overdue);
    expect(await listed(`?owner=${await accountId("analyst")}`)).toContain(notDue);
    expect(await listed(`?owner=${await accountId("analyst")}`)).not.toContain(overdue);
    const row = [...page((await officer.get("/quality/actions")).body).document.querySelectorAll("#actions tbody tr")].find((tr) => tr.textContent?.includes("Action due in the future"));
    expect(row?.textContent).toContain("Open");
    expect(row?.textContent).not.toContain("Overdue");
  });

  it("need evidence to close, which the closed action shows with who closed it", async () => {
    const { audit } = await recordSampleAudit(testApp.app);
    const action = await raiseSampleAction(testApp.app, audit);
    const form = await formValues(officer, action, `${action}/close`);
    const missing = await officer.post(`${action}/close`, { ...form, evidence: "  " }, action);
    expect(missing.statusCode).toBe(400);
    expect(errorSummary(missing.body)).toEqual(["#evidence Enter the evidence: what was done, and where it is recorded"]);
    expect(page((await officer.get(action)).body).text).toMatch(/Status\s*Open|Status\s*Overdue/);
    const closed = await officer.post(`${action}/close`, { ...form, evidence: "Plans checked at the team meeting of 3 December; minutes on the team's site." }, action);
    expect(closed.statusCode).toBe(303);
    const shown = page((await officer.get(String(closed.headers.location))).body);
    expect(shown.text).toContain("The action has been closed");
    expect(shown.text).toMatch(/Status\s*Closed/);
    expect(shown.text).toContain("Plans checked at the team meeting of 3 December; minutes on the team's site.");
    expect(shown.text).toMatch(/Closed by\s*Quinn Quality/);
    expect(shown.document.querySelector(`form[action="${action}/close"]`)).toBeNull();
    const [event] = (await events("audit action")).slice(-1);
    expect(event).toMatchObject({ action: "update", username: "quality", after: expect.objectContaining({ status: "Closed", closedBy: "Quinn Quality" }) });
  });

  it("are closed by their owner without the role that records audits, and by no one else without it", async () => {
    const { audit } = await recordSampleAudit(testApp.app);
    const action = await raiseSampleAction(testApp.app, audit);
    // The approver neither owns it nor reads audits; the analyst reads audits but neither owns nor records them.
    const approver = await signedIn(testApp.app, "approver");
    expect((await approver.get(action)).statusCode).toBe(403);
    expect((await approver.post(`${action}/close`, { evidence: "Done.", version: "1" }, "/home")).statusCode).toBe(403);
    const analyst = await signedIn(testApp.app, "analyst");
    expect(page((await analyst.get(action)).body).document.querySelector(`form[action="${action}/close"]`)).toBeNull();
    const refused = await analyst.post(`${action}/close`, { evidence: "Done.", version: "1" }, action);
    expect(refused.statusCode).toBe(403);
    expect(page(refused.body).text).toContain("Only the action's owner or a quality assurance officer may close it");
    const lead = await signedIn(testApp.app, "lead");
    const form = await formValues(lead, action, `${action}/close`);
    const closed = await lead.post(`${action}/close`, { ...form, evidence: "Every plan in the team now has dated actions: see the team's tracker." }, action);
    expect(closed.statusCode).toBe(303);
    expect(page((await lead.get(action)).body).text).toMatch(/Closed by\s*Lee Lead/);
    const readings = await selectRows(testApp.db, sql`select username, purpose from access_events where record_type = 'audit action' and record_id = ${action.split("/").at(-1) ?? ""} order by id`);
    expect(readings.slice(-1)).toEqual([{ username: "lead", purpose: "read the action from a case audit" }]);
    const [event] = (await events("audit action")).slice(-1);
    expect(event).toMatchObject({ action: "update", username: "lead" });
  });

  it("refuse a close made over someone else's, showing both", async () => {
    const { audit } = await recordSampleAudit(testApp.app);
    const action = await raiseSampleAction(testApp.app, audit);
    const lead = await signedIn(testApp.app, "lead");
    const mine = await formValues(officer, action, `${action}/close`);
    const theirs = await formValues(lead, action, `${action}/close`);
    expect((await lead.post(`${action}/close`, { ...theirs, evidence: "Done by the lead." }, action)).statusCode).toBe(303);
    const late = await officer.post(`${action}/close`, { ...mine, evidence: "Done by the officer." }, action);
    expect(late.statusCode).toBe(409);
    const text = page(late.body).text;
    expect(text).toContain("Someone else changed this while you were editing it");
    expect(text).toContain("Done by the lead.");
    expect(text).toContain("Done by the officer.");
    expect(page((await officer.get(action)).body).text).not.toMatch(/Evidence\s*Done by the officer/);
  });

  it("are checked by a re-audit linked to them, which the action's page shows with its grade", async () => {
    const { template, audit } = await recordSampleAudit(testApp.app);
    const action = await raiseSampleAction(testApp.app, audit);
    const actionId = action.split("/").at(-1) ?? "";
    const reauditLink = page((await officer.get(action)).body).links.find((l) => l.text === "Re-audit to check this action");
    expect(reauditLink?.href).toBe(`/quality/audits/new?checks=${actionId}`);
    const templateId = template.split("/").at(-1) ?? "";
    const choose = page((await officer.get(reauditLink?.href ?? "")).body);
    expect(choose.links.map((l) => l.href)).toContain(`/quality/audits/new?template=${templateId}&checks=${actionId}`);
    const formPage = `/quality/audits/new?template=${templateId}&checks=${actionId}`;
    const form = await formValues(officer, formPage);
    expect(form.checks).toBe(actionId);
    expect(page((await officer.get(formPage)).body).text).toContain("This is a re-audit to check the action");
    const recorded = await officer.post("/quality/audits/new", { ...form, ...auditFields, auditDateMonth: "12", overallGrade: "outstanding" }, formPage);
    expect(recorded.statusCode).toBe(303);
    const reaudit = String(recorded.headers.location).split("?")[0] ?? "";
    expect(page((await officer.get(reaudit)).body).links.map((l) => l.href)).toContain(action);
    const rows = page((await officer.get(action)).body).texts("#action-reaudits tbody tr");
    expect(rows).toEqual([expect.stringMatching(/^12 December 2025 a1b2c3d4e5f6a7b8c9d0e1f2\s*Whole-case audit Outstanding$/)]);
    const missing = await officer.post("/quality/audits/new", { ...form, ...auditFields, checks: "999999", formToken: "00000000-0000-4000-8000-000000000000" }, formPage);
    expect(missing.statusCode).toBe(400);
    expect((await officer.get("/quality/audits/new?checks=999999")).statusCode).toBe(404);
  });

  it("show on their owner's home page, and on the quality assurance officer's, once overdue", async () => {
    const { audit } = await recordSampleAudit(testApp.app);
    const overdue = await raiseSampleAction(testApp.app, audit, { description: "Overdue action for the home page" });
    const notDue = await raiseSampleAction(testApp.app, audit, { description: "Not yet due, for the home page", dueOnYear: "2100" });
    const home = async (username: string, table: string) => page((await (await signedIn(testApp.app, username)).get("/home")).body).document.querySelector(`#${table}`)?.querySelectorAll("a") ?? [];
    const hrefs = async (username: string, table: string) => [...(await home(username, table))].map((a) => a.getAttribute("href"));
    expect(await hrefs("lead", "own-overdue-actions")).toContain(overdue);
    expect(await hrefs("lead", "own-overdue-actions")).not.toContain(notDue);
    expect(await hrefs("quality", "quality-overdue-actions")).toContain(overdue);
    expect(await hrefs("approver", "own-overdue-actions")).not.toContain(overdue);
  });
});
