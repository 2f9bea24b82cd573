import type { FastifyInstance, FastifyRequest } from "fastify";
import { planYearLabel } from "../../core/plan-years.ts";
import { fieldErrors, formErrors, formValues } from "../../web/forms.ts";
import { periodsOf } from "../progress/index.ts";
import * as adding from "./adding.ts";
import { moveRoute, retireRoutes } from "./arrangement-routes.ts";
import * as arranging from "./arranging.ts";
import * as editing from "./editing.ts";
import type { PlanRow } from "./repository.ts";
import { afterAdd, bannerOf, edit, history, newFormToken, planPages, type FormValues, type PlanRouteOptions } from "./route-helpers.ts";
import { newPlanFormSchema, newPriorityFormSchema, planFormSchema } from "./schemas.ts";
import { setupPage } from "./service.ts";
import * as repository from "./repository.ts";

function planValues(plan: PlanRow): FormValues {
  return {
    councilName: plan.councilName,
    serviceName: plan.serviceName,
    title: plan.title,
    subtitle: plan.subtitle,
    firstYear: planYearLabel(plan.firstYear),
    lastYear: planYearLabel(plan.firstYear + plan.years - 1),
    vision: plan.vision,
    values: plan.values,
    youngPeopleHeadline: plan.youngPeopleHeadline,
    youngPeopleStatement: plan.youngPeopleStatement,
    version: plan.version,
  };
}

/** Setting up a plan in the app: starting one, its details, and adding, ordering and retiring its priorities. */
export function planSetupRoutes(app: FastifyInstance, options: PlanRouteOptions): void {
  const { db } = options;
  const pages = planPages(db);

  app.get("/plan/setup", edit, async (request, reply) => {
    const view = await setupPage(db);
    if (!view) return reply.redirect("/plan/new", 303);
    return reply.render("plan/plan-setup.njk", {
      pageTitle: "Set up the plan",
      section: "overview",
      plan: view.summary,
      details: view.plan,
      yearsLabel: editing.yearsLabel(view.plan.firstYear, view.plan.years),
      priorities: view.priorities,
      retiredPriorities: view.retiredPriorities,
      order: view.priorities.map((p) => p.id),
      ...bannerOf(request),
    });
  });

  // A new plan. The newest plan is the one the app shows: when there is one already, the form asks
  // to confirm that the new one takes its place.
  const newPlanView = async (values: FormValues) => {
    const current = await repository.findCurrentPlan(db);
    return { pageTitle: current ? "Start a new plan" : "Create a plan", current: current ?? null, values };
  };

  app.get("/plan/new", edit, async (_request, reply) => {
    const current = await repository.findCurrentPlan(db);
    return reply.render("plan/plan-form.njk", await newPlanView({ formToken: newFormToken(), councilName: current?.councilName ?? "", serviceName: current?.serviceName ?? "" }));
  });

  app.post("/plan/new", edit, async (request, reply) => {
    const body = formValues(request);
    const view = await newPlanView(body);
    const form = newPlanFormSchema.safeParse(body);
    if (!form.success) return reply.code(400).render("plan/plan-form.njk", { ...view, errors: formErrors(form.error) });
    if (view.current && form.data.replaces !== "yes") {
      return reply.code(400).render("plan/plan-form.njk", { ...view, errors: fieldErrors({ replaces: `Confirm that the new plan will take the place of ${view.current.title}` }) });
    }
    return pages.adding(reply, "plan/plan-form.njk", view, () => adding.createPlan(db, pages.context(request), form.data.formToken, form.data), (added) => afterAdd("/plan/setup", added, "plan-created"));
  });

  app.get("/plan/edit", edit, async (_request, reply) => {
    const plan = await repository.findCurrentPlan(db);
    if (!plan) return reply.callNotFound();
    return reply.render("plan/plan-form.njk", { pageTitle: "Change the plan's details", editing: plan, values: planValues(plan) });
  });

  app.post("/plan/edit", edit, async (request, reply) => {
    const plan = await repository.findCurrentPlan(db);
    if (!plan) return reply.callNotFound();
    const body = formValues(request);
    const view = { pageTitle: "Change the plan's details", editing: plan, values: body };
    const form = planFormSchema.safeParse(body);
    if (!form.success) return reply.code(400).render("plan/plan-form.njk", { ...view, errors: formErrors(form.error) });
    const yearsInUse = (await periodsOf(db, plan.id)).map((p) => p.planYear);
    let result;
    try {
      result = await editing.editPlan(db, pages.context(request), plan.id, form.data, yearsInUse);
    } catch (error) {
      if (!(error instanceof editing.PlanEditError)) throw error;
      return reply.code(400).render("plan/plan-form.njk", { ...view, errors: fieldErrors({ [error.field]: error.message }) });
    }
    if (result.ok) return reply.redirect("/plan/setup?saved=plan-saved", 303);
    if (result.problem.code === "not-found") throw result.problem;
    const mine = editing.planFields({ ...result.problem.current, ...form.data });
    return pages.conflictPage(reply, "plan/plan-form.njk", { ...view, values: { ...body, version: result.problem.current.version } }, editing.planFields(result.problem.current), mine);
  });

  app.get("/plan/history", history, async (request, reply) => {
    const plan = await request.currentPlan();
    if (!plan) return reply.callNotFound();
    return pages.historyPage(reply, "plan", plan.id, { pageTitle: "History of the plan's details", backHref: "/plan/setup", recordLabel: `${plan.title} ${plan.period}` });
  });

  // Priorities
  app.get("/priorities/new", edit, (_request, reply) =>
    pages.withPlan(reply, async () => reply.render("plan/new-priority.njk", { pageTitle: "Add a priority", values: { formToken: newFormToken() } })),
  );

  app.post("/priorities/new", edit, (request, reply) =>
    pages.withPlan(reply, async (plan) => {
      const body = formValues(request);
      const view = { pageTitle: "Add a priority", values: body };
      const form = newPriorityFormSchema.safeParse(body);
      if (!form.success) return reply.code(400).render("plan/new-priority.njk", { ...view, errors: formErrors(form.error) });
      const { formToken, ...priority } = form.data;
      return pages.adding(reply, "plan/new-priority.njk", view, () => adding.addPriority(db, pages.context(request), formToken, plan.id, priority), (added) =>
        afterAdd(`/priorities/${added.record.number}`, added, "priority-added"),
      );
    }),
  );

  async function activePriority(request: FastifyRequest) {
    const plan = await request.currentPlan();
    return plan ? pages.activePriority(request, plan) : undefined;
  }

  moveRoute(app, options, "/priorities/:number/move", arranging.priorityList, async (request) => {
    const priority = await activePriority(request);
    if (!priority) return null;
    return { id: priority.id, what: "priority", backHref: `/plan/setup#priority-${priority.number}`, doneHref: `/plan/setup?saved=priority-moved#priority-${priority.number}` };
  });

  retireRoutes(app, options, "/priorities/:number/retire", arranging.priorityList, async (request) => {
    const priority = await activePriority(request);
    if (!priority) return null;
    return {
      id: priority.id,
      version: priority.version,
      what: "priority",
      name: priority.title,
      caption: `Priority ${priority.number}`,
      consequences: [
        "It will no longer be shown on the plan overview, asked for progress in reporting periods still to come, or offered for new work.",
        "Its milestones, outcomes, progress updates and history are all kept. Reports for periods when it was part of the plan still include it, and issued reports do not change.",
      ],
      backHref: `/priorities/${priority.number}`,
      doneHref: "/plan/setup?saved=priority-retired#retired-priorities",
    };
  });
}
