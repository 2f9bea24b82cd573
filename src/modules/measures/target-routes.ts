import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import { httpStatusOf, UserError } from "../../core/problems.ts";
import type { Database } from "../../db/client.ts";
import { fieldErrors, formErrors } from "../../web/forms.ts";
import { idParam, paramsOf } from "../../web/inputs.ts";
import { fieldChanges } from "../../core/field-changes.ts";
import { contextOf } from "../access/index.ts";
import * as repository from "./repository.ts";
import { actorOf, bodyOf, manage, measureCodeOf } from "./route-support.ts";
import { editTargetFormSchema, newTargetFormSchema, removeTargetFormSchema } from "./schemas.ts";
import { attempted, removeTargetPage, targetFormPage, targetValues } from "./target-view.ts";
import * as targets from "./targets.ts";

const targetParams = z.object({ id: idParam });

/** A measure's targets, added, changed and removed from its page. */
export function targetRoutes(app: FastifyInstance, { db }: { db: Database }): void {
  const measureOf = async (request: FastifyRequest) => {
    const code = measureCodeOf(request);
    return code ? repository.findMeasure(db, code) : undefined;
  };
  /** The target id an address names, or null when it is not a real one (the page is not found). */
  const targetIdOf = (request: FastifyRequest) => paramsOf(request, targetParams)?.id ?? null;

  app.get("/measures/:code/targets/new", manage, async (request, reply) => {
    const measure = await measureOf(request);
    if (!measure) return reply.callNotFound();
    return reply.render("measures/target-form.njk", await targetFormPage(db, measure, null, {}));
  });

  app.post("/measures/:code/targets/new", manage, async (request, reply) => {
    const measure = await measureOf(request);
    if (!measure) return reply.callNotFound();
    const body = bodyOf(request);
    const form = newTargetFormSchema.safeParse(body);
    if (!form.success) return reply.code(400).render("measures/target-form.njk", await targetFormPage(db, measure, null, body, { errors: formErrors(form.error) }));
    try {
      await targets.addTarget(db, contextOf(actorOf(request), request.id), measure, form.data);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      const errors = fieldErrors({ [error.field ?? "planYear"]: error.message });
      return reply.code(httpStatusOf[error.code]).render("measures/target-form.njk", await targetFormPage(db, measure, null, body, { errors }));
    }
    return reply.redirect(`/measures/${measure.code}?saved=1#targets`, 303);
  });

  app.get("/measures/:code/targets/:id/edit", manage, async (request, reply) => {
    const [measure, id] = [await measureOf(request), targetIdOf(request)];
    const target = measure && id !== null && (await targets.findTargetOf(db, measure, id));
    if (!measure || !target) return reply.callNotFound();
    return reply.render("measures/target-form.njk", await targetFormPage(db, measure, target, targetValues(target)));
  });

  app.post("/measures/:code/targets/:id/edit", manage, async (request, reply) => {
    const [measure, id] = [await measureOf(request), targetIdOf(request)];
    if (!measure || id === null) return reply.callNotFound();
    const body = bodyOf(request);
    // Removed by someone else before this edit arrived: offer the edit as a new target, so nothing is lost.
    const removedMeanwhile = async () => reply.code(409).render("measures/target-form.njk", await targetFormPage(db, measure, null, body, { removedMeanwhile: true }));
    const target = await targets.findTargetOf(db, measure, id);
    if (!target) return body.planYear ? removedMeanwhile() : reply.callNotFound();
    const form = editTargetFormSchema.safeParse(body);
    if (!form.success) return reply.code(400).render("measures/target-form.njk", await targetFormPage(db, measure, target, body, { errors: formErrors(form.error) }));
    const result = await targets.editTarget(db, contextOf(actorOf(request), request.id), measure, target.id, form.data);
    if (result.ok) return reply.redirect(`/measures/${measure.code}?saved=1#targets`, 303);
    if (result.problem.code === "not-found") return removedMeanwhile();
    const current = result.problem.current;
    const conflict = fieldChanges(targets.targetFields(current), attempted(current, form.data));
    return reply.code(409).render("measures/target-form.njk", await targetFormPage(db, measure, current, { ...body, version: current.version }, { conflict }));
  });

  app.get("/measures/:code/targets/:id/remove", manage, async (request, reply) => {
    const [measure, id] = [await measureOf(request), targetIdOf(request)];
    const target = measure && id !== null && (await targets.findTargetOf(db, measure, id));
    if (!measure || !target) return reply.callNotFound();
    return reply.render("measures/target-remove.njk", removeTargetPage(measure, target));
  });

  app.post("/measures/:code/targets/:id/remove", manage, async (request, reply) => {
    const [measure, id] = [await measureOf(request), targetIdOf(request)];
    if (!measure || id === null) return reply.callNotFound();
    const target = await targets.findTargetOf(db, measure, id);
    // Already removed, by someone else: what was asked for is done.
    if (!target) return reply.redirect(`/measures/${measure.code}#targets`, 303);
    const form = removeTargetFormSchema.safeParse(request.body ?? {});
    if (!form.success) return reply.code(400).render("measures/target-remove.njk", removeTargetPage(measure, target, { errors: formErrors(form.error) }));
    const result = await targets.removeTarget(db, contextOf(actorOf(request), request.id), measure, target.id, form.data.version);
    if (result.ok) return reply.redirect(`/measures/${measure.code}?saved=1#targets`, 303);
    if (result.problem.code === "not-found") return reply.redirect(`/measures/${measure.code}#targets`, 303);
    return reply.code(409).render("measures/target-remove.njk", removeTargetPage(measure, result.problem.current, { changedMeanwhile: true }));
  });
}
