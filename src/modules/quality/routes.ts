import { randomUUID } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { actionScopeLabels, actionScopes, actionState, actionStateLabels, closeRefusal } from "../../core/audit-actions.ts";
import { auditGradeLabels, auditGrades, countedGrade, moderationChange, parseQuarterKey, quarterKey, auditQuarter } from "../../core/audit-grades.ts";
import { complianceAnswerLabels, complianceAnswers, mostDomains, mostQuestions, serviceAreas, type TemplateContent } from "../../core/audit-templates.ts";
import type { Clock } from "../../core/clock.ts";
import { fieldChanges } from "../../core/field-changes.ts";
import { periodDates, periodLabel } from "../../core/reporting-periods.ts";
import { suppressSmallCount } from "../../core/suppression.ts";
import { londonDateOf } from "../../core/values-as-at.ts";
import type { Database } from "../../db/client.ts";
import { conflictPage } from "../../web/conflict.ts";
import { fieldErrors, formValues } from "../../web/forms.ts";
import { paramsOf, savedMessageOf } from "../../web/inputs.ts";
import { can, contextOf, listAccounts, recordAccess } from "../access/index.ts";
import { holdsChild } from "../casework/index.ts";
import {
  actionFields,
  addTemplate,
  attemptedTemplateFields,
  changeTemplate,
  closeAction,
  findAction,
  findAudit,
  findTemplate,
  findVersion,
  findVersionById,
  gradesOverview,
  listActions,
  listActionsOfAudit,
  listAudits,
  listReaudits,
  listTemplates,
  listVersions,
  moderateAudit,
  moderationFields,
  raiseAction,
  recordAudit,
  savedTemplateFields,
  StaleFormError,
  type ActionRow,
  type TemplateRow,
  type TemplateVersionRow,
} from "./service.ts";
import {
  actionFiltersSchema,
  auditFiltersSchema,
  checksSchema,
  closeActionFormSchema,
  editTemplateFormSchema,
  formProblems,
  idParams,
  moderationFormSchema,
  newTemplateFormSchema,
  readActionForm,
  readAuditForm,
  readTemplateForm,
  versionParams,
  wantsMoreBoxes,
} from "./schemas.ts";

const overview = { config: { policy: "plan:read" as const } };
const read = { config: { policy: "quality:read" as const } };
const record = { config: { policy: "quality:record" as const } };
/** An action's page and its closing: for those who read audits, and for the action's owner, whatever their role (checked on the action). */
const readerOrOwner = { config: { policy: "signed-in" as const } };

type FormValues = Record<string, unknown>;

const savedMessages = {
  "template-added": "The template has been added",
  "template-saved": "The template has been saved as a new version",
  "audit-recorded": "The audit has been recorded",
  "already-added": "This form had already been sent: nothing more was added",
  moderated: "The moderation has been saved",
  "action-raised": "The action has been raised",
  "action-closed": "The action has been closed",
};

const cannotClose = (reply: FastifyReply, refusal: string) => reply.code(403).render("error.njk", { pageTitle: "You cannot close this action", paragraphs: [`${refusal}.`] });

const scopeOptions = actionScopes.map((value) => ({ value, text: actionScopeLabels[value] }));

/** Refused: the page is for those who read audits and the action's owner. */
const notPermitted = (reply: FastifyReply) =>
  reply.code(403).render("error.njk", {
    pageTitle: "You do not have permission to see this page",
    paragraphs: ["This action is for those who read case audits and for the action's owner. Ask an administrator if you think you should see it."],
  });

const gradeOptions = auditGrades.map((value) => ({ value, text: auditGradeLabels[value] }));
const answerOptions = complianceAnswers.map((value) => ({ value, text: complianceAnswerLabels[value] }));

function actorOf(request: FastifyRequest) {
  if (!request.actor) throw new Error("quality pages need a signed-in actor");
  return request.actor;
}

/** A template's form values: its name, purpose and service areas, and a numbered box for each domain and question. */
function templateValues(content: TemplateContent, version?: number): FormValues {
  const values: FormValues = { name: content.name, description: content.description, serviceAreas: content.serviceAreas };
  content.domains.forEach((d, i) => {
    values[`domainName-${String(i + 1)}`] = d.name;
    values[`domainGuidance-${String(i + 1)}`] = d.guidance;
  });
  content.questions.forEach((q, i) => (values[`question-${String(i + 1)}`] = q));
  if (version !== undefined) values.version = version;
  return values;
}

/** How many numbered boxes the form shows: the highest filled, and `spare` more, within the most allowed. */
function boxes(values: FormValues, prefixes: string[], most: number, spare: number): number[] {
  let highest = 0;
  for (const [key, value] of Object.entries(values)) {
    const match = /^(\w+)-(\d{1,2})$/.exec(key);
    if (match && prefixes.includes(match[1] ?? "") && typeof value === "string" && value.trim() !== "") highest = Math.max(highest, Number(match[2]));
  }
  return Array.from({ length: Math.min(most, Math.max(highest + spare, spare)) }, (_, i) => i + 1);
}

const contentOf = (v: TemplateVersionRow): TemplateContent => ({ name: v.name, description: v.description, serviceAreas: v.serviceAreas, domains: v.domains, questions: v.questions });

/** The quality pages: audit templates, case audits and their moderation, and the grades by quarter. */
export function qualityRoutes(app: FastifyInstance, { db, clock }: { db: Database; clock: Clock }): void {
  const context = (request: FastifyRequest) => contextOf(actorOf(request), request.id);

  function templateFormView(template: TemplateRow | null, values: FormValues, extra: Record<string, unknown> = {}, spare = 2) {
    const ticked = [values.serviceAreas].flat().filter((v): v is string => typeof v === "string");
    return {
      pageTitle: template ? `Change ${template.current.name}` : "Add an audit template",
      section: "quality",
      template,
      values,
      ticked,
      serviceAreas,
      domainBoxes: boxes(values, ["domainName", "domainGuidance"], mostDomains, spare),
      questionBoxes: boxes(values, ["question"], mostQuestions, spare),
      action: template ? `/quality/templates/${String(template.id)}/edit` : "/quality/templates/new",
      ...extra,
    };
  }

  app.get("/quality", overview, async (request, reply) => {
    const suppress = !can(request.actor, "quality:record");
    const grades = await gradesOverview(db, suppress);
    return reply.render("quality/overview.njk", {
      pageTitle: "Quality of practice",
      section: "quality",
      suppress,
      grades,
      total: suppress ? suppressSmallCount(grades.audits) : grades.audits,
      gradeLabels: auditGradeLabels,
      canReadAudits: can(request.actor, "quality:read"),
      canRecord: can(request.actor, "quality:record"),
    });
  });

  app.get("/quality/templates", read, async (request, reply) =>
    reply.render("quality/templates.njk", { pageTitle: "Audit templates", section: "quality", templates: await listTemplates(db), canRecord: can(request.actor, "quality:record") }),
  );

  app.get("/quality/templates/new", record, async (_request, reply) => reply.render("quality/template-form.njk", templateFormView(null, { formToken: randomUUID() }, {}, 3)));

  app.post("/quality/templates/new", record, async (request, reply) => {
    const body = formValues(request);
    const token = newTemplateFormSchema.safeParse(body);
    const values = { ...body, formToken: token.success ? token.data.formToken : randomUUID() };
    if (wantsMoreBoxes(body)) return reply.render("quality/template-form.njk", templateFormView(null, values, {}, 4));
    const form = readTemplateForm(body);
    if (!token.success) return reply.code(400).render("quality/template-form.njk", templateFormView(null, values, { errors: fieldErrors({ formToken: "The form is missing its token: reload the page and try again" }) }));
    if (!form.ok) return reply.code(400).render("quality/template-form.njk", templateFormView(null, values, { errors: fieldErrors(form.problems) }));
    try {
      const added = await addTemplate(db, context(request), token.data.formToken, form.form);
      return reply.redirect(`/quality/templates/${String(added.record.id)}?saved=${added.repeated ? "already-added" : "template-added"}`, 303);
    } catch (error) {
      if (!(error instanceof StaleFormError)) throw error;
      return reply.code(409).render("quality/template-form.njk", templateFormView(null, { ...values, formToken: randomUUID() }, { errors: fieldErrors({ formToken: error.message }) }));
    }
  });

  const templateOf = async (request: FastifyRequest) => {
    const params = paramsOf(request, idParams);
    return params ? findTemplate(db, params.id) : undefined;
  };

  async function templatePage(request: FastifyRequest, reply: FastifyReply, template: TemplateRow, shown: TemplateVersionRow) {
    return reply.render("quality/template.njk", {
      pageTitle: shown.number === template.version ? shown.name : `${shown.name}, version ${String(shown.number)}`,
      section: "quality",
      template,
      shown,
      versions: await listVersions(db, template.id),
      canRecord: can(request.actor, "quality:record"),
      banner: savedMessageOf(request, savedMessages),
      answerLabels: complianceAnswerLabels,
    });
  }

  app.get("/quality/templates/:id", read, async (request, reply) => {
    const template = await templateOf(request);
    if (!template) return reply.callNotFound();
    return templatePage(request, reply, template, template.current);
  });

  app.get("/quality/templates/:id/versions/:number", read, async (request, reply) => {
    const params = paramsOf(request, versionParams);
    const template = params && (await findTemplate(db, params.id));
    const shown = params && template && (await findVersion(db, template.id, params.number));
    if (!template || !shown) return reply.callNotFound();
    return templatePage(request, reply, template, shown);
  });

  app.get("/quality/templates/:id/edit", record, async (request, reply) => {
    const template = await templateOf(request);
    if (!template) return reply.callNotFound();
    return reply.render("quality/template-form.njk", templateFormView(template, templateValues(contentOf(template.current), template.version)));
  });

  app.post("/quality/templates/:id/edit", record, async (request, reply) => {
    const template = await templateOf(request);
    if (!template) return reply.callNotFound();
    const body = formValues(request);
    if (wantsMoreBoxes(body)) return reply.render("quality/template-form.njk", templateFormView(template, body, {}, 4));
    const version = editTemplateFormSchema.safeParse(body);
    const form = readTemplateForm(body);
    if (!version.success) return reply.code(400).render("quality/template-form.njk", templateFormView(template, body, { errors: fieldErrors({ version: "The form is missing the record's version: reload the page" }) }));
    if (!form.ok) return reply.code(400).render("quality/template-form.njk", templateFormView(template, body, { errors: fieldErrors(form.problems) }));
    const result = await changeTemplate(db, context(request), template.id, version.data.version, form.form);
    if (result.ok) return reply.redirect(`/quality/templates/${String(template.id)}?saved=template-saved`, 303);
    if (result.problem.code === "not-found") throw result.problem;
    const current = result.problem.current;
    const view = templateFormView(current, { ...body, version: current.version });
    return conflictPage(reply, "quality/template-form.njk", view, savedTemplateFields(current), attemptedTemplateFields(form.form, version.data.version));
  });

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

  const today = () => londonDateOf(clock.now());

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
   * current version. A re-audit names the action it checks (`checks`), which the form keeps.
   */
  app.get("/quality/audits/new", record, async (request, reply) => {
    const chosen = idParams.safeParse({ id: (request.query as Record<string, unknown>).template });
    const checks = checksSchema.parse(request.query).checks;
    const checked = checks === undefined ? undefined : await findAction(db, checks);
    if (checks !== undefined && !checked) return reply.callNotFound();
    const template = chosen.success ? await findTemplate(db, chosen.data.id) : undefined;
    if (!template) return reply.render("quality/choose-template.njk", { pageTitle: "Record a case audit", section: "quality", templates: await listTemplates(db), checked: checked?.action });
    return reply.render("quality/audit-form.njk", auditFormView(template.current, { formToken: randomUUID(), templateVersion: template.current.id, checks: checked?.action.id ?? "" }, { checked: checked?.action }));
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
    if (!form.ok) return reply.code(400).render("quality/audit-form.njk", auditFormView(template, body, { checked, errors: fieldErrors(form.problems) }));
    try {
      const added = await recordAudit(db, context(request), actorOf(request), template, form.form, checked?.id ?? null);
      return reply.redirect(`/quality/audits/${String(added.record.id)}?saved=${added.repeated ? "already-added" : "audit-recorded"}`, 303);
    } catch (error) {
      if (!(error instanceof StaleFormError)) throw error;
      return reply.code(409).render("quality/audit-form.njk", auditFormView(template, { ...body, formToken: randomUUID() }, { checked, errors: fieldErrors({ formToken: error.message }) }));
    }
  });

  /** The accounts an action can be given to: every enabled one, by name. */
  async function owners() {
    return (await listAccounts(db)).filter((a) => !a.disabled).sort((a, b) => a.displayName.localeCompare(b.displayName) || a.id - b.id);
  }

  /** An action as lists show it: its state today, and who it is for, in words. */
  const presentAction = (action: ActionRow) => {
    const state = actionState(action, today());
    return { action, state, stateLabel: actionStateLabels[state], scopeLabel: actionScopeLabels[action.scope] };
  };

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
      actions: (await listActionsOfAudit(db, audit.id)).map(presentAction),
      checkedAction,
      canRecord,
      scopeOptions,
      ownerOptions: canRecord ? [{ value: "", text: "Choose the owner" }, ...(await owners()).map((a) => ({ value: String(a.id), text: a.displayName }))] : [],
      actionValues: { formToken: randomUUID() },
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
    const accounts = await owners();
    const form = readActionForm(body, accounts.map((a) => a.id), found.audit.auditDate);
    if (!form.ok) return auditPage(request, reply.code(400), params.id, { actionValues: body, errors: fieldErrors(form.problems) });
    const owner = accounts.find((a) => a.id === form.form.ownerId);
    if (!owner) throw new Error("the owner read from the form is not an account");
    try {
      const added = await raiseAction(db, context(request), actorOf(request), found.audit, owner, form.form);
      return reply.redirect(`/quality/audits/${String(params.id)}?saved=${added.repeated ? "already-added" : "action-raised"}#actions`, 303);
    } catch (error) {
      if (!(error instanceof StaleFormError)) throw error;
      return auditPage(request, reply.code(409), params.id, { actionValues: { ...body, formToken: randomUUID() }, errors: fieldErrors({ formToken: error.message }) });
    }
  });

  /** Every action, soonest due first, by state (open, overdue, closed) and owner. */
  app.get("/quality/actions", read, async (request, reply) => {
    const query = actionFiltersSchema.parse(request.query);
    const accounts = await owners();
    const ownerId = accounts.some((a) => a.id === query.owner) ? query.owner : undefined;
    const actions = await listActions(db, { status: query.status, ownerId, today: today() });
    return reply.render("quality/actions.njk", {
      pageTitle: "Actions from case audits",
      section: "quality",
      actions: actions.map(({ action, audit }) => ({ ...presentAction(action), audit })),
      filters: { status: query.status ?? "", owner: ownerId === undefined ? "" : String(ownerId) },
      statusOptions: [{ value: "", text: "Any status" }, ...(["open", "overdue", "closed"] as const).map((value) => ({ value, text: actionStateLabels[value] }))],
      ownerOptions: [{ value: "", text: "Anyone" }, ...accounts.map((a) => ({ value: String(a.id), text: a.displayName }))],
    });
  });

  async function actionPage(request: FastifyRequest, reply: FastifyReply, id: number, extra: Record<string, unknown> = {}) {
    const found = await findAction(db, id);
    if (!found) return reply.callNotFound();
    const actor = actorOf(request);
    const { action, audit } = found;
    const reaudits = await listReaudits(db, action.id);
    return reply.render("quality/action.njk", {
      pageTitle: `Action from the case audit of ${audit.caseId}`,
      section: "quality",
      ...presentAction(action),
      audit,
      canReadAudits: can(actor, "quality:read"),
      canClose: closeRefusal(action, { id: actor.id, mayRecord: can(actor, "quality:record") }) === null,
      canReaudit: can(actor, "quality:record"),
      reaudits: reaudits.map((r) => ({ ...r, counted: auditGradeLabels[countedGrade(r.audit)] })),
      banner: savedMessageOf(request, savedMessages),
      values: { evidence: "", version: action.version },
      ...extra,
    });
  }

  /** Whether this person may see the action: those who read audits, and its owner. */
  const maySee = (request: FastifyRequest, action: ActionRow) => can(request.actor, "quality:read") || action.ownerId === actorOf(request).id;

  app.get("/quality/actions/:id", readerOrOwner, async (request, reply) => {
    const params = paramsOf(request, idParams);
    const found = params && (await findAction(db, params.id));
    if (!params || !found) return reply.callNotFound();
    if (!maySee(request, found.action)) return notPermitted(reply);
    // An action names a child's case and may tell of it: each reading is recorded, as an audit's is.
    const actor = actorOf(request);
    await recordAccess(db, { ...contextOf(actor, request.id), userId: actor.id }, { recordType: "audit action", recordId: params.id, purpose: "read the action from a case audit" });
    return actionPage(request, reply, params.id);
  });

  app.post("/quality/actions/:id/close", readerOrOwner, async (request, reply) => {
    const params = paramsOf(request, idParams);
    const found = params && (await findAction(db, params.id));
    if (!params || !found) return reply.callNotFound();
    if (!maySee(request, found.action)) return notPermitted(reply);
    const actor = actorOf(request);
    // Refused before the form is read: whether the person may close it at all does not depend on what they sent.
    const refusal = closeRefusal({ ...found.action, status: "open" }, { id: actor.id, mayRecord: can(actor, "quality:record") });
    if (refusal) return cannotClose(reply, refusal);
    const body = formValues(request);
    const form = closeActionFormSchema.safeParse(body);
    if (!form.success) return actionPage(request, reply.code(400), params.id, { values: body, errors: fieldErrors(formProblems(form.error)) });
    const result = await closeAction(db, context(request), actor, can(actor, "quality:record"), params.id, form.data, clock.now());
    if (result.ok) return reply.redirect(`/quality/actions/${String(params.id)}?saved=action-closed`, 303);
    if ("refused" in result) return cannotClose(reply, result.refused);
    if (result.problem.code === "not-found") return reply.callNotFound();
    const current = result.problem.current.action;
    const attempted = { ...current, status: "closed" as const, evidence: form.data.evidence, closedByName: actor.displayName };
    return actionPage(request, reply.code(409), params.id, { values: { ...body, version: current.version }, conflict: fieldChanges(actionFields(current), actionFields(attempted)) });
  });
}
