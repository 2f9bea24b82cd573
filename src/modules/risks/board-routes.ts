import { randomUUID } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { boardFrequencies, boardFrequencyLabels, minutesStateLabels } from "../../core/board-actions.ts";
import type { Clock } from "../../core/clock.ts";
import { riskRatingLabels } from "../../core/risk-scores.ts";
import { reviewStateLabels } from "../../core/risks.ts";
import type { Database } from "../../db/client.ts";
import { StaleFormError } from "../../db/form-submissions.ts";
import { conflictPage } from "../../web/conflict.ts";
import { fieldErrors, formValues, type Problems } from "../../web/forms.ts";
import { paramsOf, savedMessageOf } from "../../web/inputs.ts";
import { findCurrentPlan, listPriorities, type PriorityRow } from "../plan/index.ts";
import { actionsOfMeetings, presentBoardAction } from "./action-log.ts";
import { editFormSchema, idParams, memberParams, newFormSchema, readBoardForm, readMemberForm } from "./board-schemas.ts";
import { addBoard, addMember, BoardError, boardFields, boardsOverview, changeBoard, findBoard, listMembers, meetingsOf, minutesStateOf, removeMember, type BoardContent, type BoardRow } from "./boards.ts";
import { actorOf, changeContext, manage, mayManage, owners, read, todayOf, type FormValues } from "./route-context.ts";
import { riskViews } from "./service.ts";

export const boardSaved = {
  "board-added": "The board has been added",
  "board-saved": "The board has been saved",
  "member-added": "The member has been added",
  "member-removed": "The member has been taken off the board",
  "already-removed": "That member had already been taken off the board",
  "already-added": "This form had already been sent: nothing more was added",
};

const frequencyOptions = [{ value: "", text: "Choose how often it meets" }, ...boardFrequencies.map((value) => ({ value, text: boardFrequencyLabels[value] }))];

/** The plan's priorities a board can oversee: those in force, and any it oversees already. */
async function priorityChoices(db: Database, chosen: readonly number[]): Promise<PriorityRow[]> {
  const plan = await findCurrentPlan(db);
  const priorities = plan ? await listPriorities(db, plan.id) : [];
  return priorities.filter((p) => p.retiredAt === null || chosen.includes(p.id));
}

/** A board's content as its form holds it. */
function boardValues(board: BoardContent): FormValues {
  return { name: board.name, purpose: board.purpose, chair: board.chair, frequency: board.frequency, reportsTo: board.reportsTo, priorityIds: board.priorityIds.map(String) };
}

/** The ids ticked in the form, as the checkboxes compare them. */
const tickedIds = (values: FormValues): string[] => [values.priorityIds].flat().filter((v): v is string => typeof v === "string");

/** The boards' pages: the list, adding and changing a board, and a board with its members, meetings, escalated risks and open actions. */
export function boardRoutes(app: FastifyInstance, { db, clock }: { db: Database; clock: Clock }): void {
  const today = () => todayOf(clock);

  app.get("/boards", read, async (request, reply) =>
    reply.render("risks/boards.njk", {
      pageTitle: "Boards",
      section: "risks",
      navKey: "boards",
      boards: await boardsOverview(db),
      canManage: mayManage(request),
      banner: savedMessageOf(request, boardSaved),
    }),
  );

  async function formView(board: BoardRow | null, values: FormValues, extra: Record<string, unknown> = {}) {
    const ticked = tickedIds(values);
    const priorities = await priorityChoices(db, board?.priorityIds ?? []);
    return {
      pageTitle: board ? `Change the board: ${board.name}` : "Add a board",
      section: "risks",
      board,
      values,
      frequencyOptions,
      priorityOptions: priorities.map((p) => ({ value: String(p.id), text: `${String(p.number)}. ${p.title}`, checked: ticked.includes(String(p.id)) })),
      ...extra,
    };
  }

  const offeredPriorities = async (board: BoardRow | null) => (await priorityChoices(db, board?.priorityIds ?? [])).map((p) => p.id);

  app.get("/boards/new", manage, async (_request, reply) => reply.render("risks/board-form.njk", await formView(null, { formToken: randomUUID() })));

  app.post("/boards/new", manage, async (request, reply) => {
    const body = formValues(request);
    const token = newFormSchema.safeParse(body);
    const values = { ...body, formToken: token.success ? token.data.formToken : randomUUID() };
    const refuse = async (problems: Problems, status = 400) => reply.code(status).render("risks/board-form.njk", await formView(null, values, { errors: fieldErrors(problems) }));
    if (!token.success) return refuse({ formToken: "The form is missing its token: reload the page and try again" });
    const form = readBoardForm(body, await offeredPriorities(null));
    if (!form.ok) return refuse(form.problems);
    try {
      const added = await addBoard(db, changeContext(request), actorOf(request).displayName, token.data.formToken, form.form);
      return reply.redirect(`/boards/${String(added.record.id)}?saved=${added.repeated ? "already-added" : "board-added"}`, 303);
    } catch (error) {
      if (error instanceof BoardError) return refuse({ [error.field ?? "name"]: error.message });
      if (error instanceof StaleFormError) return refuse({ formToken: error.message }, 409);
      throw error;
    }
  });

  const boardOf = async (request: FastifyRequest) => {
    const params = paramsOf(request, idParams);
    return params ? findBoard(db, params.id) : undefined;
  };

  async function boardPage(request: FastifyRequest, reply: FastifyReply, board: BoardRow, extra: Record<string, unknown> = {}) {
    const canManage = mayManage(request);
    const [members, meetings, priorities] = [await listMembers(db, board.id), await meetingsOf(db, board.id), await priorityChoices(db, board.priorityIds)];
    const byMeeting = new Map(meetings.map((m) => [m.id, m]));
    const actions = (await actionsOfMeetings(db, [...byMeeting.keys()])).filter((a) => a.status !== "complete");
    const risks = (await riskViews(db, today())).filter((r) => r.risk.status === "escalated" && r.risk.escalatedToBoardId === board.id);
    const accounts = canManage ? await owners(db) : [];
    return reply.render("risks/board.njk", {
      pageTitle: board.name,
      section: "risks",
      board,
      frequency: boardFrequencyLabels[board.frequency],
      priorities: priorities.filter((p) => board.priorityIds.includes(p.id)),
      members,
      meetings: [...meetings].reverse().map((meeting) => ({ meeting, minutes: minutesStateLabels[minutesStateOf(meeting)] })),
      risks: risks.map((r) => ({
        ...r,
        rating: r.latest ? riskRatingLabels[r.latest.residual.rating] : null,
        reviewLabel: reviewStateLabels[r.review],
      })),
      actions: actions.map((a) => ({ ...presentBoardAction(a, today()), raisedAt: a.meetingId === null ? undefined : byMeeting.get(a.meetingId) })),
      canManage,
      accountOptions: [{ value: "", text: "Choose the person" }, ...accounts.map((a) => ({ value: String(a.id), text: a.displayName }))],
      accountValues: { formToken: randomUUID() },
      outsiderValues: { formToken: randomUUID() },
      banner: savedMessageOf(request, boardSaved),
      ...extra,
    });
  }

  app.get("/boards/:id", read, async (request, reply) => {
    const board = await boardOf(request);
    if (!board) return reply.callNotFound();
    return boardPage(request, reply, board);
  });

  app.get("/boards/:id/edit", manage, async (request, reply) => {
    const board = await boardOf(request);
    if (!board) return reply.callNotFound();
    return reply.render("risks/board-form.njk", await formView(board, { ...boardValues(board), version: board.version }));
  });

  app.post("/boards/:id/edit", manage, async (request, reply) => {
    const board = await boardOf(request);
    if (!board) return reply.callNotFound();
    const body = formValues(request);
    const refuse = async (problems: Problems) => reply.code(400).render("risks/board-form.njk", await formView(board, body, { errors: fieldErrors(problems) }));
    const version = editFormSchema.safeParse(body);
    if (!version.success) return refuse({ version: "The form is missing the record's version: reload the page" });
    const form = readBoardForm(body, await offeredPriorities(board));
    if (!form.ok) return refuse(form.problems);
    try {
      const result = await changeBoard(db, changeContext(request), board.id, version.data.version, form.form);
      if (result.ok) return reply.redirect(`/boards/${String(board.id)}?saved=board-saved`, 303);
      if (result.problem.code === "not-found") return reply.callNotFound();
      const current = result.problem.current;
      return conflictPage(reply, "risks/board-form.njk", await formView(current, { ...body, version: current.version }), boardFields(current), boardFields(form.form));
    } catch (error) {
      if (error instanceof BoardError) return refuse({ [error.field ?? "name"]: error.message });
      throw error;
    }
  });

  app.post("/boards/:id/members", manage, async (request, reply) => {
    const board = await boardOf(request);
    if (!board) return reply.callNotFound();
    const body = formValues(request);
    const accounts = await owners(db);
    const form = readMemberForm(body, new Map(accounts.map((a) => [a.id, a.displayName])));
    // The form that was sent keeps what was typed; the other starts afresh.
    const sentValues = body.kind === "outsider" ? { outsiderValues: body } : { accountValues: body };
    if (!form.ok) {
      const problems = { ...form.problems };
      if (problems.formToken) problems.memberFormToken = problems.formToken;
      delete problems.formToken;
      return boardPage(request, reply.code(400), board, { ...sentValues, errors: fieldErrors(problems) });
    }
    try {
      const added = await addMember(db, changeContext(request), board.id, form.form);
      return reply.redirect(`/boards/${String(board.id)}?saved=${added.repeated ? "already-added" : "member-added"}#members`, 303);
    } catch (error) {
      if (!(error instanceof StaleFormError)) throw error;
      return boardPage(request, reply.code(409), board, { ...sentValues, errors: fieldErrors({ memberFormToken: error.message }) });
    }
  });

  app.post("/boards/:id/members/:member/remove", manage, async (request, reply) => {
    const params = paramsOf(request, memberParams);
    const board = params && (await findBoard(db, params.id));
    if (!params || !board) return reply.callNotFound();
    const removed = await removeMember(db, changeContext(request), board.id, params.member);
    return reply.redirect(`/boards/${String(board.id)}?saved=${removed ? "member-removed" : "already-removed"}#members`, 303);
  });
}
