import { existsSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { browserLaunches, closePdfBrowser, writePdf } from "./pdf-writer.ts";

const chromium = "/usr/bin/chromium";
const html = (title: string) => `<!doctype html><html lang="en"><head><title>${title}</title></head><body><h1>${title}</h1><p>Progress this quarter.</p></body></html>`;
const isPdf = (file: Buffer) => file.subarray(0, 5).toString("latin1") === "%PDF-";

describe.skipIf(!existsSync(chromium) && process.env.WAYMARK_REQUIRE_BROWSER !== "1")("printing PDFs with one browser", () => {
  afterAll(closePdfBrowser);

  it("prints one PDF after another, and several at once, without launching a browser for each", async () => {
    const before = browserLaunches();
    expect(isPdf(await writePdf(chromium, html("First report"), "Plymouth City Council: First report"))).toBe(true);
    expect(isPdf(await writePdf(chromium, html("Second report"), "Plymouth City Council: Second report"))).toBe(true);
    const together = await Promise.all(["Third", "Fourth", "Fifth"].map((name) => writePdf(chromium, html(`${name} report`), name)));
    expect(together.every(isPdf)).toBe(true);
    expect(browserLaunches() - before).toBe(1);
  });

  it("launches the browser again when it has gone", async () => {
    await closePdfBrowser();
    const before = browserLaunches();
    expect(isPdf(await writePdf(chromium, html("After a restart"), "After a restart"))).toBe(true);
    expect(browserLaunches() - before).toBe(1);
  });
});
