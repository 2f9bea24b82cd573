import { randomUUID } from "node:crypto";
import { attendanceLabels, boardFrequencyLabels, type Attendance, type BoardFrequency, type MinutesState } from "../../core/board-actions.ts";
import { formatDate } from "../../core/format.ts";
import { conflicted, notFound, succeeded, UserError, type Outcome } from "../../core/problems.ts";
import type { Database, Executor } from "../../db/client.ts";
import { addOnce, type Added } from "../../db/form-submissions.ts";
import { recordChange, versionedEdit, type Actor, type ChangeContext } from "../access/index.ts";
import { raiseBoardAction, updateBoardAction, type BoardActionForm } from "./action-log.ts";
import * as repository from "./board-repository.ts";
import type { AttendeeRow, BoardRow, ItemRow, MeetingRow, MemberRow } from "./board-repository.ts";

export type { AttendeeRow, BoardRow, ItemRow, MeetingRow, MemberRow };

/**
 * Boards that hold the plan to account, their members and their meetings: each meeting's agenda,
 * attendance, decisions and minutes. Boards and meetings are added once per form and changed by
 * versioned edits that refuse a stale version; a meeting's minutes are drafted once any are saved
 * and approved at the board's next meeting. Every change is recorded with its audit event in one
 * transaction. A meeting's action log is kept by `action-log.ts`.
 */

/** A mistake in a board or meeting that the form's checks cannot see alone (a name taken), naming its field. */
export class BoardError extends UserError {
  constructor(message: string, field: string) {
    super("invalid", message, { field });
    this.name = "BoardError";
  }
}

/** What a board's form holds. */
export interface BoardContent {
  name: string;
  purpose: string;
  chair: string;
  frequency: BoardFrequency;
  reportsTo: string;
  /** The plan's priorities it oversees, by id. */
  priorityIds: number[];
}

/** A board as the audit trail and the conflict page show it. */
export function boardFields(board: BoardContent) {
  return {
    name: board.name,
    purpose: board.purpose,
    chair: board.chair,
    frequency: boardFrequencyLabels[board.frequency],
    reportsTo: board.reportsTo,
    priorities: [...board.priorityIds].sort((a, b) => a - b),
  };
}

const boardValues = (content: BoardContent) => ({ ...content, priorityIds: [...new Set(content.priorityIds)] });

async function refuseTakenName(db: Executor, name: string, exceptId?: number): Promise<void> {
  if (await repository.findBoardNamed(db, name, exceptId)) throw new BoardError(`A board named ${name} is recorded already: give this one another name`, "name");
}

export const findBoard = (db: Database, id: number) => repository.findBoard(db, id);
export const listBoards = (db: Database) => repository.listBoards(db);
export const listMembers = (db: Database, boardId: number) => repository.listMembers(db, boardId);
export const findMeeting = (db: Database, id: number) => repository.findMeeting(db, id);
export const meetingsOf = (db: Database, boardId: number) => repository.listMeetings(db, boardId);

/** Every board, by name, with how many meetings it has recorded and the day of its latest. */
export async function boardsOverview(db: Database) {
  const [boards, totals] = [await repository.listBoards(db), await repository.meetingTotals(db)];
  return boards.map((board) => ({ board, frequency: boardFrequencyLabels[board.frequency], meetings: totals.get(board.id)?.meetings ?? 0, latestOn: totals.get(board.id)?.latestOn ?? null }));
}

/** Adds a board once per form; its name must be one no other board has. `createdBy` is who, or what, recorded it. */
export function addBoard(db: Database, context: ChangeContext, createdBy: string, formToken: string, content: BoardContent): Promise<Added<BoardRow>> {
  return addOnce(db, formToken, "board", (tx, id) => repository.findBoard(tx, id), async (tx) => {
    await refuseTakenName(tx, content.name);
    const board = await repository.insertBoard(tx, { ...boardValues(content), createdBy });
    await recordChange(tx, context, { action: "create", recordType: "board", recordId: board.id, after: boardFields(board) });
    return board;
  });
}

/** Changes a board, if no one has since `version`; its new name must be one no other board has. */
export async function changeBoard(db: Database, context: ChangeContext, id: number, version: number, content: BoardContent): Promise<Outcome<BoardRow>> {
  await refuseTakenName(db, content.name, id);
  return versionedEdit<BoardRow>(db, context, { recordType: "board", load: (d) => repository.findBoard(d, id), fields: boardFields, update: (tx, current) => repository.updateBoardAt(tx, id, current.version, boardValues(content)) }, version);
}

/** A member as a board's form adds them: someone with an account in Waymark (by id, their name kept as it is now), or someone named from outside it. */
export interface MemberForm {
  formToken: string;
  userId: number | null;
  name: string;
  role: string;
}

const memberFields = (member: MemberRow) => ({ board: member.boardId, name: member.name, role: member.role, account: member.userId });

/** Adds a member to a board, once per form. */
export function addMember(db: Database, context: ChangeContext, boardId: number, form: MemberForm): Promise<Added<MemberRow>> {
  return addOnce(db, form.formToken, "board member", (tx, id) => repository.findMember(tx, boardId, id), async (tx) => {
    const member = await repository.insertMember(tx, { boardId, userId: form.userId, name: form.name, role: form.role });
    await recordChange(tx, context, { action: "create", recordType: "board member", recordId: member.id, after: memberFields(member) });
    return member;
  });
}

/** Takes a member off a board; undefined when they had been taken off already. Meetings keep the names of those who attended. */
export async function removeMember(db: Database, context: ChangeContext, boardId: number, memberId: number): Promise<MemberRow | undefined> {
  return db.transaction(async (tx) => {
    const member = await repository.deleteMember(tx, boardId, memberId);
    if (member) await recordChange(tx, context, { action: "delete", recordType: "board member", recordId: member.id, before: memberFields(member) });
    return member;
  });
}

/** An agenda item as a meeting's form gives it: its title, what it is about, and the decisions and minutes of it. */
export interface ItemContent {
  title: string;
  reportId: number | null;
  riskId: number | null;
  measureId: number | null;
  decisions: string;
  minutes: string;
}

/** Someone at a meeting (a member, by name as they were, or a guest), and whether they were present. */
export interface AttendeeContent {
  name: string;
  role: string;
  attendance: Attendance;
}

/** What a meeting's form holds: its day, its agenda in order, and who attended. */
export interface MeetingContent {
  heldOn: string;
  note: string;
  items: ItemContent[];
  attendees: AttendeeContent[];
}

/** A meeting with its agenda and attendance. */
export type MeetingRecord = MeetingRow & { items: ItemRow[]; attendees: AttendeeRow[] };

async function loadMeeting(db: Executor, id: number): Promise<MeetingRecord | undefined> {
  const meeting = await repository.findMeeting(db, id);
  if (!meeting) return undefined;
  return { ...meeting, items: await repository.listItems(db, [id]), attendees: await repository.listAttendees(db, [id]) };
}

export const meetingRecord = (db: Database, id: number) => loadMeeting(db, id);

const itemInWords = (item: Pick<ItemContent, "title" | "reportId" | "riskId" | "measureId">, n: number) => {
  const about = [item.reportId === null ? "" : `report ${String(item.reportId)}`, item.riskId === null ? "" : `risk ${String(item.riskId)}`, item.measureId === null ? "" : `measure ${String(item.measureId)}`].filter(Boolean);
  return `${String(n)}. ${item.title}${about.length > 0 ? ` (${about.join(", ")})` : ""}`;
};

/** A meeting as the audit trail and the conflict page show it. */
export function meetingFields(meeting: MeetingContent) {
  return {
    heldOn: meeting.heldOn,
    note: meeting.note,
    agenda: meeting.items.map((item, i) => itemInWords(item, i + 1)),
    decisions: meeting.items.flatMap((item, i) => (item.decisions ? [`${String(i + 1)}. ${item.decisions}`] : [])),
    minutes: meeting.items.flatMap((item, i) => (item.minutes ? [`${String(i + 1)}. ${item.minutes}`] : [])),
    attendance: meeting.attendees.map((a) => `${a.name}${a.role ? `, ${a.role}` : ""}: ${attendanceLabels[a.attendance]}`),
  };
}

const hasMinutes = (items: readonly Pick<ItemContent, "minutes">[]) => items.some((item) => item.minutes !== "");

/** When the minutes were first drafted: kept once any are saved, cleared if every item's minutes are emptied. */
const draftedAt = (items: readonly ItemContent[], drafted: Date | null, now: Date) => (hasMinutes(items) ? (drafted ?? now) : null);

async function writeAgenda(tx: Executor, meetingId: number, content: MeetingContent): Promise<void> {
  await repository.replaceItems(tx, meetingId, content.items);
  await repository.replaceAttendees(tx, meetingId, content.attendees);
}

/** Adds a meeting of a board once per form, with its agenda and attendance; minutes saved with it are drafted from `now`. */
export function addMeeting(db: Database, context: ChangeContext, createdBy: string, boardId: number, formToken: string, content: MeetingContent, now: Date): Promise<Added<MeetingRecord>> {
  return addOnce(db, formToken, "meeting", (tx, id) => loadMeeting(tx, id), async (tx) => {
    const meeting = await repository.insertMeeting(tx, { boardId, heldOn: content.heldOn, note: content.note, minutesDraftedAt: draftedAt(content.items, null, now), createdBy });
    await writeAgenda(tx, meeting.id, content);
    await recordChange(tx, context, { action: "create", recordType: "meeting", recordId: meeting.id, after: { board: boardId, ...meetingFields(content) } });
    return { ...meeting, items: await repository.listItems(tx, [meeting.id]), attendees: await repository.listAttendees(tx, [meeting.id]) };
  });
}

/** What refuses a change: the record cannot be changed as it stands, in words. */
export type Refused = { ok: false; refused: string };

/** Why a meeting can no longer be changed, or null: its minutes are approved, or it approved an earlier meeting's and its day is being moved. */
async function changeRefusal(db: Executor, meeting: MeetingRow, heldOn: string): Promise<string | null> {
  if (meeting.minutesApprovedAtMeetingId !== null) {
    const at = await repository.findMeeting(db, meeting.minutesApprovedAtMeetingId);
    return `The minutes of this meeting were approved${at ? ` at the meeting of ${formatDate(at.heldOn)}` : ""}: it can no longer be changed`;
  }
  if (heldOn !== meeting.heldOn) {
    const approved = (await repository.listMeetings(db, meeting.boardId)).find((m) => m.minutesApprovedAtMeetingId === meeting.id);
    if (approved) return `This meeting approved the minutes of the meeting of ${formatDate(approved.heldOn)}: its day can no longer be changed`;
  }
  return null;
}

/**
 * Changes a meeting's day, agenda, attendance, decisions and minutes, if no one has since
 * `version`. Refused once its minutes are approved, and refused a new day once it has approved an
 * earlier meeting's minutes. Minutes saved for the first time are drafted from `now`.
 */
export async function changeMeeting(db: Database, context: ChangeContext, id: number, version: number, content: MeetingContent, now: Date): Promise<Outcome<MeetingRecord> | Refused> {
  const before = await repository.findMeeting(db, id);
  if (!before) return notFound();
  const refusal = await changeRefusal(db, before, content.heldOn);
  if (refusal) return { ok: false, refused: refusal };
  return versionedEdit<MeetingRecord>(
    db,
    context,
    {
      recordType: "meeting",
      load: (d) => loadMeeting(d, id),
      fields: meetingFields,
      update: async (tx, current) => {
        if (current.minutesApprovedAtMeetingId !== null) return false;
        const saved = await repository.updateMeetingAt(tx, id, current.version, { heldOn: content.heldOn, note: content.note, minutesDraftedAt: draftedAt(content.items, current.minutesDraftedAt, now) });
        if (saved) await writeAgenda(tx, id, content);
        return saved;
      },
    },
    version,
  );
}

/** Where a meeting's minutes stand: none yet, drafted, or approved at a later meeting. */
export function minutesStateOf(meeting: Pick<MeetingRow, "minutesDraftedAt" | "minutesApprovedAtMeetingId">): MinutesState {
  if (meeting.minutesApprovedAtMeetingId !== null) return "approved";
  return meeting.minutesDraftedAt === null ? "none" : "draft";
}

/** The board's meeting before this one (by day, then as recorded), or undefined for its first. */
export function previousOf(meeting: MeetingRow, meetings: readonly MeetingRow[]): MeetingRow | undefined {
  const index = meetings.findIndex((m) => m.id === meeting.id);
  return index > 0 ? meetings[index - 1] : undefined;
}

/** The board's meeting after this one, or undefined for its latest. */
export function nextOf(meeting: MeetingRow, meetings: readonly MeetingRow[]): MeetingRow | undefined {
  const index = meetings.findIndex((m) => m.id === meeting.id);
  return index >= 0 ? meetings[index + 1] : undefined;
}

/**
 * Why the minutes of `earlier` cannot be approved at `at` on `today`, or null when they can: only
 * at the board's next meeting, on or after its day, once they are drafted and not yet approved.
 */
export function approvalRefusal(earlier: MeetingRow, at: MeetingRow, meetings: readonly MeetingRow[], today: string): string | null {
  const of = `the meeting of ${formatDate(earlier.heldOn)}`;
  if (earlier.boardId !== at.boardId || previousOf(at, meetings)?.id !== earlier.id) return `Minutes are approved at the board's next meeting: this is not the meeting after ${of}`;
  if (earlier.minutesApprovedAtMeetingId !== null) return `The minutes of ${of} have been approved already`;
  if (earlier.minutesDraftedAt === null) return `The minutes of ${of} have not been drafted yet: there is nothing to approve`;
  if (today < at.heldOn) return `The minutes of ${of} are approved at the meeting of ${formatDate(at.heldOn)}: record it on or after that day`;
  return null;
}

const approvalFields = (meeting: MeetingRow, at: MeetingRow | null) => ({
  heldOn: meeting.heldOn,
  minutes: minutesStateOf(meeting),
  approvedAtMeetingOf: at?.heldOn ?? null,
  approvedBy: meeting.minutesApprovedBy,
});

/**
 * Approves the minutes of the meeting before `atId`, as they stood at `version`, at meeting
 * `atId`: recorded with who approved them, audited. Refused as `approvalRefusal` says, and when the
 * minutes have changed since `version` (the approver must read them again).
 */
export async function approveMinutes(db: Database, context: ChangeContext, approver: Actor, atId: number, earlierId: number, version: number, today: string): Promise<Outcome<MeetingRow> | Refused> {
  return db.transaction(async (tx): Promise<Outcome<MeetingRow> | Refused> => {
    const at = await repository.findMeeting(tx, atId);
    const earlier = await repository.findMeeting(tx, earlierId);
    if (!at) return notFound();
    if (!earlier) return { ok: false, refused: "That meeting is not recorded: there are no minutes to approve" };
    const refusal = approvalRefusal(earlier, at, await repository.listMeetings(tx, at.boardId), today);
    if (refusal) return { ok: false, refused: refusal };
    if (earlier.version !== version || !(await repository.updateMeetingAt(tx, earlier.id, version, { minutesApprovedAtMeetingId: at.id, minutesApprovedBy: approver.displayName }))) {
      return conflicted(earlier, `The minutes of the meeting of ${formatDate(earlier.heldOn)} have changed since this page was shown: read them again before approving them`);
    }
    const approved = await repository.findMeeting(tx, earlier.id);
    if (!approved) return notFound();
    await recordChange(tx, context, { action: "approve minutes", recordType: "meeting", recordId: earlier.id, before: approvalFields(earlier, null), after: approvalFields(approved, at) });
    return succeeded(approved);
  });
}

/** An action of a board's record: raised at a meeting, owned by an account, and where it stood when last reported. */
export interface RecordedAction {
  description: string;
  dueOn: string;
  owner: { id: number; displayName: string };
  /** How far it had got, with the note saying so and the day it was reported; none leaves it open. */
  progress?: { status: "in-progress" | "complete"; note: string; on: string };
}

/** A meeting of a board's record: its content, and the actions raised at it. */
export interface RecordedMeeting extends MeetingContent {
  actions: RecordedAction[];
}

/** A board as a record of boards gives it: its content, members and meetings. */
export interface RecordedBoard extends BoardContent {
  members: Omit<MemberForm, "formToken">[];
  meetings: RecordedMeeting[];
}

/**
 * Loads boards with their members, meetings and the actions raised at them, as a council's papers
 * record them: each addition audited as the forms' are. Boards and meetings are recorded by
 * `recordedBy` (words: who or what they came from); `raiser` (an account) raises the actions and
 * reports their progress, and is needed only when there are actions. Loading a board whose name is
 * taken is refused.
 */
export async function loadBoardRecord(db: Database, context: ChangeContext, { recordedBy, raiser }: { recordedBy: string; raiser: Actor | null }, boards: readonly RecordedBoard[], now: Date): Promise<number> {
  for (const { members, meetings, ...content } of boards) {
    const board = (await addBoard(db, context, recordedBy, randomUUID(), content)).record;
    for (const member of members) await addMember(db, context, board.id, { ...member, formToken: randomUUID() });
    for (const { actions, ...meetingContent } of meetings) {
      const meeting = (await addMeeting(db, context, recordedBy, board.id, randomUUID(), meetingContent, now)).record;
      for (const action of actions) {
        if (!raiser) throw new Error("actions are raised by an account: give the record's raiser");
        const form: BoardActionForm = { formToken: randomUUID(), description: action.description, dueOn: action.dueOn };
        const raised = (await raiseBoardAction(db, context, raiser, { meetingId: meeting.id }, action.owner, form)).record;
        if (!action.progress) continue;
        const updated = await updateBoardAction(db, context, raiser, true, raised.id, { status: action.progress.status, note: action.progress.note, version: raised.version }, action.progress.on, now);
        if (!updated.ok) throw new Error(`the progress of "${action.description}" was not recorded`);
      }
    }
  }
  return boards.length;
}
