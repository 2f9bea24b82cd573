import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { selectRows } from "../../db/rows.ts";
import { useTestApp } from "../../../test/support/app.ts";
import { page } from "../../../test/support/html.ts";
import { signedIn, type Client } from "../../../test/support/session.ts";
import { sharedPath } from "../../../test/support/shared.ts";
import { upload } from "../../../test/support/upload.ts";

/**
 * A benchmark a council sets up itself, through the web forms only: a measure added, a DfE file's
 * columns read and offered, the mapping previewed and saved, the file imported, and the measure's
 * page comparing the council with England, its region and its neighbours.
 */
const testApp = useTestApp({ data: "demo" });
let analyst: Client;

beforeAll(async () => {
  analyst = await signedIn(testApp.app, "analyst");
});

const careLeavers = "la_care_leavers_accommodation_suitability.csv";
const content = readFileSync(sharedPath("data", "dfe-ees", careLeavers));
const read = async (url: string) => page((await analyst.get(url)).body);
const facts = (html: string, heading: string) =>
  [...page(html).document.querySelectorAll(`${heading} + p + dl .govuk-summary-list__row, ${heading} + dl .govuk-summary-list__row`)].map((row) =>
    [...row.children].map((cell) => (cell.textContent ?? "").replace(/\s+/g, " ").trim()).join(" "),
  );
/** The options a select of the page offers, by the select's name. */
const options = (html: string, name: string) => [...page(html).document.querySelectorAll(`select[name="${name}"] option`)].map((o) => o.getAttribute("value") ?? "");
const labelFor = (html: string, name: string) => page(html).document.querySelector(`label[for="${name}"]`)?.textContent?.trim() ?? "";

/** The index the form gives a filter column, read from its label. */
function filterIndex(html: string, column: string): number {
  for (let i = 0; i < 20; i += 1) if (labelFor(html, `filter-${i}`) === column) return i;
  throw new Error(`no filter for ${column}`);
}

describe("setting up a benchmark in the app", () => {
  let draftAt = "";
  let choices: Record<string, string> = {};

  it("adds the measure, and reads the DfE file's columns into the mapping form", async () => {
    const added = await analyst.post("/measures/new", {
      code: "CL-SUITABLE-19-21",
      title: "Care leavers aged 19 to 21 in suitable accommodation",
      definition: "Care leavers aged 19 to 21 whose accommodation the council considers suitable, as a percentage of those it has information about.",
      unit: "percentage",
      polarity: "higher-better",
      frequency: "annual",
      decimals: "1",
      source: "entered",
      owner: "Head of Service, Care Leavers",
    });
    expect(added.statusCode).toBe(303);
    const measure = await read("/measures/CL-SUITABLE-19-21");
    expect(measure.links).toContainEqual({ text: "Set up benchmarks from a DfE file: Care leavers aged 19 to 21 in suitable accommodation", href: "/measures/CL-SUITABLE-19-21/mapping" });

    const sent = await upload(testApp.app, analyst, "/measures/CL-SUITABLE-19-21/mapping/file", { name: careLeavers, content }, {}, "/measures/CL-SUITABLE-19-21/mapping");
    expect(sent.statusCode).toBe(303);
    draftAt = String(sent.headers.location);
    expect(draftAt).toMatch(/^\/measures\/CL-SUITABLE-19-21\/mapping\/drafts\/\d+$/);

    const form = (await analyst.get(draftAt)).body;
    expect(page(form).h1).toBe(`Map ${careLeavers}`);
    expect(options(form, "column")).toEqual(["", "care_leaver_count", "care_leaver_percent"]);
    const breakdown = filterIndex(form, "breakdown");
    const age = filterIndex(form, "care_leaver_age");
    expect(options(form, `filter-${breakdown}`)).toEqual(["", "Accommodation considered suitable", "Accommodation considered unsuitable", "No information", "Suitability total"]);
    expect(options(form, `filter-${age}`)).toEqual(["", "17 to 18 years", "19 to 21 years"]);
    choices = {
      version: "0",
      column: "care_leaver_percent",
      numeratorColumn: "care_leaver_count",
      denominatorColumn: "care_leaver_count",
      [`filter-${age}`]: "19 to 21 years",
      [`filter-${breakdown}`]: "Accommodation considered suitable",
      [`denominatorFilter-${breakdown}`]: "Suitability total",
      timeColumn: "time_period",
      levelColumn: "geographic_level",
    };
  });

  it("previews Plymouth, England, the South West and the neighbours before anything is saved", async () => {
    const previewed = await analyst.post(draftAt, { ...choices, action: "preview" });
    expect(previewed.statusCode).toBe(200);
    const shown = facts(previewed.body, "#preview");
    expect(shown).toContain("Plymouth 83.0% (167/202)");
    expect(shown.some((f) => /^England \d+\.\d% \([\d,]+\/[\d,]+\)$/.test(f))).toBe(true);
    expect(shown.some((f) => f.startsWith("South West "))).toBe(true);
    expect(shown.some((f) => /^Statistical neighbours \(mean of \d+\) \d+\.\d%$/.test(f))).toBe(true);
    expect(shown.some((f) => /^Quartile band [ABCD] /.test(f))).toBe(true);
    expect(await selectRows(testApp.db, sql`select 1 from benchmark_mappings where measure_id = (select id from measures where code = 'CL-SUITABLE-19-21')`)).toEqual([]);
  });

  it("names the field of a choice that cannot work, and saves nothing", async () => {
    const breakdown = Object.keys(choices).find((k) => k.startsWith("denominatorFilter-")) ?? "";
    const index = breakdown.split("-")[1] ?? "";
    const wrong = await analyst.post(draftAt, { ...choices, column: "", [`filter-${index}`]: "", action: "save" });
    expect(wrong.statusCode).toBe(400);
    expect(page(wrong.body).texts(".govuk-error-summary__list a")).toEqual([
      "Choose the value column, or a scale to derive the value from the numerator and denominator",
      "breakdown is not one of the mapping's filters: a numerator's or denominator's row differs from the value's only in a filter's value",
    ]);
  });

  it("saves the mapping, imports the file through it, and the measure's page compares the council", async () => {
    const saved = await analyst.post(draftAt, { ...choices, action: "save" });
    expect(saved.statusCode).toBe(303);
    const mappingAt = String(saved.headers.location);
    const mapping = (await analyst.get(mappingAt)).body;
    expect(page(mapping).text).toContain("The mapping is saved.");
    expect(facts(mapping, "h2")).toContain("Denominator care_leaver_count, from the row where breakdown is “Suitability total”");
    const audit = await selectRows(testApp.db, sql`select action, after from audit_events where record_type = 'benchmark mapping' and record_id = (select id::text from measures where code = 'CL-SUITABLE-19-21') order by id`);
    expect(audit).toEqual([{ action: "create", after: expect.objectContaining({ measure: "CL-SUITABLE-19-21", column: "care_leaver_percent", denominatorFilters: { breakdown: "Suitability total" } }) as unknown }]);

    const importAt = `${draftAt}/import`;
    const sent = await analyst.post(importAt, {}, mappingAt);
    expect(sent.statusCode).toBe(303);
    await testApp.queue.runPending();
    const done = page((await analyst.get(String(sent.headers.location))).body);
    expect(done.texts(".govuk-notification-banner__heading")[0]).toMatch(new RegExp(`^Imported \\d+ published values from ${careLeavers.replace(/\./g, "\\.")}`));

    const measure = await read("/measures/CL-SUITABLE-19-21");
    const compared = [...measure.document.querySelectorAll("#benchmarks + dl .govuk-summary-list__row")].map((row) =>
      [...row.children].map((cell) => (cell.textContent ?? "").replace(/\s+/g, " ").trim()).join(" "),
    );
    expect(compared).toContain("The council 83.0% (167/202)");
    expect(compared.some((f) => /^England \d+\.\d%$/.test(f))).toBe(true);
    expect(compared.some((f) => /^South West \d+\.\d%$/.test(f))).toBe(true);
    expect(compared.some((f) => /^Statistical neighbours \d+\.\d%: the mean of \d+ of 10 neighbours with a value$/.test(f))).toBe(true);
    expect(compared.some((f) => /^Quartile band [ABCD] \(A is the best quarter of councils\)$/.test(f))).toBe(true);
  });

  it("downloads the mapping as a file, which another measure's page refuses and its own takes back", async () => {
    const download = await analyst.get("/measures/CL-SUITABLE-19-21/mapping/download");
    expect(download.headers["content-disposition"]).toBe('attachment; filename="CL-SUITABLE-19-21.yaml"');
    expect(download.body).toContain("denominatorFilters:\n    breakdown: Suitability total");
    const elsewhere = await upload(testApp.app, analyst, "/measures/REREFERRALS/mapping/import", { name: "CL-SUITABLE-19-21.yaml", content: download.body, field: "mappingFile" }, {}, "/measures/REREFERRALS/mapping");
    expect(elsewhere.statusCode).toBe(400);
    expect(page(elsewhere.body).texts(".govuk-error-summary__list a")).toEqual(["CL-SUITABLE-19-21.yaml was not imported; nothing has changed. CL-SUITABLE-19-21.yaml is the mapping of CL-SUITABLE-19-21, not REREFERRALS: import it on that measure's page"]);
    const own = await upload(testApp.app, analyst, "/measures/CL-SUITABLE-19-21/mapping/import", { name: "CL-SUITABLE-19-21.yaml", content: download.body, field: "mappingFile" }, {}, "/measures/CL-SUITABLE-19-21/mapping");
    expect(own.statusCode).toBe(303);
  });
});
