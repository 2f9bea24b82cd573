import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { selectRows } from "../db/rows.ts";
import { boardsOverview } from "../modules/risks/index.ts";
import { useTestApp } from "../../test/support/app.ts";
import { page } from "../../test/support/html.ts";
import { signedIn, type Client } from "../../test/support/session.ts";
import { normaliseWording, seedWording } from "../../test/support/wording.ts";
import { demoBoards, loadGovernanceRecord, performanceActions } from "./governance-record.ts";

/**
 * The demo's boards and the performance board's meeting on re-referrals: only what the council's
 * reports say of them, and no decision, attendee or date the reports do not give.
 */
describe("the demo's boards and their meeting", () => {
  const testApp = useTestApp({ data: "demo" });
  let viewer: Client;
  beforeAll(async () => {
    viewer = await signedIn(testApp.app, "viewer");
  });

  const seeds = () => [seedWording("000_9beb35d908bf020f.txt"), seedWording("002_22b056c222cd495c.txt")].join(" ");

  it("lists the eight boards the reports name, with the one outsider they name and who they report to", async () => {
    const list = page((await viewer.get("/boards")).body);
    expect(list.texts("#boards tbody tr td:first-child")).toEqual([
      "Corporate Parenting Group",
      "Early Help Board",
      "Families First Partnership Board",
      "Family Homes Board",
      "Improvement Board",
      "Operational MASH Board",
      "Performance Board",
      "Strategic MASH Board",
    ]);
    const improvement = page((await viewer.get(list.links.find((l) => l.text === "Improvement Board")?.href ?? "")).body);
    expect(improvement.texts("#board-members tbody tr")).toEqual(["Dorset Sector Led Improvement Partner From outside Waymark"]);
    const families = page((await viewer.get(list.links.find((l) => l.text === "Families First Partnership Board")?.href ?? "")).body);
    expect(families.text).toMatch(/Reports to\s*Plymouth Safeguarding Children Partnership/);
    const earlyHelp = page((await viewer.get(list.links.find((l) => l.text === "Early Help Board")?.href ?? "")).body);
    expect(earlyHelp.text).toMatch(/Chair\s*Service Director, EPS/);
    // Only the performance board's frequency is published.
    expect(demoBoards.filter((b) => b.frequency !== "not-recorded").map((b) => [b.name, b.frequency])).toEqual([["Performance Board", "monthly"]]);
  });

  it("gives each board a purpose in the reports' words", () => {
    const words = seeds();
    const quoted: Record<string, string> = {
      "Improvement Board": "the improvements put in place in priority areas following the ilacs, including to out of hours services and local authority designated officer response to allegations against professionals, were confirmed by our sector led improvement partner",
      "Performance Board": "focused activity overseen by our monthly performance board to ensure support leads to sustainable change for families",
      "Strategic MASH Board": "analysis of and response to patterns of demand and performance and quality assurance that drives improvement priorities",
      "Operational MASH Board": "the live learning approach remains in place in the front door with dip sampling by managers and the operational mash board with a focus on re-referrals",
      "Family Homes Board": "targets were agreed for each placement type with growth monitored by the family homes board",
      "Early Help Board": "the partnership early help board has been relaunched under the leadership of the service director, eps",
      "Families First Partnership Board": "establishing a partnership board reporting to the plymouth safeguarding children partnership (pscp), and partnership working groups to progress all key areas of the reforms",
      "Corporate Parenting Group": "an accelerated improvement plan agreed by health and social care with oversight from the corporate parenting group",
    };
    expect(Object.keys(quoted).sort()).toEqual(demoBoards.map((b) => b.name).sort());
    for (const phrase of Object.values(quoted)) expect(words).toContain(normaliseWording(phrase));
  });

  it("records one meeting of the performance board on re-referrals, saying its date is not published, with no decision or attendee", async () => {
    const board = page((await viewer.get("/boards")).body).links.find((l) => l.text === "Performance Board")?.href ?? "";
    const meetings = page((await viewer.get(board)).body);
    expect(meetings.texts("#board-meetings tbody tr")).toEqual(["Meeting of 1 November 2024 No minutes yet"]);
    const meeting = page((await viewer.get(meetings.links.find((l) => l.text === "Meeting of 1 November 2024")?.href ?? "")).body);
    expect(meeting.texts("#meeting-items > li h3")).toEqual(["Re-referrals"]);
    expect(meeting.links).toContainEqual({ text: "REREFERRALS: Re-referrals within 12 months", href: "/measures/REREFERRALS" });
    expect(meeting.text).toContain("The council's reports do not publish the dates or the minutes of the monthly performance board's meetings.");
    expect(meeting.text).toMatch(/Decisions\s*None recorded/);
    expect(meeting.text).toContain("No attendance has been recorded.");
    // Its actions, in the order they fell due: three done, the continuing work in progress.
    expect(meeting.texts("#meeting-actions tbody tr td:nth-child(4)").map((s) => s.replace(/ Completed .*| Overdue$/, ""))).toEqual(["Complete", "Complete", "Complete", "In progress"]);
    expect(meeting.texts("#meeting-actions tbody tr td:nth-child(2)")).toEqual(["Lee Lead", "Lee Lead", "Lee Lead", "Lee Lead"]);
  });

  it("draws each action from what the reports say was done", () => {
    const words = seeds();
    const said = [
      "targeted quality assurance to ensure we understand practice in this area and respond appropriately was completed in november",
      "aligning our targeted help offer with the mash and initial response teams to ensure support is in place at an early point",
      "strengthening the early engagement of early help services in work with families so that families remain well supported when statutory services are no longer involved",
      "focused work continues to ensure assessments effectively identify families' needs and families are effectively supported once statutory social work involvement ends",
    ];
    expect(said).toHaveLength(performanceActions.length);
    for (const phrase of said) expect(words).toContain(normaliseWording(phrase));
    expect(words).toContain(normaliseWording("remains high (26% in october)"));
  });
});

describe("the demo's boards without the demonstration accounts, as in production", () => {
  const testApp = useTestApp({ data: "empty" });

  it("are loaded, with the performance board's meeting but no actions, as no one can own them", async () => {
    const context = { userId: null, username: "waymark", correlationId: "governance record" };
    expect(await loadGovernanceRecord(testApp.db, context, new Date())).toBe(demoBoards.length);
    const boards = await boardsOverview(testApp.db);
    expect(boards.map((b) => [b.board.name, b.meetings])).toContainEqual(["Performance Board", 1]);
    expect(await selectRows(testApp.db, sql`select count(*)::int as actions from board_actions`)).toEqual([{ actions: 0 }]);
  });
});
