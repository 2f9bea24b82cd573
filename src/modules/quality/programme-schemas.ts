import { z } from "zod";
import { dueDateProblem } from "../../core/audit-programmes.ts";
import { dateInput } from "../../web/forms.ts";
import { idParam, largestInteger, text, wholeNumber } from "../../web/inputs.ts";
import type { PlannedAuditForm, ProgrammeForm } from "./programmes.ts";
import { caseId, formProblems, formToken, type Problems, type Read } from "./schemas.ts";

/** The forms of audit programmes, read into what the service adds, with problems by field. */

const programmeFields = z.object({
  formToken,
  month: z.string({ error: "Select the month" }),
  focus: text("Focus", 500),
});

/** A programme as its form sent it: a month among those offered (`months`), and what the month's audits look at. */
export function readProgrammeForm(body: Record<string, unknown>, months: readonly string[]): Read<ProgrammeForm> {
  const fields = programmeFields.safeParse(body);
  const problems: Problems = fields.success ? {} : formProblems(fields.error);
  if (!problems.month && !months.includes(String(body.month))) problems.month = "Select the month from the list";
  if (!fields.success || Object.keys(problems).length > 0) return { ok: false, problems };
  return { ok: true, form: fields.data };
}

const plannedFields = z.object({
  formToken,
  caseId,
  serviceArea: text("Service area", 200, { required: "Select the service area" }),
  template: wholeNumber("Template", 1, largestInteger, "Select the template from the list"),
  auditor: wholeNumber("Auditor", 1, largestInteger, "Select the auditor from the list"),
});

const dueOn = dateInput("dueOn", "Due date");

/** The templates a planned audit may use, with the service areas each is used in. */
export type TemplateChoice = { id: number; serviceAreas: readonly string[] };

/**
 * A planned audit as its form sent it: a case, a template from `templates` used in the service area
 * chosen, an auditor from `auditorIds`, and a due date the programme's `month` allows.
 */
export function readPlannedAuditForm(body: Record<string, unknown>, month: string, templates: readonly TemplateChoice[], auditorIds: readonly number[]): Read<PlannedAuditForm> {
  const fields = plannedFields.safeParse(body);
  const problems: Problems = fields.success ? {} : formProblems(fields.error);
  const template = templates.find((t) => t.id === Number(body.template));
  if (!problems.template && !template) problems.template = "Select the template from the list";
  if (!problems.auditor && !auditorIds.includes(Number(body.auditor))) problems.auditor = "Select the auditor from the list";
  if (!problems.serviceArea && template && !template.serviceAreas.includes(String(body.serviceArea))) problems.serviceArea = "Select a service area that uses this template";
  const date = dueOn.safeParse(body);
  if (!date.success) Object.assign(problems, formProblems(date.error));
  else if (date.data === "") problems.dueOnDay = "Enter the date the audit is due";
  else {
    const problem = dueDateProblem(date.data, month);
    if (problem) problems.dueOnDay = problem;
  }
  if (!fields.success || !date.success || Object.keys(problems).length > 0) return { ok: false, problems };
  const { formToken: token, caseId: id, serviceArea, template: templateId, auditor } = fields.data;
  return { ok: true, form: { formToken: token, caseId: id, serviceArea, templateId, auditorId: auditor, dueOn: date.data } };
}

/** A planned audit named in an address: the audit form it fills in. */
export const plannedSchema = z.object({ planned: idParam.optional().catch(undefined) }).catch({});
export const plannedParams = z.object({ id: idParam, planned: idParam });
