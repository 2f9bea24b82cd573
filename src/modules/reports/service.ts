import { createHash } from "node:crypto";
import { formatDateTime } from "../../core/format.ts";
import { planYearStartDate } from "../../core/plan-years.ts";
import { londonDateOf } from "../../core/values-as-at.ts";
import type { Database } from "../../db/client.ts";
import { fieldChanges } from "../../core/field-changes.ts";
import { recordChange, type ChangeContext } from "../access/index.ts";
import { freezeFiguresShown, type FigureShown } from "../casework/index.ts";
import { scorecardAsAt } from "../measures/index.ts";
import { planAsAt, prioritiesOfYear, type PlanSummary } from "../plan/index.ts";
import { approvedProgress, describePeriod, findPeriod, periodsOf, type PeriodView } from "../progress/index.ts";
import { learningRecord } from "../quality/index.ts";
import { escalationBoardNames, riskScale, riskViews } from "../risks/index.ts";
import { learningReport } from "./learning-blocks.ts";
import { packRiskSection, riskManagementBlocks, riskManagementText } from "./risk-blocks.ts";
import { boardPack, cabinetReport, packFacts, scrutinyReport, yearReview, type PackFact, type ReportBasis } from "./builders.ts";
import type { ReportDocument } from "./document.ts";
import { writeDocx } from "./docx-writer.ts";
import { writeHtml } from "./html-writer.ts";
import { computedFiguresShown, listedMeasures } from "./measure-blocks.ts";
import { chartImages } from "./chart-images.ts";
import { prepareChartThreads } from "./chart-threads.ts";
import { writePdf } from "./pdf-writer.ts";
import * as repository from "./repository.ts";
import type { CoverSheet, IssueRow, IssueSummary, PaperRow, ReportRow, ReportSections } from "./repository.ts";
import type { ReportForm, ReportKind } from "./schemas.ts";
import { systemClock } from "../../core/clock.ts";
import { conflicted, notFound, succeeded, UserError, type Outcome } from "../../core/problems.ts";

/** A mistake in a reports action, in words the person can act on. */
export class ReportError extends UserError {
  constructor(message: string, field?: string) {
    super("invalid", message, { field });
    this.name = "ReportError";
  }
}

export const reportKindLabels: Record<ReportKind, string> = {
  scrutiny: "Progress report to Scrutiny",
  "year-review": "Year review",
  "board-pack": "Performance board pack",
  cabinet: "Cabinet report: agree the plan",
  learning: "Learning report",
};

export interface ReportView extends ReportRow {
  kindLabel: string;
  period: PeriodView | null;
  /** What the report covers, for lists: its reporting period, the latest figures, or the whole plan. */
  covers: string;
}

function viewOf(report: ReportRow, period: PeriodView | null): ReportView {
  const covers = report.kind === "learning" ? `${period?.label ?? "No quarter"}: ${areaOf(report.serviceArea)}` : (period?.label ?? (report.kind === "cabinet" ? "The whole plan" : "The latest figures"));
  return { ...report, kindLabel: reportKindLabels[report.kind], period, covers };
}

/** The service area a learning report covers, in words. */
const areaOf = (serviceArea: string | null) => serviceArea ?? "All service areas";

function defaultTitle(kind: ReportKind, plan: PlanSummary, period: PeriodView | null, serviceArea: string | null): string {
  if (kind === "learning" && period) return `Learning report: ${areaOf(serviceArea)} — ${period.label}`;
  if (kind === "scrutiny" && period) return `${plan.title}: progress in ${period.label}`;
  if (kind === "year-review" && period) return `${plan.title} ${plan.period}: review of ${period.yearLabel}`;
  if (kind === "cabinet") return `${plan.title}: the ${plan.serviceName} strategic plan for ${plan.period}`;
  return `${plan.serviceName} performance board pack`;
}

function defaultPurpose(kind: ReportKind, plan: PlanSummary, period: PeriodView | null): string {
  if (kind === "scrutiny" && period) return `To update members on progress in ${period.label} against the milestones set out in ${plan.title}, the ${plan.serviceName} plan for ${plan.period}.`;
  if (kind === "year-review" && period) return `To review progress over ${period.yearLabel} against the milestones of ${plan.title}, and to set out the milestones reset for the year ahead.`;
  if (kind === "learning" && period) return `To share with teams what the case audits of ${period.label} found: the grades and their trend, the main themes, and the actions raised and closed.`;
  if (kind === "cabinet") return `To ask Cabinet to agree ${plan.title}, the ${plan.serviceName} strategic plan for ${plan.period}: its priorities, the milestones for each year of the plan and the outcomes they are to bring about. The plan is appended to this report.`;
  return "To present the latest performance of the service's measures: the scorecard, the data exceptions and what has changed since the last pack.";
}

/** The meeting a report of each kind goes to, until an earlier report of the kind names it; a learning report goes to the service's teams. */
function defaultCommittee(kind: ReportKind, plan: PlanSummary): string {
  const committees: Record<ReportKind, string> = { scrutiny: "Scrutiny Panel", "year-review": "Scrutiny Panel", "board-pack": "Performance Board", cabinet: "Cabinet", learning: plan.serviceName };
  return committees[kind];
}

/** What a new report recommends when no earlier report of its kind has words to carry over. */
function defaultRecommendations(kind: ReportKind, plan: PlanSummary): string[] {
  if (kind !== "cabinet") return ["That the report is noted."];
  return ["That Cabinet:", `Agree ${plan.title}, the ${plan.serviceName} strategic plan for ${plan.period};`, "Agree the milestones for each year of the plan, as set out in the appendix."];
}

const blankSections: ReportSections = {
  purpose: "",
  recommendations: [],
  reasons: "",
  alternatives: [],
  corporatePlan: "",
  financial: "",
  financialRisks: "",
  carbon: "",
  otherImplications: "",
  introduction: "",
  yearPriorities: [],
  appendices: [],
  backgroundPapers: [],
  signOff: [],
  seniorLeader: "",
  directorAgreedOn: null,
  cabinetMemberApproval: "",
  cabinetMemberApprovedOn: null,
};

/**
 * Starts a report of the plan (null when none is loaded). The cover sheet's standing details
 * (committee, lead member, director, author) and the standing sections carry over from the last
 * report of the same kind; the rest starts fresh.
 */
export async function createReport(db: Database, context: ChangeContext, plan: PlanSummary | null, input: { kind: ReportKind; periodId: number | null; serviceArea?: string | null }): Promise<ReportRow> {
  if (!plan) throw new ReportError("Load a plan before writing reports");
  let period: PeriodView | null = null;
  if (input.periodId !== null) {
    const row = await findPeriod(db, input.periodId);
    if (!row || row.planId !== plan.id) throw new ReportError("Select one of the plan's reporting periods", "periodId");
    if (input.kind === "year-review" && row.kind !== "year-end") throw new ReportError("A year review reports on a year-end review: select one", "periodId");
    if (input.kind === "learning" && row.kind !== "quarter") throw new ReportError("A learning report covers a quarter: select one", "periodId");
    period = describePeriod(row);
  }
  const serviceArea = input.kind === "learning" ? (input.serviceArea ?? null) : null;
  const last = (await repository.listReports(db, plan.id)).find((r) => r.kind === input.kind);
  const cover: CoverSheet = {
    committee: last?.cover.committee ?? defaultCommittee(input.kind, plan),
    meetingDate: null,
    title: defaultTitle(input.kind, plan, period, serviceArea),
    leadMember: last?.cover.leadMember ?? "",
    leadDirector: last?.cover.leadDirector ?? "",
    author: last?.cover.author ?? "",
    contactEmail: last?.cover.contactEmail ?? "",
    reference: "",
    keyDecision: false,
    confidentiality: last?.cover.confidentiality ?? "Part I - Official",
  };
  const sections: ReportSections = {
    ...blankSections,
    purpose: defaultPurpose(input.kind, plan, period),
    recommendations: last?.sections.recommendations ?? defaultRecommendations(input.kind, plan),
    alternatives: last?.sections.alternatives ?? ["None."],
    corporatePlan: last?.sections.corporatePlan ?? "",
    otherImplications: last?.sections.otherImplications ?? "",
    signOff: last?.sections.signOff.map((s) => ({ role: s.role, reference: "" })) ?? [],
    seniorLeader: last?.sections.seniorLeader ?? "",
    // A Cabinet report's appendix is the plan itself, written from its data.
    appendices: input.kind === "cabinet" ? [{ reference: "A", title: `${plan.title} ${plan.period}`, exemptions: [] }] : [],
  };
  return db.transaction(async (tx) => {
    const report = await repository.insertReport(tx, { planId: plan.id, kind: input.kind, periodId: period?.id ?? null, serviceArea, cover, sections, createdBy: context.username });
    const area = input.kind === "learning" ? { serviceArea: areaOf(serviceArea) } : {};
    await recordChange(tx, context, { action: "create", recordType: "report", recordId: report.id, after: { kind: input.kind, period: period?.label ?? null, ...area, title: cover.title } });
    return report;
  });
}

/** The plan's reports in preparation, and the copies issued; none when no plan is loaded (`planId` null). */
export async function listReports(db: Database, planId: number | null) {
  if (planId === null) return { reports: [], issues: [] };
  const [reports, issues, periods] = await Promise.all([repository.listReports(db, planId), repository.listIssues(db), periodsOf(db, planId)]);
  const byId = new Map(periods.map((p) => [p.id, p]));
  return { reports: reports.map((r) => viewOf(r, r.periodId === null ? null : (byId.get(r.periodId) ?? null))), issues };
}

export async function findReport(db: Database, id: number): Promise<ReportView | null> {
  const report = await repository.findReport(db, id);
  if (!report) return null;
  const period = report.periodId === null ? undefined : await findPeriod(db, report.periodId);
  return viewOf(report, period ? describePeriod(period) : null);
}

export async function issuesOf(db: Database, reportId: number) {
  return repository.listIssues(db, reportId);
}

const paperLine = (row: PaperRow, withReference: boolean) =>
  [...(withReference ? [row.reference] : []), row.title, ...(row.exemptions.length > 0 ? [row.exemptions.join(", ")] : [])].join(" | ");

/** An ISO date as a date input's three boxes, `{prefix}Day`, `{prefix}Month` and `{prefix}Year`. */
function isoDateParts(prefix: string, date: string | null): Record<string, string> {
  const [year = "", month = "", day = ""] = (date ?? "").split("-");
  return { [`${prefix}Day`]: day ? String(Number(day)) : "", [`${prefix}Month`]: month ? String(Number(month)) : "", [`${prefix}Year`]: year };
}

/** A report's words as its form shows them: lists a line each, dates in three boxes. */
export function formValues(report: ReportRow): Record<string, unknown> {
  const { cover, sections } = report;
  return {
    ...cover,
    ...sections,
    keyDecision: cover.keyDecision ? "yes" : "no",
    ...isoDateParts("meeting", cover.meetingDate),
    recommendations: sections.recommendations.join("\n"),
    ...isoDateParts("directorAgreedOn", sections.directorAgreedOn),
    ...isoDateParts("cabinetMemberApprovedOn", sections.cabinetMemberApprovedOn),
    alternatives: sections.alternatives.join("\n"),
    yearPriorities: sections.yearPriorities.join("\n"),
    appendices: sections.appendices.map((r) => paperLine(r, true)).join("\n"),
    backgroundPapers: sections.backgroundPapers.map((r) => paperLine(r, false)).join("\n"),
    signOff: sections.signOff.map((r) => `${r.role} | ${r.reference}`).join("\n"),
    version: report.version,
  };
}

function wordsOf(form: ReportForm): { cover: CoverSheet; sections: ReportSections } {
  return {
    cover: {
      committee: form.committee,
      meetingDate: form.meetingDate || null,
      title: form.title,
      leadMember: form.leadMember,
      leadDirector: form.leadDirector,
      author: form.author,
      contactEmail: form.contactEmail,
      reference: form.reference,
      keyDecision: form.keyDecision === "yes",
      confidentiality: form.confidentiality,
    },
    sections: {
      purpose: form.purpose,
      recommendations: form.recommendations,
      reasons: form.reasons,
      alternatives: form.alternatives,
      corporatePlan: form.corporatePlan,
      financial: form.financial,
      financialRisks: form.financialRisks,
      carbon: form.carbon,
      otherImplications: form.otherImplications,
      introduction: form.introduction,
      yearPriorities: form.yearPriorities,
      appendices: form.appendices,
      backgroundPapers: form.backgroundPapers,
      signOff: form.signOff,
      seniorLeader: form.seniorLeader,
      directorAgreedOn: form.directorAgreedOn || null,
      cabinetMemberApproval: form.cabinetMemberApproval,
      cabinetMemberApprovedOn: form.cabinetMemberApprovedOn || null,
    },
  };
}

export type SaveResult = Outcome<ReportRow>;

/** Saves the cover sheet and sections at `now`, unless someone else saved the report since this person opened it. */
export async function saveReport(db: Database, context: ChangeContext, id: number, form: ReportForm, now: Date): Promise<SaveResult> {
  const { cover, sections } = wordsOf(form);
  return db.transaction(async (tx) => {
    const current = await repository.findReport(tx, id);
    if (!current) return notFound();
    const saved = current.version === form.version ? await repository.updateReportAt(tx, id, form.version, { cover, sections, updatedAt: now }) : undefined;
    if (!saved) return conflicted(current);
    await recordChange(tx, context, { action: "edit", recordType: "report", recordId: id, before: { ...current.cover, ...current.sections }, after: { ...cover, ...sections } });
    return succeeded(saved);
  });
}

/** What the other person saved against what this person tried to save, for the conflict page. */
export function reportConflict(theirs: ReportRow, mine: ReportForm) {
  const ours = wordsOf(mine);
  return fieldChanges({ ...theirs.cover, ...theirs.sections }, { ...ours.cover, ...ours.sections });
}

export interface Generated {
  document: ReportDocument;
  /** The figures behind a board pack, for the next pack's "what has changed". */
  facts: { measures?: PackFact[] };
  /** The months of computed measures its tables show, whose cases an issue keeps. */
  computed: FigureShown[];
}

/**
 * Builds a report from the data as it stands now: approved progress only, and the measures as at
 * the report's date: the last day of its reporting period, or for a board pack the day it is
 * written (`now`, in England). Values for later periods are left out. A Cabinet report sets out
 * the plan as it stands on the day of the meeting (today while that is to be confirmed), so a
 * report to agree the plan shows the milestones it was agreed with, not ones reset since. `plan` is
 * the plan loaded now, whose council the report is from (null when none is).
 */
export async function generate(db: Database, plan: PlanSummary | null, report: ReportRow, now = systemClock.now()): Promise<Generated> {
  if (!plan) throw new ReportError("Load a plan before writing reports");
  // Charts are drawn in threads of their own when the report is written as Word: they start while
  // the figures are gathered, rather than after.
  if (report.kind === "scrutiny" || report.kind === "board-pack") prepareChartThreads();
  const basis: ReportBasis = { council: plan.councilName, cover: report.cover, sections: report.sections, generatedAt: now.toISOString() };
  if (report.kind === "board-pack") {
    const asAt = londonDateOf(now);
    const card = await scorecardAsAt(db, asAt);
    const last = await repository.latestIssueOfKind(db, plan.id, "board-pack");
    const lastFacts = (last?.facts as { measures?: PackFact[] } | undefined)?.measures;
    const previous = last && lastFacts ? { issuedAt: formatDateTime(last.issuedAt), facts: lastFacts } : null;
    // The risks section covers the days since the last pack was issued (the whole register in the first).
    const risks = await riskViews(db, asAt);
    const riskBlocks = packRiskSection(risks, await riskScale(db), { from: last ? londonDateOf(last.issuedAt) : null, to: asAt }, await escalationBoardNames(db, risks));
    return { document: boardPack(basis, card, asAt, previous, riskBlocks), facts: { measures: packFacts(card.rows) }, computed: computedFiguresShown(listedMeasures(card.rows)) };
  }
  if (report.kind === "cabinet") {
    const agreed = await planAsAt(db, report.cover.meetingDate ?? londonDateOf(now));
    if (!agreed) throw new ReportError("Load a plan before writing reports");
    return { document: cabinetReport(basis, agreed), facts: {}, computed: [] };
  }
  const period = report.periodId === null ? undefined : await findPeriod(db, report.periodId);
  if (!period) throw new ReportError("The report's reporting period no longer exists");
  const { label } = describePeriod(period);
  if (report.kind === "learning") {
    const record = await learningRecord(db, { label, startsOn: period.startsOn, endsOn: period.endsOn }, report.serviceArea);
    return { document: learningReport(basis, record), facts: {}, computed: [] };
  }
  const progress = await approvedProgress(db, period);
  if (report.kind === "year-review") {
    const nextYear = period.planYear + 1;
    // Next year's milestones as they stand for its first day: nothing retired before then.
    const next = await prioritiesOfYear(db, plan.id, nextYear, planYearStartDate(nextYear));
    return { document: yearReview(basis, progress, next, nextYear), facts: {}, computed: [] };
  }
  const { rows } = await scorecardAsAt(db, period.endsOn);
  const quality = await learningRecord(db, { label, startsOn: period.startsOn, endsOn: period.endsOn }, null);
  // The risk management implication, from the risks linked to the plan's priorities as they stood at the period's end.
  const risks = await riskViews(db, period.endsOn);
  const riskText = riskManagementText(risks, new Map(progress.priorities.map((p) => [p.id, p.number])), period.endsOn, await escalationBoardNames(db, risks));
  const riskManagement = riskManagementBlocks(report.sections.otherImplications, riskText);
  return { document: scrutinyReport(basis, progress, rows, quality, riskManagement), facts: {}, computed: computedFiguresShown(listedMeasures(rows)) };
}

/** A report as a Word file, its charts drawn while the rest is written. */
export async function docxOf(document: ReportDocument): Promise<Buffer> {
  return writeDocx(document);
}

export { writeHtml };

/** A report printed to PDF by the given Chromium, from its HTML (written here unless given), with the council and title in each page's footer. */
export async function pdfOf(chromium: string, document: ReportDocument, html = writeHtml(document)): Promise<Buffer> {
  return writePdf(chromium, html, `${document.council}: ${document.title}`);
}

/** The file name a report downloads as: its title, plainly. */
export function fileName(title: string, extension: "docx" | "pdf" | "html"): string {
  const stem = title.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 80) || "report";
  return `${stem}.${extension}`;
}

export type IssueResult = { ok: true; issue: IssueRow } | { ok: false; already: IssueSummary };

/** The steps of issuing, in the words the page that waits on it shows. */
export const issueSteps = {
  gathering: "Gathering the figures",
  charts: "Drawing the charts",
  word: "Writing the Word file",
  pdf: "Printing the PDF",
  keeping: "Keeping the issued copy",
} as const;
export type IssueStep = keyof typeof issueSteps;

/** Told as each step of issuing starts: its words, how many steps are done, and of how many. */
export type IssueProgress = (step: string, done: number, total: number) => Promise<void>;

/** A step of issuing that failed, saying which, for the person waiting on it; nothing was issued. */
export class IssueFailed extends Error {
  constructor(readonly step: IssueStep, cause: unknown) {
    super(`${issueSteps[step]} failed, so the report was not issued: ${cause instanceof ReportError ? cause.message : step === "pdf" ? "Chromium could not print it. Try again, or ask your administrator to check Chromium (CHROMIUM_PATH)." : "try again, and if it happens again tell your administrator."}`, { cause });
    this.name = "IssueFailed";
  }
}

/**
 * Issues a report: builds it from the data as it stands, writes the Word, HTML and (where Chromium
 * is installed) PDF files, and keeps them with the document they were written from. Nothing later
 * changes an issued copy. `number` is the issue the person asked for (the next one when they
 * opened the page): when the report already has it (a second click, or a colleague at the same
 * moment), nothing is issued again and that issue is returned instead. A step that fails leaves
 * nothing issued and nothing audited.
 */
export async function issueReport(db: Database, context: ChangeContext, plan: PlanSummary | null, report: ReportRow, chromium: string | null, issuedByName: string, number?: number, progress: IssueProgress = async () => undefined, now = systemClock.now()): Promise<IssueResult> {
  // No page offers a number beyond the next one: such a number is issued as the next, leaving no gap.
  const next = await repository.nextIssueNumber(db, report.id);
  const asked = number !== undefined && number < next ? number : next;
  const earlier = await repository.findIssueByNumber(db, report.id, asked);
  if (earlier) return { ok: false, already: earlier };
  const steps: IssueStep[] = ["gathering", "charts", "word", ...(chromium ? (["pdf"] as const) : []), "keeping"];
  const step = async <T>(name: IssueStep, work: () => Promise<T>): Promise<T> => {
    await progress(issueSteps[name], steps.indexOf(name), steps.length);
    try {
      return await work();
    } catch (error) {
      throw new IssueFailed(name, error);
    }
  };
  const { document, facts, computed } = await step("gathering", () => generate(db, plan, report, now));
  const images = await step("charts", () => chartImages(document));
  const docx = await step("word", () => writeDocx(document, images));
  const html = writeHtml(document, { issue: asked });
  const pdf = chromium ? await step("pdf", () => pdfOf(chromium, document, html)) : null;
  const docxSha256 = createHash("sha256").update(docx).digest("hex");
  const issued = await step("keeping", () =>
    db.transaction(async (tx) => {
      const issue = await repository.insertIssue(tx, {
        reportId: report.id,
        number: asked,
        title: document.title,
        document,
        facts,
        docx,
        html,
        pdf,
        docxSha256,
        issuedById: context.userId,
        issuedByName,
      });
      if (!issue) return issue;
      // The cases behind the computed figures it shows are kept with it, so each figure can be explained later.
      const laCode = plan?.oldLaCode;
      const figureCases = laCode ? await freezeFiguresShown(tx, { id: issue.id, label: `${document.title}, issue ${String(issue.number)}` }, laCode, computed) : { kept: 0, alreadyKept: 0, notKept: computed.length };
      await recordChange(tx, context, { action: "issue", recordType: "report", recordId: report.id, after: { issue: issue.number, title: document.title, docxSha256, pdf: pdf !== null, figureCases } });
      return issue;
    }),
  );
  if (issued) return { ok: true, issue: issued };
  const already = await repository.findIssueByNumber(db, report.id, asked);
  if (!already) throw new Error(`issue ${String(asked)} of report ${String(report.id)} was refused but is not there`);
  return { ok: false, already };
}

/** The number the next issue of a report will take. */
export async function nextIssueNumber(db: Database, reportId: number): Promise<number> {
  return repository.nextIssueNumber(db, reportId);
}

export async function findIssue(db: Database, id: number): Promise<IssueRow | undefined> {
  return repository.findIssue(db, id);
}

/** Issued reports whose title or words match, for the search page. */
export async function searchIssuedReports(db: Database, query: string) {
  return (await repository.searchIssues(db, query)).map((issue) => ({ ...issue, href: `/reports/issued/${String(issue.id)}` }));
}
