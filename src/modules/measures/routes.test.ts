import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app/app.ts";
import type { Clock } from "../../core/clock.ts";
import { demoPassword } from "../../demo/accounts.ts";
import { selectRows } from "../../db/rows.ts";
import { page } from "../../../test/support/html.ts";
import { decodeEntities } from "../../../test/support/forms.ts";
import { scorecardRows } from "../../../test/support/scorecard.ts";
import { upload as uploadFile, uploadAndApply, uploadAndFinish } from "../../../test/support/upload.ts";
import { sharedPath } from "../../../test/support/shared.ts";
import { signedIn, type Client } from "../../../test/support/session.ts";
import { useTestApp } from "../../../test/support/app.ts";

const testApp = useTestApp({ data: "demo" });
let analyst: Client;
let viewer: Client;

beforeAll(async () => {
  analyst = await signedIn(testApp.app, "analyst");
  viewer = await signedIn(testApp.app, "viewer");
});

const read = async (browser: Client, url: string) => page((await browser.get(url)).body);

/** The scorecard's row for a measure, by the start of its title. */
/** The scorecard's row for the measure of this title (not one whose title begins with it, as "…, from case records" does). */
const scorecardRow = async (browser: Client, title: string) => (await scorecardRows(browser)).find((r) => r.startsWith(title) && !r.startsWith(`${title},`)) ?? "";

/** Posts a file as the import forms do. */
const upload = (browser: Client, url: string, fileName: string, content: Buffer | string, fields: Record<string, string> = {}) =>
  uploadFile(testApp.app, browser, url, { name: fileName, content }, fields);

/** Sends a DfE statistics file for a measure, imports it as its job does, and answers the page that shows what it did. */
const importDfe = (fileName: string, content: Buffer | string, measure = "REREFERRALS") =>
  uploadAndFinish(testApp.app, testApp.queue, analyst, "/measures/benchmarks/import", { name: fileName, content }, { measure });

/** Imports a values file, applying it as its job does, and answers the page that shows its result. */
const importFile = (browser: Client, fileName: string, content: string) => uploadAndApply(testApp.app, testApp.queue, browser, { name: fileName, content });

describe("the demo scorecard", () => {
  it("shows the seeds' figures with England and statistical neighbours where DfE publishes them", async () => {
    const scorecard = await read(viewer, "/measures");
    const rereferrals = await scorecardRow(viewer, "Re-referrals within 12 months");
    expect(rereferrals).toContain("26.0%");
    expect(rereferrals).toContain("October 2025");
    expect(rereferrals).toContain("22.6%");
    expect(rereferrals).toContain("21.5% (10 of 10)");
    expect(rereferrals).toMatch(/Improving/);
    expect(scorecard.text).toContain("Contains public sector information licensed under the Open Government Licence v3.0.");
  });

  it("shows figures with their numerator and denominator", async () => {
    expect((await scorecardRows(viewer)).some((r) => r.includes("43.3% (88/203)"))).toBe(true);
  });

  it("filters and sorts without JavaScript", async () => {
    const filtered = await read(viewer, "/measures?priority=7&sort=title&order=desc");
    const titles = filtered.texts("tbody tr td:first-child a");
    expect(titles.length).toBeGreaterThan(0);
    for (let i = 1; i < titles.length; i += 1) expect((titles[i - 1] ?? "").toLowerCase() >= (titles[i] ?? "").toLowerCase()).toBe(true);
    expect(titles.length).toBeLessThan((await scorecardRows(viewer)).length);
  });

  it("shows 25 rows a page, and every measure once across the pages, in order", async () => {
    const first = await read(viewer, "/measures");
    const total = Number(/\d+ of (\d+) measures/.exec(first.text)?.[1]);
    const pages = Math.ceil(total / 25);
    expect(pages).toBeGreaterThan(2);
    expect(first.texts("tbody tr")).toHaveLength(25);
    expect(first.text).toContain(`${String(total)} of ${String(total)} measures, 1 to 25 shown on this page.`);
    expect(first.title).toContain(`Scorecard (page 1 of ${String(pages)})`);
    expect(first.document.querySelector('.govuk-pagination a[aria-current="page"]')?.textContent?.trim()).toBe("1");
    expect(first.document.querySelector('.govuk-pagination a[rel="prev"]')).toBeNull();
    const last = await read(viewer, `/measures?page=${String(pages)}`);
    expect(last.texts("tbody tr")).toHaveLength(total - 25 * (pages - 1));
    expect(last.document.querySelector('.govuk-pagination a[rel="next"]')).toBeNull();
    const codes: string[] = [];
    for (let n = 1; n <= pages; n += 1) codes.push(...(await read(viewer, `/measures?page=${String(n)}`)).texts("tbody tr td:first-child .govuk-body-s"));
    expect(codes).toHaveLength(total);
    expect(codes).toEqual([...new Set(codes)].sort());
  });

  it.each([
    ["a page past the last shows the last", "?page=999", "last"],
    ["a page number of 0 shows the first", "?page=0", "first"],
    ["a page that is no number shows the first", "?page=second", "first"],
    ["the second page shows the second", "?page=2", "second"],
  ])("%s", async (_case, query, which) => {
    const all = await scorecardRows(viewer);
    const pages = Math.ceil(all.length / 25);
    const shown = await read(viewer, `/measures${query}`);
    const number = which === "last" ? pages : which === "first" ? 1 : 2;
    expect(shown.texts("tbody tr")).toEqual(all.slice((number - 1) * 25, number * 25));
    expect(shown.title).toContain(`page ${String(number)} of ${String(pages)}`);
    expect(shown.document.querySelector('.govuk-pagination a[aria-current="page"]')?.textContent?.trim()).toBe(String(number));
  });

  it("keeps the filters and order in the pages' links, and starts again at the first page on a new sort or filter", async () => {
    const query = "sort=title&order=desc&rag=none";
    const all = await scorecardRows(viewer, `/measures?${query}`);
    expect(all.length).toBeGreaterThan(25);
    const second = await read(viewer, `/measures?${query}&page=2`);
    const pageLinks = [...second.document.querySelectorAll(".govuk-pagination a")].map((a) => new URL(a.getAttribute("href") ?? "", "http://x").searchParams);
    expect(pageLinks.length).toBeGreaterThan(2);
    for (const link of pageLinks) expect([link.get("sort"), link.get("order"), link.get("rag")]).toEqual(["title", "desc", "none"]);
    expect(pageLinks.map((l) => l.get("page"))).toContain(null);
    const sortLinks = second.links.filter((l) => l.text.endsWith("(sort)"));
    expect(sortLinks.length).toBeGreaterThan(0);
    for (const link of [...sortLinks, ...second.links.filter((l) => /^\/measures\.(csv|xlsx)/.test(l.href))]) expect(link.href).not.toContain("page=");
    expect(second.document.querySelector('form[action="/measures"] [name="page"]')).toBeNull();
    // The download holds every row the filters keep, not one page of them.
    const csv = (await viewer.get(`/measures.csv?${query}&page=2`)).body;
    expect(csv).toBe((await viewer.get(`/measures.csv?${query}`)).body);
    expect(csv.split("\r\n").length).toBeGreaterThan(all.length);
  });

  it("shows a measure's SPC chart with its data table and the benchmark table with each neighbour", async () => {
    const measure = await read(viewer, "/measures/REREFERRALS");
    expect(measure.document.querySelector("svg[role=img] title")?.textContent).toBe("Re-referrals within 12 months: SPC chart");
    expect(measure.texts("caption")).toContain("The chart's values");
    expect(measure.texts("caption")).toContain("Each statistical neighbour");
    const table = [...measure.document.querySelectorAll("table")].find((t) => t.querySelector("caption")?.textContent === "Each statistical neighbour");
    expect(table?.querySelectorAll("tbody tr").length).toBe(10);
    expect(measure.text).toContain("South West");
  });

  it("says how a measure is defined: which way is good, what it counts in, how often and where its values come from", async () => {
    const measure = await read(viewer, "/measures/REREFERRALS");
    const facts = [...measure.document.querySelectorAll("h1 ~ dl .govuk-summary-list__row")].map((row) =>
      [...row.children].map((cell) => (cell.textContent ?? "").replace(/\s+/g, " ").trim()).join(": "),
    );
    expect(facts).toEqual(
      expect.arrayContaining([
        "Which way is good: Lower is better",
        "Measured as: A percentage, to 1 decimal place",
        "How often: Monthly",
        "Where its values come from: Entered in the app or from the values template",
      ]),
    );
  });

  it("draws two annual values without limits or icons, and says there are too few for SPC", async () => {
    const measure = await read(viewer, "/measures/SUPPORTED-INTERNSHIPS");
    expect(measure.texts("#spc + p")[0]).toMatch(/^Too few values for statistical process control: 2 of the 6 needed\./);
    expect(measure.text).not.toMatch(/Common cause|Hits and misses|Consistently (passes|fails)/);
    const svg = measure.document.querySelector("svg[role=img]");
    expect(svg?.querySelectorAll("circle")).toHaveLength(2);
    expect(svg?.textContent).not.toMatch(/Upper limit|Lower limit|Mean /);
    expect(measure.texts("caption")).toContain("The chart's values");
    expect(measure.texts("th")).not.toContain("Special cause");
    const row = await scorecardRow(viewer, "Young people on supported internships");
    expect(row).toContain("Too few values");
    expect(row).not.toMatch(/Common cause|Hits and misses/);
    const csv = (await viewer.get("/measures.csv")).body.split("\r\n").find((line) => line.startsWith("SUPPORTED-INTERNSHIPS,")) ?? "";
    expect(csv).toContain(",Too few values,,");
  });

  it("judges a measure a special cause of concern, and an exception, only from six values", async () => {
    // One seeded value (14 in December 2024), then three like it and a jump to 60: five values.
    const file = (rows: string[]) => `measure_code,period_end,value,numerator,denominator,status,note\n${rows.map((r) => `STRATEGY-MEETINGS-OUT-OF-TIME,${r},,,final,`).join("\n")}\n`;
    expect((await importFile(analyst, "meetings.csv", file(["2025-01-31,14", "2025-02-28,15", "2025-03-31,14", "2025-04-30,60"]))).statusCode).toBe(200);
    const exceptions = async () => (await read(viewer, "/measures/exceptions")).texts("tbody tr").find((r) => r.includes("Strategy meetings")) ?? "";
    const measure = await read(viewer, "/measures/STRATEGY-MEETINGS-OUT-OF-TIME");
    expect(measure.texts("#spc + p")[0]).toMatch(/^Too few values for statistical process control: 5 of the 6 needed\./);
    expect(await exceptions()).toBe("");

    // A sixth, higher still: now there are trial limits, and it is above them.
    expect((await importFile(analyst, "meetings.csv", file(["2025-05-31,90"]))).statusCode).toBe(200);
    const judged = await read(viewer, "/measures/STRATEGY-MEETINGS-OUT-OF-TIME");
    expect(judged.texts("#spc + p")[0]).toMatch(/trial process limits .* Trial limits from 6 values, revised with each new value until there are 12\./);
    expect(await exceptions()).toMatch(/Special cause: concern/);
  });

  it("answers the API with a measure's definition, values, targets and benchmarks", async () => {
    const response = await viewer.get("/api/measures/REREFERRALS");
    const body = response.json();
    expect(body).toMatchObject({ code: "REREFERRALS", polarity: "lower-better", benchmark: { year: 2025, england: 22.6, council: 26 } });
    expect(body.values.map((v: { value: number }) => v.value)).toEqual([27, 26]);
    expect(body.licence).toContain("Open Government Licence");
    expect((await testApp.app.inject({ method: "GET", url: "/api/measures" })).statusCode).toBe(303);
  });

  it("exports the scorecard as CSV with the licence notice", async () => {
    const csv = await viewer.get("/measures.csv");
    expect(csv.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(csv.body.split("\r\n")[0]).toBe("code,title,priorities,unit,latest,numerator,denominator,period,target,target_year,rag,short_term,long_term,variation,assurance,england,statistical_neighbours,neighbours_with_value,quartile_band,rank,rank_of");
    expect(csv.body).toContain("Open Government Licence");
    const xlsx = await viewer.get("/measures.xlsx");
    expect(xlsx.headers["content-type"]).toContain("spreadsheetml");
  });
});

describe("what the figures say", () => {
  const generatedOf = async (browser: Client, code: string) => (await read(browser, `/measures/${code}`)).texts("#generated-commentary")[0] ?? "";

  it("says in words what the demo's re-referrals figures mean, labelled as written from the figures", async () => {
    const measure = await read(viewer, "/measures/REREFERRALS");
    expect(measure.texts("h2")).toContain("What the figures say");
    expect(measure.text).toContain("Written by Waymark from the figures for October 2025");
    const sentence = await generatedOf(viewer, "REREFERRALS");
    expect(sentence).toContain("Re-referrals within 12 months stood at 26.0% in October 2025, down from 27.0% in December 2024, which is better.");
    // The benchmarks are for 2025, the year to March: given with their year, not against October.
    expect(sentence).toContain("In 2025 the council's figure was 26.0%");
    expect(sentence).toContain("England (22.6%)");
    expect(sentence).toContain("the South West (22.1%)");
    expect(sentence).toContain("the statistical neighbours (21.5%)");
    expect(sentence).toContain("137th of 153 councils, in the bottom quartile");
  });

  it("shows the same sentence under each measure on the exceptions list", async () => {
    const exceptions = await read(viewer, "/measures/exceptions");
    const first = exceptions.document.querySelector("tbody tr td a")?.getAttribute("href") ?? "";
    expect(first).toMatch(/^\/measures\//);
    const sentence = await generatedOf(viewer, first.replace("/measures/", ""));
    expect(sentence).not.toBe("");
    expect(exceptions.texts("tbody tr td:first-child p")).toContain(`What the figures say, written by Waymark: ${sentence}`);
    expect(exceptions.text).toContain("written by Waymark from the figures");
  });

  it("offers the sentence as the latest period's starting commentary, marked as generated until it is edited", async () => {
    const measure = await read(analyst, "/measures/REREFERRALS");
    const sentence = await generatedOf(analyst, "REREFERRALS");
    // A textarea's text arrives with its entities as written: a browser shows them as characters.
    expect(decodeEntities(measure.document.querySelector("textarea#text")?.textContent ?? "")).toBe(sentence);
    expect(measure.texts("#text-hint")[0]).toContain("It starts with what the figures say for October 2025");
    expect(measure.document.querySelector("#periodEnd option")?.getAttribute("value")).toBe("2025-10-31");

    // Saved as it is: the commentary shows as generated, and the audit trail says so.
    const saved = await analyst.post("/measures/REREFERRALS/commentary", { periodEnd: "2025-10-31", text: sentence, "version-2025-10-31": "0" }, "/measures/REREFERRALS");
    expect(saved.statusCode).toBe(303);
    const shown = await read(viewer, "/measures/REREFERRALS");
    expect(shown.text).toContain("Generated from the figures, not yet edited");
    const [generatedEvent] = await selectRows(testApp.db, sql`select after from audit_events where action = 'comment' order by id desc limit 1`);
    expect(generatedEvent?.after).toMatchObject({ periodEnd: "2025-10-31", commentary: sentence, generated: true });
    // Once some commentary is saved, the form no longer starts from the sentence.
    expect((await read(analyst, "/measures/REREFERRALS")).document.querySelector("textarea#text")?.textContent).toBe("");

    // Edited: the analyst's words, no longer marked.
    const edited = `${sentence} The monthly performance board is looking at families referred four or more times.`;
    expect((await analyst.post("/measures/REREFERRALS/commentary", { periodEnd: "2025-10-31", text: edited, "version-2025-10-31": "1" }, "/measures/REREFERRALS")).statusCode).toBe(303);
    const after = await read(viewer, "/measures/REREFERRALS");
    expect(after.text).toContain("The monthly performance board is looking at families referred four or more times.");
    expect(after.text).not.toContain("Generated from the figures, not yet edited");
    const [editedEvent] = await selectRows(testApp.db, sql`select before, after from audit_events where action = 'comment' order by id desc limit 1`);
    expect(editedEvent).toMatchObject({ before: { generated: true }, after: { generated: false } });
  });

  it("keeps what was typed when commentary is refused, rather than the starting text", async () => {
    const typed = "Families in contact. ".repeat(200);
    const refused = await analyst.post("/measures/FAMILIES-4PLUS-CONTACTS/commentary", { periodEnd: "2024-12-31", text: typed }, "/measures/FAMILIES-4PLUS-CONTACTS");
    expect(refused.statusCode).toBe(400);
    expect(page(refused.body).document.querySelector("textarea#text")?.textContent).toBe(typed);
  });
});

describe("importing DfE statistics through the app", () => {
  it("gives Plymouth's 2025 re-referrals against England and the mean of its ten 2025 neighbours", async () => {
    // Take away the typed facts so that everything shown comes from the import.
    await testApp.db.execute(sql`delete from benchmark_values where measure_id = (select id from measures where code = 'REREFERRALS')`);
    await testApp.db.execute(sql`delete from benchmark_summaries where measure_id = (select id from measures where code = 'REREFERRALS')`);
    expect((await read(analyst, "/measures/REREFERRALS")).texts("h2")).not.toContain("How the council compares, 2025");

    const file = "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv";
    const content = readFileSync(sharedPath("data", "dfe-ees", file));
    const sent = await upload(analyst, "/measures/benchmarks/import", file, content, { measure: "REREFERRALS" });
    // The file is kept and a job imports it; the page that follows the job shows what it did.
    expect(sent.statusCode).toBe(303);
    const waitingAt = String(sent.headers.location);
    expect(page((await analyst.get(waitingAt)).body).h1).toBe(`Importing ${file}`);
    expect((await read(analyst, "/measures/REREFERRALS")).texts("h2")).not.toContain("How the council compares, 2025");
    await testApp.queue.runPending();
    const response = await analyst.get(waitingAt);
    expect(response.statusCode).toBe(200);
    const banner = page(response.body).texts(".govuk-notification-banner__heading")[0] ?? "";
    const [, rows] = /^Imported (\d+) published values from c1_children_in_need_referrals_and_rereferrals_2013_to_2025\.csv \(2013, .*2025\)\. See the comparison$/.exec(banner) ?? [];
    expect(Number(rows)).toBeGreaterThan(1000);
    // One audit event for the import, naming the file and its SHA-256.
    const events = await selectRows(testApp.db, sql`select after from audit_events where action = 'import benchmarks' order by id`);
    expect(events).toEqual([{ after: { file, sha256: createHash("sha256").update(content).digest("hex"), rows: Number(rows), years: expect.any(Array) as unknown } }]);

    const measure = await read(analyst, "/measures/REREFERRALS");
    expect(measure.texts("h2")).toContain("How the council compares, 2025");
    const facts = [...measure.document.querySelectorAll("#benchmarks + dl .govuk-summary-list__row")].map((row) =>
      [...row.children].map((cell) => (cell.textContent ?? "").replace(/\s+/g, " ").trim()).join(" "),
    );
    expect(facts).toContain("The council 26.0% (729/2,806)");
    expect(facts).toContain("England 22.6%");
    expect(facts).toContain("Statistical neighbours 21.5%: the mean of 10 of 10 neighbours with a value");
    // The importer's quartile band and rank agree with the ones typed from the published tables.
    const typed = readFileSync(new URL("../../demo/achieving-excellence/benchmarks.yaml", import.meta.url), "utf8");
    const band = /code: REREFERRALS[\s\S]*?quartileBand: (\w)/.exec(typed)?.[1];
    expect(facts).toContain(`Quartile band ${band} (A is the best quarter of councils)`);
  });

  it("reports a file that does not fit the measure's mapping once its job has read it, and changes nothing", async () => {
    const count = async () => (await selectRows(testApp.db, sql`select count(*)::int as n from benchmark_values`))[0]?.n;
    const before = await count();
    const response = await importDfe("wrong.csv", "time_period,geographic_level\n2025,National\n");
    expect(response.statusCode).toBe(200);
    const view = page(response.body);
    expect(view.h1).toBe("Import DfE statistics");
    expect(view.texts(".govuk-error-summary__title")).toEqual(["wrong.csv was not imported: nothing has changed"]);
    expect(view.text).toMatch(/Row 1, rereferral_percent/);
    expect(view.document.querySelector("#measure option[selected]")?.getAttribute("value")).toBe("REREFERRALS");
    expect(await count()).toBe(before);
  });

  it.each([
    ["no measure", "", "wrong.csv", "Select the measure the file is for"],
    ["no file", "REREFERRALS", "", "Select the DfE CSV file to import"],
    ["a measure that is not there", "NO-SUCH-MEASURE", "wrong.csv", "Row 1, (measure): There is no measure NO-SUCH-MEASURE"],
    ["a measure without a benchmark mapping", "MASH-REFERRALS", "wrong.csv", "Row 1, (mapping): MASH-REFERRALS has no benchmark mapping: say which file and column feed it"],
  ])("refuses %s at once, keeping no file and sending no job", async (_, measure, fileName, message) => {
    const response = await importDfe(fileName, "time_period\n2025\n", measure);
    expect(response.statusCode).toBe(400);
    expect(page(response.body).texts(".govuk-error-summary li")).toContain(message);
    expect(await testApp.queue.runPending()).toBe(0);
  });
});

describe("importing values", () => {
  const good = "measure_code,period_end,value,numerator,denominator,status,note\nREREFERRALS,2025-11-30,25.1,,,provisional,From the November performance board\n";

  it("reports every bad row with its row, column and reason, and loads nothing", async () => {
    const bad = `${good}REREFERRALS,2025-12-31,lots,,,final,\nNO-SUCH-MEASURE,2025-12-31,3,,,final,\nCARE-LEAVERS-EET,2025-02-30,40,90,,final,\nREREFERRALS,2025-10-31,0x10,,,final,\nREREFERRALS,2025-09-30,1e308,,,final,\nREREFERRALS,0000-09-30,20,Infinity,100,final,\n`;
    const response = await importFile(analyst, "values.csv", bad);
    expect(response.statusCode).toBe(400);
    const rows = [...page(response.body).document.querySelectorAll("tbody tr")].map((row) => [...row.children].map((cell) => (cell.textContent ?? "").trim()).join(" "));
    expect(rows).toEqual(
      expect.arrayContaining([
        "3 value The value must be a number, like 25.1",
        "4 measure_code There is no measure NO-SUCH-MEASURE",
        "5 period_end The period end must be a real day from 1900 to 2200",
        "6 value The value must be a number, like 25.1",
        "7 value The value must be a number, like 25.1",
        "8 period_end The period end must be a real day from 1900 to 2200",
        "8 numerator The numerator must be a number, like 88",
      ]),
    );
    expect((await viewer.get("/api/measures/REREFERRALS")).json().values).toHaveLength(2);
  });

  it("loads a good file, and changes nothing when the same file comes again", async () => {
    const first = await importFile(analyst, "values.csv", good);
    expect(page(first.body).text).toContain("1 added, 0 changed, 0 unchanged");
    const again = await importFile(analyst, "values.csv", good);
    expect(page(again.body).text).toContain("0 added, 0 changed, 1 unchanged");
    const values = (await viewer.get("/api/measures/REREFERRALS")).json().values;
    expect(values.at(-1)).toMatchObject({ periodEnd: "2025-11-30", value: 25.1, status: "provisional" });
    expect(values.at(-1).provenance).toBe("Imported from values.csv by analyst");
  });

  it("shows an import's page with each value it changed, before and after, linked from its result and from the audit trail", async () => {
    const header = "measure_code,period_end,value,numerator,denominator,status,note";
    expect((await importFile(analyst, "first.csv", `${header}\nREREFERRALS,2024-11-30,25.1,,,provisional,From the November performance board\n`)).statusCode).toBe(200);
    const revised = `${header}\nREREFERRALS,2024-11-30,24.8,,,final,Revised\n`;
    const result = page((await importFile(analyst, "revised.csv", revised)).body);
    expect(result.text).toContain("0 added, 1 changed, 0 unchanged");
    const href = result.links.find((l) => l.text === "See each value this import added or changed")?.href ?? "";
    const record = await read(analyst, href);
    expect(record.texts("#import-changes tbody tr")).toEqual([expect.stringMatching(/^\d+ Re-referrals within 12 months 30 November 2024 25\.1%, provisional, From the November performance board 24\.8%, final, Revised$/)]);
    expect(record.texts("#import-facts")[0]).toContain("0 added, 1 changed, 0 unchanged");

    const admin = await signedIn(testApp.app, "admin");
    const audit = await read(admin, "/admin/audit?type=values+import");
    const event = audit.texts("tbody tr").find((row) => row.includes("Values import: revised.csv")) ?? "";
    expect(event).toMatch(/Changed: \(none\) → 1/);
    expect(audit.links.find((l) => l.text === "Values import: revised.csv")?.href).toBe(href);
  });

  it("offers the template as Excel and CSV", async () => {
    const csv = await analyst.get("/measures/template.csv");
    expect(csv.body.split("\r\n")[0]).toBe("measure_code,period_end,value,numerator,denominator,status,note");
    expect((await analyst.get("/measures/template.xlsx")).headers["content-type"]).toContain("spreadsheetml");
  });
});

describe("entering values in the grid", () => {
  it("saves a period's grid as it is shown, percentage changes of more than 100% included", async () => {
    const grid = page((await analyst.get("/measures/entry?period=2025-09-30")).body).document;
    const fields = Object.fromEntries(
      [...grid.querySelectorAll('form[action="/measures/entry"] input[name]:not([name="_csrf"]), form[action="/measures/entry"] select[name]')].map((box) => [
        box.getAttribute("name") ?? "",
        box.tagName === "SELECT" ? (box.querySelector("option[selected]")?.getAttribute("value") ?? "final") : (box.getAttribute("value") ?? ""),
      ]),
    );
    expect(fields["value-EHCPS-ISSUED-CHANGE"]).toBe("200");
    const saved = await analyst.post("/measures/entry", fields, "/measures/entry?period=2025-09-30");
    expect(saved.statusCode).toBe(200);
    expect(page(saved.body).text).toMatch(/Saved: 0 added, 0 changed, \d+ unchanged\./);
    expect(page((await viewer.get("/measures/EHCPS-ISSUED-CHANGE")).body).text).toContain("+200%");
  });

  it("saves the typed values for a period and names a bad box by its measure", async () => {
    const bad = await analyst.post("/measures/entry", { periodEnd: "2025-12-31", "value-REREFERRALS": "many", "value-CHILDREN-IN-CARE": "515" }, "/measures/entry?period=2025-12-31");
    expect(bad.statusCode).toBe(400);
    expect(page(bad.body).texts(".govuk-error-summary__list a")).toEqual(["REREFERRALS: The value must be a number, like 25.1"]);
    expect((await viewer.get("/api/measures/CHILDREN-IN-CARE")).json().values.some((v: { periodEnd: string }) => v.periodEnd === "2025-12-31")).toBe(false);

    const good = await analyst.post("/measures/entry", { periodEnd: "2025-12-31", "value-CHILDREN-IN-CARE": "515", "status-CHILDREN-IN-CARE": "provisional" }, "/measures/entry?period=2025-12-31");
    expect(page(good.body).text).toContain("Saved: 1 added, 0 changed, 0 unchanged.");
    const saved = (await viewer.get("/api/measures/CHILDREN-IN-CARE")).json().values.at(-1);
    expect(saved).toMatchObject({ periodEnd: "2025-12-31", value: 515, status: "provisional", provenance: "Entered by analyst" });
    // The grid shows what is stored for the period.
    expect(page((await analyst.get("/measures/entry?period=2025-12-31")).body).document.querySelector("#value-CHILDREN-IN-CARE")?.getAttribute("value")).toBe("515");
  });

  describe("the period it opens on, by the app's clock", () => {
    let now = "";
    const clock: Clock = { now: () => new Date(now) };
    let app: FastifyInstance;
    beforeAll(async () => {
      app = await buildApp({ db: testApp.db, demoPassword, clock });
    });
    afterAll(async () => {
      await app?.close();
    });
    const periodShown = (html: string) => page(html).document.querySelector("#periodEnd")?.getAttribute("value");

    it.each([
      ["in the middle of a month", "2026-02-14T12:00:00Z", "2026-01-31"],
      ["on the first of a month", "2026-03-01T12:00:00Z", "2026-02-28"],
      ["in January: the December before", "2026-01-10T12:00:00Z", "2025-12-31"],
    ])("is the end of the month before today's, when none is asked for: %s", async (_case, today, periodEnd) => {
      now = today;
      const person = await signedIn(app, "analyst");
      expect(periodShown((await person.get("/measures/entry")).body)).toBe(periodEnd);
      const empty = await person.post("/measures/entry", {}, "/measures/entry");
      expect(empty.statusCode).toBe(400);
      expect(periodShown(empty.body)).toBe(periodEnd);
    });
  });
});

describe("values no measure could have", () => {
  const header = "measure_code,period_end,value,numerator,denominator,status,note";
  const valuesOf = async (code: string) => (await viewer.get(`/api/measures/${code}`)).json().values as { periodEnd: string; value: number }[];
  const problemRows = (body: string) => [...page(body).document.querySelectorAll("tbody tr")].map((row) => [...row.children].map((cell) => (cell.textContent ?? "").trim()).join(" "));

  it("refuses an import with a percentage over 100, a negative count, a fraction for a percentage and figures that disagree, naming each row and column, and saves nothing", async () => {
    const before = await Promise.all(["CARE-LEAVERS-EET", "FGC-FAMILIES", "CLA-RATE"].map(valuesOf));
    const file = [
      header,
      "CARE-LEAVERS-EET,2025-10-31,150,,,final,",
      "FGC-FAMILIES,2025-12-31,-5,,,final,",
      "CARE-LEAVERS-EET,2025-11-30,0.58,58,100,final,",
      "CARE-LEAVERS-EET,2025-12-31,100,120,100,final,",
      "CARE-LEAVERS-EET,2026-01-31,43.4,88,203,final,",
      "CLA-RATE,2026-03-31,150,527,52113,final,",
      // Good rows: a caseload is cases over workers, so its numerator is the larger; 43.3% agrees with 88/203.
      "SW-CASELOAD,2026-03-31,15.8,1351,85.7,final,",
      "CARE-LEAVERS-EET,2026-02-28,43.3,88,203,final,",
    ].join("\n");
    const response = await importFile(analyst, "impossible.csv", `${file}\n`);
    expect(response.statusCode).toBe(400);
    expect(problemRows(response.body)).toEqual([
      "2 value The value must be from 0 to 100 for a percentage: 150 is not",
      "3 value The value cannot be below 0 for a count: -5 is",
      "4 value The value does not match its numerator and denominator: 100 × 58 / 100 is 58, not 0.58",
      "5 numerator The numerator is larger than the denominator",
      "6 value The value does not match its numerator and denominator: 100 × 88 / 203 is 43.3, not 43.4",
      "7 value The value does not match its numerator and denominator: 10,000 × 527 / 52,113 is 101, not 150",
    ]);
    expect(page(response.body).text).toContain("impossible.csv was not imported: nothing has changed");
    expect(await Promise.all(["CARE-LEAVERS-EET", "FGC-FAMILIES", "CLA-RATE"].map(valuesOf))).toEqual(before);
    expect((await valuesOf("SW-CASELOAD")).some((v) => v.periodEnd === "2026-03-31")).toBe(false);
  });

  it("imports a percentage that looks like a fraction, and says which row and measure to check", async () => {
    const response = await importFile(analyst, "vacancies.csv", `${header}\nSW-VACANCY-RATE,2025-10-31,0.58,,,final,\n`);
    expect(response.statusCode).toBe(200);
    const result = page(response.body);
    expect(result.text).toContain("Imported vacancies.csv: 1 added, 0 changed, 0 unchanged.");
    expect(result.text).toContain("A value was imported that may be mistyped");
    expect(problemRows(response.body)).toEqual(["2 value SW-VACANCY-RATE: 0.58 is saved as 0.58%: if it is a fraction meaning 58%, enter 58"]);
    expect((await valuesOf("SW-VACANCY-RATE")).find((v) => v.periodEnd === "2025-10-31")?.value).toBe(0.58);
  });

  it("refuses the same in the grid, naming the measure and its box, and saves nothing", async () => {
    const grid = "/measures/entry?period=2026-02-28";
    const cases: [Record<string, string>, string, string][] = [
      [{ "value-CARE-LEAVERS-EET": "150" }, "CARE-LEAVERS-EET: The value must be from 0 to 100 for a percentage: 150 is not", "#value-CARE-LEAVERS-EET"],
      [{ "value-FGC-FAMILIES": "-5" }, "FGC-FAMILIES: The value cannot be below 0 for a count: -5 is", "#value-FGC-FAMILIES"],
      [{ "value-CARE-LEAVERS-EET": "0.58", "numerator-CARE-LEAVERS-EET": "58", "denominator-CARE-LEAVERS-EET": "100" }, "CARE-LEAVERS-EET: The value does not match its numerator and denominator: 100 × 58 / 100 is 58, not 0.58", "#value-CARE-LEAVERS-EET"],
      [{ "value-CARE-LEAVERS-EET": "100", "numerator-CARE-LEAVERS-EET": "120", "denominator-CARE-LEAVERS-EET": "100" }, "CARE-LEAVERS-EET: The numerator is larger than the denominator", "#numerator-CARE-LEAVERS-EET"],
      [{ "value-CARE-LEAVERS-EET": "43.4", "numerator-CARE-LEAVERS-EET": "88", "denominator-CARE-LEAVERS-EET": "203" }, "CARE-LEAVERS-EET: The value does not match its numerator and denominator: 100 × 88 / 203 is 43.3, not 43.4", "#value-CARE-LEAVERS-EET"],
    ];
    for (const [fields, message, box] of cases) {
      const refused = await analyst.post("/measures/entry", { periodEnd: "2026-02-28", ...fields }, grid);
      expect(refused.statusCode, JSON.stringify(fields)).toBe(400);
      const form = page(refused.body);
      expect(form.texts(".govuk-error-summary__list a")).toEqual([message]);
      expect(form.document.querySelector(".govuk-error-summary__list a")?.getAttribute("href")).toBe(box);
    }
    for (const code of ["CARE-LEAVERS-EET", "FGC-FAMILIES"]) expect((await valuesOf(code)).some((v) => v.periodEnd === "2026-02-28"), code).toBe(false);
  });

  it("saves a percentage typed as a fraction in the grid, and says which measure to check", async () => {
    const saved = await analyst.post("/measures/entry", { periodEnd: "2025-11-30", "value-UASC-EET": "0.9", "value-CIC-16-17-EET": "82" }, "/measures/entry?period=2025-11-30");
    expect(saved.statusCode).toBe(200);
    const grid = page(saved.body);
    expect(grid.text).toContain("Saved: 2 added, 0 changed, 0 unchanged.");
    expect(grid.texts(".waymark-value-warnings li")).toEqual(["UASC-EET: 0.9 is saved as 0.9%: if it is a fraction meaning 90%, enter 90"]);
    expect(grid.document.querySelector(".waymark-value-warnings a")?.getAttribute("href")).toBe("#value-UASC-EET");
    expect((await valuesOf("UASC-EET")).find((v) => v.periodEnd === "2025-11-30")?.value).toBe(0.9);
  });
});

describe("hostile input to the grid and the API", () => {
  it("refuses a value in hexadecimal or with an exponent, and a period that is not a real day, naming the box", async () => {
    const grid = "/measures/entry?period=2026-01-31";
    const cases: [Record<string, string>, string][] = [
      [{ periodEnd: "2026-01-31", "value-CHILDREN-IN-CARE": "0x10" }, "CHILDREN-IN-CARE: The value must be a number, like 25.1"],
      [{ periodEnd: "2026-01-31", "value-CHILDREN-IN-CARE": "1e308" }, "CHILDREN-IN-CARE: The value must be a number, like 25.1"],
      [{ periodEnd: "2026-01-31", "value-CHILDREN-IN-CARE": "515", "denominator-CHILDREN-IN-CARE": "Infinity" }, "CHILDREN-IN-CARE: The denominator must be a number, like 203"],
      [{ periodEnd: "2026-01-31", "value-CHILDREN-IN-CARE": "515", "note-CHILDREN-IN-CARE": "From\u0000 the board" }, "CHILDREN-IN-CARE: The note must not contain hidden control characters: retype it rather than pasting it"],
      [{ periodEnd: "0000-02-30", "value-CHILDREN-IN-CARE": "515" }, "Enter the period's last day as a real date written YYYY-MM-DD, like 2025-12-31"],
    ];
    for (const [fields, message] of cases) {
      const refused = await analyst.post("/measures/entry", fields, grid);
      expect(refused.statusCode, JSON.stringify(fields)).toBe(400);
      expect(page(refused.body).texts(".govuk-error-summary__list a")).toEqual([message]);
    }
    expect((await viewer.get("/api/measures/CHILDREN-IN-CARE")).json().values.some((v: { periodEnd: string }) => v.periodEnd === "2026-01-31")).toBe(false);
  });

  it("answers the API's not found for a code that is not a measure's: a NUL byte, too long, or a path", async () => {
    for (const code of ["%00", "REREFERRALS%00", "A".repeat(61), "..%2F..", "%E2%80%AE"]) {
      const response = await viewer.get(`/api/measures/${code}`);
      expect(response.statusCode, code).toBe(404);
      expect(response.json()).toEqual({ error: "There is no measure with that code" });
    }
    expect((await viewer.get("/measures/%00")).statusCode).toBe(404);
  });
});

describe("the council's RAG rule", () => {
  const internships = () => scorecardRow(viewer, "Young people on supported internships");
  const versionOn = async (browser: Client) => page((await browser.get("/measures/settings")).body).document.querySelector('input[name="version"]')?.getAttribute("value") ?? "";

  it("states the rule in words on the scorecard and a measure's page", async () => {
    const key = (await read(viewer, "/measures")).texts(".waymark-rag-key li");
    expect(key).toContain("Green on the target or better");
    expect(key).toContain("Amber worse than the target by no more than the target's tolerance, in the measure's own units (a target with no tolerance has no amber)");
    const measure = await read(viewer, "/measures/SUPPORTED-INTERNSHIPS");
    expect(measure.texts(".waymark-rag-key li")).toContain("Red worse than the target by more than that");
    expect(measure.texts("#targets + .waymark-scroll table tbody tr")[0]).toContain("Green at 100 or above; red below 100.");
    expect((await viewer.get("/measures/settings")).statusCode).toBe(403);
  });

  it("refuses a per cent that is missing or not a number, naming the field, and changes nothing", async () => {
    const version = await versionOn(analyst);
    for (const [percent, message] of [
      ["", "Enter the per cent of the target that is still amber, like 5"],
      ["ten", "The per cent must be a number, like 5"],
      ["150", "The per cent must be more than 0 and no more than 100"],
    ]) {
      const refused = await analyst.post("/measures/settings", { amberRule: "percentage", amberPercent: percent ?? "", onTargetGreen: "yes", version }, "/measures/settings");
      expect(refused.statusCode).toBe(400);
      const form = page(refused.body);
      expect(form.texts(".govuk-error-summary__list a")).toEqual([message]);
      expect(form.document.querySelector(".govuk-error-summary__list a")?.getAttribute("href")).toBe("#amberPercent");
      expect(form.document.querySelector("#amberRule-2")?.hasAttribute("checked")).toBe(true);
    }
    const missing = await analyst.post("/measures/settings", { amberPercent: "5", version }, "/measures/settings");
    expect(page(missing.body).texts(".govuk-error-summary__list a")).toEqual(["Select how amber is judged", "Select whether a value exactly on target is green"]);
    expect(await versionOn(analyst)).toBe(version);
    expect((await read(viewer, "/measures")).texts(".waymark-rag-key li")).toContain("Green on the target or better");
  });

  it("judges amber within a per cent of the target once the council chooses it, audited", async () => {
    // 95 supported internships against the 2025/26 target of 100, which has no tolerance: red.
    await analyst.post("/measures/entry", { periodEnd: "2026-01-31", "value-SUPPORTED-INTERNSHIPS": "95" }, "/measures/entry?period=2026-01-31");
    expect(await internships()).toMatch(/Red/);

    const saved = await analyst.post("/measures/settings", { amberRule: "percentage", amberPercent: "10", onTargetGreen: "yes", version: await versionOn(analyst) }, "/measures/settings");
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe("/measures/settings?saved=1");
    const settings = await read(analyst, "/measures/settings?saved=1");
    expect(settings.text).toContain("Your change has been saved");
    expect(settings.text).toContain("Last changed by analyst on");
    expect(await internships()).toMatch(/Amber/);
    expect((await read(viewer, "/measures")).texts(".waymark-rag-key li")).toContain(
      "Amber worse than the target by no more than 10% of the target (for a target of 80, by up to 8), or by no more than the target's own tolerance where it has one",
    );
    expect((await read(viewer, "/measures/SUPPORTED-INTERNSHIPS")).text).toContain("Green at 100 or above; amber below 100 down to 90; red below 90.");

    const audit = await testApp.db.execute(sql`select action, before, after from audit_events where record_type = 'RAG settings' order by id desc limit 1`);
    expect((audit as unknown as { rows: unknown[] }).rows[0]).toMatchObject({
      action: "update",
      before: { amberRule: "tolerance", amberPercent: 5, onTargetGreen: true },
      after: { amberRule: "percentage", amberPercent: 10, onTargetGreen: true },
    });
  });

  it("shows the conflict page to the second of two people changing the rule, and keeps the first one's change", async () => {
    const other = await signedIn(testApp.app, "admin");
    const version = await versionOn(analyst);
    expect(await versionOn(other)).toBe(version);
    const first = await other.post("/measures/settings", { amberRule: "percentage", amberPercent: "10", onTargetGreen: "no", version }, "/measures/settings");
    expect(first.statusCode).toBe(303);
    const second = await analyst.post("/measures/settings", { amberRule: "tolerance", amberPercent: "10", onTargetGreen: "yes", version }, "/measures/settings");
    expect(second.statusCode).toBe(409);
    const conflict = page(second.body);
    expect(conflict.text).toContain("Someone else changed this while you were editing it");
    expect(conflict.texts("table tbody tr")).toEqual([
      "How amber is judged Within 10% of the target Within each target's tolerance, in the measure's units",
      "Exactly on target Amber Green",
    ]);
    // The form still holds the second person's choices, at the version now saved.
    expect(conflict.document.querySelector("#amberRule")?.hasAttribute("checked")).toBe(true);
    expect(conflict.document.querySelector('input[name="version"]')?.getAttribute("value")).toBe(String(Number(version) + 1));
    expect((await read(viewer, "/measures")).texts(".waymark-rag-key li")[0]).toBe("Green better than the target");

    // Saving again from the conflict page puts the rule back as it started.
    const again = await analyst.post("/measures/settings", { amberRule: "tolerance", amberPercent: "5", onTargetGreen: "yes", version: String(Number(version) + 1) }, "/measures/settings");
    expect(again.statusCode).toBe(303);
    expect(await internships()).toMatch(/Red/);
  });
});

describe("exceptions and commentary", () => {
  it("lists a red measure as an exception until its commentary is written", async () => {
    // 50 supported internships against the 2025/26 target of 100: red.
    const file = "measure_code,period_end,value,numerator,denominator,status,note\nSUPPORTED-INTERNSHIPS,2026-03-31,50,,,final,\n";
    expect((await importFile(analyst, "internships.csv", file)).statusCode).toBe(200);
    const row = () => read(viewer, "/measures/exceptions").then((p) => p.texts("tbody tr").find((r) => r.includes("Young people on supported internships")) ?? "");
    expect(await row()).toMatch(/Red.*Missing/);
    expect((await read(viewer, "/measures/exceptions")).texts(".waymark-rag-key li")).toContain("Red worse than the target by more than that");
    expect((await read(analyst, "/measures/SUPPORTED-INTERNSHIPS")).text).toContain("needs commentary for 2025/26 before");

    // The priority's progress cannot be approved while the exception has no commentary.
    const admin = await signedIn(testApp.app, "admin");
    const approver = await signedIn(testApp.app, "approver");
    const opened = await admin.post("/progress/periods", { planYear: "2025", kind: "quarter", quarter: "4" }, "/progress");
    const periodUrl = String(opened.headers.location);
    await admin.post(`${periodUrl}/priorities/6/edit`, { narrative: "Internships are behind plan.", action: "submit", version: "0" });
    const update = page((await approver.get(`${periodUrl}/priorities/6`)).body);
    const approveAction = update.document.querySelector('form[action$="/approve"]')?.getAttribute("action") ?? "";
    const refused = await approver.post(approveAction, {}, `${periodUrl}/priorities/6`);
    expect(refused.statusCode).toBe(400);
    expect(page(refused.body).text).toContain("write commentary for the measure that is an exception: Young people on supported internships");

    const saved = await analyst.post("/measures/SUPPORTED-INTERNSHIPS/commentary", { periodEnd: "2026-03-31", text: "Two providers withdrew; places move to September." }, "/measures/SUPPORTED-INTERNSHIPS");
    expect(saved.statusCode).toBe(303);
    expect(await row()).toMatch(/Red.*Written/);
    expect((await read(viewer, "/measures/SUPPORTED-INTERNSHIPS")).text).toContain("Two providers withdrew");
    expect((await approver.post(approveAction, {}, `${periodUrl}/priorities/6`)).statusCode).toBe(303);
  });

  it("recalculates SPC limits from a period with the reason recorded", async () => {
    const measure = await read(analyst, "/measures/ASSESSMENTS-IN-TIME");
    const from = measure.document.querySelectorAll("#fromPeriod option")[1]?.getAttribute("value") ?? "";
    const refused = await analyst.post("/measures/ASSESSMENTS-IN-TIME/baseline", { fromPeriod: from, reason: "" }, "/measures/ASSESSMENTS-IN-TIME");
    expect(refused.statusCode).toBe(400);
    expect(page(refused.body).texts(".govuk-error-summary__list a")).toEqual(["Say why the limits are recalculated"]);
    await analyst.post("/measures/ASSESSMENTS-IN-TIME/baseline", { fromPeriod: from, reason: "A new assessment form from December 2024" }, "/measures/ASSESSMENTS-IN-TIME");
    expect((await read(viewer, "/measures/ASSESSMENTS-IN-TIME")).text).toContain("A new assessment form from December 2024");
  });

  it("refuses commentary with a hidden control character, naming the field, rather than failing", async () => {
    const measure = await read(analyst, "/measures/SUPPORTED-INTERNSHIPS");
    const periodEnd = measure.document.querySelector("#periodEnd option")?.getAttribute("value") ?? "";
    const refused = await analyst.post("/measures/SUPPORTED-INTERNSHIPS/commentary", { periodEnd, text: "Two providers\u0000 withdrew" }, "/measures/SUPPORTED-INTERNSHIPS");
    expect(refused.statusCode).toBe(400);
    expect(page(refused.body).texts(".govuk-error-summary__list a")).toEqual(["Commentary must not contain hidden control characters: retype it rather than pasting it"]);
    const notADay = await analyst.post("/measures/SUPPORTED-INTERNSHIPS/commentary", { periodEnd: "2025-02-30", text: "Fine" }, "/measures/SUPPORTED-INTERNSHIPS");
    expect(page(notADay.body).texts(".govuk-error-summary__list a")).toEqual(["Select the period"]);
  });

  it("keeps viewers out of imports and commentary", async () => {
    expect((await viewer.get("/measures/import")).statusCode).toBe(403);
  });
});

describe("targets edited in the app", () => {
  const rereferrals = () => scorecardRow(viewer, "Re-referrals within 12 months");
  const apiTargets = async () => (await viewer.get("/api/measures/REREFERRALS")).json().targets as { planYear: number; value: number; tolerance: number }[];
  const targetLinks = async (browser: Client) => (await read(browser, "/measures/REREFERRALS")).links.filter((l) => /\/targets\//.test(l.href));
  const lastAudit = async () => {
    const result = await testApp.db.execute(sql`select action, before, after from audit_events where record_type = 'measure target' order by id desc limit 1`);
    return (result as unknown as { rows: unknown[] }).rows[0];
  };
  const versionOf = async (browser: Client, url: string) => page((await browser.get(url)).body).document.querySelector('input[name="version"]')?.getAttribute("value") ?? "";

  it("offers adding, changing and removing targets only to those who manage measures", async () => {
    expect((await targetLinks(viewer)).length).toBe(0);
    expect((await targetLinks(analyst)).map((l) => l.text)).toEqual(["Add a target"]);
    expect((await viewer.get("/measures/REREFERRALS/targets/new")).statusCode).toBe(403);
    expect((await analyst.get("/measures/NO-SUCH-MEASURE/targets/new")).statusCode).toBe(404);
  });

  it("refuses a target in hexadecimal, with an exponent or infinite, which would put nonsense into the charts", async () => {
    const before = await apiTargets();
    const cases: [string, string][] = [["0x10", ""], ["1e308", ""], ["Infinity", ""], ["85", "1e3"], ["85", "NaN"]];
    for (const [value, tolerance] of cases) {
      const refused = await analyst.post("/measures/REREFERRALS/targets/new", { planYear: "2026/27", value, tolerance }, "/measures/REREFERRALS/targets/new");
      expect(refused.statusCode, `${value} ${tolerance}`).toBe(400);
      expect(page(refused.body).texts(".govuk-error-summary__list a")).toEqual([value === "85" ? "The tolerance must be a number, like 2, or left empty for none" : "The target must be a number, like 85"]);
    }
    expect(await apiTargets()).toEqual(before);
  });

  it("answers page not found for a target id or measure code that is not a real one", async () => {
    for (const url of ["/measures/REREFERRALS/targets/99999999999/edit", "/measures/REREFERRALS/targets/0x1/remove", "/measures/REREFERRALS%00/targets/new", `/measures/${"A".repeat(61)}/targets/new`]) {
      expect((await analyst.get(url)).statusCode, url).toBe(404);
    }
    expect((await analyst.post("/measures/REREFERRALS/targets/99999999999/remove", { version: "1" }, "/measures/REREFERRALS")).statusCode).toBe(404);
  });

  it("refuses bad input with a message naming each field, keeps what was typed, and changes nothing", async () => {
    const before = await apiTargets();
    const refused = await analyst.post("/measures/REREFERRALS/targets/new", { planYear: "2025-26", value: "lots", tolerance: "-1", oneOff: "", achieved: "yes", note: "x".repeat(501) }, "/measures/REREFERRALS/targets/new");
    expect(refused.statusCode).toBe(400);
    const form = page(refused.body);
    expect(form.texts(".govuk-error-summary__list a")).toEqual([
      "Enter the plan year like 2025/26: the year it starts, a slash, and the last two digits of the next",
      "The target must be a number, like 85",
      "The tolerance must be 0 or more",
      "The note must be 500 characters or fewer",
      "Only a one-off target can be achieved: tick one-off as well, or untick achieved",
    ]);
    expect([...form.document.querySelectorAll(".govuk-error-summary__list a")].map((a) => a.getAttribute("href"))).toEqual(["#planYear", "#value", "#tolerance", "#note", "#achieved"]);
    expect(form.document.querySelector("#planYear")?.getAttribute("value")).toBe("2025-26");
    expect(form.document.querySelector("#value")?.getAttribute("value")).toBe("lots");
    const empty = await analyst.post("/measures/REREFERRALS/targets/new", { planYear: "", value: "" }, "/measures/REREFERRALS/targets/new");
    expect(page(empty.body).texts(".govuk-error-summary__list a")).toEqual(["Enter the plan year, like 2025/26", "Enter the target, a number like 85"]);
    expect(await apiTargets()).toEqual(before);
  });

  it("adds a target for a plan year, audited, and rates the measure against it; a second for the same year is refused", async () => {
    expect(await rereferrals()).toContain("None set");
    const added = await analyst.post("/measures/REREFERRALS/targets/new", { planYear: "2025/26", value: "25", tolerance: "0.5", note: "From the improvement board" }, "/measures/REREFERRALS/targets/new");
    expect(added.statusCode).toBe(303);
    expect(added.headers.location).toBe("/measures/REREFERRALS?saved=1#targets");
    const measure = await read(analyst, "/measures/REREFERRALS?saved=1");
    expect(measure.text).toContain("Your change has been saved");
    expect(measure.texts("#targets + .waymark-scroll table tbody tr")[0]).toMatch(/^2025\/26 25\.0% 0\.5% Green at 25\.0% or below; amber above 25\.0% up to 25\.5%; red above 25\.5%\. From the improvement board/);
    // The latest value, 25.1% in November 2025, is worse than 25% but within the tolerance.
    expect(await rereferrals()).toMatch(/25\.0% \(2025\/26\) Amber/);
    expect(await lastAudit()).toMatchObject({ action: "add", before: null, after: { measure: "REREFERRALS", planYear: "2025/26", value: 25, tolerance: 0.5, oneOff: "No", achieved: "No", note: "From the improvement board" } });

    const again = await analyst.post("/measures/REREFERRALS/targets/new", { planYear: "2025/26", value: "20" }, "/measures/REREFERRALS/targets/new");
    expect(again.statusCode).toBe(400);
    expect(page(again.body).texts(".govuk-error-summary__list a")).toEqual(["REREFERRALS already has a target for 2025/26: change that one instead"]);
    expect((await apiTargets()).filter((t) => t.planYear === 2025)).toEqual([expect.objectContaining({ value: 25, tolerance: 0.5 })]);
  });

  it("changes a target, audited with before and after", async () => {
    const change = (await targetLinks(analyst)).find((l) => l.text.startsWith("Change"))?.href ?? "";
    expect(change).toMatch(/^\/measures\/REREFERRALS\/targets\/\d+\/edit$/);
    const form = page((await analyst.get(change)).body);
    expect(form.h1).toBe("Change the 2025/26 target");
    expect(form.document.querySelector("#tolerance")?.getAttribute("value")).toBe("0.5");
    const saved = await analyst.post(change, { value: "25", tolerance: "", note: "From the improvement board", version: await versionOf(analyst, change) }, change);
    expect(saved.statusCode).toBe(303);
    expect(await rereferrals()).toMatch(/25\.0% \(2025\/26\) Red/);
    expect(await lastAudit()).toMatchObject({ action: "update", before: { tolerance: 0.5 }, after: { tolerance: 0 } });
  });

  it("shows the second of two people changing the same target the conflict page, and loses nothing", async () => {
    const change = (await targetLinks(analyst)).find((l) => l.text.startsWith("Change"))?.href ?? "";
    const admin = await signedIn(testApp.app, "admin");
    const version = await versionOf(analyst, change);
    expect(await versionOf(admin, change)).toBe(version);
    expect((await admin.post(change, { value: "24", tolerance: "1", version }, change)).statusCode).toBe(303);
    const second = await analyst.post(change, { value: "23", tolerance: "1", note: "Agreed at the November board", version }, change);
    expect(second.statusCode).toBe(409);
    const conflict = page(second.body);
    expect(conflict.text).toContain("Someone else changed this while you were editing it");
    expect(conflict.texts("table tbody tr")).toEqual(["Value 24 23", "Note (none) Agreed at the November board"]);
    expect(conflict.document.querySelector("#value")?.getAttribute("value")).toBe("23");
    expect(conflict.document.querySelector("#note")?.textContent).toBe("Agreed at the November board");
    expect((await apiTargets()).find((t) => t.planYear === 2025)?.value).toBe(24);
    // Saved again from the conflict page, at the version now stored, the second edit goes in.
    const newVersion = conflict.document.querySelector('input[name="version"]')?.getAttribute("value") ?? "";
    expect((await analyst.post(change, { value: "23", tolerance: "1", note: "Agreed at the November board", version: newVersion }, change)).statusCode).toBe(303);
    expect((await apiTargets()).find((t) => t.planYear === 2025)?.value).toBe(23);
  });

  it("offers an edit as a new target when someone removed the target meanwhile", async () => {
    const added = await analyst.post("/measures/REREFERRALS/targets/new", { planYear: "2026/27", value: "22" }, "/measures/REREFERRALS/targets/new");
    expect(added.statusCode).toBe(303);
    const links = await targetLinks(analyst);
    const change = links.filter((l) => l.text.startsWith("Change")).at(-1)?.href ?? "";
    const remove = links.filter((l) => l.text.startsWith("Remove")).at(-1)?.href ?? "";
    const version = await versionOf(analyst, change);
    expect((await analyst.post(remove, { version }, remove)).statusCode).toBe(303);
    const late = await analyst.post(change, { planYear: "2026/27", value: "21", tolerance: "", version }, "/measures/REREFERRALS/targets/new");
    expect(late.statusCode).toBe(409);
    const form = page(late.body);
    expect(form.text).toContain("Someone else removed this target while you were editing it");
    expect(form.document.querySelector("main form")?.getAttribute("action")).toBe("/measures/REREFERRALS/targets/new");
    expect(form.document.querySelector("#planYear")?.getAttribute("value")).toBe("2026/27");
    expect(form.document.querySelector("#value")?.getAttribute("value")).toBe("21");
    expect((await apiTargets()).some((t) => t.planYear === 2026)).toBe(false);
  });

  it("removes a target only at the version the person saw, audited", async () => {
    const remove = (await targetLinks(analyst)).find((l) => l.text.startsWith("Remove"))?.href ?? "";
    const confirm = page((await analyst.get(remove)).body);
    expect(confirm.h1).toBe("Remove the 2025/26 target?");
    expect(confirm.document.querySelector('main form input[name="_csrf"]')?.getAttribute("value")).not.toBe("");
    const version = confirm.document.querySelector('input[name="version"]')?.getAttribute("value") ?? "";
    const stale = await analyst.post(remove, { version: String(Number(version) - 1) }, remove);
    expect(stale.statusCode).toBe(409);
    expect(page(stale.body).text).toContain("Someone else changed this target since you opened this page");
    expect((await apiTargets()).some((t) => t.planYear === 2025)).toBe(true);
    const bad = await analyst.post(remove, {}, remove);
    expect(bad.statusCode).toBe(400);
    expect((await apiTargets()).some((t) => t.planYear === 2025)).toBe(true);

    expect((await analyst.post(remove, { version }, remove)).statusCode).toBe(303);
    expect((await apiTargets()).some((t) => t.planYear === 2025)).toBe(false);
    expect(await rereferrals()).toContain("None set");
    expect(await lastAudit()).toMatchObject({ action: "remove", before: { measure: "REREFERRALS", planYear: "2025/26", value: 23 }, after: null });
  });
});
