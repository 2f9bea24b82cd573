import { attendanceLabels, boardActionOverdue, boardActionStatusLabels, type Attendance, type MinutesState } from "../../core/board-actions.ts";
import { formatDate } from "../../core/format.ts";
import type { Database } from "../../db/client.ts";
import { findCurrentPlan } from "../plan/index.ts";
import type { Block, Cell, ReportDocument } from "../reports/index.ts";
import { actionsOfMeetings, mattersArisingAt, type BoardActionRow } from "./action-log.ts";
import { findBoard, listMembers, meetingRecord, meetingsOf, minutesStateOf, previousOf, type BoardRow } from "./boards.ts";
import { itemTargets, itemsWithTargets } from "./meeting-targets.ts";

/**
 * A meeting's papers, set out as a committee officer sets them out: the board and the meeting, who
 * attended, the minutes of the previous meeting, the matters arising from earlier meetings, the
 * agenda with what each item is about and the decisions and minutes recorded for it, and the
 * actions raised at the meeting. Written as a report document, so the reports module's writers
 * give the same papers as Word and as PDF. Actions are shown as they stand on the day the papers
 * are written.
 */

/** An agenda item as the papers show it: what it is about in words (report, risk, measure), where it names them. */
export interface PapersItem {
  title: string;
  report?: string;
  risk?: string;
  measure?: string;
  decisions: string;
  minutes: string;
}

export type PapersAction = Pick<BoardActionRow, "description" | "ownerName" | "dueOn" | "status" | "completedOn">;

/** Everything a meeting's papers are written from. */
export interface PapersFacts {
  council: string;
  board: Pick<BoardRow, "name" | "purpose" | "chair" | "reportsTo">;
  /** The names of the board's members: those at the meeting who are not among them attended as guests (none when no members are recorded). */
  memberNames: readonly string[];
  meeting: {
    heldOn: string;
    /** What the record says of the meeting as a whole, if anything. */
    note: string;
    items: readonly PapersItem[];
    attendees: readonly { name: string; role: string; attendance: Attendance }[];
    minutes: MinutesState;
    /** The day of the meeting its minutes were approved at, and who recorded the approval. */
    approvedAt: { heldOn: string; by: string | null } | null;
  };
  /** The board's meeting before this one: its day, and where its minutes stand. */
  previous: { heldOn: string; minutes: MinutesState; approvedHere: boolean } | null;
  /** Actions raised at the board's earlier meetings carried to this one, each with the day it was raised. */
  arising: readonly (PapersAction & { raisedOn: string })[];
  /** The actions raised at this meeting, soonest due first. */
  actions: readonly PapersAction[];
  /** The day the papers are written on (Europe/London): actions are overdue or not as at this day. */
  today: string;
  generatedAt: string;
}

/** "Jane Smith, Head of Service". */
const person = (a: { name: string; role: string }) => (a.role ? `${a.name}, ${a.role}` : a.name);

/** The groups of an attendance list, in the order minutes give them. */
const attendanceGroups: { label: string; takes: (a: { attendance: Attendance }, member: boolean) => boolean }[] = [
  { label: "Present:", takes: (a, member) => a.attendance === "present" && member },
  { label: "In attendance:", takes: (a, member) => a.attendance === "present" && !member },
  { label: `${attendanceLabels.apologies}:`, takes: (a) => a.attendance === "apologies" },
  { label: `${attendanceLabels.absent}:`, takes: (a) => a.attendance === "absent" },
];

function attendanceBlocks(facts: PapersFacts, held: boolean): Block[] {
  const { attendees } = facts.meeting;
  if (attendees.length === 0) {
    return [{ kind: "paragraph", text: held ? "No attendance has been recorded." : "Attendance is recorded once the meeting has been held." }];
  }
  const members = new Set(facts.memberNames);
  // A board whose members are not recorded has no guests to tell apart: all present are present.
  const isMember = (name: string) => members.size === 0 || members.has(name);
  return attendanceGroups.flatMap(({ label, takes }): Block[] => {
    const people = attendees.filter((a) => takes(a, isMember(a.name)));
    return people.length > 0 ? [{ kind: "paragraph", label, text: people.map(person).join("; ") }] : [];
  });
}

/** Where a meeting's minutes stand, in words. */
function minutesInWords(facts: PapersFacts, held: boolean): string {
  const { minutes, approvedAt } = facts.meeting;
  if (minutes === "approved") {
    const at = approvedAt ? ` at the meeting of ${formatDate(approvedAt.heldOn)}` : "";
    return `Approved${at}${approvedAt?.by ? `, recorded by ${approvedAt.by}` : ""}`;
  }
  if (minutes === "draft") return "Draft, to be approved at the board's next meeting";
  return held ? "Not yet written" : "Written after the meeting";
}

function previousMinutesBlocks(previous: NonNullable<PapersFacts["previous"]>): Block[] {
  const of = `The minutes of the meeting of ${formatDate(previous.heldOn)}`;
  const text = previous.approvedHere
    ? `${of} were approved at this meeting.`
    : previous.minutes === "approved"
      ? `${of} have been approved.`
      : previous.minutes === "draft"
        ? `${of} are a draft, for this meeting to approve.`
        : `${of} have not been written.`;
  return [{ kind: "heading", level: 1, text: "Minutes of the previous meeting" }, { kind: "paragraph", text }];
}

/** An action's status in words on `today`: "Open", "In progress: overdue", "Complete on 3 December 2024". */
export function actionStatusInWords(action: Pick<PapersAction, "status" | "dueOn" | "completedOn">, today: string): string {
  const label = boardActionStatusLabels[action.status];
  if (action.status === "complete") return action.completedOn ? `${label} on ${formatDate(action.completedOn)}` : label;
  return boardActionOverdue(action, today) ? `${label}: overdue` : label;
}

const actionCells = (action: PapersAction, today: string): Cell[] => [action.description, action.ownerName, formatDate(action.dueOn), actionStatusInWords(action, today)];

function mattersArisingBlocks(facts: PapersFacts): Block[] {
  const heading: Block = { kind: "heading", level: 1, text: "Matters arising" };
  if (facts.arising.length === 0) return [heading, { kind: "paragraph", text: "There are no matters arising." }];
  return [
    heading,
    { kind: "paragraph", text: `Actions from the board's earlier meetings, carried forward until they are complete, as they stand on ${formatDate(facts.today)}.` },
    {
      kind: "table",
      caption: "Matters arising: actions from earlier meetings",
      columns: ["Action", "Raised at", "Owner", "Due", "Status"],
      rows: facts.arising.map((a) => {
        const [description = "", ...rest] = actionCells(a, facts.today);
        return [description, `Meeting of ${formatDate(a.raisedOn)}`, ...rest];
      }),
      widths: [4, 2, 2, 2, 2],
    },
  ];
}

/** A recorded text as paragraphs, one for each line, the first with the label; none when there is no text. */
function labelledLines(label: string, text = ""): Block[] {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
  return lines.map((line, i): Block => (i === 0 ? { kind: "paragraph", label, text: line } : { kind: "paragraph", text: line }));
}

function agendaBlocks(items: readonly PapersItem[]): Block[] {
  const heading: Block = { kind: "heading", level: 1, text: "Agenda" };
  if (items.length === 0) return [heading, { kind: "paragraph", text: "No agenda has been recorded." }];
  return [
    heading,
    ...items.flatMap((item, i): Block[] => [
      { kind: "heading", level: 2, text: `${String(i + 1)}. ${item.title}` },
      ...labelledLines("Report:", item.report),
      ...labelledLines("Risk:", item.risk),
      ...labelledLines("Measure:", item.measure),
      ...labelledLines("Decisions:", item.decisions),
      ...labelledLines("Minutes:", item.minutes),
    ]),
  ];
}

function actionLogBlocks(facts: PapersFacts): Block[] {
  const heading: Block = { kind: "heading", level: 1, text: "Action log" };
  if (facts.actions.length === 0) return [heading, { kind: "paragraph", text: "No actions were raised at this meeting." }];
  return [
    heading,
    { kind: "paragraph", text: `Actions raised at this meeting, soonest due first, as they stand on ${formatDate(facts.today)}.` },
    { kind: "table", caption: "Actions raised at this meeting", columns: ["Action", "Owner", "Due", "Status"], rows: facts.actions.map((a) => actionCells(a, facts.today)), widths: [4, 2, 2, 2] },
  ];
}

/** A meeting's papers as a report document. */
export function meetingPapers(facts: PapersFacts): ReportDocument {
  const { board, meeting } = facts;
  const held = meeting.heldOn <= facts.today;
  const details = [
    { label: "Board", value: board.name },
    { label: "Purpose", value: board.purpose },
    { label: "Chair", value: board.chair },
    { label: "Reports to", value: board.reportsTo },
    { label: "Date", value: `${formatDate(meeting.heldOn)}${held ? "" : " (not yet held)"}` },
    { label: "Note", value: meeting.note },
    { label: "Minutes", value: minutesInWords(facts, held) },
  ].filter((row) => row.value !== "");
  return {
    title: `Papers for the meeting of ${formatDate(meeting.heldOn)}`,
    council: facts.council,
    committee: board.name,
    generatedAt: facts.generatedAt,
    blocks: [
      { kind: "fields", caption: "The meeting", rows: details },
      { kind: "heading", level: 1, text: "Attendance" },
      ...attendanceBlocks(facts, held),
      ...(facts.previous ? previousMinutesBlocks(facts.previous) : []),
      ...mattersArisingBlocks(facts),
      ...agendaBlocks(meeting.items),
      ...actionLogBlocks(facts),
    ],
  };
}

/** The name a meeting's papers download as: "performance-board-2024-11-01-papers.docx". */
export function papersFileName(boardName: string, heldOn: string, extension: "docx" | "pdf"): string {
  const board = boardName
    .toLowerCase()
    .replace(/['\u2019]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 60);
  return `${board || "board"}-${heldOn}-papers.${extension}`;
}

/** The papers of meeting `id` as they stand on `today`, written at `now`; undefined when there is no such meeting. */
export async function meetingPapersOf(db: Database, id: number, today: string, now: Date): Promise<{ document: ReportDocument; fileName: (extension: "docx" | "pdf") => string } | undefined> {
  const meeting = await meetingRecord(db, id);
  const board = meeting && (await findBoard(db, meeting.boardId));
  if (!meeting || !board) return undefined;
  const meetings = await meetingsOf(db, board.id);
  const previous = previousOf(meeting, meetings);
  const approvedAt = meeting.minutesApprovedAtMeetingId === null ? undefined : meetings.find((m) => m.id === meeting.minutesApprovedAtMeetingId);
  const targets = await itemTargets(db, today);
  const plan = await findCurrentPlan(db);
  const facts: PapersFacts = {
    council: plan?.councilName ?? "",
    board,
    memberNames: (await listMembers(db, board.id)).map((m) => m.name),
    meeting: {
      heldOn: meeting.heldOn,
      note: meeting.note,
      items: itemsWithTargets(meeting.items, targets).map(({ item, report, risk, measure }) => ({
        title: item.title,
        decisions: item.decisions,
        minutes: item.minutes,
        ...(report ? { report: report.text } : {}),
        ...(risk ? { risk: risk.text } : {}),
        ...(measure ? { measure: measure.text } : {}),
      })),
      attendees: meeting.attendees,
      minutes: minutesStateOf(meeting),
      approvedAt: approvedAt ? { heldOn: approvedAt.heldOn, by: meeting.minutesApprovedBy } : null,
    },
    previous: previous ? { heldOn: previous.heldOn, minutes: minutesStateOf(previous), approvedHere: previous.minutesApprovedAtMeetingId === meeting.id } : null,
    arising: await mattersArisingAt(db, board.id, meeting.heldOn, previous?.heldOn ?? null),
    actions: await actionsOfMeetings(db, [meeting.id]),
    today,
    generatedAt: now.toISOString(),
  };
  return { document: meetingPapers(facts), fileName: (extension) => papersFileName(board.name, meeting.heldOn, extension) };
}
