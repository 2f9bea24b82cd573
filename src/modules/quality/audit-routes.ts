import { randomUUID } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { auditGradeLabels, countedGrade, moderationChange, parseQuarterKey, quarterKey, auditQuarter } from "../../core/audit-grades.ts";
import { complianceAnswerLabels, serviceAreas } from "../../core/audit-templates.ts";
import type { Clock } from "../../core/clock.ts";
import { fieldChanges } from "../../core/field-changes.ts";
import { periodDates, periodLabel } from "../../core/reporting-periods.ts";
import { londonDateOf } from "../../core/values-as-at.ts";
import type { Database } from "../../db/client.ts";
import { fieldErrors, formValues } from "../../web/forms.ts";
import { paramsOf, savedMessageOf } from "../../web/inputs.ts";
import { can, contextOf, recordAccess } from "../access/index.ts";
import { holdsChild } from "../casework/index.ts";
import { findAction, findAudit, findTemplate, findVersionById, listActionsOfAudit, listAudits, listTemplates, moderateAudit, moderationFields, raiseAction, recordAudit, StaleFormError, type TemplateVersionRow } from "./service.ts";
import { auditFiltersSchema, checksSchema, formProblems, idParams, moderationFormSchema, readActionForm, readAuditForm } from "./schemas.ts";
import { findPlannedAudit, PlannedAuditGone } from "./programmes.ts";
import { plannedSchema } from "./programme-schemas.ts";
import { auditFeedbackView } from "./feedback-routes.ts";
import { linkSection, type RecordPage } from "./link-routes.ts";
import { read, record, type FormValues, savedMessages, scopeOptions, gradeOptions, answerOptions, actorOf, owners, presentAction } from "./route-context.ts";

/** The case audits' pages: the list, recording one, an audit with its moderation and the actions it raises. */
export function auditRoutes(app: FastifyInstance, { db, clock }: { db: Database; clock: Clock }): RecordPage {
  const context = (request: FastifyRequest) => contextOf(actorOf(request), request.id);
  const today = () => londonDateOf(clock.now());

  /** The filters of the audits list: a service area, and a quarter as "2025-Q3". */
  app.get("/quality/audits", read, async (request, reply) => {
    const query = auditFiltersSchema.parse(request.query);
    const serviceArea = serviceAreas.find((area) => area === query.serviceArea);
    const quarter = parseQuarterKey(query.quarter ?? "");
    const dates = quarter && periodDates({ planYear: quarter.planYear, kind: "quarter", quarter: quarter.quarter });
    const audits = await listAudits(db, { serviceArea, from: dates?.startsOn, to: dates?.endsOn });
    const everyQuarter = new Map<string, string>();
    for (const { audit } of await listAudits(db, {})) {
      const spec = auditQuarter(audit.auditDate);
      everyQuarter.set(quarterKey(spec), periodLabel({ planYear: spec.planYear, kind: "quarter", quarter: spec.quarter }));
    }
    if (quarter) everyQuarter.set(quarterKey(quarter), periodLabel({ planYear: quarter.planYear, kind: "quarter", quarter: quarter.quarter }));
    return reply.render("quality/audits.njk", {
      pageTitle: "Case audits",
      section: "quality",
      audits: audits.map(({ audit, template }) => ({ audit, template, counted: auditGradeLabels[countedGrade(audit)] })),
      filters: { serviceArea: serviceArea ?? "", quarter: quarter ? quarterKey(quarter) : "" },
      serviceAreaOptions: [{ value: "", text: "All service areas" }, ...serviceAreas.map((area) => ({ value: area, text: area }))],
      quarterOptions: [{ value: "", text: "All quarters" }, ...[...everyQuarter].sort(([a], [b]) => b.localeCompare(a)).map(([value, text]) => ({ value, text }))],
      canRecord: can(request.actor, "quality:record"),
    });
  });

  function auditFormView(template: TemplateVersionRow, values: FormValues, extra: Record<string, unknown> = {}) {
    return {
      pageTitle: `Record a case audit: ${template.name}`,
      section: "quality",
      template,
      values,
      gradeOptions,
      answerOptions,
      serviceAreaOptions: [{ value: "", text: "Choose a service area" }, ...template.serviceAreas.map((area) => ({ value: area, text: area }))],
      ...extra,
    };
  }

  /**
   * Without a template chosen, the templates to choose from; with one, the audit form from its
   * current version. A re-audit names the action it checks (`checks`); an audit of a month's
   * programme names the planned audit it completes (`planned`), whose case, service area and
   * template the form starts with. The form keeps both.
   */
  app.get("/quality/audits/new", record, async (request, reply) => {
    const checks = checksSchema.parse(request.query).checks;
    const checked = checks === undefined ? undefined : await findAction(db, checks);
    if (checks !== undefined && !checked) return reply.callNotFound();
    const plannedId = plannedSchema.parse(request.query).planned;
    const planned = plannedId === undefined ? undefined : await findPlannedAudit(db, plannedId);
    if (plannedId !== undefined && !planned) return reply.callNotFound();
    const chosen = idParams.safeParse({ id: planned ? String(planned.templateId) : (request.query as Record<string, unknown>).template });
    const template = chosen.success ? await findTemplate(db, chosen.data.id) : undefined;
    if (!template) return reply.render("quality/choose-template.njk", { pageTitle: "Record a case audit", section: "quality", templates: await listTemplates(db), checked: checked?.action });
    const values = { formToken: randomUUID(), templateVersion: template.current.id, checks: checked?.action.id ?? "", planned: planned?.id ?? "", caseId: planned?.caseId, serviceArea: planned?.serviceArea };
    return reply.render("quality/audit-form.njk", auditFormView(template.current, values, { checked: checked?.action, planned }));
  });

  app.post("/quality/audits/new", record, async (request, reply) => {
    const body = formValues(request);
    const chosen = idParams.safeParse({ id: body.templateVersion });
    const template = chosen.success ? await findVersionById(db, chosen.data.id) : undefined;
    if (!template) {
      return reply.code(400).render("quality/choose-template.njk", {
        pageTitle: "Record a case audit",
        section: "quality",
        templates: await listTemplates(db),
        errors: fieldErrors({ template: "The form's template is not known: choose the template again" }),
      });
    }
    const form = readAuditForm(body, template, today());
    const checks = checksSchema.parse(body).checks;
    const checked = checks === undefined ? undefined : (await findAction(db, checks))?.action;
    if (checks !== undefined && !checked) {
      return reply.code(400).render("quality/audit-form.njk", auditFormView(template, { ...body, checks: "" }, { errors: fieldErrors({ checks: "The action this audit was to check is not there: record the audit from the action's page again" }) }));
    }
    const plannedId = plannedSchema.parse(body).planned;
    const planned = plannedId === undefined ? undefined : await findPlannedAudit(db, plannedId);
    const problems = form.ok ? {} : { ...form.problems };
    if (plannedId !== undefined && !planned) problems.planned = "The planned audit this was to complete is not there: record it from the programme's page again";
    else if (planned && typeof body.caseId === "string" && body.caseId.trim() !== "" && body.caseId.trim() !== planned.caseId) {
      problems.caseId = `This audit was planned for case ${planned.caseId}: record it for that case, or record an audit outside the programme`;
    }
    if (!form.ok || Object.keys(problems).length > 0) return reply.code(400).render("quality/audit-form.njk", auditFormView(template, body, { checked, planned, errors: fieldErrors(problems) }));
    try {
      const added = await recordAudit(db, context(request), actorOf(request), template, form.form, { checksActionId: checked?.id ?? null, plannedAuditId: planned?.id ?? null });
      return reply.redirect(`/quality/audits/${String(added.record.id)}?saved=${added.repeated ? "already-added" : "audit-recorded"}`, 303);
    } catch (error) {
      if (error instanceof PlannedAuditGone) return reply.code(409).render("quality/audit-form.njk", auditFormView(template, { ...body, formToken: randomUUID() }, { checked, planned, errors: fieldErrors({ planned: error.message }) }));
      if (!(error instanceof StaleFormError)) throw error;
      return reply.code(409).render("quality/audit-form.njk", auditFormView(template, { ...body, formToken: randomUUID() }, { checked, planned, errors: fieldErrors({ formToken: error.message }) }));
    }
  });

  async function auditPage(request: FastifyRequest, reply: FastifyReply, id: number, extra: Record<string, unknown> = {}) {
    const found = await findAudit(db, id);
    if (!found) return reply.callNotFound();
    const { audit, template } = found;
    const actor = actorOf(request);
    const laCode = (await request.currentPlan())?.oldLaCode ?? "";
    // The child's record is linked only for those who may open it, and only when it is there.
    const childHref = can(actor, "casework:read") && laCode && (await holdsChild(db, laCode, audit.caseId.toLowerCase())) ? `/casework/children/${laCode}/${audit.caseId.toLowerCase()}` : null;
    const canModerate = can(actor, "quality:record") && audit.auditorId !== actor.id;
    const canRecord = can(actor, "quality:record");
    const checkedAction = audit.checksActionId === null ? undefined : (await findAction(db, audit.checksActionId))?.action;
    return reply.render("quality/audit.njk", {
      pageTitle: `Case audit of ${audit.caseId}`,
      section: "quality",
      audit,
      template,
      childHref,
      gradeLabels: auditGradeLabels,
      answerLabels: complianceAnswerLabels,
      counted: auditGradeLabels[countedGrade(audit)],
      change: audit.moderatedGrade ? moderationChange(audit.overallGrade, audit.moderatedGrade) : null,
      canModerate,
      ownAudit: can(actor, "quality:record") && audit.auditorId === actor.id,
      gradeOptions,
      banner: savedMessageOf(request, savedMessages),
      values: { moderatedGrade: audit.moderatedGrade ?? "", reason: audit.moderationReason ?? "", version: audit.version },
      actions: (await listActionsOfAudit(db, audit.id)).map((a) => presentAction(a, today())),
      checkedAction,
      canRecord,
      scopeOptions,
      ownerOptions: canRecord ? [{ value: "", text: "Choose the owner" }, ...(await owners(db)).map((a) => ({ value: String(a.id), text: a.displayName }))] : [],
      actionValues: { formToken: randomUUID() },
      ...(await auditFeedbackView(db, audit.id)),
      ...(await linkSection(db, request, { type: "audit", id: audit.id, date: audit.auditDate })),
      ...extra,
    });
  }

  app.get("/quality/audits/:id", read, async (request, reply) => {
    const params = paramsOf(request, idParams);
    if (!params) return reply.callNotFound();
    // An audit tells of one child's case and their family's words: each reading is recorded, as a child's record is.
    const found = await findAudit(db, params.id);
    if (!found) return reply.callNotFound();
    const actor = actorOf(request);
    await recordAccess(db, { ...contextOf(actor, request.id), userId: actor.id }, { recordType: "case audit", recordId: params.id, purpose: "read the case audit" });
    return auditPage(request, reply, params.id);
  });

  app.post("/quality/audits/:id/moderate", record, async (request, reply) => {
    const params = paramsOf(request, idParams);
    if (!params) return reply.callNotFound();
    const body = formValues(request);
    const form = moderationFormSchema.safeParse(body);
    if (!form.success) {
      return auditPage(request, reply.code(400), params.id, { values: body, errors: fieldErrors(formProblems(form.error)) });
    }
    const result = await moderateAudit(db, context(request), actorOf(request), params.id, form.data, clock.now());
    if (result.ok) return reply.redirect(`/quality/audits/${String(params.id)}?saved=moderated`, 303);
    if ("refused" in result) return auditPage(request, reply.code(400), params.id, { values: body, errors: fieldErrors({ moderatedGrade: result.refused }) });
    if (result.problem.code === "not-found") return reply.callNotFound();
    const current = result.problem.current.audit;
    const attempted = { ...current, moderatedGrade: form.data.moderatedGrade, moderationReason: form.data.reason, moderatorName: actorOf(request).displayName };
    return auditPage(request, reply.code(409), params.id, {
      values: { ...body, version: current.version },
      conflict: fieldChanges(moderationFields(current), moderationFields(attempted)),
    });
  });

  app.post("/quality/audits/:id/actions", record, async (request, reply) => {
    const params = paramsOf(request, idParams);
    const found = params && (await findAudit(db, params.id));
    if (!params || !found) return reply.callNotFound();
    const body = formValues(request);
    const accounts = await owners(db);
    const form = readActionForm(body, accounts.map((a) => a.id), found.audit.auditDate);
    if (!form.ok) return auditPage(request, reply.code(400), params.id, { actionValues: body, errors: fieldErrors(form.problems) });
    const owner = accounts.find((a) => a.id === form.form.ownerId);
    if (!owner) throw new Error("the owner read from the form is not an account");
    try {
      const added = await raiseAction(db, context(request), actorOf(request), { auditId: found.audit.id }, owner, form.form);
      return reply.redirect(`/quality/audits/${String(params.id)}?saved=${added.repeated ? "already-added" : "action-raised"}#actions`, 303);
    } catch (error) {
      if (!(error instanceof StaleFormError)) throw error;
      return auditPage(request, reply.code(409), params.id, { actionValues: { ...body, formToken: randomUUID() }, errors: fieldErrors({ formToken: error.message }) });
    }
  });
  return auditPage;
}
