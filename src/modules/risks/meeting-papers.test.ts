import { describe, expect, it } from "vitest";
import type { Block } from "../reports/index.ts";
import { actionStatusInWords, meetingPapers, papersFileName, type PapersAction, type PapersFacts } from "./meeting-papers.ts";

/** Today, for these papers: 15 January 2025. */
const today = "2025-01-15";

const action = (description: string, dueOn: string, more: Partial<PapersAction> = {}): PapersAction => ({ description, ownerName: "Lee Lead", dueOn, status: "open", completedOn: null, ...more });

/** A meeting of the performance board with two items, four people at it, an action carried from the meeting before, and two actions raised. */
const facts: PapersFacts = {
  council: "Plymouth City Council",
  board: { name: "Performance Board", purpose: "Oversees the service's performance, month by month.", chair: "Head of Service", reportsTo: "" },
  memberNames: ["Lee Lead", "Sam Partner", "Alex Analyst"],
  meeting: {
    heldOn: "2024-12-02",
    note: "Held online because of the weather.",
    items: [
      {
        title: "Re-referrals",
        measure: "REREFERRALS: Re-referrals within 12 months",
        risk: "R3: Social worker recruitment and retention",
        decisions: "Dip sampling to continue monthly.",
        minutes: "The board heard the month's figures.\n\nThe targeted audit is complete.",
      },
      { title: "Any other business", decisions: "", minutes: "" },
    ],
    attendees: [
      { name: "Lee Lead", role: "Head of Service", attendance: "present" },
      { name: "Jo Guest", role: "Sector Led Improvement Partner", attendance: "present" },
      { name: "Sam Partner", role: "Police", attendance: "apologies" },
      { name: "Alex Analyst", role: "", attendance: "absent" },
    ],
    minutes: "draft",
    approvedAt: null,
  },
  previous: { heldOn: "2024-11-01", minutes: "approved", approvedHere: true },
  arising: [{ ...action("Report the month's re-referrals by team.", "2024-11-29", { status: "complete", completedOn: "2024-11-28" }), raisedOn: "2024-11-01" }],
  actions: [action("Dip sample the re-referrals of the month.", "2025-01-10", { status: "in-progress" }), action("Share the audit's findings with the teams.", "2025-02-28")],
  today,
  generatedAt: "2025-01-15T10:00:00.000Z",
};

const papers = meetingPapers(facts);
const headings = (blocks: readonly Block[]) => blocks.flatMap((b) => (b.kind === "heading" ? [`${String(b.level)} ${b.text}`] : []));
const paragraphs = (blocks: readonly Block[]) => blocks.flatMap((b) => (b.kind === "paragraph" ? [b.label ? `${b.label} ${b.text}` : b.text] : []));
const tables = (blocks: readonly Block[]) => blocks.flatMap((b) => (b.kind === "table" ? [b] : []));
/** The blocks under a level 1 heading, to the next one. */
function section(blocks: readonly Block[], heading: string): Block[] {
  const start = blocks.findIndex((b) => b.kind === "heading" && b.level === 1 && b.text === heading);
  if (start < 0) return [];
  const end = blocks.findIndex((b, i) => i > start && b.kind === "heading" && b.level === 1);
  return blocks.slice(start + 1, end < 0 ? undefined : end);
}

describe("a meeting's papers", () => {
  it("are headed with the board and the meeting's day, for the council", () => {
    expect(papers).toMatchObject({ title: "Papers for the meeting of 2 December 2024", committee: "Performance Board", council: "Plymouth City Council", generatedAt: "2025-01-15T10:00:00.000Z" });
  });

  it("set out the meeting, attendance, the previous minutes, matters arising, the agenda and the action log, in that order", () => {
    expect(headings(papers.blocks)).toEqual([
      "1 Attendance",
      "1 Minutes of the previous meeting",
      "1 Matters arising",
      "1 Agenda",
      "2 1. Re-referrals",
      "2 2. Any other business",
      "1 Action log",
    ]);
    expect(papers.blocks[0]).toEqual({
      kind: "fields",
      caption: "The meeting",
      rows: [
        { label: "Board", value: "Performance Board" },
        { label: "Purpose", value: "Oversees the service's performance, month by month." },
        { label: "Chair", value: "Head of Service" },
        { label: "Date", value: "2 December 2024" },
        { label: "Note", value: "Held online because of the weather." },
        { label: "Minutes", value: "Draft, to be approved at the board's next meeting" },
      ],
    });
  });

  it("list who was present, the guests in attendance, apologies and those absent", () => {
    expect(paragraphs(section(papers.blocks, "Attendance"))).toEqual(["Present: Lee Lead, Head of Service", "In attendance: Jo Guest, Sector Led Improvement Partner", "Apologies: Sam Partner, Police", "Absent: Alex Analyst"]);
  });

  it("count everyone present as present when the board's members are not recorded", () => {
    const unlisted = meetingPapers({ ...facts, memberNames: [] });
    expect(paragraphs(section(unlisted.blocks, "Attendance"))).toEqual(["Present: Lee Lead, Head of Service; Jo Guest, Sector Led Improvement Partner", "Apologies: Sam Partner, Police", "Absent: Alex Analyst"]);
  });

  it("give each agenda item with what it is about, its decisions and its minutes where recorded", () => {
    expect(paragraphs(section(papers.blocks, "Agenda"))).toEqual([
      "Risk: R3: Social worker recruitment and retention",
      "Measure: REREFERRALS: Re-referrals within 12 months",
      "Decisions: Dip sampling to continue monthly.",
      "Minutes: The board heard the month's figures.",
      "The targeted audit is complete.",
    ]);
  });

  it("carry the matters arising and the meeting's action log with owner, due date and status in words", () => {
    const [arising] = tables(section(papers.blocks, "Matters arising"));
    expect(arising?.columns).toEqual(["Action", "Raised at", "Owner", "Due", "Status"]);
    expect(arising?.rows).toEqual([["Report the month's re-referrals by team.", "Meeting of 1 November 2024", "Lee Lead", "29 November 2024", "Complete on 28 November 2024"]]);
    const [log] = tables(section(papers.blocks, "Action log"));
    expect(log?.columns).toEqual(["Action", "Owner", "Due", "Status"]);
    expect(log?.rows).toEqual([
      ["Dip sample the re-referrals of the month.", "Lee Lead", "10 January 2025", "In progress: overdue"],
      ["Share the audit's findings with the teams.", "Lee Lead", "28 February 2025", "Open"],
    ]);
    expect(paragraphs(section(papers.blocks, "Action log"))).toEqual(["Actions raised at this meeting, soonest due first, as they stand on 15 January 2025."]);
  });

  it("say so where a meeting has no agenda, attendance, matters arising or actions", () => {
    const bare = meetingPapers({ ...facts, previous: null, arising: [], actions: [], meeting: { ...facts.meeting, items: [], attendees: [], minutes: "none" } });
    expect(headings(bare.blocks)).toEqual(["1 Attendance", "1 Matters arising", "1 Agenda", "1 Action log"]);
    expect(paragraphs(bare.blocks)).toEqual(["No attendance has been recorded.", "There are no matters arising.", "No agenda has been recorded.", "No actions were raised at this meeting."]);
    expect(tables(bare.blocks)).toEqual([]);
    const planned = meetingPapers({ ...facts, today: "2024-11-20", previous: null, arising: [], actions: [], meeting: { ...facts.meeting, attendees: [], minutes: "none" } });
    expect(paragraphs(section(planned.blocks, "Attendance"))).toEqual(["Attendance is recorded once the meeting has been held."]);
    expect(planned.blocks[0]).toMatchObject({ rows: expect.arrayContaining([{ label: "Date", value: "2 December 2024 (not yet held)" }, { label: "Minutes", value: "Written after the meeting" }]) });
  });

  it.each([
    ["none, held", { minutes: "none" }, today, "Not yet written"],
    ["none, not yet held", { minutes: "none" }, "2024-11-30", "Written after the meeting"],
    ["draft", { minutes: "draft" }, today, "Draft, to be approved at the board's next meeting"],
    ["approved", { minutes: "approved", approvedAt: { heldOn: "2025-01-06", by: "Evan Editor" } }, today, "Approved at the meeting of 6 January 2025, recorded by Evan Editor"],
    ["approved, by no one named", { minutes: "approved", approvedAt: { heldOn: "2025-01-06", by: null } }, today, "Approved at the meeting of 6 January 2025"],
  ] as const)("give the state of the minutes: %s", (_, minutes, on, words) => {
    const written = meetingPapers({ ...facts, today: on, meeting: { ...facts.meeting, ...minutes } });
    expect(written.blocks[0]).toMatchObject({ rows: expect.arrayContaining([{ label: "Minutes", value: words }]) });
  });

  it.each([
    ["approved at this meeting", { minutes: "approved", approvedHere: true }, "The minutes of the meeting of 1 November 2024 were approved at this meeting."],
    ["approved since", { minutes: "approved", approvedHere: false }, "The minutes of the meeting of 1 November 2024 have been approved."],
    ["a draft", { minutes: "draft", approvedHere: false }, "The minutes of the meeting of 1 November 2024 are a draft, for this meeting to approve."],
    ["not written", { minutes: "none", approvedHere: false }, "The minutes of the meeting of 1 November 2024 have not been written."],
  ] as const)("say where the previous meeting's minutes stand: %s", (_, previous, words) => {
    const written = meetingPapers({ ...facts, previous: { heldOn: "2024-11-01", ...previous } });
    expect(paragraphs(section(written.blocks, "Minutes of the previous meeting"))).toEqual([words]);
  });
});

describe("an action's status in words", () => {
  it.each([
    ["open, not yet due", { status: "open", dueOn: "2025-01-31", completedOn: null }, "Open"],
    ["open, due today", { status: "open", dueOn: today, completedOn: null }, "Open"],
    ["open, past its due date", { status: "open", dueOn: "2025-01-14", completedOn: null }, "Open: overdue"],
    ["in progress, past its due date", { status: "in-progress", dueOn: "2024-12-31", completedOn: null }, "In progress: overdue"],
    ["complete after its due date", { status: "complete", dueOn: "2024-12-31", completedOn: "2025-01-03" }, "Complete on 3 January 2025"],
  ] as const)("%s", (_, status, words) => {
    expect(actionStatusInWords(status, today)).toBe(words);
  });
});

describe("the papers' file name", () => {
  it.each([
    ["Performance Board", "2024-11-01", "docx", "performance-board-2024-11-01-papers.docx"],
    ["Strategic MASH Board", "2025-03-04", "pdf", "strategic-mash-board-2025-03-04-papers.pdf"],
    ["Families First (Partnership) Board!", "2025-06-01", "docx", "families-first-partnership-board-2025-06-01-papers.docx"],
    ["Children's Services Board", "2025-06-01", "docx", "childrens-services-board-2025-06-01-papers.docx"],
    ["Ωμέγα", "2025-06-01", "pdf", "board-2025-06-01-papers.pdf"],
  ] as const)("%s on %s as %s", (board, heldOn, extension, name) => {
    expect(papersFileName(board, heldOn, extension)).toBe(name);
  });
});
