import { randomUUID } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { boardActionStatuses, boardActionStatusLabels } from "../../core/board-actions.ts";
import type { Clock } from "../../core/clock.ts";
import { fieldChanges } from "../../core/field-changes.ts";
import type { Database } from "../../db/client.ts";
import { StaleFormError } from "../../db/form-submissions.ts";
import { fieldErrors, formValues } from "../../web/forms.ts";
import { paramsOf, savedMessageOf } from "../../web/inputs.ts";
import { can } from "../access/index.ts";
import * as quality from "../quality/index.ts";
import { actionUpdates, boardActionFields, findBoardAction, mayUpdate, presentBoardAction, raiseBoardAction, updateBoardAction, type BoardActionRow } from "./action-log.ts";
import { idParams, readActionUpdateForm, readRaiseActionForm } from "./board-schemas.ts";
import { findBoard, findMeeting, meetingRecord } from "./boards.ts";
import type { MeetingPage } from "./meeting-routes.ts";
import { actorOf, changeContext, manage, mayManage, ownerOrManager, owners, read, todayOf } from "./route-context.ts";
import { riskView, riskViews } from "./service.ts";

const actionSaved = { "action-updated": "The action has been updated" };

const statusOptions = boardActionStatuses.map((value) => ({ value, text: boardActionStatusLabels[value] }));

/** Refused: only the action's owner and those who manage boards update it. */
const cannotUpdate = (reply: FastifyReply, refusal: string) =>
  reply.code(403).render("error.njk", { pageTitle: "You cannot update this action", paragraphs: [`${refusal}.`, "Ask the action's owner, or a plan editor, to record its progress."] });

/** The action logs' pages: raising an action at a meeting, and an action with its updates and the form its owner updates it by. */
export function actionRoutes(app: FastifyInstance, { db, clock, meetingPage }: { db: Database; clock: Clock; meetingPage: MeetingPage }): void {
  const today = () => todayOf(clock);

  app.post("/meetings/:id/actions", manage, async (request, reply) => {
    const params = paramsOf(request, idParams);
    const meeting = params && (await meetingRecord(db, params.id));
    if (!meeting) return reply.callNotFound();
    const body = formValues(request);
    const accounts = await owners(db);
    const [risk, audits] = [await riskOptionIds(db, today()), await quality.listActions(db, { status: "open", today: today() })];
    const form = readRaiseActionForm(body, { accountIds: accounts.map((a) => a.id), riskIds: risk, auditActionIds: audits.map((a) => a.action.id) }, meeting.heldOn);
    if (!form.ok) return meetingPage(request, reply.code(400), meeting, { actionValues: body, errors: fieldErrors(form.problems) });
    const owner = accounts.find((a) => a.id === form.form.ownerId);
    if (!owner) throw new Error("the owner read from the form is not an account");
    try {
      const added = await raiseBoardAction(db, changeContext(request), actorOf(request), { meetingId: meeting.id, riskId: form.form.riskId }, owner, form.form.form);
      return reply.redirect(`/meetings/${String(meeting.id)}?saved=${added.repeated ? "already-added" : "action-raised"}#actions`, 303);
    } catch (error) {
      if (!(error instanceof StaleFormError)) throw error;
      return meetingPage(request, reply.code(409), meeting, { actionValues: { ...body, formToken: randomUUID() }, errors: fieldErrors({ actionFormToken: error.message }) });
    }
  });

  async function actionPage(request: FastifyRequest, reply: FastifyReply, action: BoardActionRow, extra: Record<string, unknown> = {}) {
    const actor = actorOf(request);
    const meeting = action.meetingId === null ? undefined : await findMeeting(db, action.meetingId);
    const board = meeting && (await findBoard(db, meeting.boardId));
    const risk = action.riskId === null ? undefined : await riskView(db, action.riskId, today());
    const audit = action.qualityActionId === null ? undefined : await quality.findAction(db, action.qualityActionId);
    return reply.render("risks/board-action.njk", {
      pageTitle: `Action: ${action.description.slice(0, 80)}`,
      section: "risks",
      ...presentBoardAction(action, today()),
      meeting,
      board,
      risk,
      audit: audit?.action,
      // An audit action may tell of a child's case: its page is for those who read audits and its owner.
      auditReadable: audit !== undefined && (can(actor, "quality:read") || audit.action.ownerId === actor.id),
      updates: (await actionUpdates(db, [action.id])).map((u) => ({ ...u, statusLabel: boardActionStatusLabels[u.status] })),
      canUpdate: mayUpdate(action, { id: actor.id, mayManage: mayManage(request) }),
      statusOptions,
      values: { status: action.status, note: "", version: action.version },
      banner: savedMessageOf(request, actionSaved),
      ...extra,
    });
  }

  const actionOf = async (request: FastifyRequest) => {
    const params = paramsOf(request, idParams);
    return params ? findBoardAction(db, params.id) : undefined;
  };

  app.get("/board-actions/:id", read, async (request, reply) => {
    const action = await actionOf(request);
    if (!action) return reply.callNotFound();
    return actionPage(request, reply, action);
  });

  app.post("/board-actions/:id/update", ownerOrManager, async (request, reply) => {
    const action = await actionOf(request);
    if (!action) return reply.callNotFound();
    const actor = actorOf(request);
    // Refused before the form is read: whether the person may update it does not depend on what they sent.
    if (!mayUpdate(action, { id: actor.id, mayManage: mayManage(request) })) return cannotUpdate(reply, "Only the action's owner or a plan editor may update it");
    const body = formValues(request);
    const form = readActionUpdateForm(body);
    if (!form.ok) return actionPage(request, reply.code(400), action, { values: body, errors: fieldErrors(form.problems) });
    const result = await updateBoardAction(db, changeContext(request), actor, mayManage(request), action.id, form.form, today(), clock.now());
    if (result.ok) return reply.redirect(`/board-actions/${String(action.id)}?saved=action-updated`, 303);
    if ("refused" in result) return cannotUpdate(reply, result.refused);
    if (result.problem.code === "not-found") return reply.callNotFound();
    const current = result.problem.current;
    const attempted: BoardActionRow = { ...current, status: form.form.status };
    return actionPage(request, reply.code(409), current, { values: { ...body, version: current.version }, conflict: fieldChanges(boardActionFields(current), boardActionFields(attempted)) });
  });
}

/** The risks an action can mitigate: those not closed. */
async function riskOptionIds(db: Database, today: string): Promise<number[]> {
  return (await riskViews(db, today)).filter((r) => r.risk.status !== "closed").map((r) => r.risk.id);
}
