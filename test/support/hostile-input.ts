import { randomUUID } from "node:crypto";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/app/app.ts";
import type { DatabaseHandle } from "../../src/db/client.ts";
import { JobQueue } from "../../src/db/queue.ts";
import { selectRows } from "../../src/db/rows.ts";
import { auditEvents } from "../../src/db/schema/index.ts";
import { sql } from "drizzle-orm";
import { findUserByUsername, sessionCookieName, startSession } from "../../src/modules/access/index.ts";
import { receiveValuesFile } from "../../src/modules/measures/index.ts";
import { Pseudonyms } from "../../src/modules/casework/index.ts";
import { appRoutes, pageToVisit, routeFor, type CrawlRoute } from "./crawl.ts";
import { engines, type Engine } from "./databases.ts";
import { page } from "./html.ts";
import { linkSample } from "./links.ts";
import { closedSampleRisk, escalatedSampleRisk } from "./risks.ts";
import { planSampleAudit, raiseSampleAction, raiseSampleWeekAction, recordSampleAudit, recordSampleWeek } from "./quality.ts";
import { signedIn } from "./session.ts";
import { upload } from "./upload.ts";

/**
 * Hostile input to every route the app serves, signed in as an administrator with a valid CSRF
 * token: odd path parameters, odd query strings, and every field of every form set to each value
 * of a corpus. No answer may be a server error, and a refused form must change nothing.
 *
 * The routes come from the app itself, so a route added later is fuzzed too; each route's
 * sample address (with real ids) and each form's fields are found by crawling the pages as a
 * browser would, from the pages that need no parameters.
 */

/** Values typed into form fields and query strings. */
const hostileValues: [string, string][] = [
  ["a NUL byte", "before\u0000after"],
  ["30 February of year 0", "0000-02-30"],
  ["month 13", "2025-13-01"],
  ["hexadecimal", "0x10"],
  ["an exponent", "1e308"],
  ["minus zero", "-0"],
  ["Infinity", "Infinity"],
  ["100 kB", "x".repeat(100_000)],
  ["a script", "<script>alert(1)</script>"],
  ["emoji", "👩‍👩‍👧 🎉"],
  ["a right-to-left override", "\u202Etxt.exe"],
  ["CR/LF", "line one\r\nline two\r\n\r\nSet-Cookie: x=1"],
];

/** Values put in place of a path parameter, as they appear in an address (percent-encoded). */
const hostileParams = ["0", "-1", "99999999999", "%00", "abc", "1e3", "0x10", "x".repeat(10_000), "%2E%2E%2F%2E%2E", encodeURIComponent("Ωμέγα"), "%E2%80%AE", "1.5"];

/** How a body is sent: as a browser sends a form, a form with a file, or as JSON (which Fastify also reads). */
type Encoding = "form" | "multipart" | "json";

/** A form's fields as sent: a name given twice sends both values. */
type Fields = Record<string, string | string[]>;
const pairs = (fields: Fields): [string, string][] => Object.entries(fields).flatMap(([name, value]) => [value].flat().map((v): [string, string] => [name, v]));

const decodeEntities = (text: string) => text.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

type Route = CrawlRoute;

interface Form {
  /** The page the form was found on, read again for a fresh version token after a save. */
  page: string;
  action: string;
  encoding: Encoding;
  /** What the form sends as the page shows it: its current values. */
  baseline: Fields;
  /** Every field the form has, one per kind (`value-CODE` for one code stands for all). */
  fields: string[];
}

/**
 * The tests of hostile input on one engine (see databases.ts): PostgreSQL's run is skipped
 * without TEST_DATABASE_URL, which CI sets and requires (test/postgres.test.ts).
 */
export function describeHostileInput(engineName: "PGlite" | "PostgreSQL"): void {
  const engine = engines.find((e) => e.name === engineName);
  describe.runIf(engine)(`hostile input on ${engineName}`, () => {
    if (!engine) return;
    hostileInputTests(engine);
  });
}

function hostileInputTests(engine: Engine): void {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let jobs: JobQueue;
  let adminId: number;
  let admin: { secret: string; csrf: string };
  /** A child's record opens only for roles that work with child-level data: an analyst visits those pages. */
  let analystSession: { secret: string; csrf: string };
  let routes: Route[];
  /** A real address of each route, found by crawling. */
  const samples = new Map<string, string>();
  /** Pages the crawl starts from besides those with no parameters: records made for it in the set-up. */
  const startPages: string[] = [];
  const forms = new Map<string, Form>();
  const queryKeys = new Set<string>(["returnTo"]);
  /** Routes that answer with a file (Word, PDF, CSV) rather than a page. */
  const downloads = new Set<string>();
  const tally = { requests: 0, serverErrors: [] as string[] };

  const key = (route: Route) => `${route.method} ${route.url}`;
  /** The key case records sent in the set-up are pseudonymised under. */
  const caseworkKey = "7".repeat(64);

  async function session(userId: number | null) {
    const started = await startSession(handle.db, userId);
    return { secret: started.secret, csrf: started.row.csrfToken };
  }

  /** Who sends each request: sign-in as someone not signed in; sign-out with a session of its own. */
  async function sessionFor(method: string, path: string) {
    if (path.startsWith("/sign-in")) return session(null);
    if (method === "POST" && path.startsWith("/sign-out")) return session(adminId);
    if (path.startsWith("/casework/children") || path.startsWith("/casework/figures") || path.startsWith("/casework/measures")) return analystSession;
    return admin;
  }

  async function send(method: string, url: string, fields: Fields | Record<string, unknown> = {}, encoding: Encoding = "form"): Promise<LightMyRequestResponse> {
    const who = await sessionFor(method, url);
    const cookies = { [sessionCookieName]: who.secret };
    let response: LightMyRequestResponse;
    if (method === "GET") {
      response = await app.inject({ method: "GET", url, cookies });
    } else if (encoding === "json") {
      response = await app.inject({ method: "POST", url, cookies, payload: JSON.stringify({ ...fields, _csrf: who.csrf }), headers: { "content-type": "application/json" } });
    } else if (encoding === "multipart") {
      const boundary = "----waymarkfuzz";
      const body = pairs({ ...(fields as Fields), _csrf: who.csrf })
        .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
        .join("");
      response = await app.inject({ method: "POST", url, cookies, payload: `${body}--${boundary}--\r\n`, headers: { "content-type": `multipart/form-data; boundary=${boundary}` } });
    } else {
      const payload = new URLSearchParams(pairs({ ...(fields as Fields), _csrf: who.csrf })).toString();
      response = await app.inject({ method: "POST", url, cookies, payload, headers: { "content-type": "application/x-www-form-urlencoded" } });
    }
    tally.requests += 1;
    // The one server error by design: a PDF asked of a server without Chromium ("PDF is not available").
    const noPrinter = response.statusCode === 503 && url.split("?")[0]?.endsWith(".pdf");
    if (response.statusCode >= 500 && !noPrinter) tally.serverErrors.push(`${method} ${url.slice(0, 120)} ${JSON.stringify(fields).slice(0, 200)}: ${response.statusCode}`);
    return response;
  }

  const routeOf = (method: string, path: string): Route | undefined => routeFor(routes, method, path);

  /** The fields a form sends, with the values the page shows. */
  function readForm(form: Element, pagePath: string): Form {
    const baseline: Record<string, string> = {};
    const names: string[] = [];
    for (const control of form.querySelectorAll("input[name], textarea[name], select[name], button[name]")) {
      const name = control.getAttribute("name") ?? "";
      if (name === "_csrf" || control.getAttribute("type") === "file") continue;
      if (!names.includes(name)) names.push(name);
      const type = control.getAttribute("type") ?? "";
      if (control.tagName === "BUTTON") continue;
      // The parser leaves character references in a text area's content; a browser decodes them.
      if (control.tagName === "TEXTAREA") baseline[name] = decodeEntities(control.textContent ?? "");
      else if (control.tagName === "SELECT") {
        const chosen = control.querySelector("option[selected]") ?? control.querySelector("option");
        baseline[name] = chosen?.getAttribute("value") ?? chosen?.textContent ?? "";
      } else if (type === "radio" || type === "checkbox") {
        if (control.hasAttribute("checked")) baseline[name] = control.getAttribute("value") ?? "on";
      } else if (type !== "submit") baseline[name] = control.getAttribute("value") ?? "";
    }
    const seen = new Set<string>();
    const fields = names.filter((name) => {
      const kind = name.replace(/-[^a-z]+$/, "-*");
      if (seen.has(kind)) return false;
      seen.add(kind);
      return true;
    });
    const action = (form.getAttribute("action") || pagePath).split("?")[0] ?? pagePath;
    return { page: pagePath, action, encoding: form.getAttribute("enctype") === "multipart/form-data" ? "multipart" : "form", baseline, fields };
  }

  /**
   * A route no page links to (the JSON API, PDFs on a server without Chromium) takes its
   * parameters from the reached route most like it: `/api/measures/:code` from `/measures/:code`.
   */
  function inferredSample(route: Route): string | undefined {
    const segments = (url: string) => url.split("/").filter(Boolean);
    const alike = (a: string[], b: string[]) => {
      let score = 0;
      for (let i = 0; i < Math.min(a.length, b.length) && a[i] === b[i]; i += 1) score += 1;
      for (let i = 1; i <= Math.min(a.length, b.length) && a.at(-i) === b.at(-i); i += 1) score += 1;
      return score;
    };
    const [best] = routes
      .filter((r) => samples.has(key(r)) && r.params.length === route.params.length && route.params.every((p) => r.params.includes(p)))
      .map((r) => ({ r, score: alike(segments(route.url), segments(r.url)) }))
      .filter((c) => c.score > 0)
      .sort((a, b) => b.score - a.score);
    const values = best && best.r.pattern.exec(samples.get(key(best.r)) ?? "");
    if (!best || !values) return undefined;
    const byName = Object.fromEntries(best.r.params.map((name, i) => [name, values[i + 1] ?? ""]));
    return route.url.replace(/:(\w+)/g, (_, name: string) => byName[name] ?? "");
  }

  /**
   * Visits the app's pages from those that need no parameters, noting a real address of each
   * route and each form: a few pages of each route first, then more only while a route or a
   * form is still unreached (a measure with targets, the period still open).
   */
  async function crawl() {
    const perRoute = 2;
    const queue = [...routes.filter((r) => r.method === "GET" && r.params.length === 0).map((r) => r.url), ...startPages];
    const later: string[] = [];
    const visits = new Map<string, number>();
    const visited = new Set<string>();
    const unreached = () => routes.some((r) => (!samples.has(key(r)) && inferredSample(r) === undefined) || (r.method === "POST" && !forms.has(key(r))));
    while (queue.length > 0 || (later.length > 0 && unreached())) {
      const url = queue.shift() ?? later.shift() ?? "";
      if (visited.has(url)) continue;
      visited.add(url);
      const response = await send("GET", url);
      if (!String(response.headers["content-type"] ?? "").startsWith("text/html")) {
        const route = routeOf("GET", url.split("?")[0] ?? url);
        if (route) downloads.add(key(route));
        continue;
      }
      const { document } = page(response.body);
      const path = url.split("?")[0] ?? url;
      for (const form of document.querySelectorAll("form")) {
        const method = (form.getAttribute("method") ?? "get").toUpperCase();
        const found = readForm(form, path);
        if (method === "GET") {
          for (const name of found.fields) queryKeys.add(name);
          continue;
        }
        const route = routeOf("POST", found.action);
        if (!route) continue;
        if (!samples.has(key(route))) samples.set(key(route), found.action);
        if (!forms.has(key(route))) forms.set(key(route), found);
      }
      for (const link of document.querySelectorAll("a[href]")) {
        const href = link.getAttribute("href") ?? "";
        if (!href.startsWith("/") || href.startsWith("//")) continue;
        const [target = "", query = ""] = href.split("#")[0]?.split("?") ?? [];
        for (const name of new URLSearchParams(query).keys()) queryKeys.add(name);
        const route = routeOf("GET", target);
        const next = pageToVisit(href);
        if (!route || visited.has(next)) continue;
        if (!samples.has(key(route))) samples.set(key(route), target);
        // A list's further pages are visited as well: their records are on no other page.
        if (next !== target) {
          queue.push(next);
          continue;
        }
        const seen = visits.get(key(route)) ?? 0;
        visits.set(key(route), seen + 1);
        (seen < perRoute ? queue : later).push(target);
      }
    }
    for (const route of routes) {
      const inferred = samples.has(key(route)) ? undefined : inferredSample(route);
      if (inferred) samples.set(key(route), inferred);
    }
  }

  beforeAll(async () => {
    handle = await engine.openDemo();
    jobs = new JobQueue(handle.db);
    app = await buildApp({ db: handle.db, chromium: null, queue: jobs, casework: { key: caseworkKey } });
    await app.ready();
    const user = await findUserByUsername(handle.db, "admin");
    if (!user) throw new Error("the demo has no administrator");
    adminId = user.id;
    admin = await session(adminId);
    routes = appRoutes(app);
    for (const route of routes) if (route.params.length === 0) samples.set(key(route), route.url);
    // One report issued, so the issued copy's pages exist to be crawled.
    const reportsPage = page((await send("GET", "/reports")).body);
    const reportHref = [...reportsPage.document.querySelectorAll("a[href]")].map((a) => a.getAttribute("href") ?? "").find((href) => /^\/reports\/\d+$/.test(href));
    if (!reportHref) throw new Error("the demo has no report in preparation");
    // The page that follows the issue, and its status, are reached by the Issue button's redirect.
    const waitingAt = String((await send("POST", `${reportHref}/issue`)).headers.location ?? "");
    // So is the page that follows a reference file's import, by its form's redirect (the file sent is refused by the job).
    const analyst = await signedIn(app, "analyst");
    const sent = await upload(app, analyst, "/measures/reference-data/ofsted", { name: "judgements.xlsx", content: "not a workbook", field: "workbook" }, {}, "/measures/reference-data");
    const importingAt = String(sent.headers.location ?? "");
    for (const url of [waitingAt, `${waitingAt}/status`, importingAt, `${importingAt}/status`]) {
      const route = routeOf("GET", url);
      if (route) samples.set(key(route), url);
    }
    await jobs.runPending();
    // A period open, with one update submitted and one a draft, so that its forms (write, submit,
    // approve, return) are shown. The crawl starts from their pages: the links to them come after
    // those to every milestone's pages, which it would otherwise read first.
    const opened = await send("POST", "/progress/periods", { planYear: "2025", kind: "quarter", quarter: "3" });
    const periodUrl = String(opened.headers.location ?? "");
    if (opened.statusCode !== 303) throw new Error(`could not open a period: ${opened.statusCode}`);
    await send("POST", `${periodUrl}/priorities/3/edit`, { narrative: "Submitted for approval.", version: "0", action: "submit" });
    await send("POST", `${periodUrl}/priorities/4/edit`, { narrative: "A draft.", version: "0", action: "draft" });
    startPages.push(`${periodUrl}/priorities/3`, `${periodUrl}/priorities/4`);
    // A values file checked and waiting to be applied, so that its page's form to apply it is shown.
    const header = "measure_code,period_end,value,numerator,denominator,status,note";
    const received = await receiveValuesFile(handle.db, { userId: adminId, username: "admin", correlationId: "hostile input" }, "waiting.csv", Buffer.from(`${header}\nREREFERRALS,2025-12-31,24.8,,,provisional,\n`));
    startPages.push(`/measures/imports/${String(received.importId)}`);
    // A DfE file sent to set up a measure's mapping, so that the form that maps its columns, and the
    // form that imports it once the mapping is saved, are there.
    const dfeHeader = "time_period,geographic_level,country_code,country_name,region_code,region_name,old_la_code,la_name,breakdown,count,percent";
    const draft = await upload(app, analyst, "/measures/REREFERRALS/mapping/file", { name: "dfe.csv", content: `${dfeHeader}\n2025,National,E92000001,England,,,,,Total,10,50\n` });
    const draftAt = String(draft.headers.location ?? "");
    startPages.push(draftAt, `/measures/REREFERRALS/mapping?saved=1&draft=${draftAt.split("/").at(-1) ?? ""}`);
    // Case records imported (one child, from a small 903 return) and a return sent in the app, so
    // that an import's page, a child's record and the page that follows an import are there.
    const analystUser = await findUserByUsername(handle.db, "analyst");
    if (!analystUser) throw new Error("the demo has no analyst");
    analystSession = await session(analystUser.id);
    const child = { name: "header.csv", content: "CHILD,SEX,DOB\nH1,1,27/03/2008\n", field: "files" };
    const caseImport = await upload(app, analyst, "/casework/import", child, { kind: "ssda903", la: "879", year: "2025" });
    const caseImportAt = String(caseImport.headers.location ?? "");
    const childAt = `/casework/children/879/${new Pseudonyms(Buffer.from(caseworkKey, "hex")).of("879", "person", "H1")}`;
    for (const url of [caseImportAt, `${caseImportAt}/status`, childAt]) {
      const route = routeOf("GET", url);
      if (route) samples.set(key(route), url);
    }
    await jobs.runPending();
    // The import computed the council's measures: the way in from a measure's month, a figure's cases and their CSV.
    const [figure] = await selectRows(handle.db, sql`select id, measure_code, period_end::text as period_end from casework.computed_values where period_kind = 'month' and superseded_at is null order by id limit 1`);
    if (!figure) throw new Error("the import computed no measure");
    for (const url of [`/casework/measures/${String(figure.measure_code)}/${String(figure.period_end)}`, `/casework/figures/${String(figure.id)}`, `/casework/figures/${String(figure.id)}/cases.csv`]) {
      const route = routeOf("GET", url);
      if (route) samples.set(key(route), url);
    }
    // An audit template and a case audit recorded with it by the quality assurance officer, so that
    // the template's pages and the audit's (with the form an administrator moderates it by) are there.
    // The audit form is reached by a link with the template in its query string, which the crawl leaves off.
    const { template, audit } = await recordSampleAudit(app);
    // And an action raised from the audit, so that the actions list, the action's page and its closing form are there;
    // each linked to a priority, so that the forms that remove a link are there too.
    const action = await raiseSampleAction(app, audit);
    await linkSample(app, audit);
    await linkSample(app, action);
    // And a month's programme with an audit planned in it, so that its forms (plan, take out) are there.
    await planSampleAudit(app, template);
    startPages.push(`/quality/audits/new?template=${template.split("/").at(-1) ?? ""}`);
    // A practice week recorded, linked to a priority, and an action raised from it, so that the week's forms
    // (the one that removes a link among them) and an action from a week are there.
    const week = await recordSampleWeek(app);
    await raiseSampleWeekAction(app, week);
    await linkSample(app, week);
    // A risk closed, so that the form that reopens it is there (the demo's open risks have the rest).
    startPages.push(await closedSampleRisk(app));
    // And one escalated to a board, so that the form that takes it back is there.
    startPages.push(await escalatedSampleRisk(app));
    // Two more meetings of the demo's performance board, the first with its minutes drafted, so that
    // the form approving those minutes is on the second's page.
    const boardsPage = page((await send("GET", "/boards")).body);
    const performanceBoard = boardsPage.links.find((l) => l.text === "Performance Board")?.href ?? "";
    const drafted = await send("POST", `${performanceBoard}/meetings/new`, { formToken: randomUUID(), heldOnDay: "6", heldOnMonth: "12", heldOnYear: "2024", "itemTitle-1": "Re-referrals", "itemMinutes-1": "The board reviewed the month's re-referrals." });
    if (drafted.statusCode !== 303) throw new Error(`could not add a meeting: ${drafted.statusCode}`);
    const nextMeeting = await send("POST", `${performanceBoard}/meetings/new`, { formToken: randomUUID(), heldOnDay: "6", heldOnMonth: "1", heldOnYear: "2025", "itemTitle-1": "Matters arising" });
    if (nextMeeting.statusCode !== 303) throw new Error(`could not add a meeting: ${nextMeeting.statusCode}`);
    startPages.push(String(nextMeeting.headers.location ?? "").split("?")[0] ?? "");
    // An account disabled, so that its page shows the form that enables it again.
    const viewer = await findUserByUsername(handle.db, "viewer");
    if (!viewer || (await send("POST", `/accounts/${viewer.id}/disable`)).statusCode !== 303) throw new Error("could not disable the viewer's account");
    await crawl();
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await jobs?.stop();
    await handle?.close();
    const fields = [...forms.values()].reduce((n, f) => n + f.fields.length, 0);
    console.info(
      `Hostile input on ${engine.name}: ${tally.requests} requests to ${routes.length} routes, ${forms.size} forms with ${fields} kinds of field; ` +
        `${hostileValues.length} hostile values in every field and query string, ${hostileParams.length} in every path parameter`,
    );
  });

  const auditCount = () => handle.db.$count(auditEvents);
  /** The server errors answered since `mark` (each test's own). */
  const serverErrorsSince = (mark: number) => tally.serverErrors.slice(mark);

  it("reaches every route the app serves, and the form of every one that takes a form", () => {
    const missing = routes.map(key).filter((k) => !samples.has(k));
    expect(missing, "routes with no link or form leading to them").toEqual([]);
    expect(routes.filter((r) => r.method === "POST" && !forms.has(key(r))).map(key), "routes whose form no page shows").toEqual([]);
  });

  it("answers a refused sign-in with a NUL byte in the username with the form, not an error", async () => {
    const response = await send("POST", "/sign-in", { username: "admin\u0000", password: "not the password" });
    expect(response.statusCode).toBe(400);
    expect(page(response.body).text).toContain("Username must not contain hidden control characters");
  });

  it("answers page not found for a path parameter that is not a real one", async () => {
    const mark = tally.serverErrors.length;
    const wrong: string[] = [];
    for (const route of routes.filter((r) => r.params.length > 0)) {
      const sample = samples.get(key(route)) ?? "";
      const parts = sample.split("/");
      const positions = route.url.split("/").flatMap((part, i) => (part.startsWith(":") ? [i] : []));
      const form = forms.get(key(route));
      for (const position of positions) {
        for (const value of hostileParams) {
          const url = parts.map((part, i) => (i === position ? value : part)).join("/");
          const response = await send(route.method, url, form?.baseline ?? {}, form?.encoding);
          // An address too long to route (the 10 kB value) is refused as such.
          if (response.statusCode !== 404 && !(response.statusCode === 414 && value.length > 100)) wrong.push(`${route.method} ${url.slice(0, 80)}: ${response.statusCode}`);
        }
      }
    }
    expect(serverErrorsSince(mark)).toEqual([]);
    expect(wrong).toEqual([]);
  }, 120_000);

  it("never fails on a hostile query string", async () => {
    const mark = tally.serverErrors.length;
    for (const route of routes.filter((r) => r.method === "GET")) {
      const sample = samples.get(key(route)) ?? route.url;
      // Each request gives each key a different value, so that over the corpus every key takes
      // every value. A download (a Word file takes a second to build) gets one such request: the
      // filters the CSV and Excel exports read are those of their pages, fuzzed in full.
      const rotations = downloads.has(key(route)) ? 1 : hostileValues.length;
      for (let i = 0; i < rotations; i += 1) {
        const query = new URLSearchParams([...queryKeys].map((name, k) => [name, hostileValues[(i + k) % hostileValues.length]?.[1] ?? ""])).toString();
        await send("GET", `${sample}?${query}`);
      }
      await send("GET", `${sample}?${new URLSearchParams([...queryKeys].flatMap((name) => [[name, "1"], [name, "2"]])).toString()}`);
    }
    expect(serverErrorsSince(mark)).toEqual([]);
  }, 300_000);

  it("never fails on a hostile value in any field of any form, and changes nothing when it refuses one", async () => {
    const mark = tally.serverErrors.length;
    const changedOnRefusal: string[] = [];
    const answers = new Map<number, number>();
    for (const route of routes.filter((r) => r.method === "POST")) {
      const url = samples.get(key(route)) ?? route.url;
      const found = forms.get(key(route));
      if (!found || found.fields.length === 0) continue;
      const { fields } = found;
      let current: Form = found;
      const long = hostileValues.find(([label]) => label === "100 kB")?.[1] ?? "";
      const attempts: { fields: Record<string, unknown>; encoding?: Encoding }[] = [
        ...hostileValues.flatMap(([, value]) => fields.map((field) => ({ fields: { [field]: value } }))),
        // Every field at once: the long value in each makes the form larger than a body may be.
        { fields: Object.fromEntries(fields.map((field) => [field, long])) },
        // Every field sent twice, as a form with two boxes of one name would.
        { fields: Object.fromEntries(fields.map((field) => [field, ["1", "2"]])) },
        // As JSON, which no form sends: numbers, nothing and objects where text belongs.
        ...[16, null, { nested: ["x"] }].map((value) => ({ fields: Object.fromEntries(fields.map((field) => [field, value])), encoding: "json" as const })),
      ];
      let audited = await auditCount();
      for (const attempt of attempts) {
        const response = await send("POST", url, { ...current.baseline, ...attempt.fields }, attempt.encoding ?? current.encoding);
        answers.set(response.statusCode, (answers.get(response.statusCode) ?? 0) + 1);
        if (response.statusCode >= 400 && response.statusCode < 500 && (await auditCount()) !== audited) {
          changedOnRefusal.push(`${key(route)} ${Object.keys(attempt.fields).join(", ")}: ${response.statusCode}`);
          audited = await auditCount();
        }
        if (response.statusCode < 400) {
          // Saved: read the form again, for the version the next attempt starts from.
          const fresh = page((await send("GET", current.page)).body).document;
          const again = [...fresh.querySelectorAll('form[method="post"]')].map((f) => readForm(f, current.page)).find((f) => f.action === current.action);
          if (again) current = { ...again, fields };
          audited = await auditCount();
        }
      }
    }
    expect(serverErrorsSince(mark)).toEqual([]);
    expect(changedOnRefusal).toEqual([]);
    // The attempts reached the forms' checks: many refused, some saved, none stopped at the door.
    expect(answers.get(400) ?? 0).toBeGreaterThan(500);
    expect([...answers].filter(([status]) => status < 400).reduce((n, [, count]) => n + count, 0)).toBeGreaterThan(50);
    expect(answers.get(403) ?? 0).toBe(0);
  }, 300_000);

  it("still shows every page after the hostile values that were accepted were saved", async () => {
    const mark = tally.serverErrors.length;
    for (const route of routes.filter((r) => r.method === "GET")) await send("GET", samples.get(key(route)) ?? route.url);
    expect(serverErrorsSince(mark)).toEqual([]);
  }, 120_000);
}
