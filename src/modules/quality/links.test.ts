import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { selectRows } from "../../db/rows.ts";
import { currentScorecardRow } from "../measures/index.ts";
import { useTestApp } from "../../../test/support/app.ts";
import { formValues } from "../../../test/support/forms.ts";
import { page } from "../../../test/support/html.ts";
import { linkChoices, linkSample } from "../../../test/support/links.ts";
import { raiseSampleAction, recordSampleAudit, recordSampleWeek } from "../../../test/support/quality.ts";
import { signedIn, type Client } from "../../../test/support/session.ts";

const testApp = useTestApp({ data: "demo" });

const events = async (recordType: string) => selectRows(testApp.db, sql`select action, record_id, username, before, after from audit_events where record_type = ${recordType} order by id`);
const errorSummary = (body: string) => [...page(body).document.querySelectorAll(".govuk-error-summary__list a")].map((a) => `${a.getAttribute("href") ?? ""} ${a.textContent ?? ""}`);
const linked = async (browser: Client, record: string) => page((await browser.get(record)).body).texts("#record-links li").map((t) => t.replace(/\s*Remove.*$/s, ""));

let officer: Client;
beforeAll(async () => {
  officer = await signedIn(testApp.app, "quality");
});

describe("links from case audits and actions to the plan", () => {
  it("offer the plan's priorities, their milestones for the audit's year and the Ofsted areas", async () => {
    const { audit } = await recordSampleAudit(testApp.app);
    const choices = (await linkChoices(testApp.app, audit)).map((c) => c.text);
    expect(choices).toContain("Priority 8 as a whole");
    expect(choices.some((c) => c.startsWith("Milestone for 2025/26: "))).toBe(true);
    expect(choices.some((c) => c.startsWith("Milestone for 2024/25: "))).toBe(false);
    expect(choices.some((c) => c.startsWith("Area 1: "))).toBe(true);
  });

  it("are added to an audit, listed on its page with a link to what they name, and audited", async () => {
    const { audit } = await recordSampleAudit(testApp.app);
    await linkSample(testApp.app, audit, "Priority 8 as a whole");
    await linkSample(testApp.app, audit, "Milestone for 2025/26");
    await linkSample(testApp.app, audit, "Area 1:");
    const shown = page((await officer.get(audit)).body);
    const texts = await linked(officer, audit);
    expect(texts[0]).toMatch(/^Priority 8: /);
    expect(texts[1]).toMatch(/^Priority \d+, milestone for 2025\/26: /);
    expect(texts[2]).toMatch(/^Ofsted area for improvement 1: /);
    expect(shown.links.map((l) => l.href)).toEqual(expect.arrayContaining(["/priorities/8", "/ofsted#area-1"]));
    const id = audit.split("/").at(-1);
    const made = (await events("case audit")).filter((e) => e.action === "link" && e.record_id === id);
    expect(made).toHaveLength(3);
    expect(made[0]).toMatchObject({ username: "quality", after: { linkedTo: expect.stringMatching(/^Priority 8: /) } });
  });

  it("are added to a practice week, whose findings then show on the priority's page to every reader, audited", async () => {
    const week = await recordSampleWeek(testApp.app, { theme: "Supervision week" });
    await linkSample(testApp.app, week, "Priority 7 as a whole");
    expect((await linked(officer, week))[0]).toMatch(/^Priority 7: /);
    const id = week.split("/").at(-1);
    expect((await events("practice week")).filter((e) => e.action === "link" && e.record_id === id)).toHaveLength(1);
    const viewer = await signedIn(testApp.app, "viewer");
    const priority = page((await viewer.get("/priorities/7")).body);
    expect(priority.document.querySelector("#priority-practice-weeks")?.textContent).toContain("Supervision week");
    expect(priority.document.querySelector("#priority-practice-weeks")?.textContent).toContain("Strengths: Timely responses; Child centred practice");
    expect(priority.links.map((l) => l.href)).toContain(week);
  });

  it("are added to an action and removed from it, the removal audited", async () => {
    const { audit } = await recordSampleAudit(testApp.app);
    const action = await raiseSampleAction(testApp.app, audit);
    await linkSample(testApp.app, action, "Priority 8 as a whole");
    expect(await linked(officer, action)).toEqual([expect.stringMatching(/^Priority 8: /)]);
    const form = await formValues(officer, action, `${action}/links/remove`);
    const removed = await officer.post(`${action}/links/remove`, form, action);
    expect(removed.statusCode).toBe(303);
    const after = page((await officer.get(String(removed.headers.location))).body);
    expect(after.text).toContain("The link has been removed");
    expect(after.text).toContain("This action is not linked to a priority, milestone or Ofsted area for improvement.");
    const [event] = (await events("audit action")).slice(-1);
    expect(event).toMatchObject({ action: "unlink", username: "quality", record_id: action.split("/").at(-1), before: { linkedTo: expect.stringMatching(/^Priority 8: /) } });
    const again = await officer.post(`${action}/links/remove`, form, action);
    expect(String(again.headers.location)).toContain("saved=already-unlinked");
  });

  it("are refused with a message naming the field when the choice is unknown or already made, and nothing is added", async () => {
    const { audit } = await recordSampleAudit(testApp.app);
    const form = await formValues(officer, audit, `${audit}/links`);
    const before = (await events("case audit")).length;
    for (const linkTo of ["", "priority-999999", "milestone-999999", "ofsted-999999", "risk-1"]) {
      const refused = await officer.post(`${audit}/links`, { ...form, linkTo }, audit);
      expect(refused.statusCode).toBe(400);
      expect(errorSummary(refused.body)).toEqual(["#linkTo Select a priority, one of its milestones for 2025/26 or an Ofsted area for improvement from the list"]);
    }
    const value = await linkSample(testApp.app, audit, "Priority 8 as a whole");
    const fresh = await formValues(officer, audit, `${audit}/links`);
    const twice = await officer.post(`${audit}/links`, { ...fresh, linkTo: value }, audit);
    expect(twice.statusCode).toBe(400);
    expect(errorSummary(twice.body)[0]).toMatch(/^#linkTo This audit is already linked to Priority 8: /);
    expect((await events("case audit")).length).toBe(before + 1);
  });

  it("add once however often the same form is sent", async () => {
    const { audit } = await recordSampleAudit(testApp.app);
    const [choice] = await linkChoices(testApp.app, audit);
    const form = await formValues(officer, audit, `${audit}/links`);
    const first = await officer.post(`${audit}/links`, { ...form, linkTo: choice?.value ?? "" }, audit);
    const second = await officer.post(`${audit}/links`, { ...form, linkTo: choice?.value ?? "" }, audit);
    expect(first.statusCode).toBe(303);
    expect(String(second.headers.location)).toContain("saved=already-added");
    expect(await linked(officer, audit)).toHaveLength(1);
  });

  it("are listed to those who read the record, but added and removed only by those who record audits", async () => {
    const { audit } = await recordSampleAudit(testApp.app);
    const action = await raiseSampleAction(testApp.app, audit);
    await linkSample(testApp.app, action);
    const analyst = await signedIn(testApp.app, "analyst");
    const shown = page((await analyst.get(action)).body);
    expect(shown.text).toMatch(/Linked to\s*Priority 8: /);
    expect(shown.document.querySelector(`form[action="${action}/links"]`)).toBeNull();
    expect(shown.document.querySelector(`form[action="${action}/links/remove"]`)).toBeNull();
    expect((await analyst.post(`${action}/links`, { linkTo: "priority-1" }, action)).statusCode).toBe(403);
    // The action's owner reads it, links and all, but does not change them.
    const lead = await signedIn(testApp.app, "lead");
    expect(page((await lead.get(action)).body).text).toMatch(/Linked to\s*Priority 8: /);
    expect((await lead.post(`${action}/links/remove`, { link: "1" }, action)).statusCode).toBe(403);
    expect((await officer.post("/quality/audits/999999/links", { linkTo: "priority-1" }, audit)).statusCode).toBe(404);
  });
});

describe("actions closed on time", () => {
  const valueOf = async (periodEnd: string) =>
    (await selectRows(testApp.db, sql`select v.numerator, v.denominator from measure_values v join measures m on m.id = v.measure_id where m.code = 'QA-ACTIONS-CLOSED-ON-TIME' and v.period_end = ${periodEnd}`))[0];

  it("count an action when it is raised, and move when it is closed by its due date", async () => {
    const { audit } = await recordSampleAudit(testApp.app);
    const action = await raiseSampleAction(testApp.app, audit, { dueOnDay: "15", dueOnMonth: "5", dueOnYear: "2099" });
    expect(await valueOf("2099-06-30")).toEqual({ numerator: 0, denominator: 1 });
    const form = await formValues(officer, action, `${action}/close`);
    expect((await officer.post(`${action}/close`, { ...form, evidence: "Done and minuted." }, action)).statusCode).toBe(303);
    expect(await valueOf("2099-06-30")).toEqual({ numerator: 1, denominator: 1 });
  });

  it("stand in the demo under priority 8, with no measure the council reports beside them", async () => {
    const found = await currentScorecardRow(testApp.db, "QA-ACTIONS-CLOSED-ON-TIME");
    expect(found?.row.measure).toMatchObject({ source: "computed", frequency: "quarterly", polarity: "higher-better" });
    expect(found?.row.priorities).toEqual([8]);
  });
});

describe("a priority's quality assurance evidence", () => {
  const caseId = "b7c6d5e4f3a2b1c0d9e8f7a6";
  const row = (document: Document, quarter: string) =>
    [...document.querySelectorAll("#priority-audit-grades tbody tr")].find((tr) => tr.querySelector("th")?.textContent === quarter)?.querySelectorAll("td") ?? [];
  let audit = "";

  beforeAll(async () => {
    audit = (await recordSampleAudit(testApp.app, { caseId })).audit;
    await linkSample(testApp.app, audit, "Priority 8 as a whole");
    await linkSample(testApp.app, await raiseSampleAction(testApp.app, audit), "Priority 8 as a whole");
  });

  it("lists the linked audits with their cases to those who read audits, beside the grades by quarter", async () => {
    const shown = page((await officer.get("/priorities/8")).body);
    expect(shown.text).toContain("Quality assurance evidence");
    expect(shown.links.map((l) => l.href)).toContain(audit);
    expect(shown.texts("#priority-audits tbody tr")).toContainEqual(expect.stringMatching(new RegExp(`12 November 2025\\s*${caseId}\\s*Good`)));
    const [, good] = [...row(shown.document, "Q3 2025/26")].map((td) => td.textContent?.trim());
    expect(good).toMatch(/^\d+$/);
    expect(shown.texts("#priority-audit-actions .govuk-summary-list__row").join(" ")).toMatch(/Overdue\s*[1-9]/);
  });

  it("shows approvers the counts, but no case", async () => {
    const shown = page((await (await signedIn(testApp.app, "approver")).get("/priorities/8")).body);
    expect(shown.text).not.toContain(caseId);
    expect(shown.links.map((l) => l.href)).not.toContain(audit);
    const [, good] = [...row(shown.document, "Q3 2025/26")].map((td) => td.textContent?.trim());
    expect(good).toMatch(/^\d+$/);
  });

  it("shows viewers, and leads of other priorities, the counts with small ones suppressed, and no case", async () => {
    for (const username of ["viewer", "lead"]) {
      const shown = page((await (await signedIn(testApp.app, username)).get("/priorities/8")).body);
      expect(shown.text).toContain("Quality assurance evidence");
      expect(shown.text).not.toContain(caseId);
      expect(shown.document.querySelector("#priority-audits")).toBeNull();
      const cells = [...row(shown.document, "Q3 2025/26")].map((td) => td.textContent?.trim());
      expect(cells[1]).toBe("c");
      expect(shown.texts("#priority-audit-actions .govuk-summary-list__row").join(" ")).toMatch(/Overdue\s*c/);
    }
  });

  it("says so when nothing is linked", async () => {
    const text = page((await officer.get("/priorities/10")).body).text;
    expect(text).toContain("No case audits, practice weeks or actions are linked to this priority or its milestones yet.");
  });
});

describe("the progress update form's quality assurance findings", () => {
  const caseId = "c0ffee0123456789abcdef01";
  let form = "";
  let audit = "";

  beforeAll(async () => {
    const admin = await signedIn(testApp.app, "admin");
    const opened = await admin.post("/progress/periods", { planYear: "2025", kind: "quarter", quarter: "3", deadline: "2026-01-16" }, "/progress");
    if (opened.statusCode !== 303) throw new Error(`could not open Q3 2025/26: ${opened.statusCode}`);
    // The demo's priority lead leads priority 3: an audit of November 2025 and its action, both linked to it.
    audit = (await recordSampleAudit(testApp.app, { caseId })).audit;
    await linkSample(testApp.app, audit, "Priority 3 as a whole");
    await linkSample(testApp.app, await raiseSampleAction(testApp.app, audit, { description: "Action linked to priority 3 for its update" }), "Priority 3 as a whole");
    // And one of May 2025, outside the period.
    await linkSample(testApp.app, (await recordSampleAudit(testApp.app, { caseId: "0123abcd0123abcd0123abcd", auditDateMonth: "5", strengths: "Found in May." })).audit, "Priority 3 as a whole");
    form = `${String(opened.headers.location)}/priorities/3/edit`;
  });

  it("shows the priority's lead the period's counts, but no case and no finding", async () => {
    const shown = page((await (await signedIn(testApp.app, "lead")).get(form)).body);
    expect(shown.text).toContain("Quality assurance findings this period");
    const counts = shown.texts("#quality-findings-counts .govuk-summary-list__row");
    expect(counts[0]).toMatch(/^Case audits\s*1$/);
    expect(counts).toContainEqual(expect.stringMatching(/^Graded good\s*1 \(100%\)$/));
    expect(counts).toContainEqual(expect.stringMatching(/^Actions due in the period\s*1, of which 0 closed on time$/));
    expect(shown.text).not.toContain(caseId);
    expect(shown.text).not.toContain("The child's views are recorded in their own words.");
    expect(shown.document.querySelector("#quality-findings-audits")).toBeNull();
  });

  it("shows those who read audits the findings of the period's audits, and records the reading", async () => {
    const admin = await signedIn(testApp.app, "admin");
    const shown = page((await admin.get(form)).body);
    const findings = shown.texts("#quality-findings-audits > li");
    expect(findings).toEqual([expect.stringMatching(new RegExp(`^Case audit of ${caseId}, 12 November 2025, graded good\\s*Strengths\\s*The child's views are recorded in their own words.\\s*Areas to strengthen\\s*The plan's actions need dates.$`))]);
    expect(shown.text).not.toContain("Found in May.");
    expect(shown.texts("#quality-findings-actions li")).toEqual([expect.stringMatching(/^Action linked to priority 3 for its update: due 1 December 2025, overdue$/)]);
    const readings = await selectRows(testApp.db, sql`select username, purpose from access_events where record_type = 'case audit' and record_id = ${audit.split("/").at(-1) ?? ""} order by id`);
    expect(readings.at(-1)).toEqual({ username: "admin", purpose: "read the case audit's findings beside a progress update" });
  });
});
