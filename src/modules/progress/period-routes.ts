import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { fieldErrors, formErrors, formValues } from "../../web/forms.ts";
import { queryFilter } from "../../web/inputs.ts";
import { contextOf, can } from "../access/index.ts";
import * as plans from "../plan/index.ts";
import { openPeriodFormSchema } from "./schemas.ts";
import * as progress from "./service.ts";
import { bannerOf, manage, progressRouteSupport, read, vocabulary, type ProgressRouteOptions } from "./route-support.ts";

/** Reporting periods: the list, opening one, a period's page and its compliance. */
export function periodRoutes(app: FastifyInstance, { db, clock }: ProgressRouteOptions): void {
  const { today, londonToday, actorOf, loadPeriod } = progressRouteSupport({ db, clock });

  app.get("/progress", read, async (request, reply) => {
    const plan = await request.currentPlan();
    if (!plan) return reply.callNotFound();
    const periods = await progress.periodsOf(db, plan.id);
    return reply.render("progress/progress-index.njk", { pageTitle: "Progress", section: "progress", periods, canManage: can(request.actor, "progress:manage"), years: plan.years, values: {} });
  });

  app.post("/progress/periods", manage, async (request, reply) => {
    const plan = await request.currentPlan();
    const planRow = plan && (await plans.findCurrentPlan(db));
    if (!plan || !planRow) return reply.callNotFound();
    const body = formValues(request);
    const form = openPeriodFormSchema.safeParse(body);
    const view = { pageTitle: "Progress", section: "progress", periods: await progress.periodsOf(db, plan.id), canManage: true, years: plan.years, values: body };
    if (!form.success) return reply.code(400).render("progress/progress-index.njk", { ...view, errors: formErrors(form.error) });
    try {
      const period = await progress.openPeriod(db, contextOf(actorOf(request), request.id), planRow, form.data);
      return reply.redirect(`/progress/periods/${period.id}`, 303);
    } catch (error) {
      if (!(error instanceof progress.ProgressError)) throw error;
      return reply.code(400).render("progress/progress-index.njk", { ...view, errors: fieldErrors({ [error.field ?? "kind"]: error.message }) });
    }
  });

  app.get("/progress/periods/:id", read, async (request, reply) => {
    const period = await loadPeriod(request);
    if (!period) return reply.callNotFound();
    const { service, rows } = await progress.periodUpdates(db, request.actor, period, londonToday());
    return reply.render("progress/period.njk", {
      pageTitle: period.label,
      section: "progress",
      period,
      service,
      canManage: can(request.actor, "progress:manage") && period.open,
      rows,
      ...vocabulary,
      ...bannerOf(request),
    });
  });

  const complianceQuery = z.object({ priority: queryFilter, state: queryFilter, owner: queryFilter });

  app.get("/progress/periods/:id/compliance", read, async (request, reply) => {
    const period = await loadPeriod(request);
    if (!period) return reply.callNotFound();
    const filters = complianceQuery.parse(request.query);
    const found = await progress.compliance(db, period, today());
    const all = [...found.priorities, ...found.milestones];
    const shown = (r: progress.ComplianceRow) =>
      (!filters.priority || String(r.priorityNumber) === filters.priority) && (!filters.state || r.state === filters.state) && (!filters.owner || r.owner === filters.owner);
    return reply.render("progress/compliance.njk", {
      pageTitle: `${found.closed ? "What was reported" : "Who owes an update"}: ${period.label}`,
      section: "progress",
      period,
      ...found,
      priorityRows: found.priorities.filter(shown),
      milestoneRows: found.milestones.filter(shown),
      filters,
      owners: [...new Set(all.map((r) => r.owner))].sort(),
      priorityChoices: [...new Map(all.map((r) => [r.priorityNumber, r.priorityTitle])).entries()],
      ...vocabulary,
    });
  });
}
