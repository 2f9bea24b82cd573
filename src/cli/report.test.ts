import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../db/client.ts";
import { openDemoDatabase } from "../../test/support/demo.ts";
import { openWord, styleOf, textOf } from "../../test/support/word.ts";
import { reportCommand } from "./report.ts";

let handle: DatabaseHandle;
let folder: string;

beforeAll(async () => {
  handle = await openDemoDatabase();
  folder = mkdtempSync(join(tmpdir(), "waymark-report-"));
});
afterAll(async () => {
  rmSync(folder, { recursive: true, force: true });
  await handle?.close();
});

describe("waymark report", () => {
  it("lists the reports in preparation with their ids", async () => {
    const listed = await reportCommand(handle.db, ["list"]);
    expect(listed).toMatch(/^\s+3\s+Progress report to Scrutiny\s+Q1 and Q2 2025\/26\s+Achieving Excellence: progress in Q1 and Q2 2025\/26$/m);
    expect(listed).toMatch(/Year review\s+Year-end review 2024\/25/);
  });

  it("writes a report as Word and as HTML", async () => {
    const docx = join(folder, "q1-q2.docx");
    expect(await reportCommand(handle.db, ["write", "3", "--format", "docx", "--output", docx])).toBe(`Wrote "Achieving Excellence: progress in Q1 and Q2 2025/26" to ${docx}.`);
    const word = await openWord(readFileSync(docx));
    expect(word.bodyParagraphs.filter((p) => styleOf(p) === "Heading1").map(textOf)).toContain("Strategic Priority 10: Enablers");
    const html = join(folder, "review.html");
    await reportCommand(handle.db, ["write", "2", "--format", "html", "--output", html]);
    expect(readFileSync(html, "utf8")).toContain("<h1 class=\"waymark-report__title\">Achieving Excellence 2024-27 – year one review");
  });

  it.each([
    [["write", "99", "--format", "docx"], /There is no report 99/],
    [["write", "3", "--format", "odt"], /--format must be docx, html or pdf/],
    [["write", "--format", "docx"], /write needs the report's id/],
    [["publish"], /Usage:/],
  ])("refuses %j with a message saying what to do", async (args, message) => {
    await expect(reportCommand(handle.db, args)).rejects.toThrow(message);
  });

  it("says plainly when there is no Chromium for a PDF", async () => {
    await expect(reportCommand(handle.db, ["write", "3", "--format", "pdf"], "/nowhere/chromium")).rejects.toThrow(/PDF is not available: there is no Chromium/);
  });
});
