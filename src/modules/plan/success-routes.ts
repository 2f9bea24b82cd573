import type { FastifyInstance, FastifyRequest } from "fastify";
import { formErrors, formValues } from "../../web/forms.ts";
import { paramsOf } from "../../web/inputs.ts";
import * as adding from "./adding.ts";
import { moveRoute, retireRoutes } from "./arrangement-routes.ts";
import * as arranging from "./arranging.ts";
import * as editing from "./editing.ts";
import * as repository from "./repository.ts";
import { afterAdd, edit, history, idParams, newFormToken, planPages, type PlanRouteOptions } from "./route-helpers.ts";
import { endStateFormSchema, keyIndicatorFormSchema, newEndStateFormSchema, newKeyIndicatorFormSchema } from "./schemas.ts";

/**
 * Measuring success: the plan's key indicators of success and where it will be at its end ("what
 * we will achieve" and the impact it will have), added, changed, put in order and retired.
 */
export function successEditRoutes(app: FastifyInstance, options: PlanRouteOptions): void {
  const { db } = options;
  const pages = planPages(db);

  // Key indicators
  async function indicatorOf(request: FastifyRequest, { active }: { active: boolean }) {
    const params = paramsOf(request, idParams);
    const indicator = params ? await repository.findKeyIndicator(db, params.id) : undefined;
    return indicator && (!active || indicator.retiredAt === null) ? indicator : null;
  }

  app.get("/key-indicators/new", edit, (_request, reply) =>
    pages.withPlan(reply, async () => reply.render("plan/key-indicator-form.njk", { pageTitle: "Add a key indicator", values: { formToken: newFormToken() } })),
  );

  app.post("/key-indicators/new", edit, (request, reply) =>
    pages.withPlan(reply, async (plan) => {
      const body = formValues(request);
      const view = { pageTitle: "Add a key indicator", values: body };
      const form = newKeyIndicatorFormSchema.safeParse(body);
      if (!form.success) return reply.code(400).render("plan/key-indicator-form.njk", { ...view, errors: formErrors(form.error) });
      return pages.adding(reply, "plan/key-indicator-form.njk", view, () => adding.addKeyIndicator(db, pages.context(request), form.data.formToken, plan.id, form.data), (added) =>
        afterAdd("/success", added, "indicator-added", `#indicator-${added.record.id}`),
      );
    }),
  );

  app.get("/key-indicators/:id/edit", edit, async (request, reply) => {
    const indicator = await indicatorOf(request, { active: true });
    if (!indicator) return reply.callNotFound();
    return reply.render("plan/key-indicator-form.njk", { pageTitle: "Change a key indicator", indicator, values: { text: indicator.text, version: indicator.version } });
  });

  app.post("/key-indicators/:id/edit", edit, async (request, reply) => {
    const indicator = await indicatorOf(request, { active: true });
    if (!indicator) return reply.callNotFound();
    const body = formValues(request);
    const view = { pageTitle: "Change a key indicator", indicator, values: body };
    const form = keyIndicatorFormSchema.safeParse(body);
    if (!form.success) return reply.code(400).render("plan/key-indicator-form.njk", { ...view, errors: formErrors(form.error) });
    const result = await editing.editKeyIndicator(db, pages.context(request), indicator.id, form.data);
    if (result.ok) return reply.redirect(`/success?saved=indicator-saved#indicator-${indicator.id}`, 303);
    if (result.problem.code === "not-found") throw result.problem;
    return pages.conflictPage(reply, "plan/key-indicator-form.njk", { ...view, values: { ...body, version: result.problem.current.version } }, editing.keyIndicatorFields(result.problem.current), { text: form.data.text });
  });

  app.get("/key-indicators/:id/history", history, async (request, reply) => {
    const indicator = await indicatorOf(request, { active: false });
    if (!indicator) return reply.callNotFound();
    return pages.historyPage(reply, "key indicator", indicator.id, { pageTitle: "History of a key indicator", backHref: `/success#indicator-${indicator.id}`, recordLabel: indicator.text });
  });

  moveRoute(app, options, "/key-indicators/:id/move", arranging.keyIndicatorList, async (request) => {
    const indicator = await indicatorOf(request, { active: true });
    return indicator && { id: indicator.id, what: "key indicator", backHref: `/success#indicator-${indicator.id}`, doneHref: `/success?saved=indicator-moved#indicator-${indicator.id}` };
  });

  retireRoutes(app, options, "/key-indicators/:id/retire", arranging.keyIndicatorList, async (request) => {
    const indicator = await indicatorOf(request, { active: true });
    return (
      indicator && {
        id: indicator.id,
        version: indicator.version,
        what: "key indicator",
        name: indicator.text,
        caption: "Key indicators of success",
        consequences: ["It will no longer be listed among the key indicators of success.", "It is kept, with its history, under the retired key indicators."],
        backHref: `/success#indicator-${indicator.id}`,
        doneHref: "/success?saved=indicator-retired#key-indicators",
      }
    );
  });

  // Where the plan will be at its end
  async function endStateOf(request: FastifyRequest, { active }: { active: boolean }) {
    const params = paramsOf(request, idParams);
    const endState = params ? await repository.findEndState(db, params.id) : undefined;
    return endState && (!active || endState.retiredAt === null) ? endState : null;
  }

  app.get("/end-states/new", edit, (_request, reply) =>
    pages.withPlan(reply, async () => reply.render("plan/end-state-form.njk", { pageTitle: "Add to where the plan will be at its end", values: { formToken: newFormToken() } })),
  );

  app.post("/end-states/new", edit, (request, reply) =>
    pages.withPlan(reply, async (plan) => {
      const body = formValues(request);
      const view = { pageTitle: "Add to where the plan will be at its end", values: body };
      const form = newEndStateFormSchema.safeParse(body);
      if (!form.success) return reply.code(400).render("plan/end-state-form.njk", { ...view, errors: formErrors(form.error) });
      return pages.adding(reply, "plan/end-state-form.njk", view, () => adding.addEndState(db, pages.context(request), form.data.formToken, plan.id, form.data), (added) =>
        afterAdd("/success", added, "end-state-added", `#end-state-${added.record.id}`),
      );
    }),
  );

  app.get("/end-states/:id/edit", edit, async (request, reply) => {
    const endState = await endStateOf(request, { active: true });
    if (!endState) return reply.callNotFound();
    return reply.render("plan/end-state-form.njk", { pageTitle: "Change where the plan will be at its end", endState, values: { achieve: endState.achieve, impact: endState.impact.join("\n"), version: endState.version } });
  });

  app.post("/end-states/:id/edit", edit, async (request, reply) => {
    const endState = await endStateOf(request, { active: true });
    if (!endState) return reply.callNotFound();
    const body = formValues(request);
    const view = { pageTitle: "Change where the plan will be at its end", endState, values: body };
    const form = endStateFormSchema.safeParse(body);
    if (!form.success) return reply.code(400).render("plan/end-state-form.njk", { ...view, errors: formErrors(form.error) });
    const result = await editing.editEndState(db, pages.context(request), endState.id, form.data);
    if (result.ok) return reply.redirect(`/success?saved=end-state-saved#end-state-${endState.id}`, 303);
    if (result.problem.code === "not-found") throw result.problem;
    return pages.conflictPage(reply, "plan/end-state-form.njk", { ...view, values: { ...body, version: result.problem.current.version } }, editing.endStateFields(result.problem.current), {
      achieve: form.data.achieve,
      impact: form.data.impact,
    });
  });

  app.get("/end-states/:id/history", history, async (request, reply) => {
    const endState = await endStateOf(request, { active: false });
    if (!endState) return reply.callNotFound();
    return pages.historyPage(reply, "end state", endState.id, { pageTitle: "History of part of the end state", backHref: `/success#end-state-${endState.id}`, recordLabel: endState.achieve });
  });

  moveRoute(app, options, "/end-states/:id/move", arranging.endStateList, async (request) => {
    const endState = await endStateOf(request, { active: true });
    return endState && { id: endState.id, what: "part of the end state", backHref: `/success#end-state-${endState.id}`, doneHref: `/success?saved=end-state-moved#end-state-${endState.id}` };
  });

  retireRoutes(app, options, "/end-states/:id/retire", arranging.endStateList, async (request) => {
    const endState = await endStateOf(request, { active: true });
    return (
      endState && {
        id: endState.id,
        version: endState.version,
        what: "part of the end state",
        name: endState.achieve,
        caption: "Where the plan will be at its end",
        consequences: ["It will no longer be listed in where the plan will be at its end.", "It is kept, with its history, under the retired parts of the end state."],
        backHref: `/success#end-state-${endState.id}`,
        doneHref: "/success?saved=end-state-retired#end-state",
      }
    );
  });
}
