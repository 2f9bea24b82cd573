import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { FastifyInstance } from "fastify";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { buildApp } from "../../src/app/app.ts";
import type { DatabaseHandle } from "../../src/db/client.ts";
import { JobQueue } from "../../src/db/queue.ts";
import { demoPassword } from "../../src/demo/accounts.ts";
import { openDemoDatabase } from "./demo.ts";

// Debian's Chromium; CI installs it and sets WAYMARK_REQUIRE_BROWSER=1 so the browser tests cannot be skipped there.
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const haveBrowser = existsSync(chromiumPath);
if (process.env.WAYMARK_REQUIRE_BROWSER === "1" && !haveBrowser) {
  throw new Error(`The browser tests need Chromium at ${chromiumPath}`);
}

const screenshots = new URL("../../artifacts/screenshots/", import.meta.url);
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[] }[];
}

/** What a browser test works with: the app serving a copy of the demonstration, and one Chromium. */
export interface BrowserApp {
  handle: DatabaseHandle;
  /** The app's queue, with no workers: jobs are done when a test says, so a page that waits on one can be looked at first. */
  queue: JobQueue;
  browser: Browser;
  /** The app's address, like http://127.0.0.1:40123. */
  base: string;
  /** A new page signed in through the sign-in form, in `context` or a context of its own; it is left at the home page. */
  signedInPage(username: string, context?: BrowserContext): Promise<Page>;
  /**
   * A new page in the context of a demonstration account, signed in through the form the first
   * time it is asked for (that page is the one returned, at the home page) and kept for the file.
   */
  pageAs(username: string): Promise<Page>;
  /** A context without JavaScript, holding the account's session (signing it in first if need be), as a second tab would. */
  noScriptContextAs(username: string): Promise<BrowserContext>;
}

interface Opened {
  handle: DatabaseHandle;
  queue: JobQueue;
  app: FastifyInstance;
  browser: Browser;
  base: string;
}

/**
 * The app on a copy of the demonstration, listening on a port of its own, and Chromium: opened
 * before the file's first test, after `prepare` has set its data up, and closed after its last.
 */
export function useBrowserApp(prepare?: (handle: DatabaseHandle) => Promise<void>): BrowserApp {
  let opened: Opened | undefined;
  const roles = new Map<string, BrowserContext>();
  const current = (): Opened => {
    if (!opened) throw new Error("the browser app is opened before the file's first test; use it inside a test or hook");
    return opened;
  };

  beforeAll(async () => {
    const handle = await openDemoDatabase();
    await prepare?.(handle);
    const queue = new JobQueue(handle.db);
    const app = await buildApp({ db: handle.db, demoPassword, queue });
    const base = await app.listen({ port: 0, host: "127.0.0.1" });
    const browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    opened = { handle, queue, app, browser, base };
    mkdirSync(screenshots, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await opened?.browser.close();
    await opened?.app.close();
    await opened?.queue.stop();
    await opened?.handle.close();
  });

  async function signedInPage(username: string, context?: BrowserContext): Promise<Page> {
    const { browser, base } = current();
    const page = await (context ?? browser).newPage();
    await page.goto(base + "/sign-in");
    await page.getByLabel("Username").fill(username);
    await page.getByLabel("Password").fill(demoPassword);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(base + "/home");
    return page;
  }

  async function pageAs(username: string): Promise<Page> {
    const kept = roles.get(username);
    if (kept) return kept.newPage();
    // Signing in hashes the password, which takes a moment; once per account is enough.
    const context = await current().browser.newContext();
    roles.set(username, context);
    return signedInPage(username, context);
  }

  async function noScriptContextAs(username: string): Promise<BrowserContext> {
    if (!roles.has(username)) await (await pageAs(username)).close();
    const signedIn = roles.get(username);
    return current().browser.newContext({ javaScriptEnabled: false, storageState: await signedIn?.storageState() });
  }

  return {
    get handle() {
      return current().handle;
    },
    get queue() {
      return current().queue;
    },
    get browser() {
      return current().browser;
    },
    get base() {
      return current().base;
    },
    signedInPage,
    pageAs,
    noScriptContextAs,
  };
}

/** The page's WCAG 2.2 AA violations, as axe finds them. */
export async function violations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the browser's debugging protocol, which the page's CSP does not govern.
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
      // Only violations are asserted; axe need not gather the passes.
      resultTypes: ["violations"],
    });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
}

/**
 * The page's screenshot in artifacts/screenshots/NAME.png, for people to look at: the whole page,
 * or the first 10,000 pixels of a longer one. A report's preview is 50,000 pixels long, and
 * drawing all of it took seconds; its beginning shows how it looks.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  const width = page.viewportSize()?.width ?? 1280;
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.screenshot({ path: new URL(`${name}.png`, screenshots).pathname, fullPage: true, clip: { x: 0, y: 0, width, height: Math.min(height, 10_000) } });
}

/** Wide tables scroll inside their own region; the page itself never scrolls sideways at any of these widths. */
export async function expectNoWiderThan(page: Page, label: string, widths: number[] = [390, 1280]): Promise<void> {
  for (const width of widths) {
    await page.setViewportSize({ width, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `${label} at ${String(width)} px`).toBeLessThanOrEqual(width);
  }
}

/**
 * A test of each page, named NAME and at PATH, as the administrator sees it: no WCAG 2.2 AA
 * violations, a screenshot, and no wider than a phone or a laptop. One tab goes from page to page.
 */
export function checkEachPage(web: BrowserApp, pages: [name: string, path: string][]): void {
  let tab: Page | undefined;
  it.each(pages)("the %s page has no WCAG 2.2 AA violations and is no wider than a phone or a laptop", async (name, path) => {
    tab ??= await web.pageAs("admin");
    // Each page is first seen at the browser's own size, as a new tab would show it.
    await tab.setViewportSize({ width: 1280, height: 720 });
    await tab.goto(web.base + path);
    expect(await violations(tab)).toEqual([]);
    await screenshot(tab, name);
    await expectNoWiderThan(tab, name);
  });
}
