import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import type { Database } from "../../db/client.ts";
import { idParam, paramsOf } from "../../web/inputs.ts";
import { contextOf } from "../access/index.ts";
import { casesCsv, figurePageView, isCaseFilter } from "./figure-view.ts";
import { casesBehindFigure, figureForMonth, figureSummary } from "./figures.ts";
import { issuesKeepingFigure } from "./freezing.ts";

const reading = { config: { policy: "casework:read" as const } };

const monthParams = z.object({ code: z.string().regex(/^[A-Z0-9-]{1,60}$/), periodEnd: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) });

/** The cases behind a computed figure, for those allowed child-level data: its page, its CSV, and the way in from a measure's month. */
export function figureRoutes(app: FastifyInstance, { db }: { db: Database }): void {
  const viewerOf = (request: FastifyRequest) => {
    const actor = request.actor;
    if (!actor) throw new Error("the cases behind a figure need a signed-in actor");
    return { ...contextOf(actor, request.id), userId: actor.id };
  };

  app.get("/casework/figures/:id", reading, async (request, reply) => {
    const params = paramsOf(request, z.object({ id: idParam }));
    const summary = params ? await figureSummary(db, params.id) : undefined;
    if (!params || !summary) return reply.callNotFound();
    const show = (request.query as Record<string, unknown>).show;
    const cases = await casesBehindFigure(db, viewerOf(request), summary, "viewed the cases behind a figure");
    const view = figurePageView(summary, cases.kind === "cases" ? cases.cases : [], isCaseFilter(show) ? show : "all");
    const keptWith = (await issuesKeepingFigure(db, summary.figure.id)).map((issue) => ({ href: `/reports/issued/${String(issue.id)}`, label: issue.label }));
    return reply.render("casework/figure.njk", { pageTitle: `${summary.definition.title}, ${summary.periodLabel}: the cases`, section: "casework", ...view, keptWith, unavailable: cases.kind === "unavailable" ? cases.message : null });
  });

  app.get("/casework/figures/:id/cases.csv", reading, async (request, reply) => {
    const params = paramsOf(request, z.object({ id: idParam }));
    const summary = params ? await figureSummary(db, params.id) : undefined;
    if (!params || !summary) return reply.callNotFound();
    const cases = await casesBehindFigure(db, viewerOf(request), summary, "exported the cases behind a figure");
    if (cases.kind === "unavailable") return reply.code(409).type("text/plain; charset=utf-8").send(cases.message);
    const name = `waymark-${summary.definition.code.toLowerCase()}-${summary.figure.periodKind}-${summary.figure.periodEnd}-cases.csv`;
    return reply.type("text/csv; charset=utf-8").header("content-disposition", `attachment; filename="${name}"`).send(casesCsv(summary, cases.cases));
  });

  app.get("/casework/measures/:code/:periodEnd", reading, async (request, reply) => {
    const params = paramsOf(request, monthParams);
    const figure = params ? await figureForMonth(db, params.code, params.periodEnd) : undefined;
    if (!figure) return reply.callNotFound();
    return reply.redirect(`/casework/figures/${String(figure.id)}`, 303);
  });
}
