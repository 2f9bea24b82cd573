import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, formSubmissions, plans, priorities } from "../../db/schema/index.ts";
import { formValues } from "../../../test/support/forms.ts";
import { page } from "../../../test/support/html.ts";
import { signedIn, type Client } from "../../../test/support/session.ts";
import { aUser } from "../../../test/support/factories.ts";
import { useTestApp } from "../../../test/support/app.ts";

/**
 * A council starting from nothing: an empty database with one administrator, who sets the plan
 * up through its pages as a browser would (each form read from its page, hidden fields and all).
 */
const testApp = useTestApp();
let admin: Client;
let editor: Client;
let viewer: Client;

beforeAll(async () => {
  await aUser(testApp.db, "admin", ["administrator"], { displayName: "Alex Administrator" });
  await aUser(testApp.db, "editor", ["plan_editor"], { displayName: "Pat Planner" });
  await aUser(testApp.db, "viewer", ["viewer"], { displayName: "Val Viewer" });
  admin = await signedIn(testApp.app, "admin");
  editor = await signedIn(testApp.app, "editor");
  viewer = await signedIn(testApp.app, "viewer");
});

const auditCount = () => testApp.db.$count(auditEvents);
const errorsOf = (body: string) => page(body).texts(".govuk-error-summary__list a");
const bannerOf = (body: string) => page(body).texts(".govuk-notification-banner__heading");

/** Follows a redirect as a browser does, returning the page it lands on. */
async function follow(browser: Client, response: { statusCode: number; headers: Record<string, unknown> }) {
  expect(response.statusCode).toBe(303);
  return browser.get(String(response.headers.location));
}

const plan = {
  councilName: "Riverside Borough Council",
  serviceName: "Children's Services",
  title: "Growing Up Well",
  subtitle: "Our plan for children, young people and families.",
  firstYear: "2025/26",
  lastYear: "2027/28",
  vision: "Every child in Riverside grows up safe, healthy and happy.",
  values: "Listen, Act, Review",
  youngPeopleHeadline: "Heard and Helped",
  youngPeopleStatement: "Young people asked us to listen first and act quickly.",
};

describe("setting up a plan from an empty database, through its pages", () => {
  it("offers those allowed to create a plan where there is none, and tells a viewer who can", async () => {
    const none = page((await admin.get("/")).body);
    expect(none.h1).toBe("No plan has been loaded yet");
    expect(none.links.find((l) => l.text === "Create a plan")?.href).toBe("/plan/new");
    const forViewer = page((await viewer.get("/")).body);
    expect(forViewer.links.map((l) => l.text)).not.toContain("Create a plan");
    expect(forViewer.text).toContain("An administrator or plan editor can create the plan");
  });

  it("refuses a plan whose last year comes before its first, naming the field, and saves nothing", async () => {
    const events = await auditCount();
    const form = await formValues(admin, "/plan/new");
    const refused = await admin.post("/plan/new", { ...form, ...plan, firstYear: "2025/26", lastYear: "2024/25", title: "" });
    expect(refused.statusCode).toBe(400);
    expect(errorsOf(refused.body)).toEqual(["Enter the plan's title"]);
    const badYears = await admin.post("/plan/new", { ...form, ...plan, lastYear: "2024/25" });
    expect(errorsOf(badYears.body)).toEqual(["Last plan year must be the first plan year or after it"]);
    const notAYear = await admin.post("/plan/new", { ...form, ...plan, firstYear: "2025-26" });
    expect(errorsOf(notAYear.body)).toEqual(["First plan year must be a plan year written like 2024/25"]);
    // What was typed is kept.
    expect(page(notAYear.body).document.querySelector("#vision")?.textContent).toBe(plan.vision);
    expect(await auditCount()).toBe(events);
    expect(await testApp.db.$count(plans)).toBe(0);
  });

  it("creates the plan, adds two priorities, a milestone and a measure, and shows them on the overview, the priority's page and the scorecard", async () => {
    const created = await admin.post("/plan/new", { ...(await formValues(admin, "/plan/new")), ...plan });
    const setup = await follow(admin, created);
    expect(bannerOf(setup.body)).toEqual(["The plan has been created. Add its priorities next."]);
    expect(page(setup.body).text).toContain("2025/26 to 2027/28");

    const first = await admin.post("/priorities/new", {
      ...(await formValues(admin, "/priorities/new")),
      title: "Help at the right time",
      vision: "Families get help as soon as they need it.",
      lead: "Head of Early Help",
      narrative: "We will open family hubs in every neighbourhood.\n\nWe will work with schools.",
      keyElements: "Family hubs\nA single front door",
    });
    const firstPage = page((await follow(admin, first)).body);
    expect(first.headers.location).toBe("/priorities/1?saved=priority-added");
    expect(firstPage.h1).toBe("Help at the right time");
    expect(firstPage.texts(".govuk-notification-banner__heading")).toEqual(["The priority has been added to the end of the plan"]);
    expect(firstPage.texts("#key-elements + ul li")).toEqual(["Family hubs", "A single front door"]);

    const second = await admin.post("/priorities/new", { ...(await formValues(admin, "/priorities/new")), title: "Safe at home", vision: "Children live safely with their families." });
    expect(second.headers.location).toBe("/priorities/2?saved=priority-added");

    const milestoneForm = await formValues(admin, "/priorities/1/milestones/new");
    const milestone = await admin.post("/priorities/1/milestones/new", {
      ...milestoneForm,
      planYear: "2026",
      text: "Open a family hub in each locality.",
      owner: "Family Hubs Manager",
      dueDay: "31",
      dueMonth: "3",
      dueYear: "2027",
    });
    expect(milestone.headers.location).toMatch(/^\/priorities\/1\?saved=milestone-added#milestone-\d+$/);
    const priority = page((await follow(admin, milestone)).body);
    expect(priority.texts(".govuk-notification-banner__heading")).toEqual(["The milestone has been added"]);
    expect(priority.texts("h3")).toEqual(["2025/26 0 milestones", "2026/27 1 milestone", "2027/28 0 milestones"]);
    const id = String(milestone.headers.location).split("#")[1] ?? "";
    expect(priority.document.getElementById(id)?.textContent).toContain("Owner: Family Hubs Manager · Due 31 March 2027");

    const overview = page((await admin.get("/")).body);
    expect(overview.h1).toBe("Growing Up Well");
    expect(overview.text).toContain("Listen, Act, Review");
    expect(overview.text).toContain("What young people asked of us: “Heard and Helped”");
    expect(overview.texts(".waymark-card h3")).toEqual(["Help at the right time", "Safe at home"]);
    expect(overview.texts(".waymark-card__number")).toEqual(["Priority 1", "Priority 2"]);
    expect(page((await admin.get("/")).body).document.querySelector(".waymark-header__council")?.textContent).toBe("Riverside Borough Council");

    // A measure for the plan, through its form too, linked to the first priority: on the scorecard at once.
    const measure = await admin.post("/measures/new", {
      ...(await formValues(admin, "/measures/new")),
      code: "FAMILY-HUB-VISITS",
      title: "Families visiting a family hub",
      definition: "Families who visited a family hub in the month, counted once each.",
      unit: "count",
      polarity: "higher-better",
      frequency: "monthly",
      decimals: "0",
      source: "entered",
      priorities: ["1"],
    });
    expect(page((await follow(admin, measure)).body).h1).toBe("Families visiting a family hub");
    const rowsOf = async (url: string) => page((await admin.get(url)).body).texts("tbody tr");
    expect((await rowsOf("/measures")).some((row) => row.includes("Families visiting a family hub"))).toBe(true);
    expect((await rowsOf("/measures?priority=1")).some((row) => row.includes("Families visiting a family hub"))).toBe(true);
    expect((await rowsOf("/measures?priority=2")).some((row) => row.includes("Families visiting a family hub"))).toBe(false);
  });

  it("adds one priority when its form is sent twice, and says so the second time", async () => {
    const form = { ...(await formValues(admin, "/priorities/new")), title: "Ready for adulthood", vision: "Young people move into adulthood with support." };
    const count = await testApp.db.$count(priorities);
    const [once, twice] = await Promise.all([admin.post("/priorities/new", form), admin.post("/priorities/new", form)]);
    expect([once.statusCode, twice.statusCode]).toEqual([303, 303]);
    expect(await testApp.db.$count(priorities)).toBe(count + 1);
    const locations = [once, twice].map((r) => String(r.headers.location)).sort();
    expect(locations).toEqual(["/priorities/3?saved=already-added", "/priorities/3?saved=priority-added"]);
    expect(bannerOf((await admin.get("/priorities/3?saved=already-added")).body)).toEqual([
      "That form had already been sent, so nothing more was added: what it added is shown here",
    ]);
    expect(await testApp.db.$count(formSubmissions)).toBeGreaterThan(0);
  });

  it("refuses an add form without its token, or with another form's, and adds nothing", async () => {
    const events = await auditCount();
    const missing = await admin.post("/priorities/new", { title: "No token", vision: "Sent without its token." });
    expect(missing.statusCode).toBe(400);
    expect(errorsOf(missing.body)).toEqual(["The form is missing its token: reload the page and try again"]);
    // A milestone form's token, already used to add a milestone, sent with a priority form.
    const milestonePage = await formValues(admin, "/priorities/2/milestones/new");
    await admin.post("/priorities/2/milestones/new", { ...milestonePage, planYear: "2025", text: "Agree the safeguarding partnership's priorities." });
    const crossed = await admin.post("/priorities/new", { formToken: String(milestonePage.formToken), title: "Crossed", vision: "A token from another form." });
    expect(crossed.statusCode).toBe(409);
    expect(errorsOf(crossed.body)).toEqual(["This form has expired: reload the page and try again"]);
    expect(await auditCount()).toBe(events + 1);
  });

  it("swaps two priorities with Move up, keeping their numbers, and records each one's new place", async () => {
    const before = page((await editor.get("/plan/setup")).body);
    expect(before.texts("tbody tr td:first-child")).toEqual(["Priority 1: Help at the right time", "Priority 2: Safe at home", "Priority 3: Ready for adulthood"]);
    const form = await formValues(editor, "/plan/setup", "/priorities/2/move");
    const moved = await editor.post("/priorities/2/move", { ...form, direction: "up" }, "/plan/setup");
    const after = page((await follow(editor, moved)).body);
    expect(after.texts(".govuk-notification-banner__heading")).toEqual(["The priority has been moved"]);
    expect(after.texts("tbody tr td:first-child")).toEqual(["Priority 2: Safe at home", "Priority 1: Help at the right time", "Priority 3: Ready for adulthood"]);
    expect(page((await viewer.get("/")).body).texts(".waymark-card__number")).toEqual(["Priority 2", "Priority 1", "Priority 3"]);
    // Each moved priority's history says where it was and where it is.
    const history = page((await editor.get("/priorities/1/history")).body);
    expect(history.texts("h2")[0]).toMatch(/^Move by editor, /);
    expect(history.texts("tbody tr")[0]).toBe("Place 1 of 3 2 of 3");
    // The first priority has no Move up, the last no Move down.
    const buttons = after.document.querySelectorAll("tbody tr:first-child button, tbody tr:last-child button");
    expect([...buttons].map((b) => b.textContent?.replace(/\s+/g, " ").trim())).toEqual(["Move down: priority 2: Safe at home", "Move up: priority 3: Ready for adulthood"]);

    // The same button pressed twice: the second finds the order already as asked, and changes nothing.
    const events = await auditCount();
    const again = await editor.post("/priorities/2/move", { ...form, direction: "up" }, "/plan/setup");
    expect(again.statusCode).toBe(303);
    expect(await auditCount()).toBe(events);
  });

  it("moves nothing when the order changed after the page was shown, and shows the order saved now beside the one asked for", async () => {
    const mine = await formValues(editor, "/plan/setup", "/priorities/2/move");
    const theirs = await formValues(admin, "/plan/setup", "/priorities/3/move");
    expect((await admin.post("/priorities/3/move", { ...theirs, direction: "up" }, "/plan/setup")).statusCode).toBe(303);
    const events = await auditCount();
    const stale = await editor.post("/priorities/2/move", { ...mine, direction: "down" }, "/plan/setup");
    expect(stale.statusCode).toBe(409);
    const conflict = page(stale.body);
    expect(conflict.h1).toBe("The priority was not moved");
    expect(conflict.text).toContain("Nothing was moved: the list changed after you opened the page.");
    expect(conflict.texts("tbody tr")).toEqual([
      "Order Priority 2: Safe at home Priority 3: Ready for adulthood Priority 1: Help at the right time Priority 1: Help at the right time Priority 2: Safe at home Priority 3: Ready for adulthood",
    ]);
    expect(await auditCount()).toBe(events);
    expect(page((await editor.get("/plan/setup")).body).texts("tbody tr td:first-child")).toEqual(["Priority 2: Safe at home", "Priority 3: Ready for adulthood", "Priority 1: Help at the right time"]);
  });

  it("changes the plan's details, and shows the conflict page to the second of two editors", async () => {
    const mine = await formValues(editor, "/plan/edit");
    const theirs = await formValues(admin, "/plan/edit");
    const saved = await admin.post("/plan/edit", { ...theirs, values: "Listen, Act, Review, Repeat" });
    expect(bannerOf((await follow(admin, saved)).body)).toEqual(["The plan's details have been saved"]);
    const stale = await editor.post("/plan/edit", { ...mine, vision: "Every child in Riverside thrives." });
    expect(stale.statusCode).toBe(409);
    const conflict = page(stale.body);
    expect(conflict.text).toContain("Someone else changed this while you were editing it");
    expect(conflict.texts("tbody tr")).toEqual([
      "Vision Every child in Riverside grows up safe, healthy and happy. Every child in Riverside thrives.",
      "Values Listen, Act, Review, Repeat Listen, Act, Review",
    ]);
    expect(conflict.document.querySelector("#vision")?.textContent).toBe("Every child in Riverside thrives.");
    expect(page((await viewer.get("/")).body).text).toContain("Listen, Act, Review, Repeat");
  });

  it("refuses plan years that would leave out a year the plan's milestones are in", async () => {
    const events = await auditCount();
    const form = await formValues(editor, "/plan/edit");
    const refused = await editor.post("/plan/edit", { ...form, lastYear: "2025/26" });
    expect(refused.statusCode).toBe(400);
    expect(errorsOf(refused.body)).toEqual(["The plan already has milestones or reporting periods in 2026/27: its years must include them"]);
    expect(await auditCount()).toBe(events);
  });

  it("lets a plan editor set the plan up, and a viewer see none of it", async () => {
    expect((await editor.get("/plan/setup")).statusCode).toBe(200);
    expect((await editor.get("/priorities/new")).statusCode).toBe(200);
    for (const url of ["/plan/setup", "/plan/new", "/plan/edit", "/priorities/new", "/priorities/1/retire"]) {
      expect((await viewer.get(url)).statusCode, url).toBe(403);
    }
    const events = await auditCount();
    const refused = await viewer.post("/priorities/new", { title: "Not allowed", vision: "A viewer cannot add priorities." }, "/");
    expect(refused.statusCode).toBe(403);
    expect(await auditCount()).toBe(events);
    expect(page((await viewer.get("/")).body).links.map((l) => l.href)).not.toContain("/plan/setup");
    expect(page((await editor.get("/")).body).links.map((l) => l.href)).toContain("/plan/setup");
  });

  it("starts a new plan, which becomes the one shown, only once its place is confirmed", async () => {
    const form = { ...(await formValues(admin, "/plan/new")), ...plan, title: "Growing Up Well, Again", firstYear: "2028/29", lastYear: "2030/31" };
    expect(form.councilName).toBe("Riverside Borough Council");
    const unconfirmed = await admin.post("/plan/new", form);
    expect(unconfirmed.statusCode).toBe(400);
    expect(errorsOf(unconfirmed.body)).toEqual(["Confirm that the new plan will take the place of Growing Up Well"]);
    const created = await admin.post("/plan/new", { ...form, replaces: "yes" });
    expect(created.statusCode).toBe(303);
    const overview = page((await admin.get("/")).body);
    expect(overview.h1).toBe("Growing Up Well, Again");
    expect(overview.text).toContain("The plan has no priorities yet.");
    const slugs = (await testApp.db.select({ slug: plans.slug }).from(plans)).map((p) => p.slug).sort();
    expect(slugs).toEqual(["growing-up-well-2025", "growing-up-well-again-2028"]);
  });
});
