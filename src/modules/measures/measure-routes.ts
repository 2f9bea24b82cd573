import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Database } from "../../db/client.ts";
import { fieldErrors, formErrors } from "../../web/forms.ts";
import { contextOf, can } from "../access/index.ts";
import { measurePageView } from "./measure-view.ts";
import { actorOf, bodyOf, manage, measureCodeOf, read, savedOf } from "./route-support.ts";
import { baselineFormSchema, commentaryFormSchema } from "./schemas.ts";
import * as measures from "./service.ts";
import { seenVersion } from "./value-saving.ts";

/** A measure's page, and what is saved from it: its commentary, and a new baseline for its SPC. */
export function measurePageRoutes(app: FastifyInstance, { db }: { db: Database }): void {
  /** Shows the measure's page with `status`, or not found when there is no such measure. */
  const renderMeasure = async (request: FastifyRequest, reply: FastifyReply, code: string, status: number, extra: Record<string, unknown> = {}) => {
    const view = await measurePageView(db, code, can(request.actor, "measures:manage"), { canSeeCases: can(request.actor, "casework:read"), ...extra });
    return view ? reply.code(status).render("measures/measure.njk", view) : reply.callNotFound();
  };

  /** Does the save, then goes back to the page; a refused save shows the page with why. */
  const saveFrom = async (request: FastifyRequest, reply: FastifyReply, code: string, work: () => Promise<void>, form: string) => {
    try {
      await work();
    } catch (error) {
      if (!(error instanceof measures.MeasureError)) throw error;
      if (error instanceof measures.CommentaryConflict) {
        // The page now carries the saved commentary's version: saving again replaces what was seen.
        const conflict = [{ field: "commentary", before: error.saved ?? "No commentary", after: error.yours }];
        return renderMeasure(request, reply, code, 409, { conflict, commentaryText: error.yours, commentaryPeriod: error.periodEnd, errors: fieldErrors({ text: error.message }) });
      }
      return renderMeasure(request, reply, code, 400, { errors: fieldErrors({ [error.field ?? form]: error.message }) });
    }
    return reply.redirect(`/measures/${code}?saved=1`, 303);
  };

  app.get("/measures/:code", read, async (request, reply) => {
    const code = measureCodeOf(request);
    if (!code) return reply.callNotFound();
    return reply.renderKept("measures/measure.njk", () => measurePageView(db, code, can(request.actor, "measures:manage"), { canSeeCases: can(request.actor, "casework:read"), saved: savedOf(request) }));
  });

  app.post("/measures/:code/commentary", manage, async (request, reply) => {
    const code = measureCodeOf(request);
    if (!code) return reply.callNotFound();
    const form = commentaryFormSchema.safeParse(request.body);
    if (!form.success) {
      // What was typed is shown again, not the starting text: a refused save loses nothing.
      const { text, periodEnd } = bodyOf(request);
      return renderMeasure(request, reply, code, 400, { errors: formErrors(form.error), commentaryText: typeof text === "string" ? text : "", commentaryPeriod: periodEnd });
    }
    const seen = seenVersion(bodyOf(request)[`version-${form.data.periodEnd}`]);
    return saveFrom(request, reply, code, () => measures.saveCommentary(db, contextOf(actorOf(request), request.id), code, form.data.periodEnd, form.data.text, seen), "text");
  });

  app.post("/measures/:code/baseline", manage, async (request, reply) => {
    const code = measureCodeOf(request);
    if (!code) return reply.callNotFound();
    const form = baselineFormSchema.safeParse(request.body);
    if (!form.success) return renderMeasure(request, reply, code, 400, { errors: formErrors(form.error) });
    return saveFrom(request, reply, code, () => measures.recalculateFrom(db, contextOf(actorOf(request), request.id), code, form.data.fromPeriod, form.data.reason), "reason");
  });
}
