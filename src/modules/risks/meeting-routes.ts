import { randomUUID } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { attendanceKinds, attendanceLabels, minutesStateLabels } from "../../core/board-actions.ts";
import { formatDate } from "../../core/format.ts";
import { StaleFormError } from "../../db/form-submissions.ts";
import { conflictPage } from "../../web/conflict.ts";
import { dateBoxes, fieldErrors, formValues, type Problems } from "../../web/forms.ts";
import { paramsOf, savedMessageOf } from "../../web/inputs.ts";
import { can } from "../access/index.ts";
import * as quality from "../quality/index.ts";
import { pdfPrinter } from "../reports/index.ts";
import { actionsOfMeetings, mattersArisingAt, presentBoardAction } from "./action-log.ts";
import { editFormSchema, idParams, mostAttendees, mostItems, newFormSchema, readApprovalForm, readMeetingForm, wantsMoreBoxes, type ItemTargets } from "./board-schemas.ts";
import {
  addMeeting,
  approvalRefusal,
  approveMinutes,
  changeMeeting,
  findBoard,
  listMembers,
  meetingFields,
  meetingRecord,
  meetingsOf,
  minutesStateOf,
  nextOf,
  previousOf,
  type BoardRow,
  type MeetingContent,
  type MeetingRecord,
  type MemberRow,
} from "./boards.ts";
import { actorOf, changeContext, manage, mayManage, ownerOptions, read, todayOf, type FormValues, type RiskRouteOptions } from "./route-context.ts";
import { findTarget, itemTargets, itemsWithTargets, type Target, type Targets } from "./meeting-targets.ts";

export const meetingSaved = {
  "meeting-added": "The meeting has been added",
  "meeting-saved": "The meeting has been saved",
  "minutes-approved": "The minutes have been approved",
  "action-raised": "The action has been raised",
  "already-added": "This form had already been sent: nothing more was added",
};

/** A meeting's page, shown again by the forms on it (with their errors) as well as by its address. */
export type MeetingPage = (request: FastifyRequest, reply: FastifyReply, meeting: MeetingRecord, extra?: Record<string, unknown>) => Promise<unknown>;


const idsOf = (targets: Targets): ItemTargets => ({ reportIds: targets.reports.map((t) => t.id), riskIds: targets.risks.map((t) => t.id), measureIds: targets.measures.map((t) => t.id) });

const optionsOf = (targets: readonly Target[], none: string) => [{ value: "", text: none }, ...targets.map((t) => ({ value: String(t.id), text: t.text }))];

/** A meeting's content as its form holds it: the day in three boxes, and a numbered box for each item and attendee. */
function meetingValues(meeting: MeetingContent): FormValues {
  const values: FormValues = { ...dateBoxes("heldOn", meeting.heldOn), note: meeting.note };
  meeting.items.forEach((item, i) => {
    const n = String(i + 1);
    Object.assign(values, {
      [`itemTitle-${n}`]: item.title,
      [`itemReport-${n}`]: item.reportId === null ? "" : String(item.reportId),
      [`itemRisk-${n}`]: item.riskId === null ? "" : String(item.riskId),
      [`itemMeasure-${n}`]: item.measureId === null ? "" : String(item.measureId),
      [`itemDecisions-${n}`]: item.decisions,
      [`itemMinutes-${n}`]: item.minutes,
    });
  });
  meeting.attendees.forEach((a, i) => Object.assign(values, { [`attendeeName-${String(i + 1)}`]: a.name, [`attendeeRole-${String(i + 1)}`]: a.role, [`attendance-${String(i + 1)}`]: a.attendance }));
  return values;
}

/** The board's members not yet among the attendees, in the boxes after them, so each is asked about. */
function withMembers(values: FormValues, members: readonly MemberRow[]): FormValues {
  const filled = highestSlot(values, "attendeeName");
  const named = new Set(Array.from({ length: filled }, (_, i) => values[`attendeeName-${String(i + 1)}`]).filter((v) => typeof v === "string" && v !== ""));
  const missing = members.filter((m) => !named.has(m.name));
  const added: FormValues = { ...values };
  missing.slice(0, mostAttendees - filled).forEach((m, i) => Object.assign(added, { [`attendeeName-${String(filled + i + 1)}`]: m.name, [`attendeeRole-${String(filled + i + 1)}`]: m.role }));
  return added;
}

/** The highest numbered box of a field the values fill. */
function highestSlot(values: FormValues, field: string): number {
  let highest = 0;
  for (let n = 1; n <= Math.max(mostItems, mostAttendees); n += 1) {
    const value = values[`${field}-${String(n)}`];
    if (value !== undefined && value !== "") highest = n;
  }
  return highest;
}

/** How many boxes a form shows: those filled, and a few empty ones (more when asked for), no more than the form reads. */
const boxes = (filled: number, spare: number, most: number) => Math.min(most, filled + spare);

export function meetingRoutes(app: FastifyInstance, { db, clock, chromium }: RiskRouteOptions): MeetingPage {
  const today = () => todayOf(clock);
  // Whether the papers can be printed to PDF, for the meeting page to offer them.
  const printer = pdfPrinter(chromium);

  async function formView(board: BoardRow, meeting: MeetingRecord | null, values: FormValues, more: boolean, extra: Record<string, unknown> = {}) {
    const targets = await itemTargets(db, today());
    const items = boxes(Math.max(highestSlot(values, "itemTitle"), highestSlot(values, "itemMinutes"), highestSlot(values, "itemDecisions")), more ? 5 : 2, mostItems);
    const attendees = boxes(highestSlot(values, "attendeeName"), more ? 6 : 3, mostAttendees);
    return {
      pageTitle: meeting ? `Change the meeting of ${formatDate(meeting.heldOn)}: ${board.name}` : `Add a meeting: ${board.name}`,
      section: "risks",
      board,
      meeting,
      values,
      itemSlots: Array.from({ length: Math.max(items, 1) }, (_, i) => String(i + 1)),
      attendeeSlots: Array.from({ length: attendees }, (_, i) => String(i + 1)),
      reportOptions: optionsOf(targets.reports, "No report"),
      riskOptions: optionsOf(targets.risks, "No risk"),
      measureOptions: optionsOf(targets.measures, "No measure"),
      attendanceOptions: attendanceKinds.map((value) => ({ value, text: attendanceLabels[value] })),
      ...extra,
    };
  }

  const boardOf = async (request: FastifyRequest) => {
    const params = paramsOf(request, idParams);
    return params ? findBoard(db, params.id) : undefined;
  };

  app.get("/boards/:id/meetings/new", manage, async (request, reply) => {
    const board = await boardOf(request);
    if (!board) return reply.callNotFound();
    return reply.render("risks/meeting-form.njk", await formView(board, null, withMembers({ formToken: randomUUID() }, await listMembers(db, board.id)), false));
  });

  app.post("/boards/:id/meetings/new", manage, async (request, reply) => {
    const board = await boardOf(request);
    if (!board) return reply.callNotFound();
    const body = formValues(request);
    const token = newFormSchema.safeParse(body);
    const values = { ...body, formToken: token.success ? token.data.formToken : randomUUID() };
    const again = async (status: number, problems: Problems = {}) =>
      reply.code(status).render("risks/meeting-form.njk", await formView(board, null, values, wantsMoreBoxes(body), Object.keys(problems).length > 0 ? { errors: fieldErrors(problems) } : {}));
    if (wantsMoreBoxes(body)) return again(200);
    if (!token.success) return again(400, { formToken: "The form is missing its token: reload the page and try again" });
    const form = readMeetingForm(body, idsOf(await itemTargets(db, today())), today());
    if (!form.ok) return again(400, form.problems);
    try {
      const added = await addMeeting(db, changeContext(request), actorOf(request).displayName, board.id, token.data.formToken, form.form, clock.now());
      return reply.redirect(`/meetings/${String(added.record.id)}?saved=${added.repeated ? "already-added" : "meeting-added"}`, 303);
    } catch (error) {
      if (!(error instanceof StaleFormError)) throw error;
      return again(409, { formToken: error.message });
    }
  });

  const meetingOf = async (request: FastifyRequest) => {
    const params = paramsOf(request, idParams);
    return params ? meetingRecord(db, params.id) : undefined;
  };

  const meetingPage: MeetingPage = async (request, reply, meeting, extra = {}) => {
    const board = await findBoard(db, meeting.boardId);
    if (!board) return reply.callNotFound();
    const canManage = mayManage(request);
    const meetings = await meetingsOf(db, board.id);
    const previous = previousOf(meeting, meetings);
    const byId = new Map(meetings.map((m) => [m.id, m]));
    const targets = await itemTargets(db, today());
    const arising = await mattersArisingAt(db, board.id, meeting.heldOn, previous?.heldOn ?? null);
    const actor = actorOf(request);
    const readsAudits = can(actor, "quality:read");
    const auditActions = canManage ? await quality.listActions(db, { status: "open", today: today() }) : [];
    return reply.render("risks/meeting.njk", {
      pageTitle: `${board.name}: meeting of ${formatDate(meeting.heldOn)}`,
      section: "risks",
      board,
      meeting,
      held: meeting.heldOn <= today(),
      minutes: minutesStateLabels[minutesStateOf(meeting)],
      approvedAt: meeting.minutesApprovedAtMeetingId === null ? undefined : byId.get(meeting.minutesApprovedAtMeetingId),
      next: nextOf(meeting, meetings),
      previous: previous && {
        meeting: previous,
        minutes: minutesStateLabels[minutesStateOf(previous)],
        approvedHere: previous.minutesApprovedAtMeetingId === meeting.id,
        refusal: approvalRefusal(previous, meeting, meetings, today()),
      },
      items: itemsWithTargets(meeting.items, targets),
      attendees: meeting.attendees.map((a) => ({ ...a, label: attendanceLabels[a.attendance] })),
      actions: (await actionsOfMeetings(db, [meeting.id])).map((a) => ({ ...presentBoardAction(a, today()), risk: findTarget(targets.risks, a.riskId) })),
      arising: arising.map((a) => ({ ...presentBoardAction(a, today()), raisedAt: a.meetingId === null ? undefined : byId.get(a.meetingId) })),
      canManage,
      ownerOptions: canManage ? await ownerOptions(db) : [],
      actionRiskOptions: optionsOf(
        targets.risks.filter((r) => r.open),
        "No risk",
      ),
      auditActionOptions: [
        { value: "", text: "No audit action" },
        ...auditActions.map(({ action }) => ({
          value: String(action.id),
          // Only those who read audits see what an audit action says: it may tell of a child's case.
          text: `Audit action ${String(action.id)}${readsAudits ? `: ${action.description.slice(0, 80)}` : ""}, ${action.ownerName}, due ${formatDate(action.dueOn)}`,
        })),
      ],
      actionValues: { formToken: randomUUID() },
      pdfAvailable: (await printer) !== null,
      banner: savedMessageOf(request, meetingSaved),
      ...extra,
    });
  };

  app.get("/meetings/:id", read, async (request, reply) => {
    const meeting = await meetingOf(request);
    if (!meeting) return reply.callNotFound();
    return meetingPage(request, reply, meeting);
  });

  /** A meeting that can no longer be changed: its minutes were approved, or its day moved past an approval. */
  const cannotChange = (reply: FastifyReply, refusal: string) => reply.code(409).render("error.njk", { pageTitle: "This meeting can no longer be changed", paragraphs: [`${refusal}.`] });

  app.get("/meetings/:id/edit", manage, async (request, reply) => {
    const meeting = await meetingOf(request);
    const board = meeting && (await findBoard(db, meeting.boardId));
    if (!meeting || !board) return reply.callNotFound();
    if (meeting.minutesApprovedAtMeetingId !== null) return cannotChange(reply, "The minutes of this meeting have been approved");
    const values = withMembers({ ...meetingValues(meeting), version: meeting.version }, await listMembers(db, board.id));
    return reply.render("risks/meeting-form.njk", await formView(board, meeting, values, false));
  });

  app.post("/meetings/:id/edit", manage, async (request, reply) => {
    const meeting = await meetingOf(request);
    const board = meeting && (await findBoard(db, meeting.boardId));
    if (!meeting || !board) return reply.callNotFound();
    const body = formValues(request);
    const again = async (status: number, problems: Problems = {}) =>
      reply.code(status).render("risks/meeting-form.njk", await formView(board, meeting, body, wantsMoreBoxes(body), Object.keys(problems).length > 0 ? { errors: fieldErrors(problems) } : {}));
    if (wantsMoreBoxes(body)) return again(200);
    const version = editFormSchema.safeParse(body);
    if (!version.success) return again(400, { version: "The form is missing the record's version: reload the page" });
    const form = readMeetingForm(body, idsOf(await itemTargets(db, today())), today());
    if (!form.ok) return again(400, form.problems);
    const result = await changeMeeting(db, changeContext(request), meeting.id, version.data.version, form.form, clock.now());
    if (result.ok) return reply.redirect(`/meetings/${String(meeting.id)}?saved=meeting-saved`, 303);
    if ("refused" in result) return cannotChange(reply, result.refused);
    if (result.problem.code === "not-found") return reply.callNotFound();
    const current = result.problem.current;
    return conflictPage(reply, "risks/meeting-form.njk", await formView(board, current, { ...body, version: current.version }, false), meetingFields(current), meetingFields(form.form));
  });

  app.post("/meetings/:id/approve-minutes", manage, async (request, reply) => {
    const meeting = await meetingOf(request);
    if (!meeting) return reply.callNotFound();
    const form = readApprovalForm(formValues(request));
    if (!form.ok) return meetingPage(request, reply.code(400), meeting, { errors: fieldErrors(form.problems) });
    const result = await approveMinutes(db, changeContext(request), actorOf(request), meeting.id, form.form.meetingId, form.form.version, today());
    if (result.ok) return reply.redirect(`/meetings/${String(meeting.id)}?saved=minutes-approved`, 303);
    if ("refused" in result) return meetingPage(request, reply.code(400), meeting, { errors: fieldErrors({ approval: result.refused }) });
    if (result.problem.code === "not-found") return reply.callNotFound();
    return meetingPage(request, reply.code(409), meeting, { errors: fieldErrors({ approval: result.problem.message }) });
  });

  return meetingPage;
}
