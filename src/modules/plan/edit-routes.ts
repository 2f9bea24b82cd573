import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { planYearLabel } from "../../core/plan-years.ts";
import type { Database } from "../../db/client.ts";
import { contextOf, historyOf } from "../access/audit.ts";
import { conflictPage } from "../../web/conflict.ts";
import { fieldErrors, formErrors } from "../../web/forms.ts";
import { idParam, paramsOf } from "../../web/inputs.ts";
import * as editing from "./editing.ts";
import * as repository from "./repository.ts";
import {
  milestoneFormSchema,
  newMilestoneFormSchema,
  newOutcomeFormSchema,
  outcomeFormSchema,
  priorityFormSchema,
} from "./schemas.ts";
import { priorityParams } from "./routes.ts";
import { currentPlanSummary, type PlanSummary } from "./service.ts";

const edit = { config: { policy: "plan:edit" as const } };
const history = { config: { policy: "history:read" as const } };
const idParams = z.object({ id: idParam });

/** The values a form shows: what the user typed, so a refused form never loses their work. */
type FormValues = Record<string, unknown>;

function priorityValues(p: repository.PriorityRow): FormValues {
  return { title: p.title, vision: p.vision, lead: p.lead ?? "", narrative: p.narrative.join("\n\n"), keyElements: p.keyElements.join("\n"), version: p.version };
}

function dueParts(dueOn: string | null) {
  const [year = "", month = "", day = ""] = (dueOn ?? "").split("-");
  return { dueDay: day ? String(Number(day)) : "", dueMonth: month ? String(Number(month)) : "", dueYear: year };
}

function milestoneValues(m: repository.MilestoneRow): FormValues {
  return { text: m.text, owner: m.owner ?? "", ...dueParts(m.dueOn), version: m.version };
}

/** The editing pages of the plan: priorities, milestones and outcomes, and their history. */
export function planEditRoutes(app: FastifyInstance, { db }: { db: Database }): void {
  async function withPlan(reply: FastifyReply, work: (plan: PlanSummary) => Promise<unknown>): Promise<unknown> {
    const plan = await currentPlanSummary(db);
    if (!plan) return reply.callNotFound();
    return work(plan);
  }

  async function priorityByNumber(request: FastifyRequest, plan: PlanSummary) {
    const params = paramsOf(request, priorityParams);
    return params ? repository.findPriority(db, plan.id, params.number) : undefined;
  }

  const context = (request: FastifyRequest) => {
    if (!request.actor) throw new Error("editing needs a signed-in actor");
    return contextOf(request.actor, request.id);
  };

  // Priorities
  app.get("/priorities/:number/edit", edit, (request, reply) =>
    withPlan(reply, async (plan) => {
      const priority = await priorityByNumber(request, plan);
      if (!priority) return reply.callNotFound();
      return reply.render("edit-priority.njk", { pageTitle: `Edit priority ${priority.number}`, priority, values: priorityValues(priority) });
    }),
  );

  app.post("/priorities/:number/edit", edit, (request, reply) =>
    withPlan(reply, async (plan) => {
      const priority = await priorityByNumber(request, plan);
      if (!priority) return reply.callNotFound();
      const body = request.body as FormValues;
      const view = { pageTitle: `Edit priority ${priority.number}`, priority, values: body };
      const form = priorityFormSchema.safeParse(body);
      if (!form.success) return reply.code(400).render("edit-priority.njk", { ...view, errors: formErrors(form.error) });
      const result = await editing.editPriority(db, context(request), priority.id, form.data);
      if (result.ok) return reply.redirect(`/priorities/${result.record.number}?saved=1`, 303);
      if ("missing" in result) return reply.callNotFound();
      const current = result.conflict;
      return conflictPage(reply, "edit-priority.njk", { ...view, values: { ...body, version: current.version } }, editing.priorityFields(current), {
        title: form.data.title, vision: form.data.vision, lead: form.data.lead, narrative: form.data.narrative, keyElements: form.data.keyElements,
      });
    }),
  );

  app.get("/priorities/:number/history", history, (request, reply) =>
    withPlan(reply, async (plan) => {
      const priority = await priorityByNumber(request, plan);
      if (!priority) return reply.callNotFound();
      return reply.render("history.njk", {
        pageTitle: `History of priority ${priority.number}`,
        backHref: `/priorities/${priority.number}`,
        recordLabel: `Priority ${priority.number}: ${priority.title}`,
        entries: await historyOf(db, "priority", priority.id),
      });
    }),
  );

  // Milestones
  async function milestoneWithPriority(request: FastifyRequest) {
    const params = paramsOf(request, idParams);
    const milestone = params ? await repository.findMilestone(db, params.id) : undefined;
    const priority = milestone ? await repository.findPriorityById(db, milestone.priorityId) : undefined;
    return milestone && priority ? { milestone, priority } : null;
  }

  app.get("/milestones/:id/edit", edit, async (request, reply) => {
    const found = await milestoneWithPriority(request);
    if (!found) return reply.callNotFound();
    return reply.render("edit-milestone.njk", { pageTitle: "Edit milestone", ...found, yearLabel: planYearLabel(found.milestone.planYear), values: milestoneValues(found.milestone) });
  });

  app.post("/milestones/:id/edit", edit, async (request, reply) => {
    const found = await milestoneWithPriority(request);
    if (!found) return reply.callNotFound();
    const body = request.body as FormValues;
    const view = { pageTitle: "Edit milestone", ...found, yearLabel: planYearLabel(found.milestone.planYear), values: body };
    const form = milestoneFormSchema.safeParse(body);
    if (!form.success) return reply.code(400).render("edit-milestone.njk", { ...view, errors: formErrors(form.error) });
    const result = await editing.editMilestone(db, context(request), found.milestone.id, form.data);
    if (result.ok) return reply.redirect(`/priorities/${found.priority.number}?saved=1#milestone-${result.record.id}`, 303);
    if ("missing" in result) return reply.callNotFound();
    return conflictPage(reply, "edit-milestone.njk", { ...view, values: { ...body, version: result.conflict.version } }, editing.milestoneFields(result.conflict), {
      text: form.data.text, owner: form.data.owner, dueOn: form.data.dueOn,
    });
  });

  app.get("/milestones/:id/history", history, async (request, reply) => {
    const found = await milestoneWithPriority(request);
    if (!found) return reply.callNotFound();
    return reply.render("history.njk", {
      pageTitle: "History of a milestone",
      backHref: `/priorities/${found.priority.number}#milestone-${found.milestone.id}`,
      recordLabel: found.milestone.text,
      entries: await historyOf(db, "milestone", found.milestone.id),
    });
  });

  app.get("/priorities/:number/milestones/new", edit, (request, reply) =>
    withPlan(reply, async (plan) => {
      const priority = await priorityByNumber(request, plan);
      if (!priority) return reply.callNotFound();
      return reply.render("new-milestone.njk", { pageTitle: `Add a milestone to priority ${priority.number}`, priority, years: plan.years, values: {} });
    }),
  );

  app.post("/priorities/:number/milestones/new", edit, (request, reply) =>
    withPlan(reply, async (plan) => {
      const priority = await priorityByNumber(request, plan);
      if (!priority) return reply.callNotFound();
      const body = request.body as FormValues;
      const view = { pageTitle: `Add a milestone to priority ${priority.number}`, priority, years: plan.years, values: body };
      const form = newMilestoneFormSchema.safeParse(body);
      if (!form.success) return reply.code(400).render("new-milestone.njk", { ...view, errors: formErrors(form.error) });
      if (!plan.years.some((y) => y.year === form.data.planYear)) {
        return reply.code(400).render("new-milestone.njk", { ...view, errors: fieldErrors({ planYear: "Select one of the plan's years" }) });
      }
      const milestone = await editing.addMilestone(db, context(request), priority.id, form.data);
      return reply.redirect(`/priorities/${priority.number}?saved=1#milestone-${milestone.id}`, 303);
    }),
  );

  // Outcomes
  async function outcomeWithPriority(request: FastifyRequest) {
    const params = paramsOf(request, idParams);
    const outcome = params ? await repository.findOutcome(db, params.id) : undefined;
    const priority = outcome ? await repository.findPriorityById(db, outcome.priorityId) : undefined;
    return outcome && priority ? { outcome, priority } : null;
  }

  app.get("/outcomes/:id/edit", edit, async (request, reply) => {
    const found = await outcomeWithPriority(request);
    if (!found) return reply.callNotFound();
    return reply.render("edit-outcome.njk", { pageTitle: "Edit outcome", ...found, values: { text: found.outcome.text, version: found.outcome.version } });
  });

  app.post("/outcomes/:id/edit", edit, async (request, reply) => {
    const found = await outcomeWithPriority(request);
    if (!found) return reply.callNotFound();
    const body = request.body as FormValues;
    const view = { pageTitle: "Edit outcome", ...found, values: body };
    const form = outcomeFormSchema.safeParse(body);
    if (!form.success) return reply.code(400).render("edit-outcome.njk", { ...view, errors: formErrors(form.error) });
    const result = await editing.editOutcome(db, context(request), found.outcome.id, form.data);
    if (result.ok) return reply.redirect(`/priorities/${found.priority.number}?saved=1#outcome-${result.record.id}`, 303);
    if ("missing" in result) return reply.callNotFound();
    return conflictPage(reply, "edit-outcome.njk", { ...view, values: { ...body, version: result.conflict.version } }, editing.outcomeFields(result.conflict), { text: form.data.text });
  });

  app.get("/outcomes/:id/history", history, async (request, reply) => {
    const found = await outcomeWithPriority(request);
    if (!found) return reply.callNotFound();
    return reply.render("history.njk", {
      pageTitle: "History of an outcome",
      backHref: `/priorities/${found.priority.number}#outcome-${found.outcome.id}`,
      recordLabel: found.outcome.text,
      entries: await historyOf(db, "outcome", found.outcome.id),
    });
  });

  app.get("/priorities/:number/outcomes/new", edit, (request, reply) =>
    withPlan(reply, async (plan) => {
      const priority = await priorityByNumber(request, plan);
      if (!priority) return reply.callNotFound();
      return reply.render("new-outcome.njk", { pageTitle: `Add an outcome to priority ${priority.number}`, priority, values: {} });
    }),
  );

  app.post("/priorities/:number/outcomes/new", edit, (request, reply) =>
    withPlan(reply, async (plan) => {
      const priority = await priorityByNumber(request, plan);
      if (!priority) return reply.callNotFound();
      const body = request.body as FormValues;
      const form = newOutcomeFormSchema.safeParse(body);
      if (!form.success) {
        return reply.code(400).render("new-outcome.njk", { pageTitle: `Add an outcome to priority ${priority.number}`, priority, values: body, errors: formErrors(form.error) });
      }
      const outcome = await editing.addOutcome(db, context(request), priority.id, form.data);
      return reply.redirect(`/priorities/${priority.number}?saved=1#outcome-${outcome.id}`, 303);
    }),
  );
}
