import type { FastifyInstance, FastifyRequest } from "fastify";
import { heatMap, riskRatingLabels, type RiskRating, type RiskScale } from "../../core/risk-scores.ts";
import type { Database } from "../../db/client.ts";
import { conflictPage } from "../../web/conflict.ts";
import { fieldErrors, formValues, type FormErrors } from "../../web/forms.ts";
import { savedMessageOf } from "../../web/inputs.ts";
import { actorOf, changeContext, manage, mayManage, read, type FormValues } from "./route-context.ts";
import { readScaleForm, scaleValues } from "./scale-schemas.ts";
import { changeScale, riskScaleSetting } from "./service.ts";

const scaleSaved = { "scale-saved": "The risk scale has been saved. Every score is rated by it from now on" };

/** The scores each band covers, lowest first: "Low, 1 to 4". */
function bandsOf(scale: RiskScale): { rating: RiskRating; label: string; from: number; to: number }[] {
  const starts: [RiskRating, number][] = [
    ["low", 1],
    ["medium", scale.mediumFrom],
    ["high", scale.highFrom],
    ["very-high", scale.veryHighFrom],
  ];
  return starts.map(([rating, from], i) => ({ rating, label: riskRatingLabels[rating], from, to: (starts[i + 1]?.[1] ?? 26) - 1 }));
}

/** The scale as the audit trail and the conflict page compare it. */
function scaleFields(scale: RiskScale) {
  return {
    likelihood: scale.likelihood.join(", "),
    impact: scale.impact.join(", "),
    mediumFrom: String(scale.mediumFrom),
    highFrom: String(scale.highFrom),
    veryHighFrom: String(scale.veryHighFrom),
  };
}

/** The council's risk scale: the words of the 5 × 5 matrix and where each band starts, for all to read and plan editors to change. */
export function scaleRoutes(app: FastifyInstance, { db }: { db: Database }): void {
  /** The page's view: the scale saved now, and the form to change it holding `values` (the scale saved now, unless given). */
  async function scaleView(request: FastifyRequest, extra: { values?: FormValues; errors?: FormErrors } = {}) {
    const setting = await riskScaleSetting(db);
    return {
      pageTitle: "The council's risk scale",
      section: "risks",
      navKey: "scale",
      scale: setting.scale,
      // The scale the migration sets is version 1: it was not changed by anyone until a later version.
      changedBy: setting.version > 1 ? setting.updatedBy : "",
      levels: setting.scale.likelihood.map((likelihood, i) => ({ level: i + 1, likelihood, impact: setting.scale.impact[i] ?? "" })),
      matrix: heatMap([], setting.scale).map((row) => ({ ...row, cells: row.cells.map((cell) => ({ ...cell, label: riskRatingLabels[cell.rating] })) })),
      bands: bandsOf(setting.scale),
      canManage: mayManage(request),
      values: { ...scaleValues(setting.scale), version: String(setting.version) },
      banner: savedMessageOf(request, scaleSaved),
      ...extra,
    };
  }

  app.get("/risks/settings", read, async (request, reply) => reply.render("risks/scale.njk", await scaleView(request)));

  app.post("/risks/settings", manage, async (request, reply) => {
    const body = formValues(request);
    const form = readScaleForm(body);
    if (!form.ok) return reply.code(400).render("risks/scale.njk", await scaleView(request, { values: body, errors: fieldErrors(form.problems) }));
    const result = await changeScale(db, changeContext(request), actorOf(request), form.form.version, form.form.scale);
    if (result.ok) return reply.redirect("/risks/settings?saved=scale-saved", 303);
    if (result.problem.code === "not-found") return reply.callNotFound();
    const current = result.problem.current;
    return conflictPage(reply, "risks/scale.njk", await scaleView(request, { values: { ...body, version: String(current.version) } }), scaleFields(current.scale), scaleFields(form.form.scale));
  });
}
