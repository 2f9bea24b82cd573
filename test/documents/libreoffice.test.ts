import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { currentPlanSummary } from "../../src/modules/plan/index.ts";
import { periodsOf } from "../../src/modules/progress/index.ts";
import { type ReportDocument, createReport, docxOf, generate, listReports } from "../../src/modules/reports/index.ts";
import { openDemoDatabase, testContext } from "../support/demo.ts";

/**
 * Opens a written report in a word processor other than the one it was written for: LibreOffice
 * (Debian's libreoffice-writer-nogui) turns it into a PDF, and poppler draws its first pages as
 * pictures into artifacts/report-pages/ for people to look at. CI sets WAYMARK_REQUIRE_LIBREOFFICE=1
 * so this cannot be skipped there.
 */

const soffice = process.env.SOFFICE_PATH ?? "/usr/bin/soffice";
const tools = { [soffice]: "LibreOffice (libreoffice-writer-nogui)", "/usr/bin/pdftoppm": "pdftoppm (poppler-utils)", "/usr/bin/pdftotext": "pdftotext (poppler-utils)" };
const missing = Object.entries(tools)
  .filter(([path]) => !existsSync(path))
  .map(([path, name]) => `${name} at ${path}`);
const pages = new URL("../../artifacts/report-pages/", import.meta.url);
const run = promisify(execFile);

if (process.env.WAYMARK_REQUIRE_LIBREOFFICE === "1" && missing.length > 0) {
  throw new Error(`The LibreOffice tests need ${missing.join(" and ")}`);
}

/**
 * The reports under test and their Word files: the demo's progress report for Q1 and Q2 2025/26,
 * charts and all, its Cabinet report with the plan as its appendix, and a learning report for Q3
 * 2024/25 in all service areas.
 */
async function documentsUnderTest(): Promise<{ name: string; report: ReportDocument; docx: Buffer }[]> {
  const handle = await openDemoDatabase();
  try {
    const plan = await currentPlanSummary(handle.db);
    const quarter = (await periodsOf(handle.db, plan?.id ?? 0)).find((p) => p.label === "Q3 2024/25");
    const learning = quarter ? await createReport(handle.db, testContext, plan, { kind: "learning", periodId: quarter.id, serviceArea: null }) : undefined;
    const { reports: list } = await listReports(handle.db, plan?.id ?? null);
    const chosen = [
      { name: "learning-q3-2024-25", report: list.find((r) => r.id === learning?.id) },
      { name: "scrutiny-q1-q2-2025-26", report: list.find((r) => r.kind === "scrutiny" && r.period?.label === "Q1 and Q2 2025/26") },
      { name: "cabinet-2024-07-08", report: list.find((r) => r.kind === "cabinet") },
    ];
    const written = [];
    for (const { name, report } of chosen) {
      if (!report) throw new Error(`the demo has no report for ${name}`);
      const { document } = await generate(handle.db, plan, report);
      written.push({ name, report: document, docx: await docxOf(document) });
    }
    return written;
  } finally {
    await handle.close();
  }
}

const title = missing.length === 0 ? "a Word report opened in LibreOffice" : `a Word report opened in LibreOffice (skipped: no ${missing.join(", no ")})`;

describe.skipIf(missing.length > 0)(title, () => {
  let work: string;
  let documents: Awaited<ReturnType<typeof documentsUnderTest>>;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "waymark-libreoffice-"));
    documents = await documentsUnderTest();
  }, 120_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  const written = (name: string) => {
    const found = documents.find((d) => d.name === name);
    if (!found) throw new Error(`no document ${name}`);
    return found;
  };

  it.each(["scrutiny-q1-q2-2025-26", "cabinet-2024-07-08", "learning-q3-2024-25"])("converts %s to a PDF whose pages have the council in the header and 'Page X of Y' in the footer", async (name) => {
    const { report, text } = await convertAndRead(work, written(name));
    const squeezed = (page: string) => page.replace(/\s+/g, " ");
    expect(squeezed(text[0] ?? "")).toContain(squeezed(report.title));
    text.forEach((page, i) => {
      expect(page).toContain(report.council);
      expect(squeezed(page)).toContain(`Page ${i + 1} of ${text.length}`);
    });
  }, 180_000);

  it("lays the learning report out with its grades, trend and actions", async () => {
    const { text } = await convertAndRead(work, written("learning-q3-2024-25"));
    const all = text.join(" ").replace(/\s+/g, " ");
    for (const heading of ["Audits and grades", "Trend", "Main themes", "Actions"]) expect(all).toContain(heading);
    expect(all).toContain("36% of them were graded good or better");
  }, 180_000);

  it("starts each priority of the Cabinet report's appendix on a page of its own, headed with its number and title", async () => {
    const { report, text } = await convertAndRead(work, written("cabinet-2024-07-08"));
    const headings = report.blocks.flatMap((b) => (b.kind === "heading" && b.text.startsWith("Strategic Priority") ? [b.text] : []));
    expect(headings).toHaveLength(10);
    // The first line of each page under the council's name in its header.
    const firstLines = text.map((page) => page.split("\n").map((line) => line.trim()).filter((line) => line !== "" && line !== report.council)[0] ?? "");
    for (const heading of headings) expect(firstLines).toContain(heading);
  }, 180_000);
});

/** Converts a report's Word file to PDF in LibreOffice, draws its first pages into artifacts/report-pages/, and reads its pages' text. */
async function convertAndRead(work: string, { name, report, docx }: { name: string; report: ReportDocument; docx: Buffer }) {
  const file = join(work, `${name}.docx`);
  writeFileSync(file, docx);
  // A profile of its own, so a LibreOffice already running (or another test run) is not asked to do it.
  await run(soffice, [`-env:UserInstallation=file://${join(work, "profile")}`, "--headless", "--convert-to", "pdf", "--outdir", work, file], { timeout: 150_000 });

  const pdf = join(work, `${name}.pdf`);
  expect(existsSync(pdf), "LibreOffice wrote no PDF").toBe(true);
  expect(readFileSync(pdf).subarray(0, 5).toString("latin1")).toBe("%PDF-");

  mkdirSync(pages, { recursive: true });
  for (const old of readdirSync(pages).filter((f) => f.startsWith(`${name}-`))) rmSync(new URL(old, pages));
  await run("pdftoppm", ["-png", "-r", "80", "-f", "1", "-l", "3", pdf, new URL(name, pages).pathname]);
  expect(readdirSync(pages).filter((f) => f.startsWith(`${name}-`) && f.endsWith(".png")).length).toBeGreaterThan(0);

  // Pages of text as laid out, split at form feeds.
  const text = (await run("pdftotext", ["-layout", pdf, "-"], { maxBuffer: 64 * 1024 * 1024 })).stdout.split("\f").filter((page) => page.trim() !== "");
  return { report, text };
}
