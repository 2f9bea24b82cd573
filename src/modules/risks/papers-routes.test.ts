import { existsSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app/app.ts";
import { clockAt } from "../../core/clock.ts";
import { useTestApp } from "../../../test/support/app.ts";
import { addSampleBoard, addSampleMeeting, optionValue, raiseSampleBoardAction } from "../../../test/support/boards.ts";
import { formValues } from "../../../test/support/forms.ts";
import { page } from "../../../test/support/html.ts";
import { signedIn, type Client } from "../../../test/support/session.ts";
import { openWord, rowsOf, styleOf, textOf } from "../../../test/support/word.ts";

/** Today, for these tests: 15 June 2026. */
const clock = clockAt("2026-06-15T12:00:00Z");
const testApp = useTestApp({ data: "demo", clock, chromium: null });

let editor: Client;
let viewer: Client;
/** The two meetings of a board: the first, on 1 April 2026, with its agenda, attendance, minutes and an action; the second, on 1 June 2026, which approved them. */
let first: string;
let second: string;
let risk: string;

beforeAll(async () => {
  editor = await signedIn(testApp.app, "editor");
  viewer = await signedIn(testApp.app, "viewer");
  const board = await addSampleBoard(testApp.app, "Children's Performance Board", { purpose: "Holds the service to account for its performance, month by month.", chair: "Head of Service" });
  const lead = await optionValue(testApp.app, board, "userId", "Lee Lead");
  await editor.post(`${board}/members`, { ...(await formValues(editor, board, `${board}/members`)), kind: "account", userId: lead, accountRole: "Head of Service" }, board);
  const measure = await optionValue(testApp.app, `${board}/meetings/new`, "itemMeasure-1", "REREFERRALS: Re-referrals within 12 months");
  const riskOption = page((await editor.get(`${board}/meetings/new`)).body).document.querySelector("select#itemRisk-1 option:nth-child(2)");
  risk = riskOption?.textContent.trim() ?? "";
  first = await addSampleMeeting(testApp.app, board, "2026-04-01", {
    "itemTitle-1": "Re-referrals",
    "itemMeasure-1": measure,
    "itemDecisions-1": "Dip sampling to continue monthly.",
    "itemMinutes-1": "The board heard the month's figures.\nThe targeted audit of re-referrals is complete.",
    "itemTitle-2": "Workforce",
    "itemRisk-2": riskOption?.getAttribute("value") ?? "",
    "attendance-1": "present",
    "attendeeName-2": "Sam Partner",
    "attendeeRole-2": "Police",
    "attendance-2": "present",
    "attendeeName-3": "Ali Adviser",
    "attendeeRole-3": "Health",
    "attendance-3": "apologies",
  });
  await raiseSampleBoardAction(testApp.app, first, "2026-05-15");
  second = await addSampleMeeting(testApp.app, board, "2026-06-01", { "itemTitle-1": "Performance report", "attendance-1": "apologies" });
  await raiseSampleBoardAction(testApp.app, second, "2026-09-30", { description: "Share the audit's findings with every team." });
  const version = String(page((await editor.get(second)).body).document.querySelector("form[action$='/approve-minutes'] input[name=version]")?.getAttribute("value"));
  const approved = await editor.post(`${second}/approve-minutes`, { meetingId: first.split("/").at(-1) ?? "", version }, second);
  if (approved.statusCode !== 303) throw new Error(`could not approve the minutes: ${approved.statusCode}`);
});

/** The Word papers of a meeting as a reader sees them: its headings, the text of its paragraphs and its tables' rows by caption. */
async function wordPapers(meeting: string) {
  const response = await viewer.get(`${meeting}/papers.docx`);
  expect(response.statusCode).toBe(200);
  const word = await openWord(response.rawPayload);
  const captions = word.bodyParagraphs.filter((p) => styleOf(p) === "Caption").map(textOf);
  return {
    response,
    headings: word.bodyParagraphs.filter((p) => /^Heading\d$/.test(styleOf(p))).map((p) => `${styleOf(p)} ${textOf(p)}`),
    title: word.bodyParagraphs.filter((p) => styleOf(p) === "Title").map(textOf),
    text: word.bodyParagraphs.map(textOf),
    tables: new Map(word.tables.map((t, i) => [captions[i] ?? "", rowsOf(t)])),
  };
}

describe("a meeting's papers as Word", () => {
  it("download under the board's name and the meeting's day, for anyone who reads the boards", async () => {
    const { response, title } = await wordPapers(first);
    expect(response.headers["content-type"]).toContain("wordprocessingml");
    expect(response.headers["content-disposition"]).toBe('attachment; filename="childrens-performance-board-2026-04-01-papers.docx"');
    expect(title).toEqual(["Papers for the meeting of 1 April 2026"]);
  });

  it("hold the meeting, its attendance, agenda with decisions and minutes, and its action log", async () => {
    const papers = await wordPapers(first);
    expect(papers.headings).toEqual(["Heading1 Attendance", "Heading1 Matters arising", "Heading1 Agenda", "Heading2 1. Re-referrals", "Heading2 2. Workforce", "Heading1 Action log"]);
    expect(papers.tables.get("The meeting")).toEqual([
      ["Board", "Children's Performance Board"],
      ["Purpose", "Holds the service to account for its performance, month by month."],
      ["Chair", "Head of Service"],
      ["Date", "1 April 2026"],
      ["Minutes", "Approved at the meeting of 1 June 2026, recorded by Evan Editor"],
    ]);
    expect(papers.text).toEqual(
      expect.arrayContaining([
        "Present: Lee Lead, Head of Service",
        "In attendance: Sam Partner, Police",
        "Apologies: Ali Adviser, Health",
        "Measure: REREFERRALS: Re-referrals within 12 months",
        "Decisions: Dip sampling to continue monthly.",
        "Minutes: The board heard the month's figures.",
        "The targeted audit of re-referrals is complete.",
        `Risk: ${risk}`,
        "There are no matters arising.",
      ]),
    );
    expect(risk).toMatch(/^[RI]\d+: /);
    expect(papers.tables.get("Actions raised at this meeting")).toEqual([
      ["Action", "Owner", "Due", "Status"],
      ["Dip sample the re-referrals of the month and report what they show.", "Lee Lead", "15 May 2026", "Open: overdue"],
    ]);
  });

  it("carry the earlier meeting's open action as a matter arising at the next, and say its minutes were approved there", async () => {
    const papers = await wordPapers(second);
    expect(papers.headings).toEqual(["Heading1 Attendance", "Heading1 Minutes of the previous meeting", "Heading1 Matters arising", "Heading1 Agenda", "Heading2 1. Performance report", "Heading1 Action log"]);
    expect(papers.text).toContain("The minutes of the meeting of 1 April 2026 were approved at this meeting.");
    expect(papers.tables.get("Matters arising: actions from earlier meetings")).toEqual([
      ["Action", "Raised at", "Owner", "Due", "Status"],
      ["Dip sample the re-referrals of the month and report what they show.", "Meeting of 1 April 2026", "Lee Lead", "15 May 2026", "Open: overdue"],
    ]);
    expect(papers.tables.get("Actions raised at this meeting")).toEqual([
      ["Action", "Owner", "Due", "Status"],
      ["Share the audit's findings with every team.", "Lee Lead", "30 September 2026", "Open"],
    ]);
    expect(papers.tables.get("The meeting")).toContainEqual(["Minutes", "Not yet written"]);
  });

  it("are written for the demo's meeting of the performance board, with its action log", async () => {
    const board = page((await viewer.get("/boards")).body).links.find((l) => l.text === "Performance Board")?.href ?? "";
    const meeting = page((await viewer.get(board)).body).links.find((l) => /^\/meetings\/\d+$/.test(l.href))?.href ?? "";
    const papers = await wordPapers(meeting);
    expect(papers.response.headers["content-disposition"]).toMatch(/^attachment; filename="performance-board-\d{4}-\d{2}-\d{2}-papers\.docx"$/);
    const log = papers.tables.get("Actions raised at this meeting") ?? [];
    expect(log.length).toBeGreaterThan(1);
    expect(log.slice(1).every((row) => row.length === 4 && /^(Open|In progress|Complete)/.test(row[3] ?? ""))).toBe(true);
  });
});

describe("the meeting's page", () => {
  it("offers the papers as Word, and says PDF is not available on a server without Chromium", async () => {
    const shown = page((await viewer.get(first)).body);
    expect(shown.texts("#papers-files a")).toEqual(["Download the papers as Word"]);
    expect(shown.links).toContainEqual({ text: "Download the papers as Word", href: `${first}/papers.docx` });
    expect(shown.text).toContain("PDF is not available: this server has no Chromium to print with.");
  });
});

describe("papers asked for", () => {
  it("of a meeting that is not recorded are not found", async () => {
    for (const url of ["/meetings/999999/papers.docx", "/meetings/999999/papers.pdf", "/meetings/abc/papers.docx"]) expect((await viewer.get(url)).statusCode, url).toBe(404);
  });

  it("as PDF of a server without Chromium say so", async () => {
    const response = await viewer.get(`${first}/papers.pdf`);
    expect(response.statusCode).toBe(503);
    expect(page(response.body).h1).toBe("PDF is not available on this server");
  });
});

describe.skipIf(!existsSync("/usr/bin/chromium") && process.env.WAYMARK_REQUIRE_BROWSER !== "1")("a meeting's papers as PDF where Chromium is installed", () => {
  it("print, tagged for screen readers, named after the board and the meeting's day, and the meeting's page links to them", async () => {
    const withPdf = await buildApp({ db: testApp.db, chromium: "/usr/bin/chromium", clock });
    try {
      const reader = await signedIn(withPdf, "viewer");
      expect(page((await reader.get(first)).body).texts("#papers-files a")).toEqual(["Download the papers as Word", "Download the papers as PDF"]);
      const response = await reader.get(`${first}/papers.pdf`);
      expect(response.statusCode).toBe(200);
      expect(response.headers["content-type"]).toBe("application/pdf");
      expect(response.headers["content-disposition"]).toBe('attachment; filename="childrens-performance-board-2026-04-01-papers.pdf"');
      expect(response.rawPayload.subarray(0, 5).toString("latin1")).toBe("%PDF-");
      // Tagged for screen readers, with its language and the headings as bookmarks, as issued reports are.
      const pdf = response.rawPayload.toString("latin1");
      for (const part of ["/StructTreeRoot", "/MarkInfo", "/Lang", "/Outlines"]) expect(pdf, part).toContain(part);
    } finally {
      await withPdf.close();
    }
  }, 60_000);
});
