import type { FastifyInstance } from "fastify";
import { monthChoices, monthDates } from "../../src/core/audit-programmes.ts";
import { londonDateOf } from "../../src/core/values-as-at.ts";
import { formValues } from "./forms.ts";
import { page } from "./html.ts";
import { signedIn } from "./session.ts";

/** A whole-case audit template's fields, as its form sends them. */
export const wholeCaseTemplate = {
  name: "Whole-case audit",
  description: "Every case in the sample, against the practice standards.",
  serviceAreas: ["Children in care", "Children in need and child protection"],
  "domainName-1": "Voice of the child",
  "domainGuidance-1": "Is the child seen, and are their wishes recorded in their words?",
  "domainName-2": "Planning",
  "domainGuidance-2": "",
  "question-1": "Was the child seen alone?",
};

/** An audit's fields besides its template's, as its form sends them. */
export const auditFields = {
  caseId: "a1b2c3d4e5f6a7b8c9d0e1f2",
  serviceArea: "Children in care",
  team: "Children in care team 2",
  practitionerManager: "Pat Manager",
  auditDateDay: "12",
  auditDateMonth: "11",
  auditDateYear: "2025",
  "grade-1": "good",
  "grade-2": "requires-improvement",
  "answer-1": "yes",
  overallGrade: "good",
  strengths: "The child's views are recorded in their own words.",
  areasToStrengthen: "The plan's actions need dates.",
  familyFeedback: "Mum said the social worker listens.",
};

/**
 * A template added and an audit recorded with it, through their forms, by the demo's quality
 * assurance officer; the addresses of the template and the audit.
 */
export async function recordSampleAudit(app: FastifyInstance, fields: Record<string, string> = {}): Promise<{ template: string; audit: string }> {
  const officer = await signedIn(app, "quality");
  const { formToken } = await formValues(officer, "/quality/templates/new");
  const added = await officer.post("/quality/templates/new", { ...wholeCaseTemplate, formToken: String(formToken) });
  const template = String(added.headers.location ?? "").split("?")[0] ?? "";
  if (added.statusCode !== 303) throw new Error(`could not add a template: ${added.statusCode}`);
  const id = template.split("/").at(-1) ?? "";
  const form = await formValues(officer, `/quality/audits/new?template=${id}`);
  const recorded = await officer.post("/quality/audits/new", { ...auditFields, ...fields, formToken: String(form.formToken), templateVersion: String(form.templateVersion) }, `/quality/audits/new?template=${id}`);
  if (recorded.statusCode !== 303) throw new Error(`could not record an audit: ${recorded.statusCode}`);
  return { template, audit: String(recorded.headers.location ?? "").split("?")[0] ?? "" };
}

/** An action's fields besides its owner, as the audit page's form sends them: due before today, so overdue. */
export const actionFields = {
  scope: "team",
  description: "Team manager to check that every plan in the team has dated actions.",
  dueOnDay: "1",
  dueOnMonth: "12",
  dueOnYear: "2025",
};

/**
 * An action raised from a case audit's page by the demo's quality assurance officer, owned by the
 * account shown as `ownerName` in the form's list; the action's address.
 */
export async function raiseSampleAction(app: FastifyInstance, audit: string, fields: Record<string, string> = {}, ownerName = "Lee Lead"): Promise<string> {
  const officer = await signedIn(app, "quality");
  const document = page((await officer.get(audit)).body).document;
  const owner = [...document.querySelectorAll("select#owner option")].find((o) => o.textContent === ownerName)?.getAttribute("value");
  if (!owner) throw new Error(`no account named ${ownerName} to own an action`);
  const form = await formValues(officer, audit, `${audit}/actions`);
  const raised = await officer.post(`${audit}/actions`, { ...form, ...actionFields, owner, ...fields }, audit);
  if (raised.statusCode !== 303) throw new Error(`could not raise an action: ${raised.statusCode}`);
  const actions = page((await officer.get(audit)).body).links.filter((l) => /^\/quality\/actions\/\d+$/.test(l.href));
  const last = actions.at(-1);
  if (!last) throw new Error("the raised action is not listed on its audit's page");
  return last.href;
}

/**
 * This month's audit programme, with one audit of the sample case planned in it by the demo's
 * quality assurance officer, using the template at `template`; the programme's address.
 */
export async function planSampleAudit(app: FastifyInstance, template: string): Promise<string> {
  const officer = await signedIn(app, "quality");
  const month = monthChoices(londonDateOf(new Date()))[3] ?? "";
  const { formToken } = await formValues(officer, "/quality/programmes/new");
  const added = await officer.post("/quality/programmes/new", { formToken: String(formToken), month, focus: "" });
  if (added.statusCode !== 303) throw new Error(`could not add a programme: ${added.statusCode}`);
  const programme = String(added.headers.location ?? "").split("?")[0] ?? "";
  const document = page((await officer.get(programme)).body).document;
  const auditor = [...document.querySelectorAll("select#auditor option")].find((o) => o.textContent === "Quinn Quality")?.getAttribute("value") ?? "";
  const form = await formValues(officer, programme, `${programme}/audits`);
  const endsOn = monthDates(month).endsOn;
  const dueOn = { dueOnDay: endsOn.slice(8, 10), dueOnMonth: endsOn.slice(5, 7), dueOnYear: endsOn.slice(0, 4) };
  const fields = { ...form, caseId: auditFields.caseId, serviceArea: auditFields.serviceArea, template: template.split("/").at(-1) ?? "", auditor, ...dueOn };
  const planned = await officer.post(`${programme}/audits`, fields, programme);
  if (planned.statusCode !== 303) throw new Error(`could not plan an audit: ${planned.statusCode}`);
  return programme;
}

/** A practice week's fields, as its form sends them: held in January 2025, with findings. */
export const weekFields = {
  theme: "Front Door",
  serviceArea: "Front door and early help",
  startsOnDay: "20",
  startsOnMonth: "1",
  startsOnYear: "2025",
  endsOnDay: "24",
  endsOnMonth: "1",
  endsOnYear: "2025",
  description: "A week of quality assurance in the Front Door.",
  "activity-case-audits": "yes",
  "held-case-audits": "12",
  "note-case-audits": "",
  "activity-focus-groups": "yes",
  "held-focus-groups": "",
  "note-focus-groups": "With partners",
  strengths: "Timely responses\nChild centred practice",
  areasForImprovement: "Consent recorded every time",
  learning: "Managers will dip sample consent monthly.",
};

/** A practice week recorded through its form by the demo's quality assurance officer; the week's address. */
export async function recordSampleWeek(app: FastifyInstance, fields: Record<string, string> = {}): Promise<string> {
  const officer = await signedIn(app, "quality");
  const { formToken } = await formValues(officer, "/quality/practice-weeks/new");
  const recorded = await officer.post("/quality/practice-weeks/new", { ...weekFields, ...fields, formToken: String(formToken) }, "/quality/practice-weeks/new");
  if (recorded.statusCode !== 303) throw new Error(`could not record a practice week: ${recorded.statusCode}`);
  return String(recorded.headers.location ?? "").split("?")[0] ?? "";
}

/** An action raised from a practice week's page by the demo's quality assurance officer, owned by the priority lead; the action's address. */
export async function raiseSampleWeekAction(app: FastifyInstance, week: string): Promise<string> {
  const officer = await signedIn(app, "quality");
  const document = page((await officer.get(week)).body).document;
  const owner = [...document.querySelectorAll("select#owner option")].find((o) => o.textContent === "Lee Lead")?.getAttribute("value");
  if (!owner) throw new Error("no account named Lee Lead to own an action");
  const form = await formValues(officer, week, `${week}/actions`);
  const raised = await officer.post(`${week}/actions`, { ...form, ...actionFields, owner }, week);
  if (raised.statusCode !== 303) throw new Error(`could not raise an action: ${raised.statusCode}`);
  const last = page((await officer.get(week)).body).links.filter((l) => /^\/quality\/actions\/\d+$/.test(l.href)).at(-1);
  if (!last) throw new Error("the raised action is not listed on its week's page");
  return last.href;
}
