import { randomUUID } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { complianceAnswerLabels, mostDomains, mostQuestions, serviceAreas, type TemplateContent } from "../../core/audit-templates.ts";
import type { Database } from "../../db/client.ts";
import { conflictPage } from "../../web/conflict.ts";
import { fieldErrors, formValues } from "../../web/forms.ts";
import { paramsOf, savedMessageOf } from "../../web/inputs.ts";
import { can, contextOf } from "../access/index.ts";
import { addTemplate, attemptedTemplateFields, changeTemplate, findTemplate, findVersion, listTemplates, listVersions, savedTemplateFields, StaleFormError, type TemplateRow, type TemplateVersionRow } from "./service.ts";
import { editTemplateFormSchema, idParams, newTemplateFormSchema, readTemplateForm, versionParams, wantsMoreBoxes } from "./schemas.ts";
import { read, record, type FormValues, savedMessages, actorOf } from "./route-context.ts";

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

/** The audit templates' pages: the list, a template and its versions, adding and changing one. */
export function templateRoutes(app: FastifyInstance, { db }: { db: Database }): void {
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
}
