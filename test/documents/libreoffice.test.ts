import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ReportDocument } from "../../src/modules/reports/document.ts";
import { docxOf, generate, listReports } from "../../src/modules/reports/service.ts";
import { openDemoDatabase } from "../support/demo.ts";

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

/** The report under test and its Word file: the demo's progress report for Q1 and Q2 2025/26, charts and all. */
async function documentUnderTest(): Promise<{ name: string; report: ReportDocument; docx: Buffer }> {
  const handle = await openDemoDatabase();
  try {
    const { reports: list } = await listReports(handle.db);
    const report = list.find((r) => r.kind === "scrutiny" && r.period?.label === "Q1 and Q2 2025/26");
    if (!report) throw new Error("the demo has no Q1 and Q2 2025/26 report");
    const { document } = await generate(handle.db, report);
    return { name: "scrutiny-q1-q2-2025-26", report: document, docx: await docxOf(document) };
  } finally {
    await handle.close();
  }
}

const title = missing.length === 0 ? "a Word report opened in LibreOffice" : `a Word report opened in LibreOffice (skipped: no ${missing.join(", no ")})`;

describe.skipIf(missing.length > 0)(title, () => {
  let work: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "waymark-libreoffice-"));
  });

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("converts to a PDF whose pages have the council in the header and 'Page X of Y' in the footer", async () => {
    const { name, report, docx } = await documentUnderTest();
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
    const squeezed = (page: string) => page.replace(/\s+/g, " ");
    expect(squeezed(text[0] ?? "")).toContain(squeezed(report.title));
    text.forEach((page, i) => {
      expect(page).toContain(report.council);
      expect(squeezed(page)).toContain(`Page ${i + 1} of ${text.length}`);
    });
  }, 180_000);
});
