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

/**
 * One headless Chromium for every PDF, launched when the first is printed, not once a PDF: a launch
 * is most of a short report's time. At most two reports print at once (each is a tab); a browser
 * that has crashed or been closed is launched again at the next PDF, and one left idle for a
 * minute is closed, so the memory it holds is given back. `closePdfBrowser` closes it at once, for
 * the app's shutdown and the end of a command.
 */

type Browser = Awaited<ReturnType<(typeof import("playwright-core"))["chromium"]["launch"]>>;

const concurrentPages = 2;
const idleMs = 60_000;

let open: { path: string; browser: Promise<Browser> } | null = null;
let launches = 0;

/** How many times a browser has been launched to print: one for many PDFs, unless it went meanwhile. */
export const browserLaunches = (): number => launches;
let printing = 0;
const waiting: (() => void)[] = [];
let idleTimer: NodeJS.Timeout | null = null;

async function launch(executablePath: string): Promise<Browser> {
  // Loaded when a PDF is first printed: the browser driver is most of the app's memory at start otherwise.
  const { chromium } = await import("playwright-core");
  launches += 1;
  return chromium.launch({
    executablePath,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** The running browser for `executablePath`, launched if there is none (or it is another Chromium's, or has gone). */
function browserFor(executablePath: string): Promise<Browser> {
  if (open && open.path !== executablePath) void closePdfBrowser();
  if (!open) {
    const browser = launch(executablePath);
    const entry = { path: executablePath, browser };
    open = entry;
    browser.then(
      (b) => b.on("disconnected", () => (open === entry ? (open = null) : undefined)),
      () => (open === entry ? (open = null) : undefined),
    );
  }
  return open.browser;
}

async function turn(): Promise<void> {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = null;
  if (printing < concurrentPages) {
    printing += 1;
    return;
  }
  await new Promise<void>((resolve) => waiting.push(resolve));
}

function done(): void {
  const next = waiting.shift();
  if (next) return next();
  printing -= 1;
  if (printing === 0) {
    idleTimer = setTimeout(() => void closePdfBrowser(), idleMs);
    idleTimer.unref();
  }
}

/** Closes the PDF printer's browser, if one is running. */
export async function closePdfBrowser(): Promise<void> {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = null;
  const closing = open;
  open = null;
  if (!closing) return;
  const browser = await closing.browser.catch(() => null);
  await browser?.close().catch(() => undefined);
}

export async function writePdf(executablePath: string, html: string, footer: string): Promise<Buffer> {
  await turn();
  try {
    const context = await (await browserFor(executablePath)).newContext();
    try {
      const page = await context.newPage();
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
      await context.close();
    }
  } finally {
    done();
  }
}
