import { randomUUID } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { serviceAreas } from "../../core/audit-templates.ts";
import type { Clock } from "../../core/clock.ts";
import { activityKindLabels, activityKinds, weekStage, weekStageLabels } from "../../core/practice-weeks.ts";
import { londonDateOf } from "../../core/values-as-at.ts";
import type { Database } from "../../db/client.ts";
import { conflictPage } from "../../web/conflict.ts";
import { dateBoxes, fieldErrors, formValues } from "../../web/forms.ts";
import { paramsOf, savedMessageOf } from "../../web/inputs.ts";
import { can, contextOf } from "../access/index.ts";
import { addFeedback, feedbackOfWeek } from "./feedback.ts";
import { editTemplateFormSchema, idParams, readActionForm } from "./schemas.ts";
import { linkSection, type RecordPage } from "./link-routes.ts";
import { raiseAction, StaleFormError } from "./service.ts";
import { newWeekFormSchema, readFeedbackForm, readWeekForm, weekFiltersSchema } from "./week-schemas.ts";
import { activityInWords, addWeek, changeWeek, findWeek, listActionsOfWeek, listWeeks, weekFields, type PracticeWeekRow, type WeekContent } from "./weeks.ts";
import { actorOf, overview, owners, presentAction, record, savedMessages, scopeOptions, type FormValues } from "./route-context.ts";
import { codedFeedback, feedbackOptions } from "./feedback-options.ts";

const weekSaved = { ...savedMessages, "week-recorded": "The practice week has been recorded", "week-saved": "The practice week has been saved", "feedback-added": "The feedback has been added" };

const serviceAreaOptions = (first: string) => [{ value: "", text: first }, ...serviceAreas.map((area) => ({ value: area, text: area }))];

/** A week's content as its form holds it. */
function weekValues(week: WeekContent): FormValues {
  const values: FormValues = {
    theme: week.theme,
    serviceArea: week.serviceArea,
    ...dateBoxes("startsOn", week.startsOn),
    ...dateBoxes("endsOn", week.endsOn),
    description: week.description,
    strengths: week.strengths.join("\n"),
    areasForImprovement: week.areasForImprovement.join("\n"),
    learning: week.learning,
  };
  for (const activity of week.activities) {
    values[`activity-${activity.kind}`] = "yes";
    values[`held-${activity.kind}`] = activity.held === null ? "" : String(activity.held);
    values[`note-${activity.kind}`] = activity.note;
  }
  return values;
}

/** The practice weeks' pages: the list, recording and changing a week, and a week with its feedback and actions. */
export function weekRoutes(app: FastifyInstance, { db, clock }: { db: Database; clock: Clock }): RecordPage {
  const context = (request: FastifyRequest) => contextOf(actorOf(request), request.id);
  const today = () => londonDateOf(clock.now());

  app.get("/quality/practice-weeks", overview, async (request, reply) => {
    const query = weekFiltersSchema.parse(request.query);
    const serviceArea = serviceAreas.find((area) => area === query.serviceArea);
    const weeks = await listWeeks(db, { serviceArea });
    return reply.render("quality/practice-weeks.njk", {
      pageTitle: "Practice weeks",
      section: "quality",
      weeks: weeks.map((week) => ({ week, stage: weekStageLabels[weekStage(week, today())] })),
      filters: { serviceArea: serviceArea ?? "" },
      serviceAreaOptions: serviceAreaOptions("All service areas"),
      canRecord: can(request.actor, "quality:record"),
    });
  });

  function weekFormView(week: PracticeWeekRow | null, values: FormValues, extra: Record<string, unknown> = {}) {
    return {
      pageTitle: week ? `Change the practice week: ${week.theme}` : "Record a practice week",
      section: "quality",
      week,
      values,
      serviceAreaOptions: serviceAreaOptions("Choose a service area"),
      activityKinds: activityKinds.map((kind) => ({ kind, label: activityKindLabels[kind] })),
      ...extra,
    };
  }

  app.get("/quality/practice-weeks/new", record, async (_request, reply) => reply.render("quality/practice-week-form.njk", weekFormView(null, { formToken: randomUUID() })));

  app.post("/quality/practice-weeks/new", record, async (request, reply) => {
    const body = formValues(request);
    const token = newWeekFormSchema.safeParse(body);
    const values = { ...body, formToken: token.success ? token.data.formToken : randomUUID() };
    const form = readWeekForm(body);
    if (!token.success) return reply.code(400).render("quality/practice-week-form.njk", weekFormView(null, values, { errors: fieldErrors({ formToken: "The form is missing its token: reload the page and try again" }) }));
    if (!form.ok) return reply.code(400).render("quality/practice-week-form.njk", weekFormView(null, values, { errors: fieldErrors(form.problems) }));
    try {
      const added = await addWeek(db, context(request), actorOf(request), token.data.formToken, form.form);
      return reply.redirect(`/quality/practice-weeks/${String(added.record.id)}?saved=${added.repeated ? "already-added" : "week-recorded"}`, 303);
    } catch (error) {
      if (!(error instanceof StaleFormError)) throw error;
      return reply.code(409).render("quality/practice-week-form.njk", weekFormView(null, { ...values, formToken: randomUUID() }, { errors: fieldErrors({ formToken: error.message }) }));
    }
  });

  const weekOf = async (request: FastifyRequest) => {
    const params = paramsOf(request, idParams);
    return params ? findWeek(db, params.id) : undefined;
  };

  async function weekPage(request: FastifyRequest, reply: FastifyReply, week: PracticeWeekRow, extra: Record<string, unknown> = {}) {
    const canRecord = can(request.actor, "quality:record");
    const feedback = await feedbackOfWeek(db, week.id);
    return reply.render("quality/practice-week.njk", {
      pageTitle: `Practice week: ${week.theme}`,
      section: "quality",
      week,
      stage: weekStageLabels[weekStage(week, today())],
      activities: week.activities.map(activityInWords),
      feedback: feedback.map(codedFeedback),
      actions: (await listActionsOfWeek(db, week.id)).map((a) => presentAction(a, today())),
      canRecord,
      canReadActions: can(request.actor, "quality:read"),
      banner: savedMessageOf(request, weekSaved),
      scopeOptions,
      ownerOptions: canRecord ? [{ value: "", text: "Choose the owner" }, ...(await owners(db)).map((a) => ({ value: String(a.id), text: a.displayName }))] : [],
      actionValues: { formToken: randomUUID() },
      feedbackValues: { formToken: randomUUID() },
      ...feedbackOptions,
      ...(await linkSection(db, request, { type: "practice-week", id: week.id, date: week.startsOn })),
      ...extra,
    });
  }

  app.get("/quality/practice-weeks/:id", overview, async (request, reply) => {
    const week = await weekOf(request);
    if (!week) return reply.callNotFound();
    return weekPage(request, reply, week);
  });

  app.get("/quality/practice-weeks/:id/edit", record, async (request, reply) => {
    const week = await weekOf(request);
    if (!week) return reply.callNotFound();
    return reply.render("quality/practice-week-form.njk", weekFormView(week, { ...weekValues(week), version: week.version }));
  });

  app.post("/quality/practice-weeks/:id/edit", record, async (request, reply) => {
    const week = await weekOf(request);
    if (!week) return reply.callNotFound();
    const body = formValues(request);
    const version = editTemplateFormSchema.safeParse(body);
    const form = readWeekForm(body);
    if (!version.success) return reply.code(400).render("quality/practice-week-form.njk", weekFormView(week, body, { errors: fieldErrors({ version: "The form is missing the record's version: reload the page" }) }));
    if (!form.ok) return reply.code(400).render("quality/practice-week-form.njk", weekFormView(week, body, { errors: fieldErrors(form.problems) }));
    const result = await changeWeek(db, context(request), week.id, version.data.version, form.form);
    if (result.ok) return reply.redirect(`/quality/practice-weeks/${String(week.id)}?saved=week-saved`, 303);
    if (result.problem.code === "not-found") return reply.callNotFound();
    const current = result.problem.current;
    return conflictPage(reply, "quality/practice-week-form.njk", weekFormView(current, { ...body, version: current.version }), weekFields(current), weekFields(form.form));
  });

  app.post("/quality/practice-weeks/:id/actions", record, async (request, reply) => {
    const week = await weekOf(request);
    if (!week) return reply.callNotFound();
    const body = formValues(request);
    const accounts = await owners(db);
    const form = readActionForm(body, accounts.map((a) => a.id), week.startsOn, "the week's first day");
    if (!form.ok) return weekPage(request, reply.code(400), week, { actionValues: body, errors: fieldErrors(form.problems) });
    const owner = accounts.find((a) => a.id === form.form.ownerId);
    if (!owner) throw new Error("the owner read from the form is not an account");
    try {
      const added = await raiseAction(db, context(request), actorOf(request), { practiceWeekId: week.id }, owner, form.form);
      return reply.redirect(`/quality/practice-weeks/${String(week.id)}?saved=${added.repeated ? "already-added" : "action-raised"}#actions`, 303);
    } catch (error) {
      if (!(error instanceof StaleFormError)) throw error;
      // Named apart from the feedback form's token, which shares the page.
      return weekPage(request, reply.code(409), week, { actionValues: { ...body, formToken: randomUUID() }, errors: fieldErrors({ actionFormToken: error.message }) });
    }
  });

  app.post("/quality/practice-weeks/:id/feedback", record, async (request, reply) => {
    const week = await weekOf(request);
    if (!week) return reply.callNotFound();
    const body = formValues(request);
    const form = readFeedbackForm(body);
    if (!form.ok) return weekPage(request, reply.code(400), week, { feedbackValues: body, errors: fieldErrors(form.problems) });
    try {
      const added = await addFeedback(db, context(request), actorOf(request), form.form, { source: "practice-week", practiceWeekId: week.id, serviceArea: week.serviceArea, from: week.startsOn, to: week.endsOn });
      return reply.redirect(`/quality/practice-weeks/${String(week.id)}?saved=${added.repeated ? "already-added" : "feedback-added"}#feedback`, 303);
    } catch (error) {
      if (!(error instanceof StaleFormError)) throw error;
      return weekPage(request, reply.code(409), week, { feedbackValues: { ...body, formToken: randomUUID() }, errors: fieldErrors({ formToken: error.message }) });
    }
  });

  return async (request, reply, id, extra) => {
    const week = await findWeek(db, id);
    if (!week) return reply.callNotFound();
    return weekPage(request, reply, week, extra);
  };
}
