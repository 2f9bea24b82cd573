import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { formatDateTime } from "../../core/format.ts";
import type { Clock } from "../../core/clock.ts";
import type { Database } from "../../db/client.ts";
import type { JobQueue, JobStatus } from "../../db/queue.ts";
import { fieldErrors, formErrors, formValues } from "../../web/forms.ts";
import { idParam, paramsOf, wholeNumber } from "../../web/inputs.ts";
import { jobProgressOf, sendJobStatus } from "../../web/job-progress.ts";
import { can, contextOf } from "../access/index.ts";
import { figuresKeptWithIssue } from "../casework/index.ts";
import { periodsOf } from "../progress/index.ts";
import type { ReportDocument } from "./document.ts";
import { coverSheetGaps } from "./cover-sheet-gaps.ts";
import { issueJobName, type IssueJobData, type IssueJobOutput } from "./jobs.ts";
import { noPdf, pdfPrinter, pdfType, sendDownload, wordType } from "./downloads.ts";
import { closePdfBrowser } from "./pdf-writer.ts";
import { serviceAreas } from "../../core/audit-templates.ts";
import { allServiceAreas, newReportFormSchema, reportFormSchema, type ReportKind } from "./schemas.ts";
import * as reports from "./service.ts";

const read = { config: { policy: "reports:read" as const } };
const write = { config: { policy: "reports:write" as const } };
const issue = { config: { policy: "reports:issue" as const } };
const idParams = z.object({ id: idParam });
const jobParams = z.object({ id: idParam, job: z.uuid() });
/** The issue number the Issue button asks for: a second click, or a colleague's, finds it taken. */
const issueNumber = z.object({ issue: wholeNumber("Issue", 1, 100_000) });
/**
 * What the report's page is told by the address it is sent to: that it was just saved or issued,
 * or the issue number a second click found already taken.
 */
const flag = z.unknown().optional().transform(Boolean);
const reportPageQuery = z.object({ saved: flag, issued: flag, already: z.string().catch("") }).catch({ saved: false, issued: false, already: "" });

const kinds = [
  { value: "scrutiny", label: reports.reportKindLabels.scrutiny, hint: "Progress in a reporting period for each of the ten priorities, with the measures as an appendix" },
  { value: "year-review", label: reports.reportKindLabels["year-review"], hint: "The year's achievements, the year-end decision on each milestone, and next year's milestones" },
  { value: "board-pack", label: reports.reportKindLabels["board-pack"], hint: "The scorecard, the data exceptions with their charts and commentary, and what has changed since the last pack" },
  { value: "cabinet", label: reports.reportKindLabels.cabinet, hint: "Asks Cabinet to agree the plan, with the plan as its appendix: vision, values, what young people asked, and each priority's key elements, milestones for each year and outcomes" },
  { value: "learning", label: reports.reportKindLabels.learning, hint: "One page for teams on a quarter's case audits in a service area or all of them: grades by domain and overall with their trend, the main themes, and the actions raised and closed" },
] as const;

/** Whether this person may prepare (or issue) a report of this kind: quality assurance officers, learning reports only. */
const mayUse = (request: FastifyRequest, kind: ReportKind, action: "reports:write" | "reports:issue" = "reports:write") => can(request.actor, action, { reportKind: kind });

const refuseKind = (reply: FastifyReply, kind: ReportKind) =>
  reply.code(403).render("error.njk", {
    pageTitle: "You do not have permission to see this page",
    paragraphs: [`You cannot prepare or issue a report of this kind (${reports.reportKindLabels[kind].toLowerCase()}). Quality assurance officers prepare and issue learning reports.`],
  });

/** Issued copies are self-contained: no scripts, their own styles, charts inline. */
const issuedCopyPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

interface ReportOptions {
  /** Chromium for PDFs: a path, null for none, or undefined to look in the usual places. */
  chromium?: string | null;
  /** The queue issuing is sent to; its worker runs the report module's jobs (jobs.ts). */
  queue: Pick<JobQueue, "send" | "job">;
  /** The day a report is written on, for the figures of a board pack. */
  clock: Clock;
}

type IssueJob = JobStatus<IssueJobData, IssueJobOutput>;

/** Reports: preparing them, reading them as a page, Word or PDF, and issuing frozen copies. */
export function reportRoutes(app: FastifyInstance, { db, chromium: configured, queue, clock }: { db: Database } & ReportOptions): void {
  // The PDF printer's browser, kept between PDFs, closes with the app.
  app.addHook("onClose", closePdfBrowser);
  const chromium = pdfPrinter(configured);

  async function reportOf(request: FastifyRequest) {
    const params = paramsOf(request, idParams);
    return params ? reports.findReport(db, params.id) : null;
  }

  async function indexPage(reply: FastifyReply, extra: Record<string, unknown> = {}) {
    const plan = await reply.request.currentPlan();
    const [{ reports: list, issues }, periods] = await Promise.all([reports.listReports(db, plan?.id ?? null), plan ? periodsOf(db, plan.id) : []]);
    const request = reply.request;
    return reply.render("reports/reports.njk", {
      pageTitle: "Reports",
      plan,
      reports: list.filter((r) => mayUse(request, r.kind)),
      issues,
      periods,
      kinds: kinds.filter((k) => mayUse(request, k.value)),
      serviceAreas,
      allServiceAreas,
      values: {},
      ...extra,
    });
  }

  app.get("/reports", read, (_request, reply) => indexPage(reply));

  app.post("/reports", write, async (request, reply) => {
    const body = formValues(request);
    const form = newReportFormSchema.safeParse(body);
    if (!form.success) return indexPage(reply.code(400), { values: body, errors: formErrors(form.error) });
    if (!request.actor) throw new Error("starting a report needs a signed-in actor");
    if (!mayUse(request, form.data.kind)) return indexPage(reply.code(403), { values: body, errors: fieldErrors({ kind: `You cannot start a report of this kind: select ${reports.reportKindLabels.learning.toLowerCase()}` }) });
    try {
      const report = await reports.createReport(db, contextOf(request.actor, request.id), await request.currentPlan(), form.data);
      return reply.redirect(`/reports/${String(report.id)}`, 303);
    } catch (error) {
      if (!(error instanceof reports.ReportError)) throw error;
      const field = error.field ?? "kind";
      return indexPage(reply.code(400), { values: body, errors: fieldErrors({ [field]: error.message }) });
    }
  });

  app.get("/reports/:id", write, async (request, reply) => {
    const report = await reportOf(request);
    if (!report) return reply.callNotFound();
    if (!mayUse(request, report.kind)) return refuseKind(reply, report.kind);
    const query = reportPageQuery.parse(request.query);
    const saved = query.saved ? "The report has been saved" : query.issued ? "The report has been issued" : null;
    const issues = await reports.issuesOf(db, report.id);
    // A second click on Issue, or a colleague's at the same moment, finds the issue already kept.
    const already = issues.find((i) => String(i.number) === query.already);
    const notice = already ? `This report had just been issued as issue ${String(already.number)} by ${already.issuedByName}: it was not issued again.` : null;
    return reply.render("reports/report.njk", { pageTitle: report.cover.title, report, issues, nextIssue: await reports.nextIssueNumber(db, report.id), pdfAvailable: (await chromium) !== null, saved, notice });
  });

  app.get("/reports/:id/edit", write, async (request, reply) => {
    const report = await reportOf(request);
    if (!report) return reply.callNotFound();
    if (!mayUse(request, report.kind)) return refuseKind(reply, report.kind);
    return reply.render("reports/report-form.njk", { pageTitle: `Edit ${report.cover.title}`, report, values: reports.formValues(report) });
  });

  app.post("/reports/:id/edit", write, async (request, reply) => {
    const report = await reportOf(request);
    if (!report) return reply.callNotFound();
    if (!mayUse(request, report.kind)) return refuseKind(reply, report.kind);
    const body = formValues(request);
    const view = { pageTitle: `Edit ${report.cover.title}`, report, values: body };
    const form = reportFormSchema.safeParse(body);
    if (!form.success) return reply.code(400).render("reports/report-form.njk", { ...view, errors: formErrors(form.error) });
    if (!request.actor) throw new Error("editing needs a signed-in actor");
    const result = await reports.saveReport(db, contextOf(request.actor, request.id), report.id, form.data, clock.now());
    if (result.ok) return reply.redirect(`/reports/${String(report.id)}?saved=1`, 303);
    if (result.problem.code === "not-found") throw result.problem;
    const current = result.problem.current;
    return reply.code(409).render("reports/report-form.njk", { ...view, values: { ...body, version: current.version }, conflict: reports.reportConflict(current, form.data) });
  });

  app.get("/reports/:id/preview", write, async (request, reply) => {
    const report = await reportOf(request);
    if (!report) return reply.callNotFound();
    if (!mayUse(request, report.kind)) return refuseKind(reply, report.kind);
    const { document } = await reports.generate(db, await request.currentPlan(), report, clock.now());
    return reply.render("reports/report-preview.njk", {
      pageTitle: document.title,
      document,
      backHref: `/reports/${String(report.id)}`,
      backText: "Back to the report",
      notice: "A preview from the data as it stands now. It is not issued: issuing keeps a copy that never changes.",
    });
  });

  app.get("/reports/:id/report.docx", write, async (request, reply) => {
    const report = await reportOf(request);
    if (!report) return reply.callNotFound();
    if (!mayUse(request, report.kind)) return refuseKind(reply, report.kind);
    const { document } = await reports.generate(db, await request.currentPlan(), report, clock.now());
    return sendDownload(reply, await reports.docxOf(document), wordType, reports.fileName(document.title, "docx"));
  });

  app.get("/reports/:id/report.pdf", write, async (request, reply) => {
    const report = await reportOf(request);
    if (!report) return reply.callNotFound();
    if (!mayUse(request, report.kind)) return refuseKind(reply, report.kind);
    const browser = await chromium;
    if (!browser) return noPdf(reply);
    const { document } = await reports.generate(db, await request.currentPlan(), report, clock.now());
    const pdf = await reports.pdfOf(browser, document);
    return sendDownload(reply, pdf, pdfType, reports.fileName(document.title, "pdf"));
  });

  /**
   * Asks the approver to confirm, listing what the cover sheet still lacks. The issue number comes
   * from the report page they pressed Issue on, so a copy issued meanwhile is found, not repeated.
   */
  app.get("/reports/:id/issue", issue, async (request, reply) => {
    const report = await reportOf(request);
    if (!report) return reply.callNotFound();
    if (!mayUse(request, report.kind, "reports:issue")) return refuseKind(reply, report.kind);
    const next = await reports.nextIssueNumber(db, report.id);
    const asked = issueNumber.safeParse(request.query);
    if (asked.success && asked.data.issue < next) return reply.redirect(`/reports/${String(report.id)}?already=${String(asked.data.issue)}`, 303);
    return reply.render("reports/report-issue.njk", {
      pageTitle: `Issue ${report.cover.title}`,
      report,
      nextIssue: next,
      // A learning report has no committee cover sheet to complete.
      gaps: report.kind === "learning" ? [] : coverSheetGaps(report.cover, report.sections),
      pdfAvailable: (await chromium) !== null,
    });
  });

  /**
   * Sends the issue to the queue and leads at once to the page that waits on it. An issue number
   * already kept (a second click, or a colleague's) is shown as taken without sending anything.
   */
  app.post("/reports/:id/issue", issue, async (request, reply) => {
    const report = await reportOf(request);
    if (!report) return reply.callNotFound();
    if (!mayUse(request, report.kind, "reports:issue")) return refuseKind(reply, report.kind);
    if (!request.actor) throw new Error("issuing needs a signed-in actor");
    const asked = issueNumber.safeParse(request.body);
    const number = asked.success ? asked.data.issue : undefined;
    if (number !== undefined && number < (await reports.nextIssueNumber(db, report.id))) return reply.redirect(`/reports/${String(report.id)}?already=${String(number)}`, 303);
    const data: IssueJobData = { reportId: report.id, number, by: { ...contextOf(request.actor, request.id), displayName: request.actor.displayName } };
    const job = await queue.send(issueJobName, data);
    return reply.redirect(`/reports/${String(report.id)}/issuing/${job}`, 303);
  });

  /** The issue job of the report the address names; null for another report's job or none. */
  async function issueJobOf(request: FastifyRequest): Promise<{ reportId: number; job: IssueJob } | "refused" | null> {
    const report = await reportOf(request);
    if (report && !mayUse(request, report.kind, "reports:issue")) return "refused";
    const params = paramsOf(request, jobParams);
    if (!params) return null;
    const job = await queue.job<IssueJobData, IssueJobOutput>(issueJobName, params.job);
    return job && job.data.reportId === params.id ? { reportId: params.id, job } : null;
  }

  /** Where a finished issue leads: the report, saying it was issued, or that the number was already taken. */
  const finishedHref = (reportId: number, job: IssueJob) =>
    job.output ? `/reports/${String(reportId)}?${job.output.already ? `already=${String(job.output.number)}` : "issued=1"}` : null;

  const issueWords = { done: "Issued", failed: "Stopped: not issued" };

  app.get("/reports/:id/issuing/:job", issue, async (request, reply) => {
    const found = await issueJobOf(request);
    if (found === "refused") return reply.code(403).render("error.njk", { pageTitle: "You do not have permission to see this page", paragraphs: ["You cannot issue a report of this kind."] });
    if (!found) return reply.callNotFound();
    const href = finishedHref(found.reportId, found.job);
    if (href) return reply.redirect(href, 303);
    const report = await reports.findReport(db, found.reportId);
    if (!report) return reply.callNotFound();
    const progress = jobProgressOf(found.job, issueWords);
    const here = `/reports/${String(report.id)}/issuing/${found.job.id}`;
    return reply.render("reports/report-issuing.njk", {
      pageTitle: progress.error ? `${report.cover.title} was not issued` : `Issuing ${report.cover.title}`,
      report,
      progress,
      here,
      retryHref: `/reports/${String(report.id)}/issue`,
      errorSummary: progress.error,
    });
  });

  /** The same, as JSON, for the page's script to follow without reloading. */
  app.get("/reports/:id/issuing/:job/status", issue, async (request, reply) => {
    const found = await issueJobOf(request);
    if (found === "refused") return reply.code(403).send({ error: "forbidden" });
    if (!found) return reply.code(404).send({ error: "not found" });
    return sendJobStatus(reply, jobProgressOf(found.job, issueWords), finishedHref(found.reportId, found.job));
  });

  // Issued copies: served from what was kept at issue, never rebuilt.
  async function issueOf(request: FastifyRequest) {
    const params = paramsOf(request, idParams);
    return params ? reports.findIssue(db, params.id) : undefined;
  }

  app.get("/reports/issued/:id", read, async (request, reply) => {
    const issued = await issueOf(request);
    if (!issued) return reply.callNotFound();
    const document = issued.document as ReportDocument;
    return reply.render("reports/report-preview.njk", {
      pageTitle: `${issued.title}, issue ${String(issued.number)}`,
      document,
      backHref: "/reports",
      backText: "Back to reports",
      files: [
        { href: `/reports/issued/${String(issued.id)}/report.docx`, text: "Download the issued Word file" },
        { href: `/reports/issued/${String(issued.id)}/report.html`, text: "Open the issued web page on its own" },
        ...(issued.pdf ? [{ href: `/reports/issued/${String(issued.id)}/report.pdf`, text: "Download the issued PDF" }] : []),
      ],
      notice: `Issue ${String(issued.number)}, issued by ${issued.issuedByName} on ${formatDateTime(issued.issuedAt)}. This is the copy as issued: later changes to the data do not alter it. Word file SHA-256: ${issued.docxSha256}.`,
      // Child-level data: only those allowed it are told the cases are there, let alone led to them.
      keptFigures: can(request.actor, "casework:read") ? await figuresKeptWithIssue(db, issued.id) : [],
    });
  });

  app.get("/reports/issued/:id/report.html", read, async (request, reply) => {
    const issued = await issueOf(request);
    if (!issued) return reply.callNotFound();
    return reply.type("text/html; charset=utf-8").header("content-security-policy", issuedCopyPolicy).send(issued.html);
  });

  app.get("/reports/issued/:id/report.docx", read, async (request, reply) => {
    const issued = await issueOf(request);
    if (!issued) return reply.callNotFound();
    return sendDownload(reply, issued.docx, wordType, reports.fileName(`${issued.title} issue ${String(issued.number)}`, "docx"));
  });

  app.get("/reports/issued/:id/report.pdf", read, async (request, reply) => {
    const issued = await issueOf(request);
    if (!issued) return reply.callNotFound();
    if (!issued.pdf) return reply.code(404).render("error.njk", { pageTitle: "This issue has no PDF", paragraphs: ["No PDF printer was installed when this report was issued. Its Word file and web page are kept."] });
    return sendDownload(reply, issued.pdf, pdfType, reports.fileName(`${issued.title} issue ${String(issued.number)}`, "pdf"));
  });
}
