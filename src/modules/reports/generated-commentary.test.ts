import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { testContext } from "../../../test/support/demo.ts";
import { page } from "../../../test/support/html.ts";
import { openWord, textOf } from "../../../test/support/word.ts";
import { currentScorecard, generatedCommentaryOf, saveCommentary, scorecardAsAt } from "../measures/index.ts";
import { currentPlanSummary, type PlanSummary } from "../plan/index.ts";
import type { Block, ParagraphBlock } from "./document.ts";
import { closePdfBrowser } from "./pdf-writer.ts";
import { createReport, docxOf, generate, listReports, pdfOf, writeHtml } from "./service.ts";
import { useTestApp } from "../../../test/support/app.ts";

/**
 * Where no commentary was written on a measure's latest value, the board pack and the Scrutiny
 * report's appendix give what its figures say, marked as generated; commentary saved as generated
 * and not edited says so.
 */

const testApp = useTestApp({ data: "demo", chromium: null });
let plan: PlanSummary | null = null;
const generatedLabel = "What the figures say (generated from the figures; no commentary has been written):";
const unEditedLabel = "Commentary (generated from the figures, not yet edited):";

beforeAll(async () => {
  plan = await currentPlanSummary(testApp.db);
});

const paragraphs = (blocks: Block[]) => blocks.filter((b): b is ParagraphBlock => b.kind === "paragraph");

/** The paragraphs under the measure's heading, up to the next heading. */
function detailOf(blocks: Block[], title: string): ParagraphBlock[] {
  const start = blocks.findIndex((b) => b.kind === "heading" && b.level === 3 && b.text === title);
  expect(start, title).toBeGreaterThan(0);
  const end = blocks.findIndex((b, i) => i > start && b.kind === "heading");
  return paragraphs(blocks.slice(start + 1, end === -1 ? undefined : end));
}

async function boardPack() {
  const report = await createReport(testApp.db, testContext, plan, { kind: "board-pack", periodId: null });
  return (await generate(testApp.db, plan, report)).document;
}

describe("the board pack's data exceptions", () => {
  it("give what the figures say where no commentary was written, then the commentary saved unedited, marked as generated", async () => {
    // The pack is as at today, which is after every value: its figures are the pages' figures.
    const card = await currentScorecard(testApp.db);
    const exception = card.exceptionRows().find((r) => !r.commentary && r.latest);
    if (!exception) throw new Error("the demo has no data exception without commentary");
    const sentence = generatedCommentaryOf(exception) ?? "";
    expect(sentence.startsWith(exception.measure.title)).toBe(true);

    const before = detailOf((await boardPack()).blocks, exception.measure.title);
    expect(before.find((p) => p.label === generatedLabel)?.text).toBe(sentence);
    expect(before.some((p) => p.text === "No commentary has been written for the latest value.")).toBe(false);

    await saveCommentary(testApp.db, testContext, exception.measure.code, exception.latest?.periodEnd ?? "", sentence, 0);
    const document = await boardPack();
    const after = detailOf(document.blocks, exception.measure.title);
    expect(after.find((p) => p.label === unEditedLabel)?.text).toBe(sentence);
    expect(after.some((p) => p.label === generatedLabel)).toBe(false);

    // Word and HTML (which PDF is printed from) both carry the label and the sentence.
    const word = await openWord(await docxOf(document));
    expect(word.bodyParagraphs.map(textOf)).toContain(`${unEditedLabel} ${sentence}`);
    const html = page(writeHtml(document));
    expect(html.texts("p")).toContain(`${unEditedLabel} ${sentence}`);
  });

  it.skipIf(!existsSync("/usr/bin/chromium") || !existsSync("/usr/bin/pdftotext"))("prints the marked sentence in the PDF", async () => {
    const document = await boardPack();
    const folder = await mkdtemp(join(tmpdir(), "waymark-pack-"));
    try {
      const file = join(folder, "pack.pdf");
      await writeFile(file, await pdfOf("/usr/bin/chromium", document));
      const text = (await promisify(execFile)("pdftotext", [file, "-"])).stdout.replace(/\s+/g, " ");
      expect(text).toMatch(/What the figures say \(generated from the figures; no commentary has been written\):|Commentary \(generated from the figures, not yet edited\):/);
    } finally {
      await rm(folder, { recursive: true, force: true });
      await closePdfBrowser();
    }
  }, 60_000);
});

describe("the Scrutiny report's measures appendix", () => {
  it("gives what each charted measure's figures say, as at the end of the period, where no commentary was written", async () => {
    const { reports } = await listReports(testApp.db, plan?.id ?? null);
    const q1q2 = reports.find((r) => r.kind === "scrutiny" && r.period?.label === "Q1 and Q2 2025/26");
    if (!q1q2) throw new Error("the demo has no Q1 and Q2 2025/26 report");
    const { blocks } = (await generate(testApp.db, plan, q1q2)).document;
    const card = await scorecardAsAt(testApp.db, "2025-09-30");
    const charted = card.rows.filter((r) => r.values.length >= 2 && !r.commentary);
    expect(charted.length).toBeGreaterThan(0);
    for (const row of charted) {
      const sentence = generatedCommentaryOf(row);
      expect(sentence, row.measure.code).not.toBeNull();
      expect(detailOf(blocks, row.measure.title).find((p) => p.label === generatedLabel)?.text, row.measure.code).toBe(sentence);
    }
    // As at 30 September 2025: nothing later is said.
    const appendix = blocks.slice(blocks.findIndex((b) => b.kind === "heading" && b.text === "Appendix: performance measures"));
    for (const p of paragraphs(appendix)) for (const later of ["October 2025", "November 2025", "December 2025", "January 2026"]) expect(p.text, later).not.toContain(later);
  });
});
