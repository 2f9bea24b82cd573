import type { FastifyInstance } from "fastify";
import { fieldErrors, formErrors, formValues } from "../../web/forms.ts";
import { paramsOf } from "../../web/inputs.ts";
import { contextOf } from "../access/index.ts";
import * as plans from "../plan/index.ts";
import { reviewOfYear, saveReview } from "./review.ts";
import { reviewFormSchema } from "./schemas.ts";
import * as progress from "./service.ts";
import { progressRouteSupport, review, vocabulary, yearParams, type ProgressRouteOptions } from "./route-support.ts";

/** The year-end review of milestones: carried forward, changed or closed. */
export function reviewRoutes(app: FastifyInstance, { db, clock }: ProgressRouteOptions): void {
  const { actorOf } = progressRouteSupport({ db, clock });

  app.get("/progress/review/:year", review, async (request, reply) => {
    const planRow = await plans.findCurrentPlan(db);
    const params = paramsOf(request, yearParams);
    if (!planRow || !params || params.year < planRow.firstYear || params.year >= planRow.firstYear + planRow.years) return reply.callNotFound();
    return reply.render("progress/review.njk", {
      pageTitle: `Year-end review of ${params.year}/${String((params.year + 1) % 100).padStart(2, "0")}`,
      section: "progress",
      year: params.year,
      lastYear: params.year + 1 >= planRow.firstYear + planRow.years,
      priorities: await reviewOfYear(db, planRow.id, params.year),
      ...vocabulary,
    });
  });

  app.post("/progress/review/:year", review, async (request, reply) => {
    const planRow = await plans.findCurrentPlan(db);
    const params = paramsOf(request, yearParams);
    if (!planRow || !params || params.year < planRow.firstYear || params.year >= planRow.firstYear + planRow.years) return reply.callNotFound();
    const form = reviewFormSchema.safeParse(request.body);
    const view = async () => ({
      pageTitle: `Year-end review of ${params.year}/${String((params.year + 1) % 100).padStart(2, "0")}`,
      section: "progress",
      year: params.year,
      lastYear: params.year + 1 >= planRow.firstYear + planRow.years,
      priorities: await reviewOfYear(db, planRow.id, params.year),
      values: formValues(request),
      ...vocabulary,
    });
    if (!form.success) return reply.code(400).render("progress/review.njk", { ...(await view()), errors: formErrors(form.error) });
    try {
      await saveReview(db, contextOf(actorOf(request), request.id), planRow, params.year, form.data, clock.now());
    } catch (error) {
      if (!(error instanceof progress.ProgressError)) throw error;
      return reply.code(400).render("progress/review.njk", { ...(await view()), errors: fieldErrors({ [error.field ?? "review"]: error.message }) });
    }
    return reply.redirect(`/progress/review/${params.year}?saved=1`, 303);
  });
}
