import { sql } from "drizzle-orm";
import type { LightMyRequestResponse } from "fastify";
import { beforeAll, describe, expect, it } from "vitest";
import { selectRows } from "../../db/rows.ts";
import { auditEvents } from "../../db/schema/index.ts";
import { sessionCookieName } from "../access/index.ts";
import { decodeEntities } from "../../../test/support/forms.ts";
import { page } from "../../../test/support/html.ts";
import { scorecardRows } from "../../../test/support/scorecard.ts";
import { signedIn, type Client } from "../../../test/support/session.ts";
import { measureEntrySchema, newMeasureFormSchema } from "./schemas.ts";
import { useTestApp } from "../../../test/support/app.ts";

const testApp = useTestApp({ data: "demo" });
let analyst: Client;

beforeAll(async () => {
  analyst = await signedIn(testApp.app, "analyst");
});

type Fields = [string, string][];

/** What a browser sends from the form posting to `action` on a page: its boxes, ticked checkboxes, chosen radios and the button pressed. */
function fieldsOf(html: string, action: string, button?: string): Fields {
  const form = [...page(html).document.querySelectorAll('form[method="post"]')].find((f) => f.getAttribute("action") === action);
  if (!form) throw new Error(`no form posting to ${action}`);
  const fields: Fields = [];
  for (const input of form.querySelectorAll("input[name], textarea[name]")) {
    const name = input.getAttribute("name") ?? "";
    const type = input.getAttribute("type") ?? "text";
    if ((type === "radio" || type === "checkbox") && !input.hasAttribute("checked")) continue;
    fields.push([name, input.tagName === "TEXTAREA" ? decodeEntities(input.textContent ?? "") : decodeEntities(input.getAttribute("value") ?? "")]);
  }
  const pressed = [...form.querySelectorAll("button[name]")].find((b) => (b.textContent ?? "").trim() === button);
  if (pressed) fields.push([pressed.getAttribute("name") ?? "", pressed.getAttribute("value") ?? ""]);
  return fields;
}

/** The fields with some replaced: a list replaces every field of its name (the priorities ticked). */
function changed(fields: Fields, changes: Record<string, string | string[]>): Fields {
  const kept = fields.filter(([name]) => !(name in changes));
  return [...kept, ...Object.entries(changes).flatMap(([name, value]) => [value].flat().map((v): [string, string] => [name, v]))];
}

/** Posts fields as a browser would, with the session's cookie; the CSRF token is among the fields, or read from `formPage`. */
async function post(browser: Client, url: string, fields: Fields, formPage?: string): Promise<LightMyRequestResponse> {
  let all = fields;
  if (!fields.some(([name]) => name === "_csrf")) {
    const token = page((await browser.get(formPage ?? url)).body).document.querySelector(`form[action="${url}"] input[name="_csrf"]`)?.getAttribute("value") ?? "";
    all = [["_csrf", token], ...fields];
  }
  return testApp.app.inject({
    method: "POST",
    url,
    payload: new URLSearchParams(all).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded" },
    cookies: { [sessionCookieName]: browser.cookie ?? "" },
  });
}

const read = async (browser: Client, url: string) => page((await browser.get(url)).body);
const errorsOf = (response: LightMyRequestResponse) => page(response.body).texts(".govuk-error-summary__list a");
const scorecardRow = async (browser: Client, url: string, title: string) => (await scorecardRows(browser, url)).find((r) => r.startsWith(title));

const auditOf = (code: string) =>
  selectRows(testApp.db, sql`select action, before, after from audit_events where record_type = 'measure' and record_id = (select id::text from measures where code = ${code}) order by id`);
const stored = async (code: string) => (await selectRows(testApp.db, sql`select title, unit, polarity, version from measures where code = ${code}`))[0];

const newMeasure: Record<string, string | string[]> = {
  code: "CARE-LEAVERS-IN-TOUCH",
  title: "Care leavers the council is in touch with",
  definition: "Care leavers aged 19 to 21 whom the council was in touch with around their birthday, as a percentage of all care leavers of that age.",
  unit: "percentage",
  polarity: "higher-better",
  frequency: "quarterly",
  decimals: "1",
  source: "entered",
  priorities: ["6", "8"],
  owner: "Head of Service, Care Leavers",
};
const asFields = (values: Record<string, string | string[]>): Fields => changed([], values);

describe("adding a measure", () => {
  it("shows the Add a measure link to analysts on the scorecard, and not to viewers", async () => {
    expect((await read(analyst, "/measures")).links).toContainEqual({ text: "Add a measure", href: "/measures/new" });
    const viewer = await signedIn(testApp.app, "viewer");
    expect((await read(viewer, "/measures")).links.map((l) => l.href)).not.toContain("/measures/new");
  });

  it("adds a measure from the form: it is on the scorecard, its priorities' scorecards and its own page at once, and audited", async () => {
    const before = await scorecardRow(analyst, "/measures", newMeasure.title as string);
    expect(before).toBeUndefined();
    const form = await analyst.get("/measures/new");
    const response = await post(analyst, "/measures/new", changed(fieldsOf(form.body, "/measures/new"), newMeasure));
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe("/measures/CARE-LEAVERS-IN-TOUCH?saved=1");

    const measure = await read(analyst, String(response.headers.location));
    expect(measure.h1).toBe("Care leavers the council is in touch with");
    expect(measure.text).toContain("Your change has been saved");
    expect(measure.text).toContain("Care leavers aged 19 to 21 whom the council was in touch with");
    expect(measure.text).toContain("Head of Service, Care Leavers");
    expect(measure.links.filter((l) => l.href.startsWith("/priorities/")).map((l) => l.text)).toEqual(["Priority 6", "Priority 8"]);

    expect(await scorecardRow(analyst, "/measures", "Care leavers the council is in touch with")).toContain("No value yet");
    // The priority page links to its scorecard of measures, which now lists the new one.
    expect((await read(analyst, "/priorities/8")).links.map((l) => l.href)).toContain("/measures?priority=8");
    expect(await scorecardRow(analyst, "/measures?priority=8", "Care leavers the council is in touch with")).toBeDefined();
    expect(await scorecardRow(analyst, "/measures?priority=1", "Care leavers the council is in touch with")).toBeUndefined();

    const events = await auditOf("CARE-LEAVERS-IN-TOUCH");
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "add", before: null, after: { code: "CARE-LEAVERS-IN-TOUCH", unit: "A percentage", decimalPlaces: 1, priorities: ["Priority 6", "Priority 8"] } });
  });

  it("names each field that is wrong, keeps what was typed, and saves nothing", async () => {
    const events = await testApp.db.$count(auditEvents);
    const response = await post(analyst, "/measures/new", asFields({ code: "care leavers", title: "", definition: "Counted\u0000monthly", decimals: "4", priorities: "99", owner: "x".repeat(201) }), "/measures/new");
    expect(response.statusCode).toBe(400);
    expect(errorsOf(response)).toEqual([
      "The code must be upper-case letters, digits and hyphens, like REREFERRALS, starting with a letter or digit",
      "Enter the title",
      "The definition must not contain hidden control characters: retype it rather than pasting it",
      "Select the unit",
      "Select which way is better",
      "Select how often it is reported",
      "The decimal places must be a whole number from 0 to 3",
      "The owner must be 200 characters or fewer",
    ]);
    // Each message links to its field, and the form still holds what was typed.
    const refused = page(response.body);
    expect(refused.document.querySelector('.govuk-error-summary__list a[href="#unit"]')).not.toBeNull();
    expect(refused.document.getElementById("unit")?.getAttribute("name")).toBe("unit");
    expect(refused.document.getElementById("code")?.getAttribute("value")).toBe("care leavers");
    expect(await testApp.db.$count(auditEvents)).toBe(events);
    expect(await stored("CARE LEAVERS")).toBeUndefined();

    // A priority the plan does not have is named too, once the rest is right.
    const unknown = await post(analyst, "/measures/new", asFields({ ...newMeasure, code: "NO-SUCH-PRIORITY", priorities: ["3", "99"] }), "/measures/new");
    expect(unknown.statusCode).toBe(400);
    expect(errorsOf(unknown)).toEqual(["The plan has no priority 99: select priorities from the list"]);
    expect(await stored("NO-SUCH-PRIORITY")).toBeUndefined();
    expect(await testApp.db.$count(auditEvents)).toBe(events);
  });

  it("refuses a code another measure has, saying so, and changes nothing", async () => {
    const before = await stored("REREFERRALS");
    const response = await post(analyst, "/measures/new", asFields({ ...newMeasure, code: "REREFERRALS" }), "/measures/new");
    expect(response.statusCode).toBe(400);
    expect(errorsOf(response)).toEqual(["There is already a measure with the code REREFERRALS (Re-referrals within 12 months): choose another code"]);
    expect(await stored("REREFERRALS")).toEqual(before);
  });

  it("adds one measure when Add is clicked twice, or sent twice at once, and the second click finds it", async () => {
    const fields = asFields({ ...newMeasure, code: "CARE-LEAVERS-HIGHER-EDUCATION", title: "Care leavers in higher education" });
    const [first, second] = await Promise.all([post(analyst, "/measures/new", fields, "/measures/new"), post(analyst, "/measures/new", fields, "/measures/new")]);
    expect([first?.statusCode, second?.statusCode]).toEqual([303, 303]);
    expect(second?.headers.location).toBe("/measures/CARE-LEAVERS-HIGHER-EDUCATION?saved=1");
    const again = await post(analyst, "/measures/new", fields, "/measures/new");
    expect(again.headers.location).toBe("/measures/CARE-LEAVERS-HIGHER-EDUCATION?saved=1");
    expect(await selectRows(testApp.db, sql`select id from measures where code = 'CARE-LEAVERS-HIGHER-EDUCATION'`)).toHaveLength(1);
    expect(await auditOf("CARE-LEAVERS-HIGHER-EDUCATION")).toHaveLength(1);
    expect((await read(analyst, "/measures")).texts("tbody tr").filter((r) => r.startsWith("Care leavers in higher education"))).toHaveLength(1);
  });

  it("holds the measures file to the same rules as the form, message for message", () => {
    const entry = { code: "lower case", title: "T", definition: "D", unit: "percent", polarity: "higher-better", frequency: "monthly", decimals: 4 };
    const messages = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
      Object.fromEntries((result.error?.issues ?? []).map((i) => [String(i.path[0]), i.message]));
    const file = messages(measureEntrySchema.safeParse(entry));
    const form = messages(newMeasureFormSchema.safeParse({ ...entry, decimals: "4" }));
    expect(file).toEqual(form);
    expect(file).toEqual({
      code: "The code must be upper-case letters, digits and hyphens, like REREFERRALS, starting with a letter or digit",
      unit: "The unit must be one of percentage, percentage-change, count, rate-per-10000, days, weeks, ratio, money",
      decimals: "The decimal places must be a whole number from 0 to 3",
    });
  });
});

describe("who may add and change measures", () => {
  it.each(["viewer", "lead", "editor", "approver"])("refuses the %s, and saves nothing", async (username) => {
    const someone = await signedIn(testApp.app, username);
    const events = await testApp.db.$count(auditEvents);
    for (const url of ["/measures/new", "/measures/REREFERRALS/edit"]) expect((await someone.get(url)).statusCode, url).toBe(403);
    // Their page's CSRF token is real; the rule refuses them all the same.
    const token = page((await someone.get("/measures")).body).document.querySelector('input[name="_csrf"]')?.getAttribute("value") ?? "";
    const added = await post(someone, "/measures/new", [["_csrf", token], ...asFields({ ...newMeasure, code: "NOT-ALLOWED" })]);
    expect(added.statusCode).toBe(403);
    const edited = await post(someone, "/measures/REREFERRALS/edit", [["_csrf", token], ["title", "Not allowed"], ["version", "1"]]);
    expect(edited.statusCode).toBe(403);
    expect(await stored("NOT-ALLOWED")).toBeUndefined();
    expect(await testApp.db.$count(auditEvents)).toBe(events);
    expect((await read(someone, "/measures/REREFERRALS")).links.map((l) => l.text)).not.toContain("Change this measure: Re-referrals within 12 months");
  });
});

describe("changing a measure", () => {
  const editPage = (code: string) => `/measures/${code}/edit`;

  it("is linked from the measure's page, and shows its definition without a code box", async () => {
    const measure = await read(analyst, "/measures/CHILDREN-IN-CARE");
    const link = measure.links.find((l) => l.href === editPage("CHILDREN-IN-CARE"));
    expect(link?.text).toMatch(/^Change this measure/);
    const form = page((await analyst.get(editPage("CHILDREN-IN-CARE"))).body);
    expect(form.document.getElementById("code")).toBeNull();
    expect(form.text).toContain("Its code, CHILDREN-IN-CARE, stays as it is.");
    expect(form.document.querySelector('input[name="unit"][checked]')?.getAttribute("value")).toBe("count");
  });

  it("changes the title, definition and priorities: the scorecard and the page show them at once, audited before and after", async () => {
    const url = editPage("SUPPORTED-INTERNSHIPS");
    const fields = fieldsOf((await analyst.get(url)).body, url);
    const response = await post(analyst, url, changed(fields, { title: "Supported internships for young people with SEND", priorities: ["5"], code: "SOMETHING-ELSE" }));
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe("/measures/SUPPORTED-INTERNSHIPS?saved=1");
    // The code cannot be changed: one sent anyway is ignored.
    expect(await stored("SOMETHING-ELSE")).toBeUndefined();
    expect((await read(analyst, "/measures/SUPPORTED-INTERNSHIPS")).h1).toBe("Supported internships for young people with SEND");
    expect(await scorecardRow(analyst, "/measures?priority=5", "Supported internships for young people with SEND")).toBeDefined();
    expect(await scorecardRow(analyst, "/measures?priority=6", "Supported internships for young people with SEND")).toBeUndefined();
    const [event] = (await auditOf("SUPPORTED-INTERNSHIPS")).filter((e) => e.action === "update");
    expect(event?.before).toMatchObject({ code: "SUPPORTED-INTERNSHIPS", title: "Young people on supported internships", priorities: ["Priority 6"] });
    expect(event?.after).toMatchObject({ code: "SUPPORTED-INTERNSHIPS", title: "Supported internships for young people with SEND", priorities: ["Priority 5"] });
  });

  it("asks before changing the unit of a measure with values, says what it means, and changes nothing until confirmed", async () => {
    const url = editPage("REREFERRALS");
    const before = await stored("REREFERRALS");
    const events = (await auditOf("REREFERRALS")).length;
    const fields = fieldsOf((await analyst.get(url)).body, url);
    const asked = await post(analyst, url, changed(fields, { unit: "count", title: "Re-referrals within a year" }));
    expect(asked.statusCode).toBe(200);
    const confirm = page(asked.body);
    expect(confirm.h1).toBe("Check this change before it is saved");
    const values = (await selectRows(testApp.db, sql`select count(*) as n from measure_values where measure_id = (select id from measures where code = 'REREFERRALS')`))[0]?.n;
    expect(confirm.texts("#values-held")[0]).toMatch(new RegExp(`^This measure has ${String(values)} values, from .+ to October 2025\\.$`));
    expect(confirm.texts("tbody tr")).toEqual(["Unit A percentage A count"]);
    expect(confirm.texts("#consequences li")[0]).toBe("The values are not converted: each keeps its number, read in the new unit. The latest, 26.0% for October 2025, will read as 26.0.");
    expect(confirm.text).toContain("Nothing has been saved yet");
    expect(await stored("REREFERRALS")).toEqual(before);
    expect(await auditOf("REREFERRALS")).toHaveLength(events);

    // Going back shows the form with the change still in it; still nothing saved.
    const back = await post(analyst, url, fieldsOf(asked.body, url, "Go back to the form"));
    expect(back.statusCode).toBe(200);
    expect(page(back.body).document.querySelector('input[name="unit"][checked]')?.getAttribute("value")).toBe("count");
    expect(page(back.body).document.getElementById("title")?.getAttribute("value")).toBe("Re-referrals within a year");
    expect(await stored("REREFERRALS")).toEqual(before);

    const confirmed = await post(analyst, url, fieldsOf(asked.body, url, "Confirm and save the change"));
    expect(confirmed.statusCode).toBe(303);
    expect(await stored("REREFERRALS")).toMatchObject({ unit: "count", title: "Re-referrals within a year", version: Number(before?.version) + 1 });
    const updates = (await auditOf("REREFERRALS")).slice(events);
    expect(updates).toHaveLength(1);
    expect(updates[0]?.before).toMatchObject({ unit: "A percentage", title: "Re-referrals within 12 months" });
    expect(updates[0]?.after).toMatchObject({ unit: "A count", title: "Re-referrals within a year" });
    expect(await scorecardRow(analyst, "/measures", "Re-referrals within a year")).toContain("26.0");
    expect(await scorecardRow(analyst, "/measures", "Re-referrals within a year")).not.toContain("26.0%");
  });

  it("asks before turning which way is better round, saying RAG and the direction of travel are judged the other way", async () => {
    const url = editPage("SUPPORTED-INTERNSHIPS");
    const before = await stored("SUPPORTED-INTERNSHIPS");
    expect(before?.polarity).toBe("higher-better");
    const fields = fieldsOf((await analyst.get(url)).body, url);
    const asked = await post(analyst, url, changed(fields, { polarity: "lower-better" }));
    expect(asked.statusCode).toBe(200);
    const consequences = page(asked.body).texts("#consequences li");
    expect(consequences).toHaveLength(1);
    expect(consequences[0]).toMatch(/^Red, amber and green against its targets, and its direction of travel \(Improving or Worsening\), will be judged the other way round: lower values are now better/);
    expect(page(asked.body).texts("tbody tr")).toEqual(["Which way is better Higher is better Lower is better"]);
    expect(await stored("SUPPORTED-INTERNSHIPS")).toEqual(before);
  });

  it("changes the unit of a measure with no values without asking", async () => {
    const url = editPage("CARE-LEAVERS-IN-TOUCH");
    const fields = fieldsOf((await analyst.get(url)).body, url);
    const response = await post(analyst, url, changed(fields, { unit: "count", decimals: "0" }));
    expect(response.statusCode).toBe(303);
    expect(await stored("CARE-LEAVERS-IN-TOUCH")).toMatchObject({ unit: "count" });
  });

  it("shows a stale edit the conflict page: what is saved now beside the edit, which the form still holds; nothing changes", async () => {
    const url = editPage("FOSTER-CARERS-NET-GAIN");
    const colleague = await signedIn(testApp.app, "admin");
    const mine = fieldsOf((await analyst.get(url)).body, url);
    const theirs = fieldsOf((await colleague.get(url)).body, url);
    expect((await post(colleague, url, changed(theirs, { title: "Foster carers gained, net" }))).statusCode).toBe(303);
    const events = (await auditOf("FOSTER-CARERS-NET-GAIN")).length;
    const saved = await stored("FOSTER-CARERS-NET-GAIN");

    const stale = await post(analyst, url, changed(mine, { title: "Net gain of foster carers in the year" }));
    expect(stale.statusCode).toBe(409);
    const conflict = page(stale.body);
    expect(conflict.text).toContain("Someone else changed this while you were editing it");
    expect(conflict.texts("tbody tr")).toEqual(["Title Foster carers gained, net Net gain of foster carers in the year"]);
    expect(conflict.document.getElementById("title")?.getAttribute("value")).toBe("Net gain of foster carers in the year");
    expect(await stored("FOSTER-CARERS-NET-GAIN")).toEqual(saved);
    expect(await auditOf("FOSTER-CARERS-NET-GAIN")).toHaveLength(events);

    // Saving again from the conflict page, which now carries the saved version, replaces it.
    const again = await post(analyst, url, fieldsOf(stale.body, url));
    expect(again.statusCode).toBe(303);
    expect(await stored("FOSTER-CARERS-NET-GAIN")).toMatchObject({ title: "Net gain of foster carers in the year" });
  });

  it("names a field that is wrong, and saves nothing", async () => {
    const url = editPage("CHILDREN-IN-CARE");
    const before = await stored("CHILDREN-IN-CARE");
    const fields = fieldsOf((await analyst.get(url)).body, url);
    const response = await post(analyst, url, changed(fields, { frequency: "fortnightly", definition: "" }));
    expect(response.statusCode).toBe(400);
    expect(errorsOf(response)).toEqual(["Enter the definition: what is counted, and how", "The frequency must be one of monthly, quarterly, annual, academic-year"]);
    expect(await stored("CHILDREN-IN-CARE")).toEqual(before);
  });

  it("answers page not found for a measure that does not exist", async () => {
    expect((await analyst.get("/measures/NO-SUCH-MEASURE/edit")).statusCode).toBe(404);
  });
});
