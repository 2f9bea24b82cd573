import { randomUUID } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { serviceAreas } from "../../core/audit-templates.ts";
import type { Clock } from "../../core/clock.ts";
import { acrossServiceAreas, feedbackGiverLabels, feedbackSourceLabels } from "../../core/feedback-themes.ts";
import { londonDateOf } from "../../core/values-as-at.ts";
import type { Database } from "../../db/client.ts";
import { fieldErrors, formValues } from "../../web/forms.ts";
import { paramsOf, savedMessageOf } from "../../web/inputs.ts";
import { can, contextOf } from "../access/index.ts";
import { addFeedback, feedbackOfAudit, feedbackQuarters, quarterFeedback, type FeedbackOrigin } from "./feedback.ts";
import { codedFeedback, feedbackOptions } from "./feedback-options.ts";
import { idParams } from "./schemas.ts";
import { findAudit, StaleFormError, type AuditRow } from "./service.ts";
import { feedbackFiltersSchema, readFeedbackForm, readProgrammeFeedbackForm, type FeedbackForm } from "./week-schemas.ts";
import { actorOf, read, record, savedMessages, type FormValues } from "./route-context.ts";

/** Where feedback may be from: one service area, or across the service when the audit programme's is not split by area. */
const feedbackAreas: readonly string[] = [...serviceAreas, acrossServiceAreas];

const feedbackSaved = { ...savedMessages, "feedback-added": "The feedback has been added" };

/** What a case audit's page shows of its coded feedback, and the small form that adds to it. */
export async function auditFeedbackView(db: Database, auditId: number) {
  const items = await feedbackOfAudit(db, auditId);
  return {
    feedback: items.map(codedFeedback),
    feedbackValues: { formToken: randomUUID() },
    ...feedbackOptions,
  };
}

/** Families' feedback: a quarter's, by kind and theme, and recording it from the audit programme or a case audit. */
export function feedbackRoutes(app: FastifyInstance, { db, clock }: { db: Database; clock: Clock }): void {
  const context = (request: FastifyRequest) => contextOf(actorOf(request), request.id);
  const today = () => londonDateOf(clock.now());

  /** A quarter's feedback, the latest with any unless the filter names another, read item by item by those who read audits. */
  app.get("/quality/feedback", read, async (request, reply) => {
    const query = feedbackFiltersSchema.parse(request.query);
    const quarters = await feedbackQuarters(db);
    const quarter = quarters.find((q) => q.key === query.quarter) ?? quarters[0];
    const serviceArea = feedbackAreas.find((area) => area === query.serviceArea);
    const shown = quarter ? await quarterFeedback(db, quarter, serviceArea, false) : null;
    return reply.render("quality/feedback.njk", {
      pageTitle: "Families' feedback",
      section: "quality",
      quarter,
      shown,
      givenByLabels: feedbackGiverLabels,
      sourceLabels: feedbackSourceLabels,
      filters: { quarter: quarter?.key ?? "", serviceArea: serviceArea ?? "" },
      quarterOptions: quarters.map((q) => ({ value: q.key, text: q.label })),
      serviceAreaOptions: [{ value: "", text: "All service areas" }, ...feedbackAreas.map((area) => ({ value: area, text: area }))],
      canRecord: can(request.actor, "quality:record"),
      banner: savedMessageOf(request, feedbackSaved),
    });
  });

  /** The form: from the audit programme of a period, or (with `audit`) from one case audit's conversation with the family. */
  function formView(audit: AuditRow | null, values: FormValues, extra: Record<string, unknown> = {}) {
    return {
      pageTitle: audit ? `Add feedback from the case audit of ${audit.caseId}` : "Add families' feedback from the audit programme",
      section: "quality",
      audit,
      values,
      feedbackValues: values,
      serviceAreaOptions: [{ value: "", text: "Choose a service area" }, ...feedbackAreas.map((area) => ({ value: area, text: area }))],
      ...feedbackOptions,
      ...extra,
    };
  }

  /** Reads the form sent, and records the item where it was gathered: the audit's, or the period the form names. */
  async function save(request: FastifyRequest, reply: FastifyReply, audit: AuditRow | null) {
    const body = formValues(request);
    const refused = (problems: Record<string, string>) => reply.code(400).render("quality/feedback-form.njk", formView(audit, body, { errors: fieldErrors(problems) }));
    let item: FeedbackForm;
    let origin: FeedbackOrigin;
    if (audit) {
      const form = readFeedbackForm(body);
      if (!form.ok) return refused(form.problems);
      item = form.form;
      origin = { source: "case-audit", auditId: audit.id, serviceArea: audit.serviceArea, on: audit.auditDate };
    } else {
      const form = readProgrammeFeedbackForm(body, today());
      if (!form.ok) return refused(form.problems);
      item = form.form;
      origin = { source: "audit-programme", serviceArea: form.form.serviceArea, from: form.form.gatheredFrom, to: form.form.gatheredTo };
    }
    try {
      const added = await addFeedback(db, context(request), actorOf(request), item, origin);
      const saved = added.repeated ? "already-added" : "feedback-added";
      return reply.redirect(audit ? `/quality/audits/${String(audit.id)}?saved=${saved}#feedback` : `/quality/feedback?saved=${saved}`, 303);
    } catch (error) {
      if (!(error instanceof StaleFormError)) throw error;
      return reply.code(409).render("quality/feedback-form.njk", formView(audit, { ...body, formToken: randomUUID() }, { errors: fieldErrors({ formToken: error.message }) }));
    }
  }

  app.get("/quality/feedback/new", record, async (_request, reply) => reply.render("quality/feedback-form.njk", formView(null, { formToken: randomUUID() })));
  app.post("/quality/feedback/new", record, async (request, reply) => save(request, reply, null));

  app.post("/quality/audits/:id/feedback", record, async (request, reply) => {
    const params = paramsOf(request, idParams);
    const found = params && (await findAudit(db, params.id));
    if (!found) return reply.callNotFound();
    return save(request, reply, found.audit);
  });
}
