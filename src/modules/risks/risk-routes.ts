import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { boardActionOverdue, boardActionStatusLabels } from "../../core/board-actions.ts";
import type { Clock } from "../../core/clock.ts";
import { riskAppetiteLabels, riskAppetites, riskLevels, riskRatingLabels, riskRatings, scoreChangeLabels, type RiskScale } from "../../core/risk-scores.ts";
import { reviewStateLabels, riskCategories, riskCategoryLabels, riskKindLabels, riskStatusLabels } from "../../core/risks.ts";
import type { Database } from "../../db/client.ts";
import { conflictPage } from "../../web/conflict.ts";
import { dateBoxes, dateInput, fieldErrors, formProblems, formToken, formValues } from "../../web/forms.ts";
import { paramsOf, recordVersion, savedMessageOf, text } from "../../web/inputs.ts";
import { can } from "../access/index.ts";
import { linkablePlanOn } from "../plan/index.ts";
import { actionsOfRisks, raiseBoardAction } from "./action-log.ts";
import { findBoard, listBoards } from "./boards.ts";
import { exceptionMeasureIds, linkChoices, linksInWords, linkTargetOf } from "./links.ts";
import { filterRegister, registerHeatMap, sortRegister, type RegisterQuery } from "./register.ts";
import { actorOf, changeContext, mayManage, ownerOptions, ownerOrManager, owners, read, recordRule, todayOf, type FormValues } from "./route-context.ts";
import { idParams, linkParams, readBecomeIssueForm, readCloseForm, readNewRiskForm, readRiskForm, readScoreForm, registerQuerySchema, versionForm } from "./schemas.ts";
import { scoreChartSvg } from "./score-chart.ts";
import {
  addRisk,
  changeRisk,
  closeRisk,
  deescalateRisk,
  escalateRisk,
  linkRisk,
  mayChangeRisk,
  reopenRisk,
  riskBecomesIssue,
  riskFields,
  riskScale,
  riskView,
  riskViews,
  scoreRisk,
  StaleFormError,
  unlinkRisk,
  type RiskRow,
  type RiskView,
} from "./service.ts";

const saved = {
  added: "The risk has been added",
  "issue-added": "The issue has been added",
  "already-added": "This form had already been sent: nothing more was added",
  changed: "The risk has been saved",
  scored: "The score has been recorded",
  closed: "The risk has been closed",
  reopened: "The risk has been reopened",
  "became-issue": "The risk is now an issue: its scores and history are kept",
  linked: "The link has been added",
  "already-linked": "That link had been made already",
  unlinked: "The link has been removed",
  "already-unlinked": "That link had already been removed",
  "action-raised": "The mitigating action has been raised",
  escalated: "The risk has been escalated",
  "de-escalated": "The risk is no longer escalated: it is open in the register",
};

const levelOptions = (words: readonly string[], first: string) => [{ value: "", text: first }, ...riskLevels.map((l) => ({ value: String(l), text: `${String(l)}: ${words[l - 1] ?? ""}` }))];

/** The choices every risk form offers, by the council's scale. */
function formChoices(scale: RiskScale) {
  return {
    categoryOptions: [{ value: "", text: "Choose the category" }, ...riskCategories.map((c) => ({ value: c, text: riskCategoryLabels[c] }))],
    appetiteOptions: [{ value: "", text: "Not set" }, ...riskAppetites.map((a) => ({ value: a, text: riskAppetiteLabels[a] }))],
    likelihoodOptions: levelOptions(scale.likelihood, "Choose the likelihood"),
    impactOptions: levelOptions(scale.impact, "Choose the impact"),
    targetLikelihoodOptions: levelOptions(scale.likelihood, "No target"),
    targetImpactOptions: levelOptions(scale.impact, "No target"),
  };
}

/** A risk's content as its form holds it. */
function riskValues(risk: RiskRow): FormValues {
  return {
    title: risk.title,
    cause: risk.cause,
    event: risk.event,
    effect: risk.effect,
    category: risk.category,
    ownerId: risk.ownerId === null ? "" : String(risk.ownerId),
    controls: risk.controls,
    targetLikelihood: risk.targetLikelihood === null ? "" : String(risk.targetLikelihood),
    targetImpact: risk.targetImpact === null ? "" : String(risk.targetImpact),
    appetite: risk.appetite ?? "",
    ...dateBoxes("reviewOn", risk.reviewOn),
    version: risk.version,
  };
}

/** A risk as the register's rows show it. */
function registerRow(view: RiskView, exceptions: ReadonlySet<number>) {
  return {
    ...view,
    categoryLabel: riskCategoryLabels[view.risk.category],
    statusLabel: riskStatusLabels[view.risk.status],
    kindLabel: riskKindLabels[view.risk.kind],
    reviewLabel: reviewStateLabels[view.review],
    ratingLabel: view.latest ? riskRatingLabels[view.latest.residual.rating] : null,
    exception: view.links.some((l) => l.measureId !== null && exceptions.has(l.measureId)),
  };
}

const mitigationSchema = z.object({ formToken, description: text("The action", 1000, { required: "Enter the action" }), ownerId: z.string({ error: "Select the owner" }).regex(/^\d{1,10}$/, "Select the owner").transform(Number) });
const mitigationDue = dateInput("dueOn", "Due date");
const escalateSchema = z.object({ version: recordVersion(), boardId: z.string({ error: "Select the board" }).regex(/^\d{1,10}$/, "Select the board").transform(Number) });

/** The register, its heat map, and each risk's pages: adding and changing it, scoring it, its links and mitigating actions, closing it and its becoming an issue. */
export function riskRoutes(app: FastifyInstance, { db, clock }: { db: Database; clock: Clock }): void {
  const today = () => todayOf(clock);

  /** The register as the address asks for it; the heat map asks for every cell (no likelihood or impact chosen). */
  async function register(request: FastifyRequest, everyCell = false) {
    const asked: RegisterQuery = registerQuerySchema.parse(request.query);
    const query: RegisterQuery = everyCell ? { ...asked, likelihood: "", impact: "" } : asked;
    const [views, scale, exceptions, ownerChoices, plan] = [await riskViews(db, today()), await riskScale(db), await exceptionMeasureIds(db), await ownerOptions(db, "Anyone"), await linkablePlanOn(db, today())];
    const chosen = filterRegister(views, query);
    return {
      query,
      scale,
      chosen,
      rows: sortRegister(chosen, query.sort).map((v) => registerRow(v, exceptions)),
      filterOptions: {
        status: [
          { value: "current", text: "Open and escalated" },
          ...(["open", "escalated", "closed"] as const).map((s) => ({ value: s, text: riskStatusLabels[s] })),
        ],
        kind: [{ value: "", text: "Risks and issues" }, ...(["risk", "issue"] as const).map((k) => ({ value: k, text: `${riskKindLabels[k]}s only` }))],
        category: [{ value: "", text: "Every category" }, ...riskCategories.map((c) => ({ value: c, text: riskCategoryLabels[c] }))],
        rating: [{ value: "", text: "Any score" }, ...riskRatings.map((r) => ({ value: r, text: riskRatingLabels[r] })), { value: "not-scored", text: "Not yet scored" }],
        owner: ownerChoices,
        priority: [{ value: "", text: "Any priority" }, ...plan.priorities.map((p) => ({ value: String(p.id), text: `Priority ${String(p.number)}: ${p.title}` }))],
        sort: [
          { value: "score", text: "Highest score first" },
          { value: "review", text: "Soonest review first" },
          { value: "reference", text: "Reference" },
          { value: "title", text: "Title" },
        ],
      },
    };
  }

  app.get("/risks", read, async (request, reply) => {
    const shown = await register(request);
    const { likelihood, impact } = shown.query;
    return reply.render("risks/register.njk", {
      pageTitle: "Risk register",
      section: "risks",
      navKey: "register",
      ...shown,
      cell: likelihood && impact ? { likelihood, impact, likelihoodWord: shown.scale.likelihood[Number(likelihood) - 1], impactWord: shown.scale.impact[Number(impact) - 1] } : null,
      canAdd: can(request.actor, "risks:record"),
    });
  });

  app.get("/risks/heat-map", read, async (request, reply) => {
    const shown = await register(request, true);
    const map = registerHeatMap(shown.chosen, shown.scale, shown.query);
    return reply.render("risks/heat-map.njk", { pageTitle: "Risk heat map", section: "risks", navKey: "heat-map", ...shown, map });
  });

  async function formView(risk: RiskRow | null, values: FormValues, extra: Record<string, unknown> = {}) {
    return {
      pageTitle: risk ? `Change the risk: ${risk.title}` : "Add a risk or issue",
      section: "risks",
      risk,
      values,
      ownerOptions: await ownerOptions(db),
      ...formChoices(await riskScale(db)),
      ...extra,
    };
  }

  app.get("/risks/new", recordRule, async (request, reply) => {
    const actor = actorOf(request);
    return reply.render("risks/risk-form.njk", await formView(null, { formToken: randomUUID(), kind: "risk", ownerId: String(actor.id) }));
  });

  app.post("/risks/new", recordRule, async (request, reply) => {
    const body = formValues(request);
    const form = readNewRiskForm(body, await owners(db), today());
    if (!form.ok) return reply.code(400).render("risks/risk-form.njk", await formView(null, body, { errors: fieldErrors(form.problems) }));
    try {
      const added = await addRisk(db, changeContext(request), actorOf(request), form.form);
      const message = added.repeated ? "already-added" : form.form.kind === "issue" ? "issue-added" : "added";
      return reply.redirect(`/risks/${String(added.record.id)}?saved=${message}`, 303);
    } catch (error) {
      if (!(error instanceof StaleFormError)) throw error;
      return reply.code(409).render("risks/risk-form.njk", await formView(null, { ...body, formToken: randomUUID() }, { errors: fieldErrors({ formToken: error.message }) }));
    }
  });

  const riskOf = async (request: FastifyRequest) => {
    const params = paramsOf(request, idParams);
    return params ? riskView(db, params.id, today()) : undefined;
  };

  const mayChange = (request: FastifyRequest, risk: RiskRow) => request.actor !== null && mayChangeRisk(risk, { id: request.actor.id, mayManage: mayManage(request) });

  async function riskPage(request: FastifyRequest, reply: FastifyReply, view: RiskView, extra: Record<string, unknown> = {}) {
    const { risk } = view;
    const [scale, actions, links] = [await riskScale(db), await actionsOfRisks(db, [risk.id]), await linksInWords(db, view.links)];
    const canChange = mayChange(request, risk);
    const exceptions = await exceptionMeasureIds(db);
    const board = risk.escalatedToBoardId === null ? undefined : await findBoard(db, risk.escalatedToBoardId);
    return reply.render("risks/risk.njk", {
      pageTitle: `${view.reference}: ${risk.title}`,
      section: "risks",
      view,
      board,
      row: registerRow(view, exceptions),
      appetiteLabel: risk.appetite ? riskAppetiteLabels[risk.appetite] : null,
      history: view.history.map((h) => ({ ...h, changeLabel: scoreChangeLabels[h.change], inherentLabel: riskRatingLabels[h.inherent.rating], residualLabel: riskRatingLabels[h.residual.rating] })),
      chart: scoreChartSvg(`risk-${String(risk.id)}-scores`, `Scores of ${view.reference} over time`, view.history, scale, view.target?.score ?? null),
      targetLabel: view.target ? riskRatingLabels[view.target.rating] : null,
      scale,
      actions: actions.map((a) => ({ action: a, overdue: boardActionOverdue(a, today()), statusLabel: boardActionStatusLabels[a.status] })),
      links: links.map((l) => ({ ...l, exception: l.measureId !== null && exceptions.has(l.measureId) })),
      canChange,
      banner: savedMessageOf(request, saved),
      ...(canChange
        ? {
            ...formChoices(scale),
            linkGroups: (await linkChoices(db, today())).groups,
            boardOptions: [{ value: "", text: "Choose the board" }, ...(await listBoards(db)).map((b) => ({ value: String(b.id), text: b.name }))],
            ownerOptions: await ownerOptions(db),
            scoreValues: { formToken: randomUUID(), ...dateBoxes("assessedOn", today()), ...(view.latest ? { inherentLikelihood: String(view.latest.inherent.likelihood), inherentImpact: String(view.latest.inherent.impact), residualLikelihood: String(view.latest.residual.likelihood), residualImpact: String(view.latest.residual.impact) } : {}) },
            actionValues: { formToken: randomUUID(), ownerId: risk.ownerId === null ? "" : String(risk.ownerId) },
            linkValues: { linkToken: randomUUID(), linkTo: "" },
            statusValues: { version: risk.version, ...dateBoxes("happenedOn", today()) },
          }
        : {}),
      ...extra,
    });
  }

  app.get("/risks/:id", read, async (request, reply) => {
    const view = await riskOf(request);
    if (!view) return reply.callNotFound();
    return riskPage(request, reply, view);
  });

  /** A change to a risk: found, and by its owner or a plan editor; otherwise not found or refused. */
  async function changing(request: FastifyRequest, reply: FastifyReply): Promise<RiskView | null> {
    const view = await riskOf(request);
    if (!view) {
      await reply.callNotFound();
      return null;
    }
    if (!mayChange(request, view.risk)) {
      await reply.code(403).render("error.njk", { pageTitle: "You cannot change this risk", paragraphs: ["Only the risk's owner or a plan editor may change it."] });
      return null;
    }
    return view;
  }

  app.get("/risks/:id/edit", ownerOrManager, async (request, reply) => {
    const view = await changing(request, reply);
    if (!view) return reply;
    return reply.render("risks/risk-form.njk", await formView(view.risk, riskValues(view.risk)));
  });

  app.post("/risks/:id/edit", ownerOrManager, async (request, reply) => {
    const view = await changing(request, reply);
    if (!view) return reply;
    const body = formValues(request);
    const version = versionForm.safeParse(body);
    const form = readRiskForm(body, await owners(db));
    if (!version.success) return reply.code(400).render("risks/risk-form.njk", await formView(view.risk, body, { errors: fieldErrors(formProblems(version.error)) }));
    if (!form.ok) return reply.code(400).render("risks/risk-form.njk", await formView(view.risk, body, { errors: fieldErrors(form.problems) }));
    const result = await changeRisk(db, changeContext(request), view.risk.id, version.data.version, form.form);
    if (result.ok) return reply.redirect(`/risks/${String(view.risk.id)}?saved=changed`, 303);
    if (result.problem.code === "not-found") return reply.callNotFound();
    const current = result.problem.current;
    const attempted = riskFields({ ...current, ...form.form, targetLikelihood: form.form.target?.likelihood ?? null, targetImpact: form.form.target?.impact ?? null });
    return conflictPage(reply, "risks/risk-form.njk", await formView(current, { ...body, version: current.version }), riskFields(current), attempted);
  });

  app.post("/risks/:id/scores", ownerOrManager, async (request, reply) => {
    const view = await changing(request, reply);
    if (!view) return reply;
    const body = formValues(request);
    const form = readScoreForm(body, today());
    if (!form.ok) return riskPage(request, reply.code(400), view, { scoreValues: body, errors: fieldErrors(form.problems) });
    try {
      const added = await scoreRisk(db, changeContext(request), actorOf(request), view.risk.id, form.form);
      return reply.redirect(`/risks/${String(view.risk.id)}?saved=${added.repeated ? "already-added" : "scored"}#scores`, 303);
    } catch (error) {
      if (!(error instanceof StaleFormError)) throw error;
      return riskPage(request, reply.code(409), view, { scoreValues: { ...body, formToken: randomUUID() }, errors: fieldErrors({ formToken: error.message }) });
    }
  });

  /** Sends a status change's outcome: back to the risk, the conflict page over someone else's change, or not found. */
  async function afterStatusChange(request: FastifyRequest, reply: FastifyReply, view: RiskView, result: Awaited<ReturnType<typeof closeRisk>>, message: keyof typeof saved) {
    if (result.ok) return reply.redirect(`/risks/${String(view.risk.id)}?saved=${message}`, 303);
    if (result.problem.code === "not-found") return reply.callNotFound();
    const current = await riskView(db, view.risk.id, today());
    if (!current) return reply.callNotFound();
    return riskPage(request, reply.code(409), current, { errors: fieldErrors({ version: "Someone changed this risk while you were looking at it: its page now shows their change. Check it, then try again." }) });
  }

  app.post("/risks/:id/close", ownerOrManager, async (request, reply) => {
    const view = await changing(request, reply);
    if (!view) return reply;
    const body = formValues(request);
    const form = readCloseForm(body, view.risk.kind === "issue");
    if (!form.ok) return riskPage(request, reply.code(400), view, { statusValues: body, errors: fieldErrors(form.problems) });
    return afterStatusChange(request, reply, view, await closeRisk(db, changeContext(request), view.risk.id, form.form.version, today(), form.form.resolution), "closed");
  });

  app.post("/risks/:id/escalate", ownerOrManager, async (request, reply) => {
    const view = await changing(request, reply);
    if (!view) return reply;
    const body = formValues(request);
    const form = escalateSchema.safeParse(body);
    const board = form.success ? await findBoard(db, form.data.boardId) : undefined;
    if (!form.success || !board) return riskPage(request, reply.code(400), view, { statusValues: body, errors: fieldErrors(form.success ? { boardId: "Select the board from the list" } : formProblems(form.error)) });
    if (view.risk.status === "closed") return riskPage(request, reply.code(409), view, { errors: fieldErrors({ boardId: "A closed risk cannot be escalated: reopen it first" }) });
    return afterStatusChange(request, reply, view, await escalateRisk(db, changeContext(request), view.risk.id, form.data.version, board.id, today()), "escalated");
  });

  app.post("/risks/:id/de-escalate", ownerOrManager, async (request, reply) => {
    const view = await changing(request, reply);
    if (!view) return reply;
    const form = versionForm.safeParse(formValues(request));
    if (!form.success) return riskPage(request, reply.code(400), view, { errors: fieldErrors(formProblems(form.error)) });
    return afterStatusChange(request, reply, view, await deescalateRisk(db, changeContext(request), view.risk.id, form.data.version), "de-escalated");
  });

  app.post("/risks/:id/reopen", ownerOrManager, async (request, reply) => {
    const view = await changing(request, reply);
    if (!view) return reply;
    const form = versionForm.safeParse(formValues(request));
    if (!form.success) return riskPage(request, reply.code(400), view, { errors: fieldErrors(formProblems(form.error)) });
    return afterStatusChange(request, reply, view, await reopenRisk(db, changeContext(request), view.risk.id, form.data.version), "reopened");
  });

  app.post("/risks/:id/issue", ownerOrManager, async (request, reply) => {
    const view = await changing(request, reply);
    if (!view) return reply;
    const body = formValues(request);
    if (view.risk.kind === "issue") return riskPage(request, reply.code(409), view, { errors: fieldErrors({ issueImpact: "This risk is an issue already" }) });
    const form = readBecomeIssueForm(body, today());
    if (!form.ok) return riskPage(request, reply.code(400), view, { statusValues: body, errors: fieldErrors(form.problems) });
    return afterStatusChange(request, reply, view, await riskBecomesIssue(db, changeContext(request), view.risk.id, form.form.version, form.form.happenedOn, form.form.issueImpact), "became-issue");
  });

  app.post("/risks/:id/links", ownerOrManager, async (request, reply) => {
    const view = await changing(request, reply);
    if (!view) return reply;
    const body = formValues(request);
    const choices = await linkChoices(db, today());
    const target = linkTargetOf(body.linkTo, choices);
    const offered = choices.groups.some((g) => g.options.some((o) => o.value === body.linkTo));
    if (!target || !offered) return riskPage(request, reply.code(400), view, { linkValues: body, errors: fieldErrors({ linkTo: "Select a priority, milestone or measure from the list" }) });
    const made = await linkRisk(db, changeContext(request), view.risk.id, target);
    return reply.redirect(`/risks/${String(view.risk.id)}?saved=${made ? "linked" : "already-linked"}#links`, 303);
  });

  app.post("/risks/:id/links/:linkId/remove", ownerOrManager, async (request, reply) => {
    const view = await changing(request, reply);
    const params = paramsOf(request, linkParams);
    if (!view || !params) return view ? reply.callNotFound() : reply;
    const removed = await unlinkRisk(db, changeContext(request), view.risk.id, params.linkId);
    return reply.redirect(`/risks/${String(view.risk.id)}?saved=${removed ? "unlinked" : "already-unlinked"}#links`, 303);
  });

  app.post("/risks/:id/actions", ownerOrManager, async (request, reply) => {
    const view = await changing(request, reply);
    if (!view) return reply;
    const body = formValues(request);
    const fields = mitigationSchema.safeParse(body);
    const due = mitigationDue.safeParse(body);
    const problems = { ...(fields.success ? {} : formProblems(fields.error)), ...(due.success ? {} : formProblems(due.error)) };
    if (due.success && due.data === "") problems.dueOnDay = "Enter the date the action is due";
    const accounts = await owners(db);
    const owner = fields.success ? accounts.find((a) => a.id === fields.data.ownerId) : undefined;
    if (fields.success && !owner) problems.ownerId = "Select the owner from the list";
    if (!fields.success || !due.success || !owner || Object.keys(problems).length > 0) return riskPage(request, reply.code(400), view, { actionValues: body, errors: fieldErrors(problems) });
    try {
      const added = await raiseBoardAction(db, changeContext(request), actorOf(request), { riskId: view.risk.id }, owner, { formToken: fields.data.formToken, description: fields.data.description, dueOn: due.data });
      return reply.redirect(`/risks/${String(view.risk.id)}?saved=${added.repeated ? "already-added" : "action-raised"}#actions`, 303);
    } catch (error) {
      if (!(error instanceof StaleFormError)) throw error;
      return riskPage(request, reply.code(409), view, { actionValues: { ...body, formToken: randomUUID() }, errors: fieldErrors({ actionFormToken: error.message }) });
    }
  });
}
