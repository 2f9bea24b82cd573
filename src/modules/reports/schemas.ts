import { z } from "zod";
import { isServiceArea } from "../../core/audit-templates.ts";
import { reportKinds, type ReportKind } from "../../core/report-kinds.ts";
import type { PaperRow } from "./repository.ts";
import { dateInput } from "../../web/forms.ts";
import { fileText as checkedText, isRealIsoDate, largestInteger, recordVersion, text, wholeNumber } from "../../web/inputs.ts";

export { reportKinds, type ReportKind };

/** Kinds written about no reporting period: a board pack is as at the day it is written, a Cabinet report sets out the whole plan. */
export const kindsWithoutPeriod: readonly ReportKind[] = ["board-pack", "cabinet"];

/** What the reports page's form sends for "all service areas" in a learning report. */
export const allServiceAreas = "all";

export const newReportFormSchema = z
  .object({
    kind: z.enum(reportKinds, { error: "Select the kind of report" }),
    periodId: z.unknown(),
    serviceArea: z.unknown().optional(),
  })
  .transform((form, ctx) => {
    if (kindsWithoutPeriod.includes(form.kind)) return { kind: form.kind, periodId: null, serviceArea: null };
    const message = form.kind === "year-review" ? "Select the year-end review the report is about" : form.kind === "learning" ? "Select the quarter the learning report is about" : "Select the reporting period the report is about";
    const periodId = wholeNumber("Reporting period", 1, largestInteger, message).safeParse(form.periodId);
    if (!periodId.success) {
      ctx.addIssue({ code: "custom", path: ["periodId"], message });
      return z.NEVER;
    }
    if (form.kind !== "learning") return { kind: form.kind, periodId: periodId.data, serviceArea: null };
    const area = form.serviceArea === undefined || form.serviceArea === "" || form.serviceArea === allServiceAreas ? null : form.serviceArea;
    if (area !== null && !isServiceArea(area)) {
      ctx.addIssue({ code: "custom", path: ["serviceArea"], message: "Select one of the service areas, or all service areas" });
      return z.NEVER;
    }
    return { kind: form.kind, periodId: periodId.data, serviceArea: area };
  });

const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);

const shortText = (label: string, max = 200) => text(label, max);
const longText = (label: string) => text(label, 10_000, { multiline: true });
const lineList = (label: string) => longText(label).transform(lines);

/**
 * Rows of the appendices and background papers tables, one a line: "A | Title of appendix | 3, 5",
 * the reference first for appendices, then the title, then any exemption paragraphs (1–7).
 */
function paperRows(label: string, withReference: boolean) {
  return longText(label).transform((text, ctx): PaperRow[] => {
    const rows: PaperRow[] = [];
    lines(text).forEach((line, index) => {
      const parts = line.split("|").map((p) => p.trim());
      const [reference = "", title = "", exemptions = ""] = withReference ? parts : ["", ...parts];
      const paragraphs = exemptions === "" ? [] : exemptions.split(/[\s,]+/).map(Number);
      if (title === "" || parts.length > (withReference ? 3 : 2)) {
        ctx.addIssue({ code: "custom", message: `${label}, line ${String(index + 1)}: write ${withReference ? "the reference, the title" : "the title"} and any exemption paragraphs, separated by "|"` });
        return;
      }
      if (paragraphs.some((n) => !Number.isInteger(n) || n < 1 || n > 7)) {
        ctx.addIssue({ code: "custom", message: `${label}, line ${String(index + 1)}: exemption paragraphs are numbers from 1 to 7` });
        return;
      }
      rows.push({ reference, title, exemptions: paragraphs });
    });
    return rows;
  });
}

/** Sign-off lines: "Finance | FIN/25/26/117". */
const signOffRows = longText("Sign off").transform((text, ctx) =>
  lines(text).flatMap((line, index) => {
    const [role = "", reference = "", extra] = line.split("|").map((p) => p.trim());
    if (role === "" || extra !== undefined) {
      ctx.addIssue({ code: "custom", message: `Sign off, line ${String(index + 1)}: write the service and its reference, separated by "|"` });
      return [];
    }
    return [{ role, reference }];
  }),
);

export const reportFormSchema = z
  .object({
    committee: text("Committee", 200, { required: "Enter the committee the report goes to" }),
    title: text("Title", 300, { required: "Enter the title of the report" }),
    leadMember: shortText("Lead member", 300),
    leadDirector: shortText("Lead strategic director", 300),
    author: shortText("Author"),
    contactEmail: text("Contact email", 254).refine((v) => v === "" || z.email().safeParse(v).success, "Contact email must be an email address, like name@council.gov.uk"),
    reference: shortText("Your reference"),
    keyDecision: z.enum(["yes", "no"], { error: "Select whether this is a key decision" }),
    confidentiality: text("Confidentiality", 200, { required: "Enter the confidentiality, like Part I - Official" }),
    purpose: longText("Purpose of report"),
    recommendations: lineList("Recommendations"),
    reasons: longText("Reasons"),
    alternatives: lineList("Alternative options"),
    corporatePlan: longText("Relevance to the Corporate Plan"),
    financial: longText("Financial implications"),
    financialRisks: longText("Financial risks"),
    carbon: longText("Carbon footprint implications"),
    otherImplications: longText("Other implications"),
    introduction: longText("Introduction"),
    yearPriorities: lineList("Priorities for the year"),
    appendices: paperRows("Appendices", true),
    backgroundPapers: paperRows("Background papers", false),
    signOff: signOffRows,
    seniorLeader: shortText("Originating senior leadership team member"),
    cabinetMemberApproval: shortText("Cabinet member approval", 500),
    version: recordVersion(),
  })
  .and(dateInput("meeting", "Date of meeting").transform((meetingDate) => ({ meetingDate })))
  .and(dateInput("directorAgreedOn", "Date the strategic director agreed the report").transform((directorAgreedOn) => ({ directorAgreedOn })))
  .and(dateInput("cabinetMemberApprovedOn", "Date of the cabinet member's approval").transform((cabinetMemberApprovedOn) => ({ cabinetMemberApprovedOn })));

export type ReportForm = z.infer<typeof reportFormSchema>;

const fileText = checkedText(10_000).default("");
const required = checkedText(10_000).min(1, "must not be empty");
const isoDate = z.string().refine(isRealIsoDate, "must be a real date written YYYY-MM-DD");
const paperRow = z.object({ reference: fileText, title: required, exemptions: z.array(z.number().int().min(1).max(7)).default([]) });

/** A file of reports in preparation (the demo's `reports.yaml`): the words saved with each report. */
export const reportsFileSchema = z.object({
  reports: z.array(
    z.object({
      kind: z.enum(reportKinds),
      /** The reporting period as Waymark labels it: "Q3 2024/25", "Q1 and Q2 2025/26", "Year-end review 2024/25"; none for a board pack or Cabinet report. */
      period: checkedText(100).optional(),
      source: required,
      cover: z.object({
        committee: required,
        meetingDate: isoDate.nullable().default(null),
        title: required,
        leadMember: fileText,
        leadDirector: fileText,
        author: fileText,
        contactEmail: fileText,
        reference: fileText,
        keyDecision: z.boolean().default(false),
        confidentiality: required,
      }),
      sections: z.object({
        purpose: fileText,
        recommendations: z.array(required).default([]),
        reasons: fileText,
        alternatives: z.array(required).default([]),
        corporatePlan: fileText,
        financial: fileText,
        financialRisks: fileText,
        carbon: fileText,
        otherImplications: fileText,
        introduction: fileText,
        yearPriorities: z.array(required).default([]),
        appendices: z.array(paperRow).default([]),
        backgroundPapers: z.array(paperRow).default([]),
        signOff: z.array(z.object({ role: required, reference: fileText })).default([]),
        seniorLeader: fileText,
        directorAgreedOn: isoDate.nullable().default(null),
        cabinetMemberApproval: fileText,
        cabinetMemberApprovedOn: isoDate.nullable().default(null),
      }),
    }),
  ),
});

export type ReportsFile = z.infer<typeof reportsFileSchema>;
