import type { FastifyInstance, FastifyReply } from "fastify";
import { paramsOf } from "../../web/inputs.ts";
import { writeZip } from "../../core/zip.ts";
import { londonDateOf } from "../../core/values-as-at.ts";
import { evidenceAudienceOf, qualityEvidenceFor } from "../quality/index.ts";
import { priorityRisks } from "../risks/index.ts";
import { bannerOf, priorityParams, type PlanRouteOptions } from "./route-helpers.ts";
import * as plan from "./service.ts";
import { exportPlan, PlanExportError } from "./plan-export.ts";

const read = { config: { policy: "plan:read" as const } };
const edit = { config: { policy: "plan:edit" as const } };

/** The plan's pages: read-only views of the plan as loaded. */
export function planRoutes(app: FastifyInstance, { db, clock }: PlanRouteOptions): void {
  const page = (reply: FastifyReply, template: string, context: Record<string, unknown>) => reply.render(template, context);
  const noPlan = (reply: FastifyReply) => page(reply.code(404), "plan/no-plan.njk", { pageTitle: "No plan loaded" });

  app.get("/", read, async (request, reply) =>
    reply.renderKept(
      "plan/overview.njk",
      async () => {
        const view = await plan.overview(db);
        return view && { pageTitle: "Plan overview", plan: view.summary, details: view.plan, priorities: view.priorities, ...bannerOf(request) };
      },
      () => noPlan(reply),
    ),
  );

  app.get("/priorities/:number", read, async (request, reply) => {
    const params = paramsOf(request, priorityParams);
    if (!params) return reply.callNotFound();
    return reply.renderKept("plan/priority.njk", async () => {
      const view = await plan.priorityPage(db, params.number);
      if (!view) return null;
      // What quality assurance found in the case audits and actions linked to it, as much as this person may see.
      const today = londonDateOf(clock.now());
      const quality = await qualityEvidenceFor(db, view.priority.id, evidenceAudienceOf(request.actor, view.priority.id), today);
      // The open and escalated risks linked to it or its milestones.
      const risks = await priorityRisks(db, view.priority.id, today);
      return { pageTitle: `Priority ${view.priority.number}: ${view.priority.title}`, plan: view.summary, ...bannerOf(request), ...view, quality, risks };
    });
  });

  app.get("/ofsted", read, async (_request, reply) => {
    const view = await plan.ofstedPage(db);
    if (!view) return noPlan(reply);
    return page(reply, "plan/ofsted.njk", { pageTitle: "Ofsted areas for improvement", plan: view.summary, ...view });
  });

  app.get("/voice", read, async (_request, reply) => {
    const view = await plan.voicePage(db);
    if (!view) return noPlan(reply);
    return page(reply, "plan/voice.njk", {
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
    return page(reply, "plan/success.njk", { pageTitle: "Measuring success", plan: view.summary, ...view, ...bannerOf(request) });
  });

  // The plan's folder as `waymark load-plan` reads it, in a zip: the folder is named after the plan.
  app.get("/plan-files.zip", edit, async (_request, reply) => {
    const exported = await exportPlan(db).catch((error: unknown) => {
      if (error instanceof PlanExportError) return error;
      throw error;
    });
    if (!exported) return noPlan(reply);
    if (exported instanceof PlanExportError) {
      return page(reply.code(409), "error.njk", {
        pageTitle: "The plan's files cannot be written",
        paragraphs: ["The plan as it stands would not load again from its files, so they have not been written. Change these and try again:", ...exported.problems],
      });
    }
    const zip = writeZip(exported.files.map((f) => ({ path: `${exported.slug}/${f.path}`, data: f.text })), clock.now());
    return reply.type("application/zip").header("content-disposition", `attachment; filename="${exported.slug}.zip"`).header("cache-control", "no-store").send(zip);
  });
}
