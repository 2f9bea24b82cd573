import type { FastifyInstance } from "fastify";
import type { Clock } from "../../core/clock.ts";
import type { Database } from "../../db/client.ts";
import { formErrors } from "../../web/forms.ts";
import { fieldChanges } from "../../core/field-changes.ts";
import { contextOf } from "../access/index.ts";
import { settingsPage, settingsValues } from "./rag-settings-view.ts";
import { actorOf, bodyOf, manage, savedOf } from "./route-support.ts";
import { ragSettingsFormSchema } from "./schemas.ts";
import * as measures from "./service.ts";

/** The council's RAG rule: how far from a target is still amber, and whether on target is green. */
export function ragSettingsRoutes(app: FastifyInstance, { db, clock }: { db: Database; clock: Clock }): void {
  app.get("/measures/settings", manage, async (request, reply) => {
    const settings = await measures.ragSettings(db);
    return reply.render("measures/rag-settings.njk", settingsPage(settings, settingsValues(settings), { saved: savedOf(request) }));
  });

  app.post("/measures/settings", manage, async (request, reply) => {
    const body = bodyOf(request);
    const form = ragSettingsFormSchema.safeParse(body);
    if (!form.success) return reply.code(400).render("measures/rag-settings.njk", settingsPage(await measures.ragSettings(db), body, { errors: formErrors(form.error) }));
    const result = await measures.saveRagSettings(db, contextOf(actorOf(request), request.id), form.data, clock.now());
    if (result.ok) return reply.redirect("/measures/settings?saved=1", 303);
    if (result.problem.code === "not-found") throw result.problem;
    // Someone else changed the rule first: show theirs beside this edit, which the form still holds.
    const current = result.problem.current;
    const mine = { amber: form.data.amber, percent: form.data.percent ?? current.rule.percent, onTargetGreen: form.data.onTargetGreen };
    return reply
      .code(409)
      .render("measures/rag-settings.njk", settingsPage(current, { ...body, version: current.version }, { conflict: fieldChanges(measures.ragRuleFields(current.rule), measures.ragRuleFields(mine)) }));
  });
}
