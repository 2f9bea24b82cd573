import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { statusColours, statusesFor, statusLabels, type MilestoneStatus } from "../../core/milestone-status.ts";
import { httpStatusOf, UserError } from "../../core/problems.ts";
import { londonDateOf } from "../../core/values-as-at.ts";
import { stateLabels, type Transition } from "../../core/progress-workflow.ts";
import type { Clock } from "../../core/clock.ts";
import type { Database } from "../../db/client.ts";
import { fieldErrors, formErrors, type FormErrors } from "../../web/forms.ts";
import { idParam, paramsOf, queryFilter, yearParam } from "../../web/inputs.ts";
import { contextOf, can, type Actor } from "../access/index.ts";
import * as plans from "../plan/index.ts";
import * as repository from "./repository.ts";
import { decisionLabels, reviewOfYear, saveReview } from "./review.ts";
import { openPeriodFormSchema, priorityUpdateFormSchema, returnFormSchema, reviewFormSchema, serviceUpdateFormSchema } from "./schemas.ts";
import * as progress from "./service.ts";

const read = { config: { policy: "plan:read" as const } };
const write = { config: { policy: "progress:write" as const } };
const approve = { config: { policy: "progress:approve" as const } };
const manage = { config: { policy: "progress:manage" as const } };
const review = { config: { policy: "plan:edit" as const } };

/** A period's or an update's address: `/progress/periods/4`, `/progress/updates/12/submit`. */
const idParams = z.object({ id: idParam });
const priorityParams = z.object({ id: idParam, number: idParam });
const yearParams = z.object({ year: yearParam });
const priorityNumberParams = z.object({ number: idParam });

/** What the views need to show statuses and states as tags with words. */
const vocabulary = { statusLabels, statusColours, stateLabels, decisionLabels };

/** The banner on the page a person lands on after each step, read from `?saved=`. */
const savedMessages = {
  draft: "Your draft has been saved. It is not published: submit it for approval when it is ready.",
  submitted: "The update has been submitted for approval",
  approved: "The update has been approved and is now published",
  returned: "The update has been returned to its lead with your comment",
} as const;
type SavedKey = keyof typeof savedMessages;

function bannerOf(request: FastifyRequest): { saved?: true; savedMessage?: string } {
  const key = (request.query as Record<string, unknown> | undefined)?.saved;
  return typeof key === "string" && Object.hasOwn(savedMessages, key) ? { saved: true, savedMessage: savedMessages[key as SavedKey] } : {};
}

/** The priority's update of a period, with the milestones it reports on. */
async function priorityUpdateOf(db: Database, period: repository.PeriodRow, priority: plans.PriorityRow, today: string) {
  const update = await repository.findUpdate(db, period.id, priority.id);
  const milestones = (await plans.listMilestones(db, [priority.id])).filter((m) => plans.inForceForYear(m, period.planYear, progress.askedOn(period, today)));
  const milestoneUpdates = update ? await repository.listMilestoneUpdates(db, [update.id]) : [];
  return { period: progress.describePeriod(period), priority, update: update ?? null, milestones, milestoneUpdates };
}

type PriorityUpdate = Awaited<ReturnType<typeof priorityUpdateOf>>;

export function progressRoutes(app: FastifyInstance, { db, clock }: { db: Database; clock: Clock }): void {
  const today = () => clock.now().toISOString().slice(0, 10);
  const londonToday = () => londonDateOf(clock.now());
  const actorOf = (request: FastifyRequest) => {
    if (!request.actor) throw new Error("progress pages need a signed-in actor");
    return request.actor;
  };

  async function loadPeriod(request: FastifyRequest) {
    const params = paramsOf(request, idParams);
    const period = params ? await repository.findPeriod(db, params.id) : undefined;
    return period ? progress.describePeriod(period) : null;
  }

  async function loadPriorityUpdate(request: FastifyRequest) {
    const params = paramsOf(request, priorityParams);
    if (!params) return null;
    const period = await repository.findPeriod(db, params.id);
    const priority = period ? await plans.findPriority(db, period.planId, params.number) : undefined;
    return period && priority ? priorityUpdateOf(db, period, priority, londonToday()) : null;
  }

  app.get("/progress", read, async (request, reply) => {
    const plan = await request.currentPlan();
    if (!plan) return reply.callNotFound();
    const periods = await progress.periodsOf(db, plan.id);
    return reply.render("progress/progress-index.njk", { pageTitle: "Progress", section: "progress", periods, canManage: can(request.actor, "progress:manage"), years: plan.years, values: {} });
  });

  app.post("/progress/periods", manage, async (request, reply) => {
    const plan = await request.currentPlan();
    const planRow = plan && (await plans.findCurrentPlan(db));
    if (!plan || !planRow) return reply.callNotFound();
    const body = request.body as Record<string, unknown>;
    const form = openPeriodFormSchema.safeParse(body);
    const view = { pageTitle: "Progress", section: "progress", periods: await progress.periodsOf(db, plan.id), canManage: true, years: plan.years, values: body };
    if (!form.success) return reply.code(400).render("progress/progress-index.njk", { ...view, errors: formErrors(form.error) });
    try {
      const period = await progress.openPeriod(db, contextOf(actorOf(request), request.id), planRow, form.data);
      return reply.redirect(`/progress/periods/${period.id}`, 303);
    } catch (error) {
      if (!(error instanceof progress.ProgressError)) throw error;
      return reply.code(400).render("progress/progress-index.njk", { ...view, errors: fieldErrors({ [error.field ?? "kind"]: error.message }) });
    }
  });

  app.get("/progress/periods/:id", read, async (request, reply) => {
    const period = await loadPeriod(request);
    if (!period) return reply.callNotFound();
    const actor = request.actor;
    const updates = await repository.listUpdatesOfPeriods(db, [period.id]);
    const priorities = await progress.prioritiesOfPeriod(db, period, updates, londonToday());
    const service = updates.find((u) => u.scope === "service");
    return reply.render("progress/period.njk", {
      pageTitle: period.label,
      section: "progress",
      period,
      service: service && progress.canSee(actor, service) ? service : null,
      canManage: can(actor, "progress:manage") && period.open,
      rows: priorities.map((priority) => {
        const update = updates.find((u) => u.priorityId === priority.id);
        return { priority, state: update ? (progress.canSee(actor, update) ? update.state : "unpublished") : "missing" };
      }),
      ...vocabulary,
      ...bannerOf(request),
    });
  });

  /**
   * A priority's update as this person may see it, with what they may do to it. An approver is
   * warned, before pressing Approve, of the measures that need commentary first.
   */
  async function renderUpdate(reply: FastifyReply, actor: Actor, found: PriorityUpdate, extra: Record<string, unknown> = {}) {
    const visible = found.update && progress.canSee(actor, found.update) ? found.update : null;
    // A priority retired from the plan is asked for nothing new: an update already begun may still be finished.
    const writable = found.period.open && progress.canWrite(actor, found.priority.id) && (found.update ? progress.isEditable(found.update.state) : found.priority.retiredAt === null);
    const canDecide = Boolean(visible && visible.state === "submitted" && can(actor, "progress:approve"));
    return reply.render("progress/update.njk", {
      pageTitle: `${found.period.label}: priority ${found.priority.number}`,
      section: "progress",
      ...found,
      update: visible,
      hidden: Boolean(found.update && !visible),
      milestoneRows: found.milestones.map((m) => ({ milestone: m, update: visible ? (found.milestoneUpdates.find((mu) => mu.milestoneId === m.id) ?? null) : null })),
      canEdit: writable,
      canSubmit: Boolean(visible && writable && progress.isEditable(visible.state)),
      canDecide,
      needsCommentary: canDecide ? await progress.exceptionsBlockingApproval(db, found.priority.id) : [],
      values: {},
      ...vocabulary,
      ...extra,
    });
  }

  app.get("/progress/periods/:id/priorities/:number", read, async (request, reply) => {
    const found = await loadPriorityUpdate(request);
    if (!found) return reply.callNotFound();
    return renderUpdate(reply, actorOf(request), found, bannerOf(request));
  });

  const editView = (found: PriorityUpdate, values: Record<string, unknown>) => ({
    pageTitle: `Update for ${found.period.label}: priority ${found.priority.number}`,
    section: "progress",
    ...found,
    statuses: statusesFor(found.period.kind === "year-end").map((s: MilestoneStatus) => ({ value: s, text: statusLabels[s] })),
    values,
  });

  function formValuesOf(found: PriorityUpdate): Record<string, unknown> {
    const u = found.update;
    const values: Record<string, unknown> = {
      narrative: u?.narrative.join("\n\n") ?? "",
      achievements: u?.achievements.join("\n") ?? "",
      plannedNext: u?.plannedNext.join("\n") ?? "",
      version: u?.version ?? 0,
    };
    u?.challenges.forEach((c, i) => {
      values[`challenge-${i + 1}`] = c.challenge;
      values[`mitigation-${i + 1}`] = c.mitigation;
    });
    for (const mu of found.milestoneUpdates) {
      values[`status-${mu.milestoneId}`] = mu.status ?? "";
      values[`note-${mu.milestoneId}`] = mu.narrative;
    }
    return values;
  }

  app.get("/progress/periods/:id/priorities/:number/edit", write, async (request, reply) => {
    const found = await loadPriorityUpdate(request);
    if (!found) return reply.callNotFound();
    if (!progress.canWrite(actorOf(request), found.priority.id)) return reply.code(403).render("error.njk", { pageTitle: "You do not have permission to see this page", paragraphs: ["Only this priority's leads can write its update."] });
    return reply.render("progress/update-form.njk", editView(found, formValuesOf(found)));
  });

  app.post("/progress/periods/:id/priorities/:number/edit", write, async (request, reply) => {
    const found = await loadPriorityUpdate(request);
    if (!found) return reply.callNotFound();
    const actor = actorOf(request);
    if (!progress.canWrite(actor, found.priority.id)) return reply.code(403).render("error.njk", { pageTitle: "You do not have permission to see this page", paragraphs: ["Only this priority's leads can write its update."] });
    const body = request.body as Record<string, unknown>;
    const form = priorityUpdateFormSchema.safeParse(body);
    if (!form.success) return reply.code(400).render("progress/update-form.njk", { ...editView(found, body), errors: formErrors(form.error) });
    const then = body.action === "submit" ? "submit" : "draft";
    try {
      await progress.saveUpdate(db, actor, contextOf(actor, request.id), found.period, found.priority.id, form.data, then, clock.now());
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      return reply.code(httpStatusOf[error.code]).render("progress/update-form.njk", { ...editView(found, body), errors: fieldErrors({ [error.field ?? "narrative"]: error.message }) });
    }
    return reply.redirect(`/progress/periods/${found.period.id}/priorities/${found.priority.number}?saved=${then === "submit" ? "submitted" : "draft"}`, 303);
  });

  /** The page an update's workflow buttons are on: the priority's update, or the period for the service-wide one. */
  async function pageOf(update: repository.UpdateRow) {
    const period = await repository.findPeriod(db, update.periodId);
    const priority = update.priorityId === null ? undefined : await plans.findPriorityById(db, update.priorityId);
    if (!period || !priority) return { href: `/progress/periods/${update.periodId}`, found: null };
    return { href: `/progress/periods/${period.id}/priorities/${priority.number}`, found: await priorityUpdateOf(db, period, priority, londonToday()) };
  }

  /**
   * Submits, approves or returns an update, then goes back to its page with a banner saying so. A
   * refusal is shown on the update's page, beside the button or the comment it is about.
   */
  function workflowStep(step: Transition, done: SavedKey) {
    return async (request: FastifyRequest, reply: FastifyReply) => {
      const params = paramsOf(request, idParams);
      const update = params ? await repository.findUpdateById(db, params.id) : undefined;
      if (!update) return reply.callNotFound();
      const actor = actorOf(request);
      const where = await pageOf(update);
      const refused = (code: number, errors: FormErrors) =>
        where.found ? renderUpdate(reply.code(code), actor, where.found, { errors, values: request.body ?? {} }) : reply.code(code).render("error.njk", { pageTitle: "That could not be done", paragraphs: errors.summary.map((e) => e.text) });
      let comment = "";
      if (step === "return") {
        const form = returnFormSchema.safeParse(request.body);
        if (!form.success) return refused(400, formErrors(form.error));
        comment = form.data.comment;
      }
      try {
        await progress.transition(db, actor, contextOf(actor, request.id), update.id, step, comment, clock.now());
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        return refused(httpStatusOf[error.code], fieldErrors({ [error.field ?? `${step}-button`]: error.message }));
      }
      return reply.redirect(`${where.href}?saved=${done}`, 303);
    };
  }

  app.post("/progress/updates/:id/submit", write, workflowStep("submit", "submitted"));
  app.post("/progress/updates/:id/approve", approve, workflowStep("approve", "approved"));
  app.post("/progress/updates/:id/return", approve, workflowStep("return", "returned"));

  app.get("/progress/periods/:id/service/edit", manage, async (request, reply) => {
    const period = await loadPeriod(request);
    if (!period) return reply.callNotFound();
    const update = await repository.findUpdate(db, period.id, null);
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
    const body = request.body as Record<string, unknown>;
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

  const complianceQuery = z.object({ priority: queryFilter, state: queryFilter, owner: queryFilter });

  app.get("/progress/periods/:id/compliance", read, async (request, reply) => {
    const period = await loadPeriod(request);
    if (!period) return reply.callNotFound();
    const filters = complianceQuery.parse(request.query);
    const found = await progress.compliance(db, period, today());
    const all = [...found.priorities, ...found.milestones];
    const shown = (r: progress.ComplianceRow) =>
      (!filters.priority || String(r.priorityNumber) === filters.priority) && (!filters.state || r.state === filters.state) && (!filters.owner || r.owner === filters.owner);
    return reply.render("progress/compliance.njk", {
      pageTitle: `${found.closed ? "What was reported" : "Who owes an update"}: ${period.label}`,
      section: "progress",
      period,
      ...found,
      priorityRows: found.priorities.filter(shown),
      milestoneRows: found.milestones.filter(shown),
      filters,
      owners: [...new Set(all.map((r) => r.owner))].sort(),
      priorityChoices: [...new Map(all.map((r) => [r.priorityNumber, r.priorityTitle])).entries()],
      ...vocabulary,
    });
  });

  const distanceQuery = z.object({ priority: queryFilter, period: queryFilter });

  app.get("/progress/distance", read, async (request, reply) => {
    const plan = await request.currentPlan();
    if (!plan) return reply.callNotFound();
    const filters = distanceQuery.parse(request.query);
    const view = await progress.distanceTravelled(db, plan.id);
    const periods = filters.period ? view.periods.filter((p) => String(p.id) === filters.period) : view.periods;
    const rows = (filters.priority ? view.rows.filter((r) => String(r.number) === filters.priority) : view.rows).map((r) => ({
      ...r,
      cells: r.cells.filter((c) => periods.some((p) => p.id === c.periodId)),
    }));
    return reply.render("progress/distance.njk", { pageTitle: "Distance travelled", section: "progress", periods, allPeriods: view.periods, rows, allRows: view.rows, filters });
  });

  app.get("/priorities/:number/timeline", read, async (request, reply) => {
    const plan = await request.currentPlan();
    const params = paramsOf(request, priorityNumberParams);
    const priority = plan && params ? await plans.findPriority(db, plan.id, params.number) : undefined;
    if (!plan || !priority) return reply.callNotFound();
    const entries = await progress.timeline(db, request.actor, plan.id, priority.id);
    return reply.render("progress/timeline.njk", { pageTitle: `Progress of priority ${priority.number}`, priority, entries, ...vocabulary });
  });

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
      values: request.body,
      ...vocabulary,
    });
    if (!form.success) return reply.code(400).render("progress/review.njk", { ...(await view()), errors: formErrors(form.error) });
    try {
      await saveReview(db, contextOf(actorOf(request), request.id), planRow, params.year, form.data);
    } catch (error) {
      if (!(error instanceof progress.ProgressError)) throw error;
      return reply.code(400).render("progress/review.njk", { ...(await view()), errors: fieldErrors({ [error.field ?? "review"]: error.message }) });
    }
    return reply.redirect(`/progress/review/${params.year}?saved=1`, 303);
  });
}
