import type { FastifyInstance, FastifyReply } from "fastify";
import type { Database } from "../../db/client.ts";
import { paramsOf } from "../../web/inputs.ts";
import { bannerOf, priorityParams } from "./route-helpers.ts";
import * as plan from "./service.ts";

const read = { config: { policy: "plan:read" as const } };

/** The plan's pages: read-only views of the plan as loaded. */
export function planRoutes(app: FastifyInstance, { db }: { db: Database }): void {
  const page = (reply: FastifyReply, template: string, context: Record<string, unknown>) => reply.render(template, context);
  const noPlan = (reply: FastifyReply) => page(reply.code(404), "no-plan.njk", { pageTitle: "No plan loaded" });

  app.get("/", read, async (request, reply) => {
    const view = await plan.overview(db);
    if (!view) return noPlan(reply);
    return page(reply, "overview.njk", {
      pageTitle: "Plan overview",
      plan: view.summary,
      details: view.plan,
      priorities: view.priorities,
      ...bannerOf(request),
    });
  });

  app.get("/priorities/:number", read, async (request, reply) => {
    const params = paramsOf(request, priorityParams);
    const view = params ? await plan.priorityPage(db, params.number) : null;
    if (!view) return reply.callNotFound();
    return page(reply, "priority.njk", {
      pageTitle: `Priority ${view.priority.number}: ${view.priority.title}`,
      plan: view.summary,
      ...bannerOf(request),
      ...view,
    });
  });

  app.get("/ofsted", read, async (_request, reply) => {
    const view = await plan.ofstedPage(db);
    if (!view) return noPlan(reply);
    return page(reply, "ofsted.njk", { pageTitle: "Ofsted areas for improvement", plan: view.summary, ...view });
  });

  app.get("/voice", read, async (_request, reply) => {
    const view = await plan.voicePage(db);
    if (!view) return noPlan(reply);
    return page(reply, "voice.njk", {
      pageTitle: "Young people's voice",
      plan: view.summary,
      details: view.plan,
      wishes: view.wishes,
      asks: view.asks,
    });
  });

  app.get("/success", read, async (request, reply) => {
    const view = await plan.successPage(db);
    if (!view) return noPlan(reply);
    return page(reply, "success.njk", { pageTitle: "Measuring success", plan: view.summary, ...view, ...bannerOf(request) });
  });
}
