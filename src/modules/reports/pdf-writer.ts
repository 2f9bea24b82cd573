import { access, constants } from "node:fs/promises";

/**
 * PDF from a report's HTML, printed by headless Chromium where the server has it. Where it has
 * not, `pdfRenderer` answers null and the app says so rather than failing.
 */

const candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

/** The Chromium to print with: the configured one (`CHROMIUM_PATH`), else the first installed; null when there is none. */
export async function findChromium(configured?: string): Promise<string | null> {
  for (const path of configured ? [configured] : candidates) {
    try {
      await access(path, constants.X_OK);
      return path;
    } catch {
      // Not here; try the next.
    }
  }
  return null;
}

const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export async function writePdf(executablePath: string, html: string, footer: string): Promise<Buffer> {
  // Loaded when a PDF is first printed: the browser driver is most of the app's memory at start otherwise.
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const page = await browser.newPage();
    // The report is self-contained: it must not reach out for anything while it prints.
    await page.route("**/*", (route) => (route.request().url().startsWith("data:") ? route.continue() : route.abort()));
    await page.setContent(html, { waitUntil: "load" });
    // Tagged, with the headings as its outline: read aloud and navigated as the page is, with the
    // report's title and language (from the HTML's <title> and lang) in the file.
    return await page.pdf({
      tagged: true,
      outline: true,
      format: "A4",
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: "<span></span>",
      footerTemplate: `<div style="font-family: Arial, sans-serif; font-size: 8pt; width: 100%; padding: 0 18mm; display: flex; justify-content: space-between;"><span>${escape(footer)}</span><span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`,
      margin: { top: "20mm", bottom: "22mm", left: "18mm", right: "18mm" },
    });
  } finally {
    await browser.close();
  }
}
