import type { FastifyInstance, FastifyRequest } from "fastify";
import { planYearLabel } from "../../core/plan-years.ts";
import { formErrors } from "../../web/forms.ts";
import { paramsOf } from "../../web/inputs.ts";
import { fieldChanges } from "../../core/field-changes.ts";
import * as arranging from "./arranging.ts";
import type { ListKind } from "./arranging.ts";
import * as repository from "./repository.ts";
import { edit, idParams, planPages, type PlanRouteOptions } from "./route-helpers.ts";
import { moveFormSchema, retireFormSchema } from "./schemas.ts";

/** A record a "Move up" or "Move down" button moves: where to go back to, and where once it has moved. */
export interface MoveTarget {
  id: number;
  /** "priority", "milestone"… */
  what: string;
  backHref: string;
  doneHref: string;
}

/** A record the retire page asks about, and what retiring it will mean. */
export interface RetireTarget {
  id: number;
  version: number;
  what: string;
  /** The record as people know it: its title or its words. */
  name: string;
  caption: string;
  consequences: string[];
  backHref: string;
  doneHref: string;
}

/**
 * The "Move up"/"Move down" button of a kind of record, posting to `path`. A stale move (the
 * list changed since the page was shown) moves nothing and shows the order saved now beside
 * the order asked for.
 */
export function moveRoute(app: FastifyInstance, { db }: PlanRouteOptions, path: string, kind: ListKind, find: (request: FastifyRequest) => Promise<MoveTarget | null>): void {
  const pages = planPages(db);
  app.post(path, edit, async (request, reply) => {
    const target = await find(request);
    if (!target) return reply.callNotFound();
    const view = { pageTitle: `Move the ${target.what}`, target };
    const form = moveFormSchema.safeParse(request.body);
    if (!form.success) return reply.code(400).render("plan/move.njk", { ...view, errors: formErrors(form.error) });
    const result = await arranging.move(db, pages.context(request), kind, target.id, form.data);
    if (result.ok) return reply.redirect(target.doneHref, 303);
    if (result.problem.code === "not-found") throw result.problem;
    return reply.code(409).render("plan/move.njk", {
      ...view,
      conflict: fieldChanges({ order: result.problem.current.saved }, { order: result.problem.current.asked }),
      conflictAdvice: "Nothing was moved: the list changed after you opened the page. Compare the order saved now with the order you asked for, then go back and move it again if you still need to.",
    });
  });
}

/** The page that asks before a record is retired, and the retiring. */
export function retireRoutes(app: FastifyInstance, { db, clock }: PlanRouteOptions, path: string, kind: ListKind, find: (request: FastifyRequest) => Promise<RetireTarget | null>): void {
  const pages = planPages(db);
  const view = (request: FastifyRequest, target: RetireTarget) => ({
    pageTitle: `Retire the ${target.what}`,
    target,
    action: request.url.split("?")[0],
    values: { version: target.version },
  });
  app.get(path, edit, async (request, reply) => {
    const target = await find(request);
    if (!target) return reply.callNotFound();
    return reply.render("plan/retire.njk", view(request, target));
  });
  app.post(path, edit, async (request, reply) => {
    const target = await find(request);
    if (!target) return reply.callNotFound();
    const form = retireFormSchema.safeParse(request.body);
    if (!form.success) return reply.code(400).render("plan/retire.njk", { ...view(request, target), errors: formErrors(form.error) });
    const result = await arranging.retire(db, pages.context(request), kind, target.id, form.data.version, clock.now());
    if (result.ok) return reply.redirect(target.doneHref, 303);
    if (result.problem.code === "not-found") throw result.problem;
    // Changed since the page was shown: ask again, about the record as it is now.
    return reply.code(409).render("plan/retire.njk", { ...view(request, target), stale: true });
  });
}

/** Moving and retiring a priority's milestones and outcomes. */
export function planArrangementRoutes(app: FastifyInstance, options: PlanRouteOptions): void {
  const { db } = options;
  /** A milestone of the plan now (not superseded or retired), of a priority in the plan. */
  async function activeMilestone(request: FastifyRequest) {
    const params = paramsOf(request, idParams);
    const milestone = params ? await repository.findMilestone(db, params.id) : undefined;
    if (!milestone || milestone.retiredAt !== null || milestone.supersededByResetId !== null) return null;
    const priority = await repository.findPriorityById(db, milestone.priorityId);
    return priority && priority.retiredAt === null ? { milestone, priority } : null;
  }

  async function activeOutcome(request: FastifyRequest) {
    const params = paramsOf(request, idParams);
    const outcome = params ? await repository.findOutcome(db, params.id) : undefined;
    if (!outcome || outcome.retiredAt !== null) return null;
    const priority = await repository.findPriorityById(db, outcome.priorityId);
    return priority && priority.retiredAt === null ? { outcome, priority } : null;
  }

  moveRoute(app, options, "/milestones/:id/move", arranging.milestoneList, async (request) => {
    const found = await activeMilestone(request);
    if (!found) return null;
    const page = `/priorities/${found.priority.number}`;
    return { id: found.milestone.id, what: "milestone", backHref: `${page}#milestone-${found.milestone.id}`, doneHref: `${page}?saved=milestone-moved#milestone-${found.milestone.id}` };
  });

  retireRoutes(app, options, "/milestones/:id/retire", arranging.milestoneList, async (request) => {
    const found = await activeMilestone(request);
    if (!found) return null;
    const { milestone, priority } = found;
    const year = planYearLabel(milestone.planYear);
    return {
      id: milestone.id,
      version: milestone.version,
      what: "milestone",
      name: milestone.text,
      caption: `Priority ${priority.number}: ${priority.title} · ${year}`,
      consequences: [
        `It will no longer be listed among the ${year} milestones, or asked for in progress updates.`,
        "It is kept with its history and the progress reported on it. Reports for periods when it was part of the plan still include it, and issued reports do not change.",
      ],
      backHref: `/priorities/${priority.number}#milestone-${milestone.id}`,
      doneHref: `/priorities/${priority.number}?saved=milestone-retired#year-${milestone.planYear}`,
    };
  });

  moveRoute(app, options, "/outcomes/:id/move", arranging.outcomeList, async (request) => {
    const found = await activeOutcome(request);
    if (!found) return null;
    const page = `/priorities/${found.priority.number}`;
    return { id: found.outcome.id, what: "outcome", backHref: `${page}#outcome-${found.outcome.id}`, doneHref: `${page}?saved=outcome-moved#outcome-${found.outcome.id}` };
  });

  retireRoutes(app, options, "/outcomes/:id/retire", arranging.outcomeList, async (request) => {
    const found = await activeOutcome(request);
    if (!found) return null;
    const { outcome, priority } = found;
    return {
      id: outcome.id,
      version: outcome.version,
      what: "outcome",
      name: outcome.text,
      caption: `Priority ${priority.number}: ${priority.title}`,
      consequences: ["It will no longer be listed among the priority's outcomes.", "It is kept, with its history, under the priority's retired outcomes."],
      backHref: `/priorities/${priority.number}#outcome-${outcome.id}`,
      doneHref: `/priorities/${priority.number}?saved=outcome-retired#outcomes`,
    };
  });
}
