import { randomUUID } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { auditGradeLabels, countedGrade } from "../../core/audit-grades.ts";
import { monthChoices, monthLabel, plannedAuditState, plannedAuditStateLabels, programmeProgress } from "../../core/audit-programmes.ts";
import { serviceAreas } from "../../core/audit-templates.ts";
import type { Clock } from "../../core/clock.ts";
import { londonDateOf } from "../../core/values-as-at.ts";
import type { Database } from "../../db/client.ts";
import { fieldErrors, formValues } from "../../web/forms.ts";
import { paramsOf, savedMessageOf } from "../../web/inputs.ts";
import { can, contextOf } from "../access/index.ts";
import { readPlannedAuditForm, readProgrammeForm, plannedParams } from "./programme-schemas.ts";
import { addPlannedAudit, addProgramme, findPlannedAudit, findProgramme, listPlannedAudits, listProgrammes, ProgrammeExists, removePlannedAudit, type ProgrammeRow } from "./programmes.ts";
import { actorOf, owners, read, record, type FormValues } from "./route-context.ts";
import { StaleFormError, listTemplates } from "./service.ts";
import { idParams } from "./schemas.ts";

const savedMessages = {
  "programme-added": "The programme has been added",
  "planned-added": "The audit has been added to the programme",
  "planned-removed": "The audit has been taken out of the programme",
  "already-added": "This form had already been sent: nothing more was added",
};

/** The audit programmes' pages: each month's planned audits, who does them, by when, and how far the month has got. */
export function programmeRoutes(app: FastifyInstance, { db, clock }: { db: Database; clock: Clock }): void {
  const context = (request: FastifyRequest) => contextOf(actorOf(request), request.id);
  const today = () => londonDateOf(clock.now());

  app.get("/quality/programmes", read, async (request, reply) =>
    reply.render("quality/programmes.njk", { pageTitle: "Audit programmes", section: "quality", programmes: await listProgrammes(db, today()), canRecord: can(request.actor, "quality:record") }),
  );

  const monthOptions = () => [{ value: "", text: "Choose the month" }, ...monthChoices(today()).map((value) => ({ value, text: monthLabel(value) }))];
  const programmeForm = (values: FormValues, extra: Record<string, unknown> = {}) => ({ pageTitle: "Add a month's audit programme", section: "quality", values, monthOptions: monthOptions(), ...extra });

  app.get("/quality/programmes/new", record, async (_request, reply) => reply.render("quality/programme-form.njk", programmeForm({ formToken: randomUUID() })));

  app.post("/quality/programmes/new", record, async (request, reply) => {
    const body = formValues(request);
    const form = readProgrammeForm(body, monthChoices(today()));
    if (!form.ok) return reply.code(400).render("quality/programme-form.njk", programmeForm(body, { errors: fieldErrors(form.problems) }));
    try {
      const added = await addProgramme(db, context(request), form.form);
      return reply.redirect(`/quality/programmes/${String(added.record.id)}?saved=${added.repeated ? "already-added" : "programme-added"}`, 303);
    } catch (error) {
      if (error instanceof ProgrammeExists) return reply.code(409).render("quality/programme-form.njk", programmeForm(body, { errors: fieldErrors({ month: error.message }), existing: error.programme }));
      if (!(error instanceof StaleFormError)) throw error;
      return reply.code(409).render("quality/programme-form.njk", programmeForm({ ...body, formToken: randomUUID() }, { errors: fieldErrors({ formToken: error.message }) }));
    }
  });

  /** The templates and auditors a planned audit can be given. */
  async function choices() {
    const templates = await listTemplates(db);
    const auditors = await owners(db);
    return { templates, auditors };
  }

  async function programmePage(request: FastifyRequest, reply: FastifyReply, programme: ProgrammeRow, extra: Record<string, unknown> = {}) {
    const planned = await listPlannedAudits(db, programme.id);
    const canRecord = can(request.actor, "quality:record");
    const { templates, auditors } = canRecord ? await choices() : { templates: [], auditors: [] };
    return reply.render("quality/programme.njk", {
      pageTitle: `Audit programme for ${monthLabel(programme.month)}`,
      section: "quality",
      programme,
      label: monthLabel(programme.month),
      progress: programmeProgress(
        planned.map((p) => p.planned),
        today(),
      ),
      planned: planned.map((p) => {
        const state = plannedAuditState(p.planned, today());
        return { ...p, state, stateLabel: plannedAuditStateLabels[state], grade: p.audit ? auditGradeLabels[countedGrade(p.audit)] : null };
      }),
      canRecord,
      banner: savedMessageOf(request, savedMessages),
      values: { formToken: randomUUID() },
      templateOptions: [{ value: "", text: "Choose the template" }, ...templates.map((t) => ({ value: String(t.id), text: t.current.name }))],
      auditorOptions: [{ value: "", text: "Choose the auditor" }, ...auditors.map((a) => ({ value: String(a.id), text: a.displayName }))],
      serviceAreaOptions: [{ value: "", text: "Choose a service area" }, ...serviceAreas.map((area) => ({ value: area, text: area }))],
      ...extra,
    });
  }

  const programmeOf = async (request: FastifyRequest) => {
    const params = paramsOf(request, idParams);
    return params ? findProgramme(db, params.id) : undefined;
  };

  app.get("/quality/programmes/:id", read, async (request, reply) => {
    const programme = await programmeOf(request);
    if (!programme) return reply.callNotFound();
    return programmePage(request, reply, programme);
  });

  app.post("/quality/programmes/:id/audits", record, async (request, reply) => {
    const programme = await programmeOf(request);
    if (!programme) return reply.callNotFound();
    const body = formValues(request);
    const { templates, auditors } = await choices();
    const form = readPlannedAuditForm(
      body,
      programme.month,
      templates.map((t) => ({ id: t.id, serviceAreas: t.current.serviceAreas })),
      auditors.map((a) => a.id),
    );
    if (!form.ok) return programmePage(request, reply.code(400), programme, { values: body, errors: fieldErrors(form.problems) });
    const auditor = auditors.find((a) => a.id === form.form.auditorId);
    const template = templates.find((t) => t.id === form.form.templateId);
    if (!auditor || !template) throw new Error("the auditor or template read from the form is not listed");
    try {
      const added = await addPlannedAudit(db, context(request), programme, auditor, template.current.name, form.form);
      return reply.redirect(`/quality/programmes/${String(programme.id)}?saved=${added.repeated ? "already-added" : "planned-added"}#planned`, 303);
    } catch (error) {
      if (!(error instanceof StaleFormError)) throw error;
      return programmePage(request, reply.code(409), programme, { values: { ...body, formToken: randomUUID() }, errors: fieldErrors({ formToken: error.message }) });
    }
  });

  app.post("/quality/programmes/:id/audits/:planned/remove", record, async (request, reply) => {
    const params = paramsOf(request, plannedParams);
    const programme = params && (await findProgramme(db, params.id));
    const planned = params && (await findPlannedAudit(db, params.planned));
    if (!programme || !planned || planned.programmeId !== programme.id) return reply.callNotFound();
    if (!(await removePlannedAudit(db, context(request), planned))) {
      return reply.code(409).render("error.njk", { pageTitle: "This audit has already been recorded", paragraphs: ["A planned audit that has been recorded stays in its programme, with the audit recorded from it."] });
    }
    return reply.redirect(`/quality/programmes/${String(programme.id)}?saved=planned-removed#planned`, 303);
  });
}
