import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { paramsOf, queryFilter } from "../../web/inputs.ts";
import * as plans from "../plan/index.ts";
import * as progress from "./service.ts";
import { priorityNumberParams, read, vocabulary, type ProgressRouteOptions } from "./route-support.ts";

/** Progress over time: distance travelled and a priority's timeline. */
export function historyRoutes(app: FastifyInstance, { db }: ProgressRouteOptions): void {
  const distanceQuery = z.object({ priority: queryFilter, period: queryFilter });

  app.get("/progress/distance", read, async (request, reply) => {
    const plan = await request.currentPlan();
    if (!plan) return reply.callNotFound();
    const filters = distanceQuery.parse(request.query);
    const view = await progress.distanceTravelled(db, plan.id);
    const periods = filters.period ? view.periods.filter((p) => String(p.id) === filters.period) : view.periods;
    const rows = (filters.priority ? view.rows.filter((r) => String(r.number) === filters.priority) : view.rows).map((r) => ({
      ...r,
      cells: r.cells.filter((c) => periods.some((p) => p.id === c.periodId)),
    }));
    return reply.render("progress/distance.njk", { pageTitle: "Distance travelled", section: "progress", periods, allPeriods: view.periods, rows, allRows: view.rows, filters });
  });

  app.get("/priorities/:number/timeline", read, async (request, reply) => {
    const plan = await request.currentPlan();
    const params = paramsOf(request, priorityNumberParams);
    const priority = plan && params ? await plans.findPriority(db, plan.id, params.number) : undefined;
    if (!plan || !priority) return reply.callNotFound();
    const entries = await progress.timeline(db, request.actor, plan.id, priority.id);
    return reply.render("progress/timeline.njk", { pageTitle: `Progress of priority ${priority.number}`, priority, entries, ...vocabulary });
  });
}
