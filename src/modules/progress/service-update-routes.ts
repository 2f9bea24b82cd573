import type { FastifyInstance } from "fastify";
import { httpStatusOf, UserError } from "../../core/problems.ts";
import { fieldErrors, formErrors, formValues } from "../../web/forms.ts";
import { contextOf } from "../access/index.ts";
import { serviceUpdateFormSchema } from "./schemas.ts";
import * as progress from "./service.ts";
import { manage, progressRouteSupport, type ProgressRouteOptions } from "./route-support.ts";

/** The service-wide highlights of a period, written by its manager. */
export function serviceUpdateRoutes(app: FastifyInstance, { db, clock }: ProgressRouteOptions): void {
  const { actorOf, loadPeriod } = progressRouteSupport({ db, clock });

  app.get("/progress/periods/:id/service/edit", manage, async (request, reply) => {
    const period = await loadPeriod(request);
    if (!period) return reply.callNotFound();
    const update = await progress.findUpdate(db, period.id, null);
    return reply.render("progress/service-form.njk", {
      pageTitle: `Highlights and challenges: ${period.label}`,
      section: "progress",
      period,
      update,
      values: { highlights: update?.achievements.join("\n") ?? "", challenges: update?.challenges.map((c) => c.challenge).join("\n") ?? "", version: update?.version ?? 0 },
    });
  });

  app.post("/progress/periods/:id/service/edit", manage, async (request, reply) => {
    const period = await loadPeriod(request);
    if (!period) return reply.callNotFound();
    const body = formValues(request);
    const form = serviceUpdateFormSchema.safeParse(body);
    const view = { pageTitle: `Highlights and challenges: ${period.label}`, section: "progress", period, values: body };
    if (!form.success) return reply.code(400).render("progress/service-form.njk", { ...view, errors: formErrors(form.error) });
    const then = body.action === "submit" ? "submit" : "draft";
    try {
      const actor = actorOf(request);
      const context = contextOf(actor, request.id);
      await progress.saveUpdate(
        db,
        actor,
        context,
        period,
        null,
        { narrative: [], achievements: form.data.highlights, challenges: form.data.challenges.map((c) => ({ challenge: c, mitigation: "" })), plannedNext: [], version: form.data.version },
        then,
        clock.now(),
      );
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      return reply.code(httpStatusOf[error.code]).render("progress/service-form.njk", { ...view, errors: fieldErrors({ highlights: error.message }) });
    }
    return reply.redirect(`/progress/periods/${period.id}?saved=${then === "submit" ? "submitted" : "draft"}`, 303);
  });
}
