import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { measureValues, measures } from "../../db/schema/index.ts";
import { testContext } from "../../../test/support/demo.ts";
import { page } from "../../../test/support/html.ts";
import { signedIn, type Client } from "../../../test/support/session.ts";
import { all, openWord } from "../../../test/support/word.ts";
import { scorecard } from "../measures/index.ts";
import { currentPlanSummary, type PlanSummary } from "../plan/index.ts";
import type { Block, ChartBlock, ReportDocument, TableBlock } from "./document.ts";
import { createReport, docxOf, generate, listReports, type ReportView } from "./service.ts";
import { useTestApp } from "../../../test/support/app.ts";

/**
 * A report shows a measure's values as at its date: the end of its reporting period, or a board
 * pack's own date. A value entered since for a later month must not reach the appendix, its charts
 * or its RAG, and a measure whose latest value by then is old says so.
 */

const testApp = useTestApp({ data: "demo", chromium: null });
let approver: Client;
let plan: PlanSummary | null = null;
let q1q2: ReportView;

// The demo's duty calls answered: February and September 2025. REREFERRALS: December 2024 and October 2025.
const JANUARY_2026 = { code: "DUTY-CALLS-ANSWERED", periodEnd: "2026-01-31", value: 12 };
const laterLabels = ["October 2025", "November 2025", "December 2025", "January 2026", "Q3 2025/26", "Q4 2025/26"];

async function measureId(code: string): Promise<number> {
  const [row] = await testApp.db.select({ id: measures.id }).from(measures).where(eq(measures.code, code));
  if (!row) throw new Error(`the demo has no measure ${code}`);
  return row.id;
}

/** The blocks of the document from the measures appendix on. */
function appendix(document: ReportDocument): Block[] {
  const start = document.blocks.findIndex((b) => b.kind === "heading" && b.text === "Appendix: performance measures");
  expect(start).toBeGreaterThan(0);
  return document.blocks.slice(start);
}

const tables = (blocks: Block[]) => blocks.filter((b): b is TableBlock => b.kind === "table");
const charts = (blocks: Block[]) => blocks.filter((b): b is ChartBlock => b.kind === "chart");
const cellsOf = (table: TableBlock) => table.rows.flat().map((cell) => (typeof cell === "string" ? cell : cell.items.join(" ")));
/** The row for a measure in the scorecard tables: its cells. */
const scorecardLine = (blocks: Block[], title: string) => tables(blocks).flatMap((t) => (t.columns[1] === "Latest value" ? t.rows : [])).find((row) => row[0] === title) as string[] | undefined;
const detailTable = (blocks: Block[], title: string) => tables(blocks).find((t) => t.caption === `${title}: values`);

beforeAll(async () => {
  await testApp.db.insert(measureValues).values({ measureId: await measureId(JANUARY_2026.code), periodEnd: JANUARY_2026.periodEnd, value: JANUARY_2026.value, provenance: "entered for the test" });
  approver = await signedIn(testApp.app, "approver");
  plan = await currentPlanSummary(testApp.db);
  const { reports } = await listReports(testApp.db, plan?.id ?? null);
  const report = reports.find((r) => r.kind === "scrutiny" && r.period?.label === "Q1 and Q2 2025/26");
  if (!report) throw new Error("the demo has no Q1 and Q2 2025/26 report");
  q1q2 = report;
});

const titleOf = async (code: string) => (await scorecard(testApp.db)).find((r) => r.measure.code === code)?.measure.title ?? code;

describe("the Q1 and Q2 2025/26 report, after a value for January 2026 is entered", () => {
  it("shows nothing after 30 September 2025 in the appendix's tables, charts and their words", async () => {
    const blocks = appendix((await generate(testApp.db, plan, q1q2)).document);
    const duty = await titleOf(JANUARY_2026.code);
    // The value table under the chart: the two values of the period, not January 2026.
    expect(detailTable(blocks, duty)?.rows.map((r) => r[0])).toEqual(["February 2025", "September 2025"]);
    expect(scorecardLine(blocks, duty)?.[1]).toMatch(/\(September 2025\)$/);
    const chart = charts(blocks).find((c) => c.title === `${duty}: SPC chart`);
    expect(chart?.alt).toContain("2 values from February 2025 to September 2025");
    for (const text of [...tables(blocks).flatMap(cellsOf), ...charts(blocks).flatMap((c) => [c.alt, c.svg])]) {
      for (const later of laterLabels) expect(text, later).not.toContain(later);
    }
    expect(blocks.some((b) => b.kind === "paragraph" && b.text.startsWith("Figures are as at 30 September 2025, the end of the reporting period"))).toBe(true);
  });

  it("marks a measure whose last value by then is old with its latest value's month, and leaves current ones unmarked", async () => {
    const preview = page((await approver.get(`/reports/${String(q1q2.id)}/preview`)).body);
    const rows = [...preview.document.querySelectorAll("main table tbody tr")].map((tr) => [...tr.querySelectorAll("th, td")].map((c) => c.textContent.trim()));
    const latestOf = async (code: string) => {
      const measure = await titleOf(code);
      return rows.find((r) => r[0] === measure)?.[1];
    };
    // Re-referrals: December 2024, then October 2025, after the period: December 2024 is its latest by 30 September.
    expect(await latestOf("REREFERRALS")).toMatch(/\(December 2024\)\. Out of date\. Latest value: December 2024; nothing newer by 30 September 2025\.$/);
    expect(await latestOf(JANUARY_2026.code)).toMatch(/\(September 2025\)$/);
  });

  it("keeps its chart pictures in Word to the period", async () => {
    const word = await openWord(await docxOf((await generate(testApp.db, plan, q1q2)).document));
    const descriptions = all(word.document, "wp:docPr").map((p) => p.getAttribute("descr") ?? "");
    expect(descriptions.length).toBeGreaterThan(0);
    for (const text of descriptions) for (const later of laterLabels) expect(text, later).not.toContain(later);
  });

  it("leaves the pages' scorecard as the data now stands", async () => {
    const row = (await scorecard(testApp.db)).find((r) => r.measure.code === JANUARY_2026.code);
    expect(row?.latest?.periodEnd).toBe(JANUARY_2026.periodEnd);
  });
});

describe("the board pack, as at its own date", () => {
  async function packOn(instant: string) {
    const report = await createReport(testApp.db, testContext, plan, { kind: "board-pack", periodId: null });
    return (await generate(testApp.db, plan, report, new Date(instant))).document.blocks;
  }

  it("written on 15 October 2025, leaves out October 2025 and January 2026, and marks what is out of date by then", async () => {
    const blocks = await packOn("2025-10-15T09:00:00Z");
    const rereferrals = scorecardLine(blocks, await titleOf("REREFERRALS"));
    expect(rereferrals?.[1]).toContain("Out of date. Latest value: December 2024; nothing newer by 15 October 2025.");
    const duty = scorecardLine(blocks, await titleOf(JANUARY_2026.code));
    expect(duty?.[1]).toMatch(/\(September 2025\)$/);
    for (const text of tables(blocks).flatMap(cellsOf)) for (const later of ["January 2026", "(October 2025)"]) expect(text, later).not.toContain(later);
    expect(blocks.some((b) => b.kind === "paragraph" && b.text.startsWith("Figures are as at 15 October 2025, the date of this pack"))).toBe(true);
  });

  it("written in February 2026, shows the January 2026 value", async () => {
    const blocks = await packOn("2026-02-10T09:00:00Z");
    const duty = scorecardLine(blocks, await titleOf(JANUARY_2026.code));
    expect(duty?.[1]).toMatch(/^12% \(January 2026\)$/);
  });
});
