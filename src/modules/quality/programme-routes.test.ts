import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { monthChoices, monthLabel, monthDates } from "../../core/audit-programmes.ts";
import { londonDateOf } from "../../core/values-as-at.ts";
import { selectRows } from "../../db/rows.ts";
import { useTestApp } from "../../../test/support/app.ts";
import { formValues } from "../../../test/support/forms.ts";
import { page } from "../../../test/support/html.ts";
import { auditFields, wholeCaseTemplate } from "../../../test/support/quality.ts";
import { signedIn, type Client } from "../../../test/support/session.ts";

const testApp = useTestApp({ data: "demo" });

const events = async (recordType: string) =>
  selectRows(testApp.db, sql`select action, record_id, username, before, after from audit_events where record_type = ${recordType} order by id`);

const errorSummary = (body: string) => [...page(body).document.querySelectorAll(".govuk-error-summary__list a")].map((a) => `${a.getAttribute("href") ?? ""} ${a.textContent ?? ""}`);

// The months offered run from a year back to three ahead: [3] is this month, [4] the one before.
const months = monthChoices(londonDateOf(new Date()));
const thisMonth = months[3] ?? "";
const lastMonth = months[4] ?? "";

let officer: Client;
let templateId = "";
beforeAll(async () => {
  officer = await signedIn(testApp.app, "quality");
  const { formToken } = await formValues(officer, "/quality/templates/new");
  const added = await officer.post("/quality/templates/new", { ...wholeCaseTemplate, formToken: String(formToken) });
  templateId = String(added.headers.location).split("?")[0]?.split("/").at(-1) ?? "";
});

async function addProgramme(month: string, focus = "") {
  const { formToken } = await formValues(officer, "/quality/programmes/new");
  return officer.post("/quality/programmes/new", { formToken: String(formToken), month, focus });
}

/** The demo's quality assurance officer's own account id, from the auditor list. */
async function auditorId(programme: string, name = "Quinn Quality") {
  const document = page((await officer.get(programme)).body).document;
  return [...document.querySelectorAll("select#auditor option")].find((o) => o.textContent === name)?.getAttribute("value") ?? "";
}

async function planAudit(programme: string, fields: Record<string, string>) {
  const { formToken } = await formValues(officer, programme, `${programme}/audits`);
  return officer.post(`${programme}/audits`, { formToken: String(formToken), ...fields }, programme);
}

const dueParts = (date: string) => ({ dueOnDay: String(Number(date.slice(8, 10))), dueOnMonth: String(Number(date.slice(5, 7))), dueOnYear: date.slice(0, 4) });

describe("audit programmes", () => {
  let programme = "";

  it("are added one a month, audited, and a second for the same month is refused naming the month", async () => {
    const added = await addProgramme(thisMonth, "Plans for children in need");
    expect(added.statusCode).toBe(303);
    programme = String(added.headers.location).split("?")[0] ?? "";
    const shown = page((await officer.get(String(added.headers.location))).body).text;
    expect(shown).toContain("The programme has been added");
    expect(shown).toContain(monthLabel(thisMonth));
    expect(shown).toContain("Plans for children in need");
    expect((await events("audit programme")).at(-1)).toMatchObject({ action: "create", username: "quality", after: { month: monthLabel(thisMonth) } });
    const again = await addProgramme(thisMonth);
    expect(again.statusCode).toBe(409);
    expect(errorSummary(again.body)).toEqual([`#month There is already a programme for ${monthLabel(thisMonth)}`]);
    expect(page(again.body).links.map((l) => l.href)).toContain(programme);
    const wrong = await addProgramme("2019-01");
    expect(wrong.statusCode).toBe(400);
    expect(errorSummary(wrong.body)).toEqual(["#month Select the month from the list"]);
    expect(page((await officer.get("/quality/programmes")).body).text).toContain(monthLabel(thisMonth));
  });

  it("plan audits, refusing a form with a message naming each field that is wrong", async () => {
    const empty = await planAudit(programme, { caseId: "", serviceArea: "", template: "", auditor: "", dueOnDay: "", dueOnMonth: "", dueOnYear: "" });
    expect(empty.statusCode).toBe(400);
    expect(errorSummary(empty.body)).toEqual([
      "#caseId Enter the case's id",
      "#serviceArea Select the service area",
      "#template Select the template from the list",
      "#auditor Select the auditor from the list",
      "#dueOnDay Enter the date the audit is due",
    ]);
    const auditor = await auditorId(programme);
    const late = await planAudit(programme, { caseId: "Jo Bloggs", serviceArea: "Youth justice", template: templateId, auditor, ...dueParts("2099-01-01") });
    expect(errorSummary(late.body)).toEqual([
      "#caseId Case id must be the case's pseudonymous id, in letters, digits and hyphens: never the child's name",
      "#serviceArea Select a service area that uses this template",
      `#dueOnDay Due date must be no later than the end of ${monthLabel(months[2] ?? "")}`,
    ]);
    expect(await events("planned audit")).toHaveLength(0);
    const planned = await planAudit(programme, { caseId: auditFields.caseId, serviceArea: "Children in care", template: templateId, auditor, ...dueParts(monthDates(thisMonth).endsOn) });
    expect(planned.statusCode).toBe(303);
    const shown = page((await officer.get(String(planned.headers.location))).body);
    expect(shown.text).toContain("The audit has been added to the programme");
    expect(shown.document.querySelector("#planned-audits")?.textContent).toContain(auditFields.caseId);
    expect(shown.document.querySelector("#planned-audits")?.textContent).toContain("Due");
    expect((await events("planned audit")).at(-1)).toMatchObject({ action: "create", after: { caseId: auditFields.caseId, auditor: "Quinn Quality", template: "Whole-case audit" } });
  });

  it("are completed by the audit recorded from a planned one, for its case only, and once", async () => {
    const shown = page((await officer.get(programme)).body);
    const record = shown.links.find((l) => l.href.startsWith("/quality/audits/new?planned="))?.href ?? "";
    const form = await formValues(officer, record);
    expect(form.caseId).toBe(auditFields.caseId);
    expect(page((await officer.get(record)).body).text).toContain("This audit completes one planned in the month's audit programme");
    const wrongCase = await officer.post("/quality/audits/new", { ...form, ...auditFields, caseId: "ffff0000", formToken: String(form.formToken) }, record);
    expect(wrongCase.statusCode).toBe(400);
    expect(errorSummary(wrongCase.body)).toEqual([`#caseId This audit was planned for case ${auditFields.caseId}: record it for that case, or record an audit outside the programme`]);
    const recorded = await officer.post("/quality/audits/new", { ...form, ...auditFields, formToken: String(form.formToken) }, record);
    expect(recorded.statusCode).toBe(303);
    const audit = String(recorded.headers.location).split("?")[0] ?? "";
    const after = page((await officer.get(programme)).body);
    expect(after.document.querySelector("#progress")?.textContent).toContain("1 (100%)");
    expect(after.links.map((l) => l.href)).toContain(audit);
    expect(after.document.querySelector("#planned-audits")?.textContent).toContain("Completed");
    expect((await events("case audit")).at(-1)).toMatchObject({ action: "create", after: { plannedAudit: expect.stringMatching(/^Planned audit \d+$/) } });
    const again = await formValues(officer, record);
    const second = await officer.post("/quality/audits/new", { ...again, ...auditFields, formToken: String(again.formToken) }, record);
    expect(second.statusCode).toBe(409);
    expect(errorSummary(second.body)).toEqual(["#planned This planned audit has already been recorded or taken out of the programme: record the audit without it, or choose another"]);
    // A recorded planned audit stays in its programme.
    const plannedId = record.split("=").at(-1) ?? "";
    const kept = await officer.post(`${programme}/audits/${plannedId}/remove`, {}, programme);
    expect(kept.statusCode).toBe(409);
  });

  it("show planned audits overdue after their due date, and take out one not yet recorded, audited", async () => {
    const added = await addProgramme(lastMonth);
    const earlier = String(added.headers.location).split("?")[0] ?? "";
    const auditor = await auditorId(earlier);
    await planAudit(earlier, { caseId: "00aa11bb", serviceArea: "Children in care", template: templateId, auditor, ...dueParts(monthDates(lastMonth).startsOn) });
    const shown = page((await officer.get(earlier)).body);
    expect(shown.document.querySelector("#planned-audits")?.textContent).toContain("Overdue");
    expect(page((await officer.get("/quality/programmes")).body).document.querySelector("#programmes")?.textContent).toMatch(new RegExp(`${monthLabel(lastMonth)}\\s*1\\s*0 \\(0%\\)\\s*1`));
    const remove = shown.document.querySelector("#planned-audits form")?.getAttribute("action") ?? "";
    const removed = await officer.post(remove, {}, earlier);
    expect(removed.statusCode).toBe(303);
    expect(page((await officer.get(earlier)).body).text).toContain("No audits have been planned for this month yet");
    expect((await events("planned audit")).at(-1)).toMatchObject({ action: "delete", before: { caseId: "00aa11bb" } });
  });

  it("are read by analysts, who cannot plan, and not by viewers", async () => {
    const analyst = await signedIn(testApp.app, "analyst");
    const list = await analyst.get("/quality/programmes");
    expect(list.statusCode).toBe(200);
    expect(page(list.body).text).not.toContain("Add a month's programme");
    const programmePage = page((await analyst.get(programme)).body);
    expect(programmePage.text).not.toContain("Plan an audit");
    expect(programmePage.text).not.toContain("Record this audit");
    expect((await analyst.get("/quality/programmes/new")).statusCode).toBe(403);
    const viewer = await signedIn(testApp.app, "viewer");
    expect((await viewer.get("/quality/programmes")).statusCode).toBe(403);
  });
});
