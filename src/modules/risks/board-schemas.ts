import { z } from "zod";
import { attendanceKinds, boardActionStatuses, boardFrequencies, type Attendance } from "../../core/board-actions.ts";
import { formatDate } from "../../core/format.ts";
import { dateInput, formProblems, formToken, type Problems, type Read } from "../../web/forms.ts";
import { idParam, recordVersion, text } from "../../web/inputs.ts";
import type { ActionUpdateForm, BoardActionForm } from "./action-log.ts";
import type { AttendeeContent, BoardContent, ItemContent, MeetingContent, MemberForm } from "./boards.ts";

/** The forms of boards, meetings and their action logs, read as they were sent: each problem names its field. */

export const idParams = z.object({ id: idParam });
export const memberParams = z.object({ id: idParam, member: idParam });

export const newFormSchema = z.object({ formToken });
export const editFormSchema = z.object({ version: recordVersion(1) });

/** The most agenda items and attendees a meeting's form holds: more is a mistake, not a meeting. */
export const mostItems = 40;
export const mostAttendees = 60;

/** Whether the form asked for more boxes rather than to be saved. */
export const wantsMoreBoxes = (body: Record<string, unknown>) => body.more === "yes";

/**
 * A choice from a select: "" for none, or one of the ids offered. Anything else (sent twice, not
 * an id, not offered) is refused with `message`.
 */
function chosenId(value: unknown, offered: ReadonlySet<number>, message: string): { ok: true; id: number | null } | { ok: false; message: string } {
  if (value === undefined || value === "") return { ok: true, id: null };
  const parsed = idParam.safeParse(value);
  return parsed.success && offered.has(parsed.data) ? { ok: true, id: parsed.data } : { ok: false, message };
}

const boardFieldsSchema = z.object({
  name: text("Name", 200, { required: "Enter the board's name" }),
  purpose: text("Purpose", 2000, { multiline: true }),
  chair: text("Chair", 200),
  frequency: z.enum(boardFrequencies, { error: "Select how often the board meets" }),
  reportsTo: text("Reports to", 200),
});

const priorityChoices = z
  .union([z.string(), z.array(z.string())], { error: "Select priorities from the list" })
  .default([])
  .transform((value) => [value].flat());

/** A board as its form sent it; the priorities must be among those offered. */
export function readBoardForm(body: Record<string, unknown>, offeredPriorityIds: readonly number[]): Read<BoardContent> {
  const problems: Problems = {};
  const fields = boardFieldsSchema.safeParse(body);
  if (!fields.success) Object.assign(problems, formProblems(fields.error));
  const chosen = priorityChoices.safeParse(body.priorityIds);
  const offered = new Set(offeredPriorityIds);
  const priorityIds: number[] = [];
  for (const value of chosen.success ? chosen.data : [""]) {
    const choice = chosenId(value, offered, "Select priorities from the list");
    if (!choice.ok || choice.id === null) problems.priorityIds = "Select priorities from the list";
    else if (!priorityIds.includes(choice.id)) priorityIds.push(choice.id);
  }
  if (!fields.success || Object.keys(problems).length > 0) return { ok: false, problems };
  return { ok: true, form: { ...fields.data, priorityIds } };
}

const accountMemberSchema = z.object({ formToken, accountRole: text("Role on the board", 200) });
const outsiderMemberSchema = z.object({
  formToken,
  name: text("Name", 200, { required: "Enter the name of the person or organisation" }),
  outsiderRole: text("Role on the board", 200, { required: "Enter their role on the board, for example Sector Led Improvement Partner" }),
});

/**
 * A member as one of a board's two small forms sent it: someone with an account in Waymark, chosen
 * from `accounts` (their name kept as it is now), or someone named from outside it, with their role.
 */
export function readMemberForm(body: Record<string, unknown>, accounts: ReadonlyMap<number, string>): Read<MemberForm> {
  if (body.kind === "outsider") {
    const fields = outsiderMemberSchema.safeParse(body);
    if (!fields.success) return { ok: false, problems: formProblems(fields.error) };
    return { ok: true, form: { formToken: fields.data.formToken, userId: null, name: fields.data.name, role: fields.data.outsiderRole } };
  }
  if (body.kind !== "account") return { ok: false, problems: { memberFormToken: "The form is missing what kind of member it adds: reload the page and try again" } };
  const problems: Problems = {};
  const fields = accountMemberSchema.safeParse(body);
  if (!fields.success) Object.assign(problems, formProblems(fields.error));
  const account = chosenId(body.userId, new Set(accounts.keys()), "Select a person from the list");
  if (!account.ok) problems.userId = account.message;
  else if (account.id === null) problems.userId = "Select the person to add";
  if (!fields.success || !account.ok || account.id === null || Object.keys(problems).length > 0) return { ok: false, problems };
  return { ok: true, form: { formToken: fields.data.formToken, userId: account.id, name: accounts.get(account.id) ?? "", role: fields.data.accountRole } };
}

/** The ids a meeting's agenda items may be about: issued reports, risks and measures. */
export interface ItemTargets {
  reportIds: readonly number[];
  riskIds: readonly number[];
  measureIds: readonly number[];
}

const heldOnInput = dateInput("heldOn", "Day of the meeting");
const noteInput = text("Note on the meeting", 5000, { multiline: true });

/** The field of slot `n`: `itemTitle-3`. */
const slot = (field: string, n: number) => `${field}-${String(n)}`;

function readItems(body: Record<string, unknown>, targets: ItemTargets, held: boolean, problems: Problems): ItemContent[] {
  const offered = { report: new Set(targets.reportIds), risk: new Set(targets.riskIds), measure: new Set(targets.measureIds) };
  const items: ItemContent[] = [];
  for (let n = 1; n <= mostItems; n += 1) {
    const typed = {
      title: text(`The title of item ${String(n)}`, 300).safeParse(body[slot("itemTitle", n)]),
      decisions: text(`The decisions on item ${String(n)}`, 10_000, { multiline: true }).safeParse(body[slot("itemDecisions", n)]),
      minutes: text(`The minutes of item ${String(n)}`, 20_000, { multiline: true }).safeParse(body[slot("itemMinutes", n)]),
    };
    const report = chosenId(body[slot("itemReport", n)], offered.report, `Select a report for item ${String(n)} from the list`);
    const risk = chosenId(body[slot("itemRisk", n)], offered.risk, `Select a risk for item ${String(n)} from the list`);
    const measure = chosenId(body[slot("itemMeasure", n)], offered.measure, `Select a measure for item ${String(n)} from the list`);
    for (const [field, parsed] of Object.entries(typed)) if (!parsed.success) problems[slot(`item${field.charAt(0).toUpperCase()}${field.slice(1)}`, n)] = parsed.error.issues[0]?.message ?? "";
    if (!report.ok) problems[slot("itemReport", n)] = report.message;
    if (!risk.ok) problems[slot("itemRisk", n)] = risk.message;
    if (!measure.ok) problems[slot("itemMeasure", n)] = measure.message;
    if (!typed.title.success || !typed.decisions.success || !typed.minutes.success || !report.ok || !risk.ok || !measure.ok) continue;
    const item = { title: typed.title.data, reportId: report.id, riskId: risk.id, measureId: measure.id, decisions: typed.decisions.data, minutes: typed.minutes.data };
    const anything = item.reportId !== null || item.riskId !== null || item.measureId !== null || item.decisions !== "" || item.minutes !== "";
    if (item.title === "" && !anything) continue;
    if (item.title === "") problems[slot("itemTitle", n)] = `Enter the title of item ${String(n)}`;
    if (!held && item.decisions !== "") problems[slot("itemDecisions", n)] = `Decisions are recorded once the meeting has been held: leave those of item ${String(n)} empty until then`;
    if (!held && item.minutes !== "") problems[slot("itemMinutes", n)] = `Minutes are written once the meeting has been held: leave those of item ${String(n)} empty until then`;
    items.push(item);
  }
  return items;
}

const attendanceChoice = (n: number) => z.enum(attendanceKinds, { error: `Select whether attendee ${String(n)} was present, sent apologies or was absent` });

function readAttendees(body: Record<string, unknown>, held: boolean, problems: Problems): AttendeeContent[] {
  const attendees: AttendeeContent[] = [];
  for (let n = 1; n <= mostAttendees; n += 1) {
    const name = text(`The name of attendee ${String(n)}`, 200).safeParse(body[slot("attendeeName", n)]);
    const role = text(`The role of attendee ${String(n)}`, 200).safeParse(body[slot("attendeeRole", n)]);
    const sent = body[slot("attendance", n)];
    const attendance = sent === undefined || sent === "" ? ({ success: true, data: null } as const) : attendanceChoice(n).safeParse(sent);
    if (!name.success) problems[slot("attendeeName", n)] = name.error.issues[0]?.message ?? "";
    if (!role.success) problems[slot("attendeeRole", n)] = role.error.issues[0]?.message ?? "";
    if (!attendance.success) problems[slot("attendance", n)] = attendance.error.issues[0]?.message ?? "";
    if (!name.success || !role.success || !attendance.success) continue;
    if (name.data === "" && role.data === "" && attendance.data === null) continue;
    if (name.data === "") {
      problems[slot("attendeeName", n)] = `Enter the name of attendee ${String(n)}`;
      continue;
    }
    if (!held) {
      // A meeting not yet held has no attendance: its members are listed again once it has been.
      if (attendance.data !== null) problems[slot("attendance", n)] = "Attendance is recorded once the meeting has been held";
      continue;
    }
    if (attendance.data === null) {
      problems[slot("attendance", n)] = `Select whether ${name.data} was present, sent apologies or was absent, or clear their name to leave them out`;
      continue;
    }
    const kind: Attendance = attendance.data;
    attendees.push({ name: name.data, role: role.data, attendance: kind });
  }
  return attendees;
}

/**
 * A meeting as its form sent it: its day, its agenda items in order (empty boxes left out), each
 * about one of the `targets` offered or none, and its attendance. A meeting after `today` has no
 * decisions, minutes or attendance yet.
 */
export function readMeetingForm(body: Record<string, unknown>, targets: ItemTargets, today: string): Read<MeetingContent> {
  const problems: Problems = {};
  const heldOn = heldOnInput.safeParse(body);
  if (!heldOn.success) Object.assign(problems, formProblems(heldOn.error));
  else if (heldOn.data === "") problems.heldOnDay = "Enter the day of the meeting";
  // A day not given (or not a real one) is refused on its own; what may be recorded is judged once it is.
  const held = !(heldOn.success && heldOn.data > today);
  const items = readItems(body, targets, held, problems);
  const attendees = readAttendees(body, held, problems);
  const note = noteInput.safeParse(body.note);
  if (!note.success) problems.note = note.error.issues[0]?.message ?? "";
  if (!heldOn.success || !note.success || Object.keys(problems).length > 0) return { ok: false, problems };
  return { ok: true, form: { heldOn: heldOn.data, note: note.data, items, attendees } };
}

const actionFieldsSchema = z.object({
  formToken,
  description: text("Action", 2000, { multiline: true, required: "Enter the action: what is to be done" }),
});
const dueOnInput = dateInput("dueOn", "Due date");

/** An action raised at a meeting, as its form sent it: the owner one of `accounts`, the risk and the audit action among those offered. */
export interface RaisedActionForm {
  form: BoardActionForm;
  ownerId: number;
  riskId: number | null;
}

/**
 * An action as a meeting's form to raise one sent it: what is to be done, its owner, a due date on
 * or after the meeting's day, and the risk it mitigates and the audit action it closes, if any.
 */
export function readRaiseActionForm(body: Record<string, unknown>, offered: { accountIds: readonly number[]; riskIds: readonly number[]; auditActionIds: readonly number[] }, heldOn: string): Read<RaisedActionForm> {
  const problems: Problems = {};
  const fields = actionFieldsSchema.safeParse(body);
  if (!fields.success) {
    const found = formProblems(fields.error);
    // Named apart from the meeting's other form on the page.
    if (found.formToken) found.actionFormToken = found.formToken;
    delete found.formToken;
    Object.assign(problems, found);
  }
  const owner = chosenId(body.owner, new Set(offered.accountIds), "Select the owner from the list");
  if (!owner.ok) problems.owner = owner.message;
  else if (owner.id === null) problems.owner = "Select the owner: the person who sees the action through";
  const dueOn = dueOnInput.safeParse(body);
  if (!dueOn.success) Object.assign(problems, formProblems(dueOn.error));
  else if (dueOn.data === "") problems.dueOnDay = "Enter the date the action is due";
  else if (dueOn.data < heldOn) problems.dueOnDay = `Due date must be on or after the day of the meeting, ${formatDate(heldOn)}`;
  const risk = chosenId(body.riskId, new Set(offered.riskIds), "Select the risk from the list");
  if (!risk.ok) problems.riskId = risk.message;
  const audit = chosenId(body.qualityActionId, new Set(offered.auditActionIds), "Select an open audit action from the list");
  if (!audit.ok) problems.qualityActionId = audit.message;
  if (!fields.success || !owner.ok || owner.id === null || !dueOn.success || !risk.ok || !audit.ok || Object.keys(problems).length > 0) return { ok: false, problems };
  return { ok: true, form: { form: { formToken: fields.data.formToken, description: fields.data.description, dueOn: dueOn.data, qualityActionId: audit.id }, ownerId: owner.id, riskId: risk.id } };
}

const updateSchema = z.object({
  status: z.enum(boardActionStatuses, { error: "Select where the action stands: open, in progress or complete" }),
  note: text("Note", 2000, { multiline: true, required: "Enter a note on what has been done" }),
  version: recordVersion(1),
});

/** An update of an action as its form sent it: the status it leaves it in, a note, and the version it was read at. */
export function readActionUpdateForm(body: Record<string, unknown>): Read<ActionUpdateForm> {
  const fields = updateSchema.safeParse(body);
  return fields.success ? { ok: true, form: fields.data } : { ok: false, problems: formProblems(fields.error) };
}

const approvalSchema = z.object({
  meetingId: z.string({ error: "The form is missing the meeting whose minutes it approves: reload the page" }).pipe(idParam),
  version: recordVersion(1),
});

/** The approval of an earlier meeting's minutes: which meeting, and the version of its minutes that was read. */
export function readApprovalForm(body: Record<string, unknown>): Read<{ meetingId: number; version: number }> {
  const fields = approvalSchema.safeParse(body);
  return fields.success ? { ok: true, form: fields.data } : { ok: false, problems: { approval: "The form is missing the meeting whose minutes it approves: reload the page" } };
}
