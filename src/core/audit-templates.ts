/**
 * What an audit template holds at one version: the domains an audit grades (each with guidance
 * for the auditor), optional compliance questions answered yes, no or not applicable, and the
 * service areas that use it. The rules here decide whether a version may be saved.
 */

/** The service areas of a children's services department that audits are recorded in. */
export const serviceAreas = [
  "Front door and early help",
  "Assessment",
  "Children in need and child protection",
  "Children in care",
  "Care leavers",
  "Children with disabilities",
  "Fostering and adoption",
  "Special educational needs and disabilities",
  "Youth justice",
] as const;
export type ServiceArea = (typeof serviceAreas)[number];

export function isServiceArea(value: unknown): value is ServiceArea {
  return typeof value === "string" && (serviceAreas as readonly string[]).includes(value);
}

export const complianceAnswers = ["yes", "no", "not-applicable"] as const;
export type ComplianceAnswer = (typeof complianceAnswers)[number];

export const complianceAnswerLabels: Record<ComplianceAnswer, string> = { yes: "Yes", no: "No", "not-applicable": "Not applicable" };

/** The most domains and compliance questions one template has: beyond these a template is two audits. */
export const mostDomains = 20;
export const mostQuestions = 30;

export interface AuditDomain {
  name: string;
  guidance: string;
}

export interface TemplateContent {
  name: string;
  description: string;
  serviceAreas: string[];
  domains: AuditDomain[];
  questions: string[];
}

/** A problem with a template as typed, by the form field it is about ("domainName-2", "serviceAreas"). */
export type TemplateProblems = Record<string, string>;

/**
 * The problems with a template version, by field: it needs a name, at least one domain, a service
 * area, and no domain or question given twice. Domains and questions are numbered from 1 as the
 * form shows them.
 */
export function templateProblems(content: TemplateContent): TemplateProblems {
  const problems: TemplateProblems = {};
  if (content.name.trim() === "") problems.name = "Enter the template's name";
  if (content.domains.length === 0) problems["domainName-1"] = "Enter at least one domain for audits to grade";
  if (content.domains.length > mostDomains) problems["domainName-1"] = `A template has at most ${String(mostDomains)} domains`;
  if (content.questions.length > mostQuestions) problems["question-1"] = `A template has at most ${String(mostQuestions)} compliance questions`;
  const seenDomains = new Set<string>();
  content.domains.forEach((domain, i) => {
    const field = `domainName-${String(i + 1)}`;
    const key = domain.name.trim().toLowerCase();
    if (key === "") problems[field] ??= `Enter the name of domain ${String(i + 1)}, or remove its guidance`;
    else if (seenDomains.has(key)) problems[field] ??= `Domain ${String(i + 1)}, ${domain.name}, is named twice: give each domain its own name`;
    seenDomains.add(key);
  });
  const seenQuestions = new Set<string>();
  content.questions.forEach((question, i) => {
    const key = question.trim().toLowerCase();
    if (seenQuestions.has(key)) problems[`question-${String(i + 1)}`] ??= `Question ${String(i + 1)} is asked twice: remove one`;
    seenQuestions.add(key);
  });
  if (content.serviceAreas.length === 0) problems.serviceAreas = "Select the service areas that use this template";
  const unknown = content.serviceAreas.find((area) => !isServiceArea(area));
  if (unknown !== undefined) problems.serviceAreas = "Select service areas from the list";
  return problems;
}

/** Whether two versions say the same: saving a template unchanged makes no new version. */
export function sameContent(a: TemplateContent, b: TemplateContent): boolean {
  const normal = (c: TemplateContent) => JSON.stringify([c.name, c.description, [...c.serviceAreas].sort(), c.domains, c.questions]);
  return normal(a) === normal(b);
}
