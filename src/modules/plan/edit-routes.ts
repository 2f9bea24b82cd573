import type { FastifyInstance, FastifyRequest } from "fastify";
import { planYearLabel } from "../../core/plan-years.ts";
import type { Database } from "../../db/client.ts";
import { fieldErrors, formErrors, formValues } from "../../web/forms.ts";
import { paramsOf } from "../../web/inputs.ts";
import * as adding from "./adding.ts";
import * as editing from "./editing.ts";
import type { EditedMilestone } from "./editing.ts";
import * as repository from "./repository.ts";
import { afterAdd, edit, history, idParams, newFormToken, planPages, type FormValues } from "./route-helpers.ts";
import { milestoneFormSchema, newMilestoneFormSchema, newOutcomeFormSchema, outcomeFormSchema, priorityFormSchema } from "./schemas.ts";

function priorityValues(p: repository.PriorityRow): FormValues {
  return { title: p.title, vision: p.vision, lead: p.lead ?? "", narrative: p.narrative.join("\n\n"), keyElements: p.keyElements.join("\n"), version: p.version };
}

function dueParts(dueOn: string | null) {
  const [year = "", month = "", day = ""] = (dueOn ?? "").split("-");
  return { dueDay: day ? String(Number(day)) : "", dueMonth: month ? String(Number(month)) : "", dueYear: year };
}

function milestoneValues(m: EditedMilestone): FormValues {
  return { text: m.text, owner: m.owner ?? "", ...dueParts(m.dueOn), ofstedAreas: m.ofstedAreas.map(String), version: m.version };
}

/** The boxes a milestone form ticks: what was sent (one value or several), as text. */
const tickedAreas = (values: FormValues): string[] => [values.ofstedAreas ?? []].flat().map(String);

/** The Ofsted areas a plan's milestones may answer, and each one's id by its number. */
async function areasOf(db: Database, planId: number) {
  const areas = await repository.listOfstedAreas(db, planId);
  return { areas, ids: new Map(areas.map((a) => [a.number, a.id])) };
}

/** The Ofsted areas ticked that are not the plan's own: sent by something other than its form. */
const unknownAreas = (ticked: number[], ids: ReadonlyMap<number, number>) => ticked.some((n) => !ids.has(n));
const notAnArea = fieldErrors({ ofstedAreas: "Select the Ofsted areas from the list" });

/** The editing pages of the plan: priorities, milestones and outcomes, and their history. */
export function planEditRoutes(app: FastifyInstance, { db }: { db: Database }): void {
  const pages = planPages(db);

  // Priorities
  app.get("/priorities/:number/edit", edit, (request, reply) =>
    pages.withPlan(reply, async (plan) => {
      const priority = await pages.activePriority(request, plan);
      if (!priority) return reply.callNotFound();
      return reply.render("plan/edit-priority.njk", { pageTitle: `Edit priority ${priority.number}`, priority, values: priorityValues(priority) });
    }),
  );

  app.post("/priorities/:number/edit", edit, (request, reply) =>
    pages.withPlan(reply, async (plan) => {
      const priority = await pages.activePriority(request, plan);
      if (!priority) return reply.callNotFound();
      const body = formValues(request);
      const view = { pageTitle: `Edit priority ${priority.number}`, priority, values: body };
      const form = priorityFormSchema.safeParse(body);
      if (!form.success) return reply.code(400).render("plan/edit-priority.njk", { ...view, errors: formErrors(form.error) });
      const result = await editing.editPriority(db, pages.context(request), priority.id, form.data);
      if (result.ok) return reply.redirect(`/priorities/${result.value.number}?saved=1`, 303);
      if (result.problem.code === "not-found") throw result.problem;
      const current = result.problem.current;
      return pages.conflictPage(reply, "plan/edit-priority.njk", { ...view, values: { ...body, version: current.version } }, editing.priorityFields(current), {
        title: form.data.title, vision: form.data.vision, lead: form.data.lead, narrative: form.data.narrative, keyElements: form.data.keyElements,
      });
    }),
  );

  app.get("/priorities/:number/history", history, (request, reply) =>
    pages.withPlan(reply, async (plan) => {
      const priority = await pages.priorityByNumber(request, plan);
      if (!priority) return reply.callNotFound();
      return pages.historyPage(reply, "priority", priority.id, {
        pageTitle: `History of priority ${priority.number}`,
        backHref: `/priorities/${priority.number}`,
        recordLabel: `Priority ${priority.number}: ${priority.title}`,
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

  /** A milestone to edit: one in the plan now, of a priority in the plan, with the Ofsted areas it may answer. */
  async function editableMilestone(request: FastifyRequest) {
    const found = await milestoneWithPriority(request);
    if (!found || found.milestone.retiredAt !== null || found.priority.retiredAt !== null) return null;
    const { areas, ids } = await areasOf(db, found.priority.planId);
    const milestone = await editing.editedMilestone(db, found.milestone.id, new Map(areas.map((a) => [a.id, a.number])));
    return milestone ? { milestone, priority: found.priority, areas, ids } : null;
  }

  app.get("/milestones/:id/edit", edit, async (request, reply) => {
    const found = await editableMilestone(request);
    if (!found) return reply.callNotFound();
    const values = milestoneValues(found.milestone);
    return reply.render("plan/edit-milestone.njk", { pageTitle: "Edit milestone", ...found, yearLabel: planYearLabel(found.milestone.planYear), values, ticked: tickedAreas(values) });
  });

  app.post("/milestones/:id/edit", edit, async (request, reply) => {
    const found = await editableMilestone(request);
    if (!found) return reply.callNotFound();
    const body = formValues(request);
    const view = { pageTitle: "Edit milestone", ...found, yearLabel: planYearLabel(found.milestone.planYear), values: body, ticked: tickedAreas(body) };
    const form = milestoneFormSchema.safeParse(body);
    if (!form.success) return reply.code(400).render("plan/edit-milestone.njk", { ...view, errors: formErrors(form.error) });
    if (unknownAreas(form.data.ofstedAreas, found.ids)) return reply.code(400).render("plan/edit-milestone.njk", { ...view, errors: notAnArea });
    const result = await editing.editMilestone(db, pages.context(request), found.milestone.id, form.data, found.ids);
    if (result.ok) return reply.redirect(`/priorities/${found.priority.number}?saved=1#milestone-${result.value.id}`, 303);
    if (result.problem.code === "not-found") throw result.problem;
    return pages.conflictPage(reply, "plan/edit-milestone.njk", { ...view, values: { ...body, version: result.problem.current.version } }, editing.milestoneFields(result.problem.current), {
      text: form.data.text, owner: form.data.owner, dueOn: form.data.dueOn, ofstedAreas: [...form.data.ofstedAreas].sort((a, b) => a - b),
    });
  });

  app.get("/milestones/:id/history", history, async (request, reply) => {
    const found = await milestoneWithPriority(request);
    if (!found) return reply.callNotFound();
    return pages.historyPage(reply, "milestone", found.milestone.id, {
      pageTitle: "History of a milestone",
      backHref: `/priorities/${found.priority.number}#milestone-${found.milestone.id}`,
      recordLabel: found.milestone.text,
    });
  });

  app.get("/priorities/:number/milestones/new", edit, (request, reply) =>
    pages.withPlan(reply, async (plan) => {
      const priority = await pages.activePriority(request, plan);
      if (!priority) return reply.callNotFound();
      const { areas } = await areasOf(db, plan.id);
      return reply.render("plan/new-milestone.njk", { pageTitle: `Add a milestone to priority ${priority.number}`, priority, years: plan.years, areas, values: { formToken: newFormToken() }, ticked: [] });
    }),
  );

  app.post("/priorities/:number/milestones/new", edit, (request, reply) =>
    pages.withPlan(reply, async (plan) => {
      const priority = await pages.activePriority(request, plan);
      if (!priority) return reply.callNotFound();
      const body = formValues(request);
      const { areas, ids } = await areasOf(db, plan.id);
      const view = { pageTitle: `Add a milestone to priority ${priority.number}`, priority, years: plan.years, areas, values: body, ticked: tickedAreas(body) };
      const form = newMilestoneFormSchema.safeParse(body);
      if (!form.success) return reply.code(400).render("plan/new-milestone.njk", { ...view, errors: formErrors(form.error) });
      if (!plan.years.some((y) => y.year === form.data.planYear)) {
        return reply.code(400).render("plan/new-milestone.njk", { ...view, errors: fieldErrors({ planYear: "Select one of the plan's years" }) });
      }
      if (unknownAreas(form.data.ofstedAreas, ids)) return reply.code(400).render("plan/new-milestone.njk", { ...view, errors: notAnArea });
      const { formToken, ofstedAreas, ...milestone } = form.data;
      return pages.adding(
        reply,
        "plan/new-milestone.njk",
        view,
        () => adding.addMilestone(db, pages.context(request), formToken, priority.id, { ...milestone, areaIds: ofstedAreas.flatMap((n) => ids.get(n) ?? []), areaNumbers: [...ofstedAreas].sort((a, b) => a - b) }),
        (added) => afterAdd(`/priorities/${priority.number}`, added, "milestone-added", `#milestone-${added.record.id}`),
      );
    }),
  );

  // Outcomes
  async function outcomeWithPriority(request: FastifyRequest) {
    const params = paramsOf(request, idParams);
    const outcome = params ? await repository.findOutcome(db, params.id) : undefined;
    const priority = outcome ? await repository.findPriorityById(db, outcome.priorityId) : undefined;
    return outcome && priority ? { outcome, priority } : null;
  }

  async function editableOutcome(request: FastifyRequest) {
    const found = await outcomeWithPriority(request);
    return found && found.outcome.retiredAt === null && found.priority.retiredAt === null ? found : null;
  }

  app.get("/outcomes/:id/edit", edit, async (request, reply) => {
    const found = await editableOutcome(request);
    if (!found) return reply.callNotFound();
    return reply.render("plan/edit-outcome.njk", { pageTitle: "Edit outcome", ...found, values: { text: found.outcome.text, version: found.outcome.version } });
  });

  app.post("/outcomes/:id/edit", edit, async (request, reply) => {
    const found = await editableOutcome(request);
    if (!found) return reply.callNotFound();
    const body = formValues(request);
    const view = { pageTitle: "Edit outcome", ...found, values: body };
    const form = outcomeFormSchema.safeParse(body);
    if (!form.success) return reply.code(400).render("plan/edit-outcome.njk", { ...view, errors: formErrors(form.error) });
    const result = await editing.editOutcome(db, pages.context(request), found.outcome.id, form.data);
    if (result.ok) return reply.redirect(`/priorities/${found.priority.number}?saved=1#outcome-${result.value.id}`, 303);
    if (result.problem.code === "not-found") throw result.problem;
    return pages.conflictPage(reply, "plan/edit-outcome.njk", { ...view, values: { ...body, version: result.problem.current.version } }, editing.outcomeFields(result.problem.current), { text: form.data.text });
  });

  app.get("/outcomes/:id/history", history, async (request, reply) => {
    const found = await outcomeWithPriority(request);
    if (!found) return reply.callNotFound();
    return pages.historyPage(reply, "outcome", found.outcome.id, {
      pageTitle: "History of an outcome",
      backHref: `/priorities/${found.priority.number}#outcome-${found.outcome.id}`,
      recordLabel: found.outcome.text,
    });
  });

  app.get("/priorities/:number/outcomes/new", edit, (request, reply) =>
    pages.withPlan(reply, async (plan) => {
      const priority = await pages.activePriority(request, plan);
      if (!priority) return reply.callNotFound();
      return reply.render("plan/new-outcome.njk", { pageTitle: `Add an outcome to priority ${priority.number}`, priority, values: { formToken: newFormToken() } });
    }),
  );

  app.post("/priorities/:number/outcomes/new", edit, (request, reply) =>
    pages.withPlan(reply, async (plan) => {
      const priority = await pages.activePriority(request, plan);
      if (!priority) return reply.callNotFound();
      const body = formValues(request);
      const view = { pageTitle: `Add an outcome to priority ${priority.number}`, priority, values: body };
      const form = newOutcomeFormSchema.safeParse(body);
      if (!form.success) return reply.code(400).render("plan/new-outcome.njk", { ...view, errors: formErrors(form.error) });
      return pages.adding(
        reply,
        "plan/new-outcome.njk",
        view,
        () => adding.addOutcome(db, pages.context(request), form.data.formToken, priority.id, form.data),
        (added) => afterAdd(`/priorities/${priority.number}`, added, "outcome-added", `#outcome-${added.record.id}`),
      );
    }),
  );
}
