import { readFileSync } from "node:fs";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { DatabaseHandle } from "../db/client.ts";
import { selectRows } from "../db/rows.ts";
import { JobQueue } from "../db/queue.ts";
import { findUserByUsername, sessionCookieName, startSession } from "../modules/access/index.ts";
import { buildApp } from "../app/app.ts";
import { appRoutes, crawlEveryPage, routeFor } from "../../test/support/crawl.ts";
import { openDemoDatabase } from "../../test/support/demo.ts";
import { page } from "../../test/support/html.ts";
import { sharedPath } from "../../test/support/shared.ts";
import { signedIn } from "../../test/support/session.ts";
import { upload } from "../../test/support/upload.ts";
import { linkSample } from "../../test/support/links.ts";
import { planSampleAudit, raiseSampleAction, raiseSampleWeekAction, recordSampleAudit, recordSampleWeek } from "../../test/support/quality.ts";
import { openWord, textOf } from "../../test/support/word.ts";

/**
 * The demo is typed from the council's published papers, which the project keeps as its seed
 * documents; nothing a council officer or councillor reads should speak of them that way.
 */
const seedWord = /seed/i;
const wordMime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/** The text a reader sees in an answer: a page's text and its title, a Word document's paragraphs, a file's text. */
async function readableText(response: LightMyRequestResponse): Promise<string> {
  const type = String(response.headers["content-type"] ?? "");
  if (type.startsWith("text/html")) {
    const { document } = page(response.body);
    const attributes = [...document.querySelectorAll("[title],[alt],[aria-label],[placeholder],[content]")].flatMap((e) =>
      ["title", "alt", "aria-label", "placeholder", "content"].map((name) => e.getAttribute(name) ?? ""),
    );
    return [document.title, document.body?.textContent ?? "", ...attributes].join("\n");
  }
  if (type.startsWith(wordMime)) return (await openWord(response.rawPayload)).paragraphs.map(textOf).join("\n");
  if (/^(text\/|application\/json)/.test(type)) return response.body;
  return "";
}

/** The passages that use the word, with a little context to find them by. */
const uses = (text: string) => [...text.matchAll(/.{0,60}seed.{0,60}/gi)].map((m) => m[0].replace(/\s+/g, " "));

describe("the demo's wording", () => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let queue: JobQueue;
  let cookies: Record<string, string>;
  const found = new Map<string, string[]>();
  const visited = new Map<string, string>();

  beforeAll(async () => {
    handle = await openDemoDatabase();
    queue = new JobQueue(handle.db);
    app = await buildApp({ db: handle.db, chromium: null, queue, casework: { key: "8".repeat(64) } });
    await app.ready();
    const admin = await findUserByUsername(handle.db, "admin");
    if (!admin) throw new Error("the demo has no administrator");
    const session = await startSession(handle.db, admin.id);
    cookies = { [sessionCookieName]: session.secret };
    const post = (url: string, fields: Record<string, string>) =>
      app.inject({ method: "POST", url, cookies, payload: new URLSearchParams({ ...fields, _csrf: session.row.csrfToken }).toString(), headers: { "content-type": "application/x-www-form-urlencoded" } });
    // A learning report started for the quarter of the demo's audits, so that it is read and issued with the rest.
    const quarter = [...page((await app.inject({ method: "GET", url: "/reports", cookies })).body).document.querySelectorAll("select#periodId option")].find((o) => o.textContent.trim() === "Q3 2024/25");
    expect((await post("/reports", { kind: "learning", periodId: quarter?.getAttribute("value") ?? "", serviceArea: "all" })).statusCode).toBe(303);
    const reports = page((await app.inject({ method: "GET", url: "/reports", cookies })).body);
    const drafts = new Set(reports.links.map((l) => l.href).filter((href) => /^\/reports\/\d+$/.test(href)));
    // Every report in preparation issued, so that the issued copies (HTML and Word) are read too,
    // and a period opened, so that its progress forms and compliance are shown.
    const waiting: string[] = [];
    for (const href of drafts) waiting.push(String((await post(`${href}/issue`, {})).headers.location));
    // A values file imported through its form, so that the page that waits on its job and the
    // import's own page (linked from the audit trail once applied) are read too.
    const header = "measure_code,period_end,value,numerator,denominator,status,note";
    const analyst = await signedIn(app, "analyst");
    const imported = await upload(app, analyst, "/measures/import", { name: "december-2025.csv", content: `${header}\nREREFERRALS,2025-12-31,24.8,,,provisional,\n` });
    waiting.push(String(imported.headers.location));
    // And a reference file, DfE's neighbour model, so that the page following a reference import is read too.
    const model = { name: "sn_model_2025_wide.csv", content: readFileSync(sharedPath("data", "dfe-ees", "sn_model_2025_wide.csv")) };
    waiting.push(String((await upload(app, analyst, "/measures/reference-data/neighbours", model, { year: "2025" }, "/measures/reference-data")).headers.location));
    // And a 903 return's header, so that the page following a case records import is read too.
    const caseFile = { name: "header.csv", content: "CHILD,SEX,DOB\nH1,1,27/03/2008\n", field: "files" };
    waiting.push(String((await upload(app, analyst, "/casework/import", caseFile, { kind: "ssda903", la: "879", year: "2025" })).headers.location));
    // And a DfE file sent to set up a measure's mapping, so that the form that maps its columns is read too.
    const dfe = { name: "c1.csv", content: readFileSync(sharedPath("data", "dfe-ees", "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv")) };
    const draftAt = String((await upload(app, analyst, "/measures/REREFERRALS/mapping/file", dfe, {}, "/measures/REREFERRALS/mapping")).headers.location);
    await post("/progress/periods", { planYear: "2025", kind: "quarter", quarter: "3" });
    // An audit template, a case audit and an action it raised, so that their pages are read too.
    const { template, audit } = await recordSampleAudit(app);
    // Linked to a priority, with its action, so that the priority's page shows its quality assurance evidence.
    await linkSample(app, await raiseSampleAction(app, audit));
    await linkSample(app, audit);
    // And a month's audit programme with an audit planned in it.
    await planSampleAudit(app, template);
    // And a practice week with an action raised from it.
    const week = await recordSampleWeek(app);
    await raiseSampleWeekAction(app, week);
    await linkSample(app, week);
    const read = async (url: string, response: LightMyRequestResponse) => {
      visited.set(url, String(response.headers["content-type"] ?? ""));
      const text = await readableText(response);
      if (seedWord.test(text)) found.set(url, uses(text));
    };
    // The pages that wait on an issue or an import, before and after its job is done, and what their script asks.
    for (const url of waiting) {
      await read(url, await app.inject({ method: "GET", url, cookies }));
      await read(`${url}/status`, await app.inject({ method: "GET", url: `${url}/status`, cookies }));
    }
    await read(draftAt, await app.inject({ method: "GET", url: draftAt, cookies }));
    await queue.runPending();
    for (const url of waiting) await read(url, await app.inject({ method: "GET", url, cookies }));
    await crawlEveryPage(app, cookies, read);
    // The audit form, whose link names its template in the query string the crawl leaves off.
    const auditForm = `/quality/audits/new?template=${template.split("/").at(-1) ?? ""}`;
    await read(auditForm, await app.inject({ method: "GET", url: auditForm, cookies }));
    // And the audit form a planned audit's link fills in.
    for (const url of [...visited.keys()].filter((u) => /^\/quality\/programmes\/\d+$/.test(u))) {
      for (const planned of page((await app.inject({ method: "GET", url, cookies })).body).links.filter((l) => l.href.startsWith("/quality/audits/new?planned="))) {
        await read(planned.href, await app.inject({ method: "GET", url: planned.href, cookies }));
      }
    }
    // A child's record is not for administrators: an analyst reads one of the synthetic children's.
    const [child] = await selectRows(handle.db, sql`select la_code, pers_person_id from casework.ssd_person order by pers_person_id limit 1`);
    const childUrl = `/casework/children/${String(child?.la_code)}/${String(child?.pers_person_id)}`;
    await read(childUrl, await app.inject({ method: "GET", url: childUrl, cookies: { [sessionCookieName]: analyst.cookie ?? "" } }));
    // So are the cases behind a computed figure: the analyst goes from a month's re-referrals to them, and downloads them.
    const month = "/casework/measures/CIN-REREFERRAL-12M/2025-10-31";
    const asAnalyst = async (url: string) => app.inject({ method: "GET", url, cookies: { [sessionCookieName]: analyst.cookie ?? "" } });
    const toFigure = await asAnalyst(month);
    await read(month, toFigure);
    const figureUrl = String(toFigure.headers.location);
    for (const url of [figureUrl, `${figureUrl}/cases.csv`]) await read(url, await asAnalyst(url));
    // And an issued report as the analyst reads it, with the figures whose cases it kept.
    const issuedUrl = [...visited.keys()].find((url) => /^\/reports\/issued\/\d+$/.test(url));
    if (issuedUrl) await read(issuedUrl, await asAnalyst(issuedUrl));
    // No page links to the JSON API: each measure's answer there is read as well.
    for (const code of [...visited.keys()].flatMap((url) => /^\/measures\/([A-Z0-9-]+)$/.exec(url)?.slice(1) ?? [])) {
      const url = `/api/measures/${code}`;
      await read(url, await app.inject({ method: "GET", url, cookies }));
    }
  }, 300_000);

  afterAll(async () => {
    await app?.close();
    await queue?.stop();
    await handle?.close();
  });

  it("reaches every page an administrator can open, and every report as HTML and as Word", () => {
    const routes = appRoutes(app).filter((r) => r.method === "GET");
    const reached = new Set([...visited.keys()].map((url) => routeFor(routes, "GET", url)?.url));
    // PDFs are printed from the report's HTML, read here; without Chromium they answer "PDF is not available".
    const unreached = routes.map((r) => r.url).filter((url) => !reached.has(url) && !url.endsWith(".pdf"));
    expect(unreached, "pages no link leads to").toEqual([]);
    for (const kind of ["/report.html", "/report.docx", "/preview"]) {
      expect([...visited.keys()].filter((url) => url.endsWith(kind)).length, `reports read as ${kind}`).toBeGreaterThan(0);
    }
    expect([...visited.values()].filter((type) => type.startsWith(wordMime)).length).toBeGreaterThan(0);
  });

  it('never speaks of "the seed" on a page or in a report', () => {
    expect(Object.fromEntries(found)).toEqual({});
  });
});
