import type { BoardFrequency } from "../core/board-actions.ts";
import type { Database } from "../db/client.ts";
import { actorOf, findUserByUsername, type ChangeContext } from "../modules/access/index.ts";
import { findMeasure } from "../modules/measures/index.ts";
import { priorityIdsByNumber } from "../modules/plan/index.ts";
import { loadBoardRecord, type RecordedBoard } from "../modules/risks/index.ts";

/**
 * The boards the council's reports name as holding the plan to account, each with only what the
 * reports say of it: the Scrutiny Panel report of 6 February 2025 (the Improvement Board and the
 * Sector Led Improvement Partner, the Strategic and Operational MASH Boards, the Corporate Parenting
 * Group) and the report on April to September 2025 (the monthly performance board that oversees
 * re-referrals, the Family Homes Board, the Early Help Board, the Families First Partnership Board).
 * The reports say how often only the performance board meets: the others are recorded as meeting
 * as needed. Each board oversees the priorities under which the reports tell of it.
 */
export interface DemoBoard {
  name: string;
  purpose: string;
  chair: string;
  frequency: BoardFrequency;
  reportsTo: string;
  priorityNumbers: number[];
  members: { name: string; role: string }[];
}

export const demoBoards: DemoBoard[] = [
  {
    name: "Improvement Board",
    purpose: "Receives the Sector Led Improvement Partner's work on the improvements put in place after the Ofsted inspection of January 2024. In September 2024 the partner's work presented to the board confirmed the improvements in priority areas, including Out of Hours services and the Local Authority Designated Officer's response to allegations against professionals.",
    chair: "",
    frequency: "not-recorded",
    reportsTo: "",
    priorityNumbers: [],
    members: [{ name: "Dorset", role: "Sector Led Improvement Partner" }],
  },
  {
    name: "Performance Board",
    purpose: "The service's monthly performance board. It oversees the focused activity on re-referrals, to ensure support leads to sustainable change for families.",
    chair: "",
    frequency: "monthly",
    reportsTo: "",
    priorityNumbers: [2, 8],
    members: [],
  },
  {
    name: "Strategic MASH Board",
    purpose: "Ensures strong partnership engagement and oversight of practice in the Multi-Agency Safeguarding Hub, and the analysis of and response to patterns of demand, performance and quality assurance that drives improvement priorities, including a programme of partnership dip sampling of priority areas.",
    chair: "",
    frequency: "not-recorded",
    reportsTo: "",
    priorityNumbers: [2],
    members: [],
  },
  {
    name: "Operational MASH Board",
    purpose: "Ensures strong partnership engagement and oversight of practice in the Multi-Agency Safeguarding Hub. With managers' dip sampling, it keeps the live learning approach in place in the Front Door, with a focus on re-referrals.",
    chair: "",
    frequency: "not-recorded",
    reportsTo: "",
    priorityNumbers: [2],
    members: [],
  },
  {
    name: "Family Homes Board",
    purpose: "Monitors the growth in each type of placement against the targets agreed in the market development plan.",
    chair: "",
    frequency: "not-recorded",
    reportsTo: "",
    priorityNumbers: [4],
    members: [],
  },
  {
    name: "Early Help Board",
    purpose: "The partnership Early Help Board, relaunched under the leadership of the Service Director, EPS. Its priorities have included resetting a shared vision, mapping existing services, and identifying gaps and opportunities for further improvement and innovation.",
    chair: "Service Director, EPS",
    frequency: "not-recorded",
    reportsTo: "",
    priorityNumbers: [9],
    members: [],
  },
  {
    name: "Families First Partnership Board",
    purpose: "The partnership board of the Families First Partnership reforms, with partnership working groups to progress all key areas of the reforms.",
    chair: "",
    frequency: "not-recorded",
    reportsTo: "Plymouth Safeguarding Children Partnership",
    priorityNumbers: [3],
    members: [],
  },
  {
    name: "Corporate Parenting Group",
    purpose: "Oversees the accelerated improvement plan agreed by health and social care so that children coming into care have their Initial Health Assessment within 20 working days.",
    chair: "",
    frequency: "not-recorded",
    reportsTo: "",
    priorityNumbers: [9],
    members: [],
  },
];

/** The day the performance board's meeting is recorded on: not published, as its minutes say. */
export const performanceMeetingDay = "2024-11-01";

/**
 * The work on re-referrals the reports say was done, as the actions of the performance board's
 * meeting: each due and completed when the reports say it was done (at the month's end where they
 * give only the month), and the continuing work, due by the end of the plan year its milestone is
 * for, left in progress.
 */
export const performanceActions = [
  {
    description: "Complete targeted quality assurance of re-referrals, to understand practice in this area and respond appropriately.",
    dueOn: "2024-11-30",
    progress: {
      status: "complete" as const,
      on: "2024-11-30",
      note: "Completed in November 2024 (Scrutiny Panel report, 6 February 2025). The report gives the month, not the day: the action is recorded as due and completed at the month's end.",
    },
  },
  {
    description: "Align the Targeted Help offer with the MASH and Initial Response Teams, so that support is in place at an early point.",
    dueOn: "2025-02-06",
    progress: {
      status: "complete" as const,
      on: "2025-02-06",
      note: "Done, as the Scrutiny Panel report of 6 February 2025 says among the improvements made to reduce re-referrals. The report gives no due date and no day it was done: both are recorded as the report's date.",
    },
  },
  {
    description: "Strengthen the early engagement of early help services in work with families, so that families remain well supported when statutory services are no longer involved.",
    dueOn: "2025-02-06",
    progress: {
      status: "complete" as const,
      on: "2025-02-06",
      note: "Done, as the Scrutiny Panel report of 6 February 2025 says among the improvements made to reduce re-referrals. The report gives no due date and no day it was done: both are recorded as the report's date.",
    },
  },
  {
    description: "Continue the focused work to ensure assessments effectively identify families' needs, and that families are effectively supported once statutory social work involvement ends.",
    dueOn: "2026-03-31",
    progress: {
      status: "in-progress" as const,
      on: "2025-09-30",
      note: "The report on April to September 2025 says the focus on re-referrals has not yet led to sustained improvement: the rate remains high, 26% in October 2025. The work continues under the 2025/26 milestone to ensure support enables families to make sustained change, reducing the share of families re-referred: it is due by the end of that plan year.",
    },
  },
];

const meetingNote =
  "The council's reports do not publish the dates or the minutes of the monthly performance board's meetings. This record gathers, as the actions of one meeting, the work on re-referrals the Scrutiny Panel report of 6 February 2025 and the report on April to September 2025 say was done. It is dated 1 November 2024, the month the targeted quality assurance of re-referrals was completed; the date is not the board's. In December 2024 the rate of re-referral was 27%, and in October 2025 26%.";

/**
 * Loads the boards, and the performance board's meeting with its actions, owned by the demo's
 * priority lead (who leads priority 3, under which re-referrals sit with priority 2) and raised
 * by its plan editor. Without the demo's accounts (as in production) no one can own the actions,
 * so the meeting is recorded without them.
 */
export async function loadGovernanceRecord(db: Database, context: ChangeContext, now: Date): Promise<number> {
  const ids = await priorityIdsByNumber(db, [...new Set(demoBoards.flatMap((b) => b.priorityNumbers))]);
  const rereferrals = await findMeasure(db, "REREFERRALS");
  const [lead, editor] = [await findUserByUsername(db, "lead"), await findUserByUsername(db, "editor")];
  const raiser = editor ? await actorOf(db, editor.id) : null;
  const owner = lead ? { id: lead.id, displayName: lead.displayName } : null;
  const boards: RecordedBoard[] = demoBoards.map(({ priorityNumbers, members, ...board }) => ({
    ...board,
    priorityIds: priorityNumbers.flatMap((n) => ids.get(n) ?? []),
    members: members.map((m) => ({ ...m, userId: null })),
    meetings:
      board.name === "Performance Board"
        ? [
            {
              heldOn: performanceMeetingDay,
              note: meetingNote,
              items: [{ title: "Re-referrals", reportId: null, riskId: null, measureId: rereferrals?.id ?? null, decisions: "", minutes: "" }],
              attendees: [],
              actions: owner && raiser ? performanceActions.map((action) => ({ ...action, owner })) : [],
            },
          ]
        : [],
  }));
  return loadBoardRecord(db, context, { recordedBy: "From the council's published reports", raiser }, boards, now);
}
