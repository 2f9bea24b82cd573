import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Database } from "../../db/client.ts";
import { conflictPage } from "../../web/conflict.ts";
import { fieldErrors, formErrors } from "../../web/forms.ts";
import { paramsOf } from "../../web/inputs.ts";
import { contextOf } from "../access/index.ts";
import * as plans from "../plan/index.ts";
import * as editing from "./measure-editing.ts";
import { bodyOf, manage } from "./route-support.ts";
import { chosenSources, editMeasureFormSchema, frequencies, measureParams, mostDecimalPlaces, newMeasureFormSchema, polarities, units } from "./schemas.ts";

/** What a form shows: what the person typed, so a refused form never loses their work. */
type FormValues = Record<string, unknown>;

const options = {
  units: units.map((value) => ({ value, text: editing.unitNames[value] })),
  polarities: polarities.map((value) => ({
    value,
    text: editing.polarityNames[value],
    hint: value === "neither" ? "For activity, such as the number of referrals: shown and charted, never rated red, amber or green" : undefined,
  })),
  frequencies: frequencies.map((value) => ({ value, text: editing.frequencyNames[value], hint: value === "annual" ? "April to March" : value === "academic-year" ? "September to August" : undefined })),
  decimals: Array.from({ length: mostDecimalPlaces + 1 }, (_, n) => ({ value: String(n), text: `${String(n)}, like ${(26.1437).toFixed(n)}` })),
  sources: chosenSources.map((value) => ({ value, text: editing.sourceNames[value] })),
};

/** The form's values for a measure as it is saved. */
function savedValues(m: editing.MeasureRecord): FormValues {
  return {
    title: m.title,
    definition: m.definition,
    unit: m.unit,
    polarity: m.polarity,
    frequency: m.frequency,
    decimals: String(m.decimals),
    source: m.source,
    priorities: m.priorities.map(String),
    owner: m.owner ?? "",
    version: m.version,
  };
}

/** The fields a confirmation page sends back unchanged, one hidden input each (one per ticked priority). */
function hiddenFields(form: editing.MeasureDefinition & { version: number }) {
  const single = { title: form.title, definition: form.definition, unit: form.unit, polarity: form.polarity, frequency: form.frequency, decimals: String(form.decimals), source: form.source, owner: form.owner, version: String(form.version) };
  return [...Object.entries(single).map(([name, value]) => ({ name, value })), ...form.priorities.map((n) => ({ name: "priorities", value: String(n) }))];
}

/** Adding a measure to the catalogue and changing one's definition. */
export function measureEditRoutes(app: FastifyInstance, { db }: { db: Database }): void {
  const context = (request: FastifyRequest) => {
    if (!request.actor) throw new Error("changing measures needs a signed-in actor");
    return contextOf(request.actor, request.id);
  };

  /** The request's plan, whose priorities a measure's are numbered as. */
  const planIdOf = async (request: FastifyRequest) => (await request.currentPlan())?.id ?? null;

  /** The plan's priorities a measure may be linked to, by number, for the form's boxes. */
  const planPriorities = async (request: FastifyRequest) => {
    const plan = await request.currentPlan();
    return plan ? (await plans.listPriorities(db, plan.id)).map((p) => ({ number: p.number, title: p.title })) : [];
  };

  async function formView(request: FastifyRequest, measure: editing.MeasureRecord | null, values: FormValues, extra: Record<string, unknown> = {}) {
    const ticked = [values.priorities].flat().filter((v): v is string => typeof v === "string");
    return {
      pageTitle: measure ? `Change ${measure.code}: ${measure.title}` : "Add a measure",
      section: "measures",
      measure,
      values,
      ticked,
      priorities: await planPriorities(request),
      options,
      action: measure ? `/measures/${measure.code}/edit` : "/measures/new",
      ...extra,
    };
  }

  const render = async (reply: FastifyReply, measure: editing.MeasureRecord | null, values: FormValues, extra: Record<string, unknown> = {}) =>
    reply.render("measures/measure-form.njk", await formView(reply.request, measure, values, extra));

  app.get("/measures/new", manage, async (_request, reply) => render(reply, null, { decimals: "0", source: "entered" }));

  app.post("/measures/new", manage, async (request, reply) => {
    const body = bodyOf(request);
    const form = newMeasureFormSchema.safeParse(body);
    if (!form.success) return render(reply.code(400), null, body, { errors: formErrors(form.error) });
    const result = await editing.addMeasure(db, context(request), await planIdOf(request), form.data);
    if (result.ok) return reply.redirect(`/measures/${result.measure.code}?saved=1`, 303);
    if ("problems" in result) return render(reply.code(400), null, body, { errors: fieldErrors(result.problems) });
    // A second click of Add finds the measure the first added; another measure with the code is refused.
    if (result.same) return reply.redirect(`/measures/${result.existing.code}?saved=1`, 303);
    const taken = `There is already a measure with the code ${result.existing.code} (${result.existing.title}): choose another code`;
    return render(reply.code(400), null, body, { errors: fieldErrors({ code: taken }) });
  });

  const measureOf = async (request: FastifyRequest) => {
    const code = paramsOf(request, measureParams)?.code;
    return code ? editing.findMeasureRecord(db, code) : undefined;
  };

  app.get("/measures/:code/edit", manage, async (request, reply) => {
    const measure = await measureOf(request);
    if (!measure) return reply.callNotFound();
    return render(reply, measure, savedValues(measure));
  });

  app.post("/measures/:code/edit", manage, async (request, reply) => {
    const measure = await measureOf(request);
    if (!measure) return reply.callNotFound();
    const body = bodyOf(request);
    const form = editMeasureFormSchema.safeParse(body);
    if (!form.success) return render(reply.code(400), measure, body, { errors: formErrors(form.error) });
    const { confirm, ...fields } = form.data;
    // Back from the confirmation page: the form again, holding the change.
    if (confirm === "no") return render(reply, measure, body);
    const result = await editing.editMeasure(db, context(request), await planIdOf(request), measure.code, fields, confirm === "yes");
    if (result.ok) return reply.redirect(`/measures/${measure.code}?saved=1`, 303);
    if ("problems" in result) return render(reply.code(400), measure, body, { errors: fieldErrors(result.problems) });
    if ("confirm" in result) {
      return reply.render("measures/measure-confirm.njk", { pageTitle: `Confirm the change to ${measure.code}`, section: "measures", measure, change: result.confirm, hidden: hiddenFields(fields) });
    }
    if (result.problem.code === "not-found") throw result.problem;
    const current = result.problem.current;
    const view = await formView(request, current, { ...body, version: current.version });
    return conflictPage(reply, "measures/measure-form.njk", view, editing.measureFields(current), editing.attemptedFields(current, fields));
  });
}
