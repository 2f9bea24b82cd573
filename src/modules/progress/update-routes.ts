import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { statusesFor, statusLabels, type MilestoneStatus } from "../../core/milestone-status.ts";
import { httpStatusOf, UserError } from "../../core/problems.ts";
import type { Transition } from "../../core/progress-workflow.ts";
import { fieldErrors, formErrors, formValues, type FormErrors } from "../../web/forms.ts";
import { paramsOf } from "../../web/inputs.ts";
import { contextOf, can, recordAccess, type Actor } from "../access/index.ts";
import * as plans from "../plan/index.ts";
import { evidenceAudienceOf, qualityFindingsFor } from "../quality/index.ts";
import { priorityUpdateFormSchema, returnFormSchema } from "./schemas.ts";
import * as progress from "./service.ts";
import { approve, bannerOf, idParams, progressRouteSupport, read, vocabulary, write, type ProgressRouteOptions, type SavedKey } from "./route-support.ts";

/** A priority's update in a period: its page, its form, and the workflow steps (submit, approve, return). */
export function updateRoutes(app: FastifyInstance, { db, clock }: ProgressRouteOptions): void {
  const { londonToday, actorOf, loadPriorityUpdate } = progressRouteSupport({ db, clock });

  /**
   * A priority's update as this person may see it, with what they may do to it. An approver is
   * warned, before pressing Approve, of the measures that need commentary first.
   */
  async function renderUpdate(reply: FastifyReply, actor: Actor, found: progress.PriorityUpdate, extra: Record<string, unknown> = {}) {
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

  /**
   * The update's form, with what quality assurance found in the period in the audits and actions
   * linked to the priority; the audits whose findings it shows are recorded as read.
   */
  const editView = async (request: FastifyRequest, found: progress.PriorityUpdate, values: Record<string, unknown>) => {
    const actor = actorOf(request);
    const quality = await qualityFindingsFor(db, found.priority.id, { from: found.period.startsOn, to: found.period.endsOn }, evidenceAudienceOf(actor, found.priority.id), londonToday());
    for (const audit of quality.findings) {
      await recordAccess(db, { ...contextOf(actor, request.id), userId: actor.id }, { recordType: "case audit", recordId: audit.id, purpose: "read the case audit's findings beside a progress update" });
    }
    return {
      pageTitle: `Update for ${found.period.label}: priority ${found.priority.number}`,
      section: "progress",
      ...found,
      statuses: statusesFor(found.period.kind === "year-end").map((s: MilestoneStatus) => ({ value: s, text: statusLabels[s] })),
      values,
      quality,
    };
  };

  function savedValuesOf(found: progress.PriorityUpdate): Record<string, unknown> {
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
    return reply.render("progress/update-form.njk", await editView(request, found, savedValuesOf(found)));
  });

  app.post("/progress/periods/:id/priorities/:number/edit", write, async (request, reply) => {
    const found = await loadPriorityUpdate(request);
    if (!found) return reply.callNotFound();
    const actor = actorOf(request);
    if (!progress.canWrite(actor, found.priority.id)) return reply.code(403).render("error.njk", { pageTitle: "You do not have permission to see this page", paragraphs: ["Only this priority's leads can write its update."] });
    const body = formValues(request);
    const form = priorityUpdateFormSchema.safeParse(body);
    if (!form.success) return reply.code(400).render("progress/update-form.njk", { ...(await editView(request, found, body)), errors: formErrors(form.error) });
    const then = body.action === "submit" ? "submit" : "draft";
    try {
      await progress.saveUpdate(db, actor, contextOf(actor, request.id), found.period, found.priority.id, form.data, then, clock.now());
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      return reply.code(httpStatusOf[error.code]).render("progress/update-form.njk", { ...(await editView(request, found, body)), errors: fieldErrors({ [error.field ?? "narrative"]: error.message }) });
    }
    return reply.redirect(`/progress/periods/${found.period.id}/priorities/${found.priority.number}?saved=${then === "submit" ? "submitted" : "draft"}`, 303);
  });

  /** The page an update's workflow buttons are on: the priority's update, or the period for the service-wide one. */
  async function pageOf(update: progress.UpdateRow) {
    const period = await progress.findPeriod(db, update.periodId);
    const priority = update.priorityId === null ? undefined : await plans.findPriorityById(db, update.priorityId);
    if (!period || !priority) return { href: `/progress/periods/${update.periodId}`, found: null };
    return { href: `/progress/periods/${period.id}/priorities/${priority.number}`, found: await progress.priorityUpdateOf(db, period, priority, londonToday()) };
  }

  /**
   * Submits, approves or returns an update, then goes back to its page with a banner saying so. A
   * refusal is shown on the update's page, beside the button or the comment it is about.
   */
  function workflowStep(step: Transition, done: SavedKey) {
    return async (request: FastifyRequest, reply: FastifyReply) => {
      const params = paramsOf(request, idParams);
      const update = params ? await progress.findUpdateById(db, params.id) : undefined;
      if (!update) return reply.callNotFound();
      const actor = actorOf(request);
      const where = await pageOf(update);
      const refused = (code: number, errors: FormErrors) =>
        where.found ? renderUpdate(reply.code(code), actor, where.found, { errors, values: formValues(request) }) : reply.code(code).render("error.njk", { pageTitle: "That could not be done", paragraphs: errors.summary.map((e) => e.text) });
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
}
