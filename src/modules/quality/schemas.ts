import { z } from "zod";
import { actionScopes, type ActionScope } from "../../core/audit-actions.ts";
import { auditGradeLabels, auditGrades, type AuditGrade } from "../../core/audit-grades.ts";
import { complianceAnswers, mostDomains, mostQuestions, templateProblems, type ComplianceAnswer, type TemplateContent } from "../../core/audit-templates.ts";
import { dateInput, formProblems, formToken, type Problems, type Read } from "../../web/forms.ts";
import { idParam, recordVersion, text, wholeNumber, largestInteger } from "../../web/inputs.ts";

export { formProblems, formToken, type Problems, type Read } from "../../web/forms.ts";

export const idParams = z.object({ id: idParam });
export const versionParams = z.object({ id: idParam, number: idParam });

/** The slots of a numbered field the form sent (`domainName-3` is slot 3), in order; numbers beyond the form's are ignored. */
function slotsOf(body: Record<string, unknown>, prefixes: string[], most: number): number[] {
  const slots = new Set<number>();
  for (const key of Object.keys(body)) {
    for (const prefix of prefixes) {
      const match = new RegExp(`^${prefix}-(\\d{1,2})$`).exec(key);
      const n = match ? Number(match[1]) : 0;
      if (n >= 1 && n <= most + 10) slots.add(n);
    }
  }
  return [...slots].sort((a, b) => a - b);
}

const templateFields = z.object({
  name: text("Name", 200),
  description: text("What the template is for", 2000, { multiline: true }),
  serviceAreas: z
    .union([z.string(), z.array(z.string())], { error: "Select service areas from the list" })
    .default([])
    .transform((value) => [value].flat()),
});

const domainName = (slot: number) => text(`The name of domain ${String(slot)}`, 200);
const domainGuidance = (slot: number) => text(`The guidance for domain ${String(slot)}`, 2000, { multiline: true });
const question = (slot: number) => text(`Question ${String(slot)}`, 500);

/**
 * A template as its form sent it: the name, purpose and service areas, and the domains and
 * questions typed in their numbered boxes, empty boxes left out. Problems name the box they are in.
 */
export function readTemplateForm(body: Record<string, unknown>): Read<TemplateContent> {
  const problems: Problems = {};
  const fields = templateFields.safeParse(body);
  if (!fields.success) Object.assign(problems, formProblems(fields.error));
  const domains: { slot: number; name: string; guidance: string }[] = [];
  for (const slot of slotsOf(body, ["domainName", "domainGuidance"], mostDomains)) {
    const name = domainName(slot).safeParse(body[`domainName-${String(slot)}`]);
    const guidance = domainGuidance(slot).safeParse(body[`domainGuidance-${String(slot)}`]);
    if (!name.success) problems[`domainName-${String(slot)}`] ??= name.error.issues[0]?.message ?? "";
    if (!guidance.success) problems[`domainGuidance-${String(slot)}`] ??= guidance.error.issues[0]?.message ?? "";
    if (name.success && guidance.success && (name.data !== "" || guidance.data !== "")) domains.push({ slot, name: name.data, guidance: guidance.data });
  }
  const questions: { slot: number; text: string }[] = [];
  for (const slot of slotsOf(body, ["question"], mostQuestions)) {
    const typed = question(slot).safeParse(body[`question-${String(slot)}`]);
    if (!typed.success) problems[`question-${String(slot)}`] ??= typed.error.issues[0]?.message ?? "";
    else if (typed.data !== "") questions.push({ slot, text: typed.data });
  }
  if (!fields.success) return { ok: false, problems };
  const content: TemplateContent = {
    name: fields.data.name,
    description: fields.data.description,
    serviceAreas: fields.data.serviceAreas,
    domains: domains.map(({ name, guidance }) => ({ name, guidance })),
    questions: questions.map((q) => q.text),
  };
  // The rules number domains and questions as they are kept; the form's boxes may have gaps.
  for (const [field, message] of Object.entries(templateProblems(content))) {
    const match = /^(domainName|question)-(\d+)$/.exec(field);
    const index = match ? Number(match[2]) - 1 : -1;
    const slot = match?.[1] === "domainName" ? domains[index]?.slot : match?.[1] === "question" ? questions[index]?.slot : undefined;
    problems[match ? `${match[1] ?? ""}-${String(slot ?? 1)}` : field] ??= message;
  }
  return Object.keys(problems).length > 0 ? { ok: false, problems } : { ok: true, form: content };
}

export const newTemplateFormSchema = z.object({ formToken });
export const editTemplateFormSchema = z.object({ version: recordVersion(1) });

/** Whether the form asked for more boxes rather than to be saved. */
export const wantsMoreBoxes = (body: Record<string, unknown>) => body.more === "yes";

const gradeMessage = (label: string) => `Select ${label}: ${auditGrades.map((g) => auditGradeLabels[g]).join(", ")}`;
const grade = (label: string) => z.enum(auditGrades, { error: gradeMessage(label) });

export interface AuditForm {
  formToken: string;
  templateVersion: number;
  caseId: string;
  serviceArea: string;
  team: string;
  practitionerManager: string;
  auditDate: string;
  domainGrades: AuditGrade[];
  answers: ComplianceAnswer[];
  overallGrade: AuditGrade;
  strengths: string;
  areasToStrengthen: string;
  familyFeedback: string;
}

/** A case named by its pseudonymous id only, never by the child's name. */
export const caseId = text("Case id", 64, { required: "Enter the case's id" }).refine((value) => value === "" || /^[A-Za-z0-9-]+$/.test(value), {
  message: "Case id must be the case's pseudonymous id, in letters, digits and hyphens: never the child's name",
});

const auditFields = z.object({
  formToken,
  templateVersion: wholeNumber("Template", 1, largestInteger, "The form is missing its template: choose the template again"),
  caseId,
  serviceArea: text("Service area", 200, { required: "Select the service area" }),
  team: text("Team", 200, { required: "Enter the team" }),
  practitionerManager: text("Practitioner's manager", 200, { required: "Enter the practitioner's manager" }),
  overallGrade: grade("the overall grade"),
  strengths: text("Strengths", 10_000, { multiline: true, required: "Enter the strengths the audit found" }),
  areasToStrengthen: text("Areas to strengthen", 10_000, { multiline: true, required: "Enter the areas to strengthen" }),
  familyFeedback: text("The child's or family's feedback", 10_000, { multiline: true }),
});

const auditDate = dateInput("auditDate", "Date of the audit");

/**
 * A case audit as its form sent it, against the template version it was shown with: a grade for
 * each of its domains and an answer to each of its questions, a service area it is used in, and a
 * date no later than `today`.
 */
export function readAuditForm(body: Record<string, unknown>, template: { domains: { name: string }[]; questions: string[]; serviceAreas: string[] }, today: string): Read<AuditForm> {
  const problems: Problems = {};
  const fields = auditFields.safeParse(body);
  if (!fields.success) Object.assign(problems, formProblems(fields.error));
  const date = auditDate.safeParse(body);
  if (!date.success) Object.assign(problems, formProblems(date.error));
  else if (date.data === "") problems.auditDateDay = "Enter the date of the audit";
  else if (date.data > today) problems.auditDateDay = "Date of the audit must be today or earlier";
  const domainGrades = template.domains.map((domain, i) => {
    const parsed = grade(`a grade for ${domain.name}`).safeParse(body[`grade-${String(i + 1)}`]);
    if (!parsed.success) problems[`grade-${String(i + 1)}`] = parsed.error.issues[0]?.message ?? "";
    return parsed.data;
  });
  const answers = template.questions.map((_, i) => {
    const parsed = z.enum(complianceAnswers, { error: `Answer question ${String(i + 1)}: yes, no or not applicable` }).safeParse(body[`answer-${String(i + 1)}`]);
    if (!parsed.success) problems[`answer-${String(i + 1)}`] = parsed.error.issues[0]?.message ?? "";
    return parsed.data;
  });
  if (fields.success && fields.data.serviceArea !== "" && !template.serviceAreas.includes(fields.data.serviceArea)) problems.serviceArea = "Select a service area that uses this template";
  if (!fields.success || !date.success || Object.keys(problems).length > 0) return { ok: false, problems };
  return {
    ok: true,
    form: {
      ...fields.data,
      auditDate: date.data,
      domainGrades: domainGrades.filter((g): g is AuditGrade => g !== undefined),
      answers: answers.filter((a): a is ComplianceAnswer => a !== undefined),
    },
  };
}

export const moderationFormSchema = z.object({
  moderatedGrade: grade("the moderated grade"),
  reason: text("Reason", 5000, { multiline: true, required: "Enter the reason for agreeing or changing the grade" }),
  version: recordVersion(1),
});

/** The list's filters, as the address gives them; anything it cannot read is no filter. */
export const auditFiltersSchema = z
  .object({
    serviceArea: z.string().catch(""),
    quarter: z.string().catch(""),
  })
  .partial()
  .catch({});

export interface ActionFormRead {
  formToken: string;
  scope: ActionScope;
  description: string;
  ownerId: number;
  dueOn: string;
}

const actionFieldsSchema = z.object({
  formToken,
  scope: z.enum(actionScopes, { error: "Select who the action is for: the case, the team or the service" }),
  description: text("Action", 5000, { multiline: true, required: "Enter what is to be done" }),
  owner: wholeNumber("Owner", 1, largestInteger, "Select the action's owner from the list"),
});

const dueOn = dateInput("dueOn", "Due date");

/**
 * An action as the audit's or practice week's page's form sent it: who it is for, what is to be
 * done, its owner (one of `ownerIds`) and a due date no earlier than the audit's (or the week's
 * first day, named by `earliest`).
 */
export function readActionForm(body: Record<string, unknown>, ownerIds: number[], auditDate: string, earliest = "the date of the audit"): Read<ActionFormRead> {
  const problems: Problems = {};
  const fields = actionFieldsSchema.safeParse(body);
  if (!fields.success) Object.assign(problems, formProblems(fields.error));
  // An owner not among the accounts listed is as wrong as none, whatever else is.
  const owner = fields.success ? fields.data.owner : Number(body.owner);
  if (!problems.owner && !ownerIds.includes(owner)) problems.owner = "Select the action's owner from the list";
  const date = dueOn.safeParse(body);
  if (!date.success) Object.assign(problems, formProblems(date.error));
  else if (date.data === "") problems.dueOnDay = "Enter the date the action is due";
  else if (date.data < auditDate) problems.dueOnDay = `Due date must be on or after ${earliest}`;
  if (!fields.success || !date.success || Object.keys(problems).length > 0) return { ok: false, problems };
  return { ok: true, form: { formToken: fields.data.formToken, scope: fields.data.scope, description: fields.data.description, ownerId: fields.data.owner, dueOn: date.data } };
}

export const closeActionFormSchema = z.object({
  evidence: text("Evidence", 10_000, { multiline: true, required: "Enter the evidence: what was done, and where it is recorded" }),
  version: recordVersion(1),
});

/** The actions list's filters, as the address gives them; anything it cannot read is no filter. */
export const actionFiltersSchema = z
  .object({
    status: z.enum(["open", "overdue", "closed"]).optional().catch(undefined),
    owner: idParam.optional().catch(undefined),
  })
  .catch({});

/** The action a re-audit checks, as the address or the form names it. */
export const checksSchema = z.object({ checks: idParam.optional().catch(undefined) }).catch({});

/** Reads the problems of a schema for a form, first per field. */
