import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { formatMeasureValue, type Unit } from "../../core/measure-format.ts";
import { planYearLabel } from "../../core/plan-years.ts";
import { ragLabels, ragRuleInWords } from "../../core/rag.ts";
import type { Database } from "../../db/client.ts";
import { fieldErrors, formErrors, multipartValue, uploadedFile } from "../../web/forms.ts";
import { idParam, optionalIsoDate, paramsOf, queryFilter } from "../../web/inputs.ts";
import { contextOf, fieldChanges } from "../access/audit.ts";
import { can } from "../access/policy.ts";
import * as repository from "./repository.ts";
import { oglNotice } from "./ogl.ts";
import {
  baselineFormSchema,
  commentaryFormSchema,
  editTargetFormSchema,
  entryPeriodSchema,
  measureParams,
  newTargetFormSchema,
  ragSettingsFormSchema,
  removeTargetFormSchema,
} from "./schemas.ts";
import * as targets from "./targets.ts";
import { frequencyNames, polarityNames, sourceNames, unitNames } from "./measure-editing.ts";
import * as measures from "./service.ts";
import { importValues, templateCsv, templateXlsx, validateValues } from "./value-import.ts";
import { describeConflicts, saveValues, seenVersion, valueKey } from "./value-saving.ts";
import { importDfeFile } from "./benchmark-import.ts";
import { scorecardCsv, scorecardXlsx } from "./exports.ts";
import { problemCounts } from "./file-reading/problems.ts";

const read = { config: { policy: "plan:read" as const } };
const manage = { config: { policy: "measures:manage" as const } };


const vocabulary = { ragLabels, variationLabels: measures.variationLabels, assuranceLabels: measures.assuranceLabels, oglNotice };

const scorecardQuery = z.object({
  priority: queryFilter,
  rag: queryFilter,
  variation: queryFilter,
  sort: z.enum(["code", "title", "rag", "variation", "period", "band"]).catch("code").default("code"),
  order: z.enum(["asc", "desc"]).catch("asc").default("asc"),
});

/** How a target is typed for each unit: the box's prefix or suffix, and an example. */
const unitAffixes: Record<Unit, { prefix: string; suffix: string; hint: string }> = {
  percentage: { prefix: "", suffix: "%", hint: "85 for 85%" },
  "percentage-change": { prefix: "", suffix: "%", hint: "a change on the year before, like 12 for a rise of 12% or -5 for a fall of 5%" },
  count: { prefix: "", suffix: "", hint: "a number, like 20" },
  "rate-per-10000": { prefix: "", suffix: "per 10,000", hint: "a rate per 10,000, like 55.2" },
  days: { prefix: "", suffix: "days", hint: "a number of days, like 20" },
  weeks: { prefix: "", suffix: "weeks", hint: "a number of weeks, like 20" },
  ratio: { prefix: "", suffix: "", hint: "a ratio, like 0.8" },
  money: { prefix: "£", suffix: "", hint: "pounds, like 68000" },
};

const polarityTexts = {
  "higher-better": "Higher is better",
  "lower-better": "Lower is better",
  neither: "Neither direction is better for this measure, so it is not rated red, amber or green against its targets",
} as const;

const targetParams = z.object({ id: idParam });

const ragOrder = { red: 0, amber: 1, green: 2, blue: 3 } as const;

function filteredRows(rows: readonly measures.PresentedRow[], q: z.infer<typeof scorecardQuery>) {
  const kept = rows.filter(
    (r) => (!q.priority || r.priorities.some((p) => String(p) === q.priority)) && (!q.rag || (q.rag === "none" ? r.rag === null : r.rag === q.rag)) && (!q.variation || r.variation === q.variation),
  );
  const key = (r: measures.PresentedRow): string | number => {
    switch (q.sort) {
      case "title":
        return r.title.toLowerCase();
      case "rag":
        return r.rag ? ragOrder[r.rag] : 9;
      case "variation":
        return r.variation;
      case "period":
        return r.period ? r.code : "";
      case "band":
        return r.band || "Z";
      default:
        return r.code;
    }
  };
  const sorted = [...kept].sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    return x < y ? -1 : x > y ? 1 : 0;
  });
  return q.order === "desc" ? sorted.reverse() : sorted;
}

export function measureRoutes(app: FastifyInstance, { db }: { db: Database }): void {
  const actorOf = (request: FastifyRequest) => {
    if (!request.actor) throw new Error("measure pages need a signed-in actor");
    return request.actor;
  };
  const measureCodeOf = (request: FastifyRequest) => paramsOf(request, measureParams)?.code ?? null;

  async function scorecardView(request: FastifyRequest) {
    const q = scorecardQuery.parse(request.query);
    const card = await measures.currentScorecard(db);
    const rows = card.presented();
    return { q, rows: filteredRows(rows, q), total: rows.length, rule: card.rule };
  }

  /** The scorecard rows a download holds: those the page shows with the same filters and order. */
  async function exportedRows(request: FastifyRequest) {
    const { rows } = await scorecardView(request);
    const card = await measures.currentScorecard(db);
    return rows.flatMap((r) => card.byCode.get(r.code) ?? []);
  }

  app.get("/measures", read, async (request, reply) => {
    const { q, rows, total, rule } = await scorecardView(request);
    const sortHref = (column: string) => {
      const params = new URLSearchParams({ ...q, sort: column, order: q.sort === column && q.order === "asc" ? "desc" : "asc" });
      return `/measures?${params.toString()}`;
    };
    const exportQuery = new URLSearchParams(Object.entries(q).filter(([, v]) => v !== "")).toString();
    return reply.render("scorecard.njk", {
      pageTitle: "Scorecard",
      section: "measures",
      rows,
      total,
      q,
      sortHref,
      exportQuery,
      ragRuleWords: ragRuleInWords(rule),
      canManage: can(request.actor, "measures:manage"),
      ...vocabulary,
    });
  });

  app.get("/measures.csv", read, async (request, reply) => {
    const rows = await exportedRows(request);
    return reply.type("text/csv; charset=utf-8").header("content-disposition", 'attachment; filename="waymark-scorecard.csv"').send(scorecardCsv(rows));
  });

  app.get("/measures.xlsx", read, async (request, reply) => {
    const rows = await exportedRows(request);
    return reply
      .type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
      .header("content-disposition", 'attachment; filename="waymark-scorecard.xlsx"')
      .send(await scorecardXlsx(rows));
  });

  app.get("/measures/exceptions", read, async (_request, reply) => {
    const card = await measures.currentScorecard(db);
    return reply.render("exceptions.njk", { pageTitle: "Data exceptions", section: "measures", rows: card.exceptions(), ragRuleWords: ragRuleInWords(card.rule), ...vocabulary });
  });

  app.get("/measures/import", manage, async (_request, reply) => reply.render("import.njk", { pageTitle: "Import values", section: "measures" }));

  app.get("/measures/template.csv", manage, async (_request, reply) => {
    const codes = (await repository.listMeasures(db)).map((m) => m.code);
    return reply.type("text/csv; charset=utf-8").header("content-disposition", 'attachment; filename="waymark-values-template.csv"').send(templateCsv(codes));
  });

  app.get("/measures/template.xlsx", manage, async (_request, reply) => {
    const codes = (await repository.listMeasures(db)).map((m) => m.code);
    return reply
      .type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
      .header("content-disposition", 'attachment; filename="waymark-values-template.xlsx"')
      .send(await templateXlsx(codes));
  });

  app.post("/measures/import", manage, async (request, reply) => {
    const file = uploadedFile(request.body);
    if (!file) return reply.code(400).render("import.njk", { pageTitle: "Import values", section: "measures", errors: fieldErrors({ file: "Select a CSV or Excel file to import" }) });
    const content = await file.toBuffer();
    const result = await importValues(db, contextOf(actorOf(request), request.id), file.filename, content);
    return reply.code(result.ok ? 200 : 400).render("import.njk", { pageTitle: "Import values", section: "measures", result, counts: problemCounts(result), fileName: file.filename });
  });

  /** The grid: every measure's value for one period, typed in the app. */
  // Each row carries the version of the value it showed (0 for none), so a save never overwrites
  // a value someone else changed in the meantime without the person seeing it first.
  const entryView = async (periodEnd: string, values: Record<string, unknown> | null) => {
    const all = await repository.listMeasures(db);
    const stored = new Map((await repository.listValuesOfPeriod(db, periodEnd)).map((v) => [v.measureId, v]));
    const filled: Record<string, unknown> =
      values ??
      Object.fromEntries(
        all.flatMap((m) => {
          const v = stored.get(m.id);
          return v ? [[`value-${m.code}`, String(v.value)], [`numerator-${m.code}`, v.numerator ?? ""], [`denominator-${m.code}`, v.denominator ?? ""], [`status-${m.code}`, v.status], [`note-${m.code}`, v.note]] : [];
        }),
      );
    const versions = values ? {} : Object.fromEntries(all.map((m) => [`version-${m.code}`, String(stored.get(m.id)?.version ?? 0)]));
    return { pageTitle: "Enter values", section: "measures", periodEnd, measures: all, values: { ...filled, ...versions } };
  };

  const lastMonthEnd = () => {
    const now = new Date();
    return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 0)).toISOString().slice(0, 10);
  };
  const periodQuery = z.object({ period: optionalIsoDate("Enter the period's last day").catch("") });

  app.get("/measures/entry", manage, async (request, reply) => {
    const period = periodQuery.parse(request.query).period || lastMonthEnd();
    return reply.render("entry.njk", await entryView(period, null));
  });

  app.post("/measures/entry", manage, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const period = entryPeriodSchema.safeParse(body.periodEnd);
    const periodEnd = period.success ? period.data : "";
    const all = await repository.listMeasures(db);
    const typed = all.filter((m) => String(body[`value-${m.code}`] ?? "").trim() !== "");
    if (typed.length === 0) {
      return reply.code(400).render("entry.njk", { ...(await entryView(periodEnd || lastMonthEnd(), body)), errors: fieldErrors({ periodEnd: "Enter at least one value" }) });
    }
    if (!period.success) return reply.code(400).render("entry.njk", { ...(await entryView(lastMonthEnd(), body)), errors: fieldErrors({ periodEnd: period.error.issues[0]?.message ?? "" }) });
    // Each row is checked by the rules a values file is, so the grid and imports accept the same figures.
    const box = (name: string, code: string) => String(body[`${name}-${code}`] ?? "");
    const table = typed.map((m) => ({ measure_code: m.code, period_end: periodEnd, value: box("value", m.code), numerator: box("numerator", m.code), denominator: box("denominator", m.code), status: box("status", m.code), note: box("note", m.code) }));
    const { rows, problems, warnings } = await validateValues(db, table);
    if (problems.length > 0) {
      // Each problem belongs to a measure's row of the grid: name the measure and the box.
      const fields: Record<string, string> = {};
      for (const p of problems) {
        const code = typed[p.row - 2]?.code;
        const box = p.column === "period_end" ? "periodEnd" : code ? `${p.column === "measure_code" ? "value" : p.column}-${code}` : "periodEnd";
        fields[box] ??= code && p.column !== "period_end" ? `${code}: ${p.message}` : p.message;
      }
      return reply.code(400).render("entry.njk", { ...(await entryView(periodEnd, body)), errors: fieldErrors(fields) });
    }
    const actor = actorOf(request);
    const seen = new Map(typed.map((m) => [valueKey(m.code, periodEnd), seenVersion(body[`version-${m.code}`])]));
    const result = await saveValues(db, contextOf(actor, request.id), rows, { provenance: `Entered by ${actor.username}`, seen });
    if (result.conflicts.length > 0) {
      // Nothing was saved: show what is saved now beside the edit, which the grid still holds,
      // with the versions saved now, so saving again replaces what the person has now seen.
      const versions = Object.fromEntries(result.conflicts.map((c) => [`version-${c.code}`, String(c.version)]));
      return reply.code(409).render("entry.njk", { ...(await entryView(periodEnd, { ...body, ...versions })), conflicts: describeConflicts(result.conflicts, all) });
    }
    // Saved, with a word on any value that looks mistyped, each linked to its box.
    const doubts = warnings.map((w) => ({ code: typed[w.row - 2]?.code ?? "", message: w.message }));
    return reply.render("entry.njk", { ...(await entryView(periodEnd, null)), result, warnings: doubts });
  });

  const mappedMeasures = async () => {
    const [all, mappings] = await Promise.all([repository.listMeasures(db), repository.listMappings(db)]);
    return all.filter((m) => mappings.some((x) => x.measureId === m.id)).map((m) => ({ code: m.code, title: m.title, file: mappings.find((x) => x.measureId === m.id)?.fileName }));
  };

  app.get("/measures/benchmarks/import", manage, async (_request, reply) =>
    reply.render("benchmark-import.njk", { pageTitle: "Import DfE statistics", section: "measures", measures: await mappedMeasures(), values: {}, oglNotice }),
  );

  app.post("/measures/benchmarks/import", manage, async (request, reply) => {
    const code = multipartValue(request.body, "measure");
    const view = { pageTitle: "Import DfE statistics", section: "measures", measures: await mappedMeasures(), values: { measure: code }, oglNotice };
    const file = uploadedFile(request.body);
    if (!code || !file) {
      return reply.code(400).render("benchmark-import.njk", { ...view, errors: fieldErrors({ ...(!code ? { measure: "Select the measure the file is for" } : {}), ...(!file ? { file: "Select the DfE CSV file to import" } : {}) }) });
    }
    const result = await importDfeFile(db, contextOf(actorOf(request), request.id), { measureCode: code, fileName: file.filename, content: await file.toBuffer() });
    return reply.code(result.ok ? 200 : 400).render("benchmark-import.njk", { ...view, result, counts: problemCounts(result), fileName: file.filename });
  });

  // The council's RAG rule.
  const settingsValues = (settings: measures.RagSettings) => ({
    amberRule: settings.rule.amber,
    amberPercent: String(settings.rule.percent),
    onTargetGreen: settings.rule.onTargetGreen ? "yes" : "no",
    version: settings.version,
  });
  const settingsView = (settings: measures.RagSettings, values: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    pageTitle: "How RAG is judged",
    section: "measures",
    settings,
    ragRuleWords: ragRuleInWords(settings.rule),
    values,
    ...vocabulary,
    ...extra,
  });

  app.get("/measures/settings", manage, async (request, reply) => {
    const settings = await measures.ragSettings(db);
    return reply.render("rag-settings.njk", settingsView(settings, settingsValues(settings), { saved: (request.query as Record<string, unknown>).saved === "1" }));
  });

  app.post("/measures/settings", manage, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const form = ragSettingsFormSchema.safeParse(body);
    if (!form.success) return reply.code(400).render("rag-settings.njk", settingsView(await measures.ragSettings(db), body, { errors: formErrors(form.error) }));
    const result = await measures.saveRagSettings(db, contextOf(actorOf(request), request.id), form.data);
    if (result.ok) return reply.redirect("/measures/settings?saved=1", 303);
    // Someone else changed the rule first: show theirs beside this edit, which the form still holds.
    const current = result.conflict;
    const mine = { amber: form.data.amber, percent: form.data.percent ?? current.rule.percent, onTargetGreen: form.data.onTargetGreen };
    return reply
      .code(409)
      .render("rag-settings.njk", settingsView(current, { ...body, version: current.version }, { conflict: fieldChanges(measures.ragRuleFields(current.rule), measures.ragRuleFields(mine)) }));
  });

  /** How a measure is defined, in the words its form uses: what it counts in, how often, which way is good and where its values come from. */
  const definitionFacts = (m: repository.MeasureRow) => [
    { key: "Which way is good", value: polarityNames[m.polarity] },
    { key: "Measured as", value: `${unitNames[m.unit]}, to ${m.decimals === 0 ? "whole numbers" : `${String(m.decimals)} decimal ${m.decimals === 1 ? "place" : "places"}`}` },
    { key: "How often", value: frequencyNames[m.frequency] },
    { key: "Where its values come from", value: sourceNames[m.source] },
  ];

  /** A measure's page; `extra` adds a form's errors after a refused save. */
  const renderMeasure = (reply: FastifyReply, request: FastifyRequest, view: NonNullable<Awaited<ReturnType<typeof measures.measurePage>>>, extra: Record<string, unknown> = {}) =>
    reply.render("measure.njk", { pageTitle: view.measure.title, section: "measures", ...view, definitionFacts: definitionFacts(view.measure), canManage: can(request.actor, "measures:manage"), values_: view.values, ...vocabulary, ...extra });

  app.get("/measures/:code", read, async (request, reply) => {
    const code = measureCodeOf(request);
    const view = code ? await measures.measurePage(db, code) : undefined;
    if (!view) return reply.callNotFound();
    const saved = (request.query as Record<string, unknown>).saved === "1";
    return renderMeasure(reply, request, view, { saved });
  });

  const handle = async (request: FastifyRequest, reply: FastifyReply, code: string, work: () => Promise<void>, form: string) => {
    try {
      await work();
    } catch (error) {
      if (!(error instanceof measures.MeasureError)) throw error;
      const view = await measures.measurePage(db, code);
      if (!view) return reply.callNotFound();
      if (error instanceof measures.CommentaryConflict) {
        // The page now carries the saved commentary's version: saving again replaces what was seen.
        const conflict = [{ field: "commentary", before: error.saved ?? "No commentary", after: error.yours }];
        return renderMeasure(reply.code(409), request, view, { conflict, commentaryText: error.yours, commentaryPeriod: error.periodEnd, errors: fieldErrors({ text: error.message }) });
      }
      return renderMeasure(reply.code(400), request, view, { errors: fieldErrors({ [error.field ?? form]: error.message }) });
    }
    return reply.redirect(`/measures/${code}?saved=1`, 303);
  };

  app.post("/measures/:code/commentary", manage, async (request, reply) => {
    const code = measureCodeOf(request);
    if (!code) return reply.callNotFound();
    const form = commentaryFormSchema.safeParse(request.body);
    if (!form.success) {
      const view = await measures.measurePage(db, code);
      if (!view) return reply.callNotFound();
      return renderMeasure(reply.code(400), request, view, { errors: formErrors(form.error) });
    }
    const seen = seenVersion((request.body as Record<string, unknown>)[`version-${form.data.periodEnd}`]);
    return handle(request, reply, code, () => measures.saveCommentary(db, contextOf(actorOf(request), request.id), code, form.data.periodEnd, form.data.text, seen), "text");
  });

  app.post("/measures/:code/baseline", manage, async (request, reply) => {
    const code = measureCodeOf(request);
    if (!code) return reply.callNotFound();
    const form = baselineFormSchema.safeParse(request.body);
    if (!form.success) {
      const view = await measures.measurePage(db, code);
      if (!view) return reply.callNotFound();
      return renderMeasure(reply.code(400), request, view, { errors: formErrors(form.error) });
    }
    return handle(request, reply, code, () => measures.recalculateFrom(db, contextOf(actorOf(request), request.id), code, form.data.fromPeriod, form.data.reason), "reason");
  });

  // Targets, added, changed and removed from a measure's page.
  const measureOf = async (request: FastifyRequest) => {
    const code = measureCodeOf(request);
    return code ? repository.findMeasure(db, code) : undefined;
  };
  /** The target id an address names, or null when it is not a real one (the page is not found). */
  const targetIdOf = (request: FastifyRequest) => paramsOf(request, targetParams)?.id ?? null;

  const targetValues = (t: repository.TargetRow) => ({
    planYear: planYearLabel(t.planYear),
    value: String(t.value),
    tolerance: t.tolerance ? String(t.tolerance) : "",
    oneOff: t.oneOff ? "yes" : "",
    achieved: t.achieved ? "yes" : "",
    note: t.note,
    version: t.version,
  });

  const targetView = async (measure: repository.MeasureRow, target: repository.TargetRow | null, values: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
    const { rule } = await measures.ragSettings(db);
    const affixes = unitAffixes[measure.unit];
    return {
      pageTitle: target ? `Change the ${planYearLabel(target.planYear)} target` : "Add a target",
      section: "measures",
      measure,
      target,
      values,
      action: target ? `/measures/${measure.code}/targets/${target.id}/edit` : `/measures/${measure.code}/targets/new`,
      affixes,
      unitHint: affixes.hint,
      polarityText: polarityTexts[measure.polarity],
      toleranceHint:
        rule.amber === "percentage"
          ? `How far worse than the target is still amber, in the measure's unit. Leave it empty to use the council's rule: amber within ${rule.percent}% of the target.`
          : "How far worse than the target is still amber, in the measure's unit. Leave it empty for none: then anything worse than the target is red.",
      ...extra,
    };
  };

  /** What the person tried to save, as the conflict page compares it with what is saved now. */
  const attempted = (current: repository.TargetRow, form: targets.TargetFields) => targets.targetFields({ ...current, ...form });

  app.get("/measures/:code/targets/new", manage, async (request, reply) => {
    const measure = await measureOf(request);
    if (!measure) return reply.callNotFound();
    return reply.render("target-form.njk", await targetView(measure, null, {}));
  });

  app.post("/measures/:code/targets/new", manage, async (request, reply) => {
    const measure = await measureOf(request);
    if (!measure) return reply.callNotFound();
    const body = (request.body ?? {}) as Record<string, unknown>;
    const form = newTargetFormSchema.safeParse(body);
    if (!form.success) return reply.code(400).render("target-form.njk", await targetView(measure, null, body, { errors: formErrors(form.error) }));
    const result = await targets.addTarget(db, contextOf(actorOf(request), request.id), measure, form.data);
    if (result.ok) return reply.redirect(`/measures/${measure.code}?saved=1#targets`, 303);
    const year = planYearLabel(form.data.planYear);
    return reply.code(400).render("target-form.njk", await targetView(measure, null, body, { errors: fieldErrors({ planYear: `${measure.code} already has a target for ${year}: change that one instead` }) }));
  });

  app.get("/measures/:code/targets/:id/edit", manage, async (request, reply) => {
    const [measure, id] = [await measureOf(request), targetIdOf(request)];
    const target = measure && id !== null && (await targets.findTargetOf(db, measure, id));
    if (!measure || !target) return reply.callNotFound();
    return reply.render("target-form.njk", await targetView(measure, target, targetValues(target)));
  });

  app.post("/measures/:code/targets/:id/edit", manage, async (request, reply) => {
    const [measure, id] = [await measureOf(request), targetIdOf(request)];
    if (!measure || id === null) return reply.callNotFound();
    const body = (request.body ?? {}) as Record<string, unknown>;
    // Removed by someone else before this edit arrived: offer the edit as a new target, so nothing is lost.
    const removedMeanwhile = async () => reply.code(409).render("target-form.njk", await targetView(measure, null, body, { removedMeanwhile: true }));
    const target = await targets.findTargetOf(db, measure, id);
    if (!target) return body.planYear ? removedMeanwhile() : reply.callNotFound();
    const form = editTargetFormSchema.safeParse(body);
    if (!form.success) return reply.code(400).render("target-form.njk", await targetView(measure, target, body, { errors: formErrors(form.error) }));
    const result = await targets.editTarget(db, contextOf(actorOf(request), request.id), measure, target.id, form.data);
    if (result.ok) return reply.redirect(`/measures/${measure.code}?saved=1#targets`, 303);
    if ("conflict" in result) {
      const current = result.conflict;
      return reply
        .code(409)
        .render("target-form.njk", await targetView(measure, current, { ...body, version: current.version }, { conflict: fieldChanges(targets.targetFields(current), attempted(current, form.data)) }));
    }
    return removedMeanwhile();
  });

  app.get("/measures/:code/targets/:id/remove", manage, async (request, reply) => {
    const [measure, id] = [await measureOf(request), targetIdOf(request)];
    const target = measure && id !== null && (await targets.findTargetOf(db, measure, id));
    if (!measure || !target) return reply.callNotFound();
    return reply.render("target-remove.njk", removeView(measure, target));
  });

  const removeView = (measure: repository.MeasureRow, target: repository.TargetRow, extra: Record<string, unknown> = {}) => {
    const f = (v: number) => formatMeasureValue(v, measure.unit, measure.decimals);
    return { pageTitle: `Remove the ${planYearLabel(target.planYear)} target`, section: "measures", measure, target, text: { value: f(target.value), tolerance: target.tolerance ? f(target.tolerance) : "None" }, ...extra };
  };

  app.post("/measures/:code/targets/:id/remove", manage, async (request, reply) => {
    const [measure, id] = [await measureOf(request), targetIdOf(request)];
    if (!measure || id === null) return reply.callNotFound();
    const target = await targets.findTargetOf(db, measure, id);
    // Already removed, by someone else: what was asked for is done.
    if (!target) return reply.redirect(`/measures/${measure.code}#targets`, 303);
    const form = removeTargetFormSchema.safeParse(request.body ?? {});
    if (!form.success) return reply.code(400).render("target-remove.njk", removeView(measure, target, { errors: formErrors(form.error) }));
    const result = await targets.removeTarget(db, contextOf(actorOf(request), request.id), measure, target.id, form.data.version);
    if (result.ok || "missing" in result) return reply.redirect(`/measures/${measure.code}${result.ok ? "?saved=1" : ""}#targets`, 303);
    if ("conflict" in result) return reply.code(409).render("target-remove.njk", removeView(measure, result.conflict, { changedMeanwhile: true }));
    return reply.callNotFound();
  });

  // The read-only API for other tools (Power BI, Excel): the same figures as the pages, as JSON.
  app.get("/api/measures", read, async (_request, reply) => {
    const rows = (await measures.scorecard(db)).map((row) => apiMeasure(row, row.values));
    return reply.send({ licence: oglNotice, measures: rows });
  });

  app.get("/api/measures/:code", read, async (request, reply) => {
    const measure = await measureOf(request);
    if (!measure) return reply.code(404).send({ error: "There is no measure with that code" });
    const [row] = await measures.scorecard(db, [measure.id]);
    if (!row) return reply.code(404).send({ error: "There is no measure with that code" });
    const [targets, values] = await Promise.all([repository.listTargets(db, [measure.id]), repository.listValues(db, [measure.id])]);
    return reply.send({ licence: oglNotice, ...apiMeasure(row, values), targets: targets.map((t) => ({ planYear: t.planYear, value: t.value, tolerance: t.tolerance, oneOff: t.oneOff })) });
  });
}

/** A measure for the API; the detail gives each value's note and provenance, the list leaves them out. */
function apiMeasure(row: Awaited<ReturnType<typeof measures.scorecard>>[number], values: (repository.SeriesPoint & { note?: string; provenance?: string })[]) {
  const { measure, benchmark } = row;
  return {
    code: measure.code,
    title: measure.title,
    definition: measure.definition,
    unit: measure.unit,
    polarity: measure.polarity,
    frequency: measure.frequency,
    decimals: measure.decimals,
    priorities: row.priorities,
    values: values.map((v) => ({ periodEnd: v.periodEnd, value: v.value, numerator: v.numerator, denominator: v.denominator, status: v.status, ...(v.provenance === undefined ? {} : { note: v.note, provenance: v.provenance }) })),
    rag: row.rag,
    variation: row.spc.variation,
    assurance: row.spc.assurance,
    benchmark: benchmark && {
      year: benchmark.year,
      england: benchmark.england,
      region: benchmark.region,
      council: benchmark.council?.value ?? null,
      neighbourMean: benchmark.neighbourMean,
      neighbours: benchmark.neighbours,
      quartileBand: benchmark.summary?.quartileBand ?? null,
      rank: benchmark.summary?.rank ?? null,
      rankOf: benchmark.summary?.rankOf ?? null,
    },
  };
}
