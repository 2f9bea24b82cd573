import { existsSync, readFileSync } from "node:fs";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { measureValues, measures, progressUpdates, reportingPeriods } from "../../db/schema/index.ts";
import { demoProgressFolder } from "../../demo/index.ts";
import { buildApp } from "../../app/app.ts";
import { page } from "../../../test/support/html.ts";
import { signedIn, type Client } from "../../../test/support/session.ts";
import { sendAndFinish } from "../../../test/support/jobs.ts";
import { all, isOn, openWord, rowsOf, styleOf, textOf } from "../../../test/support/word.ts";
import { currentPlanSummary, prioritiesOfYear } from "../plan/index.ts";
import { useTestApp } from "../../../test/support/app.ts";

const testApp = useTestApp({ data: "demo", chromium: null });
let approver: Client;
let analyst: Client;
let viewer: Client;
let ids: { q1q2: number; yearReview: number };

/** The demo's Q1 and Q2 2025/26 progress, as typed from the council's report. */
const halfYear = parseYaml(readFileSync(`${demoProgressFolder}/2025-26-q1-q2.yaml`, "utf8")) as { priorities: { number: number; narrative: string[] }[] };
const squeeze = (text: string) => text.replace(/\s+/g, " ").trim();

beforeAll(async () => {
  approver = await signedIn(testApp.app, "approver");
  analyst = await signedIn(testApp.app, "analyst");
  viewer = await signedIn(testApp.app, "viewer");
  const list = page((await approver.get("/reports")).body);
  const idOf = (title: string) => Number([...list.document.querySelectorAll("a")].find((a) => a.textContent.includes(title))?.getAttribute("href")?.split("/").pop());
  ids = { q1q2: idOf("progress in Q1 and Q2 2025/26"), yearReview: idOf("year one review") };
});

/** Each "Strategic Priority N" section of a Word report: its heading and the table under it. */
async function prioritySections(docx: Buffer) {
  const word = await openWord(docx);
  const headings = word.bodyParagraphs.filter((p) => styleOf(p) === "Heading1").map(textOf);
  const tables = word.tables.filter((t) => (rowsOf(t)[0] ?? [])[0] === "Priorities for the year");
  return { word, headings, tables };
}

describe("the demo's progress report for Q1 and Q2 2025/26", () => {
  it("lists the demo's reports in preparation", async () => {
    const list = page((await approver.get("/reports")).body);
    expect(list.texts("table tbody tr td:first-child")).toEqual(expect.arrayContaining(["Achieving Excellence: progress in Q1 and Q2 2025/26", "Children, Young People and Families Service Q3 Improvement Update"]));
    expect(ids.q1q2).toBeGreaterThan(0);
  });

  it("downloads as Word with the ten priorities, each with its milestones for the year and its progress, in the seed's order", async () => {
    const response = await approver.get(`/reports/${String(ids.q1q2)}/report.docx`);
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toContain("wordprocessingml");
    const { word, headings, tables } = await prioritySections(response.rawPayload);
    const priorityHeadings = headings.filter((h) => h.startsWith("Strategic Priority"));
    expect(priorityHeadings.map((h) => Number(/^Strategic Priority (\d+):/.exec(h)?.[1]))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(tables).toHaveLength(10);

    const plan = await currentPlanSummary(testApp.db);
    const priorities = await prioritiesOfYear(testApp.db, plan?.id ?? 0, 2025, "2025-04-01");
    tables.forEach((table, i) => {
      const [header, body] = rowsOf(table);
      expect(header).toEqual(["Priorities for the year", "Progress in Q1 and Q2"]);
      // The header row repeats at the top of each page the table runs onto.
      expect(isOn(all(table, "w:tr")[0] ?? table, "w:tblHeader")).toBe(true);
      const [milestoneCell, progressCell] = all(all(table, "w:tr")[1] ?? table, "w:tc");
      const cellItems = (cell: typeof milestoneCell) => (cell ? all(cell, "w:p").map((p) => squeeze(textOf(p))).filter(Boolean) : []);
      const expectedMilestones = priorities[i]?.milestones.map((m) => squeeze(m.text)) ?? [];
      expect(expectedMilestones.length).toBeGreaterThan(0);
      expect(cellItems(milestoneCell)).toEqual(expectedMilestones);
      const narrative = halfYear.priorities.find((p) => p.number === i + 1)?.narrative.map(squeeze) ?? [];
      expect(narrative.length).toBeGreaterThan(0);
      expect(cellItems(progressCell)).toEqual(narrative);
      expect(body).toHaveLength(2);
    });
    // Headings go down one level at a time, so the navigation pane shows a true outline.
    const levels = word.bodyParagraphs.map(styleOf).filter((style) => /^Heading\d$/.test(style)).map((style) => Number(style.slice(-1)));
    expect(levels[0]).toBe(1);
    levels.forEach((level, i) => expect(level - (levels[i - 1] ?? 0), `heading ${String(i)}`).toBeLessThanOrEqual(1));
    expect(new Set(levels)).toEqual(new Set([1, 2, 3]));
    // Every chart in the measures appendix says in words what it shows.
    const pictures = all(word.document, "wp:docPr");
    expect(pictures.length).toBeGreaterThan(0);
    for (const picture of pictures) expect(picture.getAttribute("descr") ?? "").toMatch(/SPC chart\. .+ values from /);
  });

  it("lays out its Word tables so no word breaks across lines: the papers tables with narrow numbered exemption columns", async () => {
    const word = await openWord((await approver.get(`/reports/${String(ids.q1q2)}/report.docx`)).rawPayload);
    // Tables are Arial 10pt, about 96 twips a character on average; a cell's margins take about 216.
    const needed = (text: string) => Math.max(0, ...text.split(/\s+/).map((w) => w.length)) * 96 + 216;
    for (const table of word.tables) {
      const widths = all(table, "w:gridCol").map((col) => Number(col.getAttribute("w:w")));
      const rows = rowsOf(table);
      rows.forEach((row) =>
        row.forEach((cell, i) => {
          // The Word text of a cell runs its paragraphs together: judge each word on its own.
          expect(widths[i] ?? 0, `"${cell.slice(0, 40)}" in a column of ${String(widths[i])} twips`).toBeGreaterThanOrEqual(needed(cell));
        }),
      );
    }
    const appendices = word.tables.find((t) => rowsOf(t)[0]?.[1] === "Title of appendix");
    expect(rowsOf(appendices ?? word.document.documentElement)[0]).toEqual(["Reference", "Title of appendix", "1", "2", "3", "4", "5", "6", "7"]);
    expect(word.bodyParagraphs.map(textOf).some((t) => t.startsWith("Exemption paragraph number:"))).toBe(true);
  });

  it("reads as a web page with the same sections, the headings in order under the page's title", async () => {
    const preview = page((await approver.get(`/reports/${String(ids.q1q2)}/preview`)).body);
    expect(preview.text).toContain("A preview from the data as it stands now");
    const h2 = preview.texts("main h2");
    expect(h2.filter((h) => h.startsWith("Strategic Priority"))).toHaveLength(10);
    expect(h2).toContain("Purpose of report");
    expect(preview.texts("main h1")).toEqual(["Achieving Excellence: progress in Q1 and Q2 2025/26"]);
    expect(preview.text).toContain("Progress and challenges in Q1 and Q2 2025/26");
    expect(preview.document.querySelectorAll("main figure svg").length).toBeGreaterThan(0);
  });

  it("says plainly that PDF is not available where the server has no Chromium", async () => {
    const report = page((await approver.get(`/reports/${String(ids.q1q2)}`)).body);
    expect(report.text).toContain("PDF is not available: this server has no Chromium");
    const pdf = await approver.get(`/reports/${String(ids.q1q2)}/report.pdf`);
    expect(pdf.statusCode).toBe(503);
    expect(page(pdf.body).text).toContain("does not have it installed");
  });

  it("leaves out progress that is not approved", async () => {
    const [period] = await testApp.db.select().from(reportingPeriods).where(and(eq(reportingPeriods.kind, "half-year"), eq(reportingPeriods.planYear, 2025)));
    const plan = await currentPlanSummary(testApp.db);
    const priority2 = (await prioritiesOfYear(testApp.db, plan?.id ?? 0, 2025, "2025-04-01"))[1];
    const where = and(eq(progressUpdates.periodId, period?.id ?? 0), eq(progressUpdates.priorityId, priority2?.id ?? 0));
    await testApp.db.update(progressUpdates).set({ state: "returned" }).where(where);
    try {
      const preview = page((await approver.get(`/reports/${String(ids.q1q2)}/preview`)).body);
      expect(preview.text).not.toContain(squeeze(halfYear.priorities[1]?.narrative[0] ?? "missing"));
      expect(preview.text).toContain("No approved update for this period.");
    } finally {
      await testApp.db.update(progressUpdates).set({ state: "approved" }).where(where);
    }
  });
});

describe("editing a report's cover sheet and sections", () => {
  const valid = {
    committee: "Children, Young People and Families Scrutiny Panel",
    title: "Achieving Excellence: progress in Q1 and Q2 2025/26",
    leadMember: "Councillor Jemima Laing",
    leadDirector: "David Haley (Director for Childrens Services)",
    author: "Vivien Lines",
    contactEmail: "vivien.lines@plymouth.gov.uk",
    reference: "",
    keyDecision: "no",
    confidentiality: "Part I - Official",
    meetingDay: "4",
    meetingMonth: "2",
    meetingYear: "2026",
    purpose: "To update members on progress.",
    recommendations: "That the improvements are noted.\nThat a further update comes in July.",
    alternatives: "None.",
    appendices: "A | Performance scorecard",
    signOff: "Finance | FIN.25.26.117",
  };

  const editUrl = () => `/reports/${String(ids.q1q2)}/edit`;
  const versionNow = async () => page((await analyst.get(editUrl())).body).document.querySelector('input[name="version"]')?.getAttribute("value") ?? "";

  it.each([
    ["contactEmail", "not an address", "Contact email must be an email address"],
    ["meetingDay", "31", "Date of meeting must be a real date"],
    ["appendices", "A | Scorecard | 9", "Appendices, line 1: exemption paragraphs are numbers from 1 to 7"],
    ["title", "", "Enter the title of the report"],
    ["title", "Progress\u0000report", "Title must not contain hidden control characters"],
    ["committee", "Scrutiny\r\nPanel", "Committee must be on one line"],
    ["purpose", "To update members\u0008.", "Purpose of report must not contain hidden control characters"],
  ])("refuses %s = %j, naming the field, and saves nothing", async (field, value, message) => {
    const version = await versionNow();
    const response = await analyst.post(editUrl(), { ...valid, version, meetingMonth: field === "meetingDay" ? "2" : valid.meetingMonth, [field]: value });
    expect(response.statusCode).toBe(400);
    const form = page(response.body);
    expect(form.text).toContain(message);
    expect(form.document.querySelector(`.govuk-error-summary a[href="#${field}"]`)).not.toBeNull();
    expect(await versionNow()).toBe(version);
  });

  it("refuses a meeting in year 0 or on 30 February, naming the date, and saves nothing", async () => {
    const cases: [string, string, string, string][] = [
      ["1", "1", "0000", "Date of meeting must be in a year from 1900 to 2200"],
      ["30", "2", "2026", "Date of meeting must be a real date, like 31 3 2026"],
      ["1", "0x2", "2026", "Date of meeting must be a real date, like 31 3 2026"],
    ];
    for (const [meetingDay, meetingMonth, meetingYear, message] of cases) {
      const version = await versionNow();
      const response = await analyst.post(editUrl(), { ...valid, version, meetingDay, meetingMonth, meetingYear });
      expect(response.statusCode, `${meetingDay} ${meetingMonth} ${meetingYear}`).toBe(400);
      const form = page(response.body);
      expect(form.texts(".govuk-error-summary__list a")).toEqual([message]);
      expect(form.document.querySelector('.govuk-error-summary a[href="#meetingDay"]')).not.toBeNull();
      expect(await versionNow()).toBe(version);
    }
  });

  it("saves the words, which then appear in the report, and refuses a save made from an older version", async () => {
    const version = await versionNow();
    const saved = await analyst.post(editUrl(), { ...valid, version });
    expect(saved.statusCode).toBe(303);
    const preview = page((await analyst.get(`/reports/${String(ids.q1q2)}/preview`)).body);
    expect(preview.text).toContain("4 February 2026");
    expect(preview.texts("main ol li")).toEqual(expect.arrayContaining(["That the improvements are noted.", "That a further update comes in July."]));
    expect(preview.text).toContain("FIN.25.26.117");

    const stale = await approver.post(editUrl(), { ...valid, version, purpose: "Someone else's purpose." });
    expect(stale.statusCode).toBe(409);
    expect(page(stale.body).text).toContain("Someone else changed this while you were editing it");
  });
});

describe("issuing a report", () => {
  let issuedDocx: Buffer;
  let issueHref: string;

  it("is for approvers: an analyst may prepare a report but not issue it", async () => {
    const response = await analyst.post(`/reports/${String(ids.q1q2)}/issue`, {}, `/reports/${String(ids.q1q2)}`);
    expect(response.statusCode).toBe(403);
  });

  // The first issue keeps the cases behind the demo's computed figures: tens of seconds on the embedded database.
  it("keeps a copy that later changes to the progress do not alter", async () => {
    const { finished } = await sendAndFinish(approver, testApp.queue, `/reports/${String(ids.q1q2)}/issue`, {}, `/reports/${String(ids.q1q2)}`);
    expect(finished.headers.location).toBe(`/reports/${String(ids.q1q2)}?issued=1`);
    const list = page((await viewer.get("/reports")).body);
    const link = [...list.document.querySelectorAll('a[href^="/reports/issued/"]')].find((a) => a.textContent.includes("progress in Q1 and Q2"));
    issueHref = link?.getAttribute("href") ?? "";
    expect(issueHref).toMatch(/^\/reports\/issued\/\d+$/);
    expect(list.text).toContain("Approver");
    issuedDocx = (await viewer.get(`${issueHref}/report.docx`)).rawPayload;

    // Someone changes priority 1's approved progress after the report was issued.
    const [period] = await testApp.db.select().from(reportingPeriods).where(and(eq(reportingPeriods.kind, "half-year"), eq(reportingPeriods.planYear, 2025)));
    const plan = await currentPlanSummary(testApp.db);
    const priority1 = (await prioritiesOfYear(testApp.db, plan?.id ?? 0, 2025, "2025-04-01"))[0];
    await testApp.db
      .update(progressUpdates)
      .set({ narrative: sql`${progressUpdates.narrative} || '["A sentence added after the report was issued."]'::jsonb` })
      .where(and(eq(progressUpdates.periodId, period?.id ?? 0), eq(progressUpdates.priorityId, priority1?.id ?? 0)));

    const live = page((await approver.get(`/reports/${String(ids.q1q2)}/preview`)).body);
    expect(live.text).toContain("A sentence added after the report was issued.");
    const again = (await viewer.get(`${issueHref}/report.docx`)).rawPayload;
    expect(again.equals(issuedDocx)).toBe(true);
    const { word } = await prioritySections(again);
    expect(word.paragraphs.map(textOf).join(" ")).not.toContain("A sentence added after the report was issued.");
    const copy = page((await viewer.get(issueHref)).body);
    expect(copy.text).toContain("This is the copy as issued");
    expect(copy.text).not.toContain("A sentence added after the report was issued.");
    const html = await viewer.get(`${issueHref}/report.html`);
    expect(html.headers["content-security-policy"]).toContain("default-src 'none'");
    expect(html.body).not.toContain("A sentence added after the report was issued.");
  }, 120_000);

  it("cannot be changed or removed, even by the database's own user", async () => {
    const refusal = (attempt: Promise<unknown>) => attempt.then(() => "changed", (error: Error & { cause?: Error }) => error.cause?.message ?? error.message);
    expect(await refusal(testApp.db.execute(sql`update report_issues set title = 'changed'`))).toMatch(/report_issues is append-only/);
    expect(await refusal(testApp.db.execute(sql`delete from report_issues`))).toMatch(/report_issues is append-only/);
  });

  it("keeps drafts from viewers, who read issued copies only", async () => {
    expect((await viewer.get(`/reports/${String(ids.q1q2)}`)).statusCode).toBe(403);
    expect((await viewer.get(`/reports/${String(ids.q1q2)}/report.docx`)).statusCode).toBe(403);
    expect(page((await viewer.get("/reports")).body).text).not.toContain("Start a report");
  });
});

describe("the year review", () => {
  it("shows each milestone's year-end decision and next year's milestones", async () => {
    const preview = page((await approver.get(`/reports/${String(ids.yearReview)}/preview`)).body);
    expect(preview.texts("main h2")).toContain("Key achievements in 2024/25");
    expect(preview.texts("main h3")).toContain("Milestones for 2025/26");
    const decisions = preview.texts("main table tbody td:nth-child(2)");
    expect(decisions.filter((d) => d === "Complete")).toHaveLength(11);
    expect(decisions.filter((d) => d === "Carried forward" || d === "Revised for next year")).toHaveLength(10);
  });
});

describe("the performance board pack", () => {
  it("shows the exceptions, and after a pack is issued, what has changed since", async () => {
    const started = await approver.post("/reports", { kind: "board-pack", periodId: "" });
    expect(started.statusCode).toBe(303);
    const url = String(started.headers.location);
    const first = page((await approver.get(`${url}/preview`)).body);
    expect(first.texts("main h2")).toEqual(expect.arrayContaining(["Changes since the last pack", "Data exceptions", "Scorecard"]));
    expect(first.text).toContain("This is the first pack issued");
    expect((await sendAndFinish(approver, testApp.queue, `${url}/issue`, {}, url)).finished.headers.location).toBe(`${url}?issued=1`);

    const [rereferrals] = await testApp.db.select().from(measures).where(eq(measures.code, "REREFERRALS"));
    await testApp.db.insert(measureValues).values({ measureId: rereferrals?.id ?? 0, periodEnd: "2025-11-30", value: 24.5, provenance: "test" });
    const second = page((await approver.get(`${url}/preview`)).body);
    expect(second.texts("main li").some((li) => li.startsWith(`${rereferrals?.title ?? "?"}:`) && li.includes("24.5%"))).toBe(true);
  });

  it("says which field is wrong when a progress report has no period", async () => {
    const refused = await approver.post("/reports", { kind: "scrutiny", periodId: "" });
    expect(refused.statusCode).toBe(400);
    expect(page(refused.body).text).toContain("Select the reporting period the report is about");
  });
});

describe.skipIf(!existsSync("/usr/bin/chromium") && process.env.WAYMARK_REQUIRE_BROWSER !== "1")("PDF where Chromium is installed", () => {
  it("prints the report to PDF", async () => {
    const withPdf = await buildApp({ db: testApp.db, chromium: "/usr/bin/chromium" });
    try {
      const client = await signedIn(withPdf, "approver");
      const response = await client.get(`/reports/${String(ids.yearReview)}/report.pdf`);
      expect(response.statusCode).toBe(200);
      expect(response.rawPayload.subarray(0, 5).toString("latin1")).toBe("%PDF-");
      // Tagged for screen readers, with its language and the headings as bookmarks.
      const pdf = response.rawPayload.toString("latin1");
      for (const part of ["/StructTreeRoot", "/MarkInfo", "/Lang", "/Outlines"]) expect(pdf, part).toContain(part);
    } finally {
      await withPdf.close();
    }
  }, 60_000);
});
