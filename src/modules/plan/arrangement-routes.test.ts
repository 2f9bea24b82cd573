import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, keyIndicators } from "../../db/schema/index.ts";
import { engines } from "../../../test/support/databases.ts";
import { formValues } from "../../../test/support/forms.ts";
import { page } from "../../../test/support/html.ts";
import { signedIn, type Client } from "../../../test/support/session.ts";
import { currentPlanSummary, prioritiesOfYear } from "./service.ts";
import { useTestApp } from "../../../test/support/app.ts";

/**
 * Maintaining the demo plan: retiring and ordering its priorities, milestones, outcomes and
 * measures of success. On PGlite, and on PostgreSQL too when TEST_DATABASE_URL is set.
 */
describe.each(engines)("maintaining the plan on $name", (engine) => {
  const testApp = useTestApp({ data: engine.openDemo, chromium: null });
  let editor: Client;
  let admin: Client;
  let approver: Client;
  let viewer: Client;

  beforeAll(async () => {
    editor = await signedIn(testApp.app, "editor");
    admin = await signedIn(testApp.app, "admin");
    approver = await signedIn(testApp.app, "approver");
    viewer = await signedIn(testApp.app, "viewer");
  });

  const read = async (browser: Client, url: string) => page((await browser.get(url)).body);
  const auditCount = () => testApp.db.$count(auditEvents);
  const errorsOf = (body: string) => page(body).texts(".govuk-error-summary__list a");

  async function follow(browser: Client, response: { statusCode: number; headers: Record<string, unknown> }) {
    expect(response.statusCode).toBe(303);
    return read(browser, String(response.headers.location));
  }

  /** The Q1 and Q2 2025/26 report in preparation: its preview, built from the data as it stands. */
  async function halfYearReportPreview() {
    const list = await read(approver, "/reports");
    const href = list.links.find((l) => l.text.includes("progress in Q1 and Q2 2025/26"))?.href ?? "";
    return read(approver, `${href}/preview`);
  }

  /** The ids of a list's records as its page orders them: `<li id="milestone-12">`. */
  const idsIn = (document: Document, selector: string) => [...document.querySelectorAll(selector)].map((li) => li.getAttribute("id") ?? "");

  describe("retiring a priority", () => {
    it("asks first, saying what retiring means", async () => {
      const ask = await read(editor, "/priorities/7/retire");
      expect(ask.h1).toBe("Retire this priority?");
      expect(ask.text).toContain("Workforce development");
      expect(ask.text).toContain("Reports for periods when it was part of the plan still include it");
    });

    it("hides it from the overview, keeps it and its history, and a report for a period it was part of still includes it", async () => {
      const retired = await editor.post("/priorities/7/retire", await formValues(editor, "/priorities/7/retire"));
      const setup = await follow(editor, retired);
      expect(setup.texts(".govuk-notification-banner__heading")).toEqual(["The priority has been retired. It is kept, with its history, under Retired priorities."]);
      expect(setup.texts("#retired-priorities + p + ul li a")[0]).toBe("Priority 7: Workforce development");
      expect(setup.texts("tbody tr td:first-child")).not.toContain("Priority 7: Workforce development");

      const overview = await read(viewer, "/");
      expect(overview.texts("#priorities")).toEqual(["The 9 priorities"]);
      expect(overview.texts(".waymark-card__number")).toEqual(["Priority 1", "Priority 2", "Priority 3", "Priority 4", "Priority 5", "Priority 6", "Priority 8", "Priority 9", "Priority 10"]);

      // Its page is kept, says it was retired, and offers no changes; its neighbours skip it.
      const kept = await read(editor, "/priorities/7");
      expect(kept.h1).toBe("Workforce development");
      expect(kept.texts(".govuk-notification-banner__heading")[0]).toMatch(/^This priority was retired from the plan on \d+ \w+ \d{4}\.$/);
      expect(kept.links.map((l) => l.text)).not.toContain("Edit this priority");
      expect(kept.texts("main li[id^=milestone-]").length).toBeGreaterThan(0);
      expect((await editor.get("/priorities/7/edit")).statusCode).toBe(404);
      expect((await read(viewer, "/priorities/6")).links.find((l) => l.href === "/priorities/8")?.text).toContain("Priority 8");

      const history = await read(editor, "/priorities/7/history");
      expect(history.texts("h2")[0]).toMatch(/^Retire by editor, /);
      expect(history.texts("tbody tr")[0]).toMatch(/^Retired \(none\) \d+ \w+ \d{4}$/);

      // The report for Q1 and Q2 2025/26, a period it was part of, still has its section.
      const preview = await halfYearReportPreview();
      const sections = preview.texts("main h2").filter((h) => h.startsWith("Strategic Priority"));
      expect(sections).toHaveLength(10);
      expect(sections).toContain("Strategic Priority 7: Workforce development");

      // What the report builders are given: the priorities in force on the period's first day.
      const plan = await currentPlanSummary(testApp.db);
      const numbers = async (year: number, onDate: string) => (await prioritiesOfYear(testApp.db, plan?.id ?? 0, year, onDate)).map((p) => p.number);
      expect(await numbers(2025, "2025-04-01")).toContain(7);
      expect(await numbers(2026, "2099-04-01")).not.toContain(7);
      expect(await numbers(2026, "2099-04-01")).toHaveLength(9);
    });

    it("is asked for nothing in a period still open", async () => {
      const opened = await admin.post("/progress/periods", { planYear: "2026", kind: "quarter", quarter: "3" }, "/progress");
      const period = await follow(admin, opened);
      expect(period.text).not.toContain("Workforce development");
      expect(period.text).toContain("Targeted help");
      const periodUrl = String(opened.headers.location);
      const compliance = await read(admin, `${periodUrl}/compliance`);
      expect(compliance.text).not.toContain("Workforce development");
      const update = await read(admin, `${periodUrl}/priorities/7`);
      expect(update.links.map((l) => l.href)).not.toContain(`${periodUrl}/priorities/7/edit`);
      const events = await auditCount();
      const refused = await admin.post(`${periodUrl}/priorities/7/edit`, { narrative: "Written for a retired priority.", version: "0", action: "draft" }, `${periodUrl}/priorities/3/edit`);
      expect(refused.statusCode).toBe(400);
      expect(errorsOf(refused.body)).toEqual(["This priority has been retired from the plan: it is no longer asked for progress"]);
      expect(await auditCount()).toBe(events);
    });

    it("shows the retire page again, unchanged, when the priority changed after it was opened", async () => {
      const stale = await formValues(editor, "/priorities/8/retire");
      const values = await formValues(admin, "/priorities/8/edit");
      expect((await admin.post("/priorities/8/edit", { ...values, lead: "Head of Service, Education, Participation and Skills" })).statusCode).toBe(303);
      const events = await auditCount();
      const refused = await editor.post("/priorities/8/retire", stale);
      expect(refused.statusCode).toBe(409);
      expect(page(refused.body).text).toContain("Someone else changed this priority after you opened this page");
      expect(await auditCount()).toBe(events);
      expect((await read(viewer, "/")).texts(".waymark-card__number")).toContain("Priority 8");
    });
  });

  describe("a priority's milestones and outcomes", () => {
    it("moves a milestone within its year, and retires one, which the report for a period it was part of still lists", async () => {
      const before = await read(editor, "/priorities/2");
      const year = "#year-2025 ~ ol > li";
      const [first, second] = idsIn(before.document, year);
      const moveForm = await formValues(editor, "/priorities/2", `/milestones/${second?.replace("milestone-", "")}/move`);
      const moved = await editor.post(`/milestones/${second?.replace("milestone-", "")}/move`, { ...moveForm, direction: "up" }, "/priorities/2");
      const after = await follow(editor, moved);
      expect(after.texts(".govuk-notification-banner__heading")).toEqual(["The milestone has been moved"]);
      expect(idsIn(after.document, year).slice(0, 2)).toEqual([second, first]);

      const id = String(first?.replace("milestone-", ""));
      const text = after.document.getElementById(String(first))?.firstChild?.textContent?.trim() ?? "";
      expect(text.length).toBeGreaterThan(10);
      const retired = await editor.post(`/milestones/${id}/retire`, await formValues(editor, `/milestones/${id}/retire`));
      const page2 = await follow(editor, retired);
      expect(idsIn(page2.document, year)).not.toContain(first);
      expect(page2.texts("#year-2025 ~ details summary")).toContain("Retired 2025/26 milestones (1)");
      expect(page2.document.getElementById(String(first))?.textContent).toContain("Retired");
      expect((await editor.get(`/milestones/${id}/edit`)).statusCode).toBe(404);

      // Retired now, it was part of the plan throughout Q1 and Q2 2025/26: that report still lists it
      // among priority 2's priorities for the year.
      const preview = await halfYearReportPreview();
      const table = [...preview.document.querySelectorAll("table")].find((t) => t.querySelector("caption")?.textContent?.startsWith("Strategic Priority 2:"));
      const listed = [...(table?.querySelectorAll("tbody tr td:first-child li") ?? [])].map((li) => li.textContent?.trim());
      expect(listed).toContain(text);
      expect(listed.slice(0, 2)).toEqual([after.document.getElementById(String(second))?.firstChild?.textContent?.trim(), text]);
    });

    it("links a milestone to Ofsted areas by ticking them, and refuses an area the plan does not have", async () => {
      const priority = await read(editor, "/priorities/3");
      const editHref = priority.links.find((l) => l.href.startsWith("/milestones/") && l.href.endsWith("/edit"))?.href ?? "";
      const values = await formValues(editor, editHref);
      const events = await auditCount();
      const refused = await editor.post(editHref, { ...values, ofstedAreas: ["1", "99"] });
      expect(refused.statusCode).toBe(400);
      expect(errorsOf(refused.body)).toEqual(["Select the Ofsted areas from the list"]);
      expect(await auditCount()).toBe(events);

      const saved = await editor.post(editHref, { ...values, ofstedAreas: ["1", "4"] });
      const after = await follow(editor, saved);
      const id = editHref.split("/")[2];
      expect(after.document.getElementById(`milestone-${String(id)}`)?.textContent).toContain("Answers Ofsted areas 1, 4");
      const form = await formValues(editor, editHref);
      expect(form.ofstedAreas).toEqual(["1", "4"]);
      const history = await read(editor, `/milestones/${String(id)}/history`);
      expect(history.texts("tbody tr")[0]).toMatch(/^Ofsted areas .*1 4$/);
    });

    it("moves an outcome down and retires another, keeping it under the priority's retired outcomes", async () => {
      const before = await read(editor, "/priorities/4");
      const ids = idsIn(before.document, "#outcomes + ul > li");
      expect(ids.length).toBeGreaterThan(2);
      const [first, second] = ids.map((i) => i.replace("outcome-", ""));
      const moved = await editor.post(`/outcomes/${String(first)}/move`, { ...(await formValues(editor, "/priorities/4", `/outcomes/${String(first)}/move`)), direction: "down" }, "/priorities/4");
      const after = await follow(editor, moved);
      expect(idsIn(after.document, "#outcomes + ul > li").slice(0, 2)).toEqual([`outcome-${String(second)}`, `outcome-${String(first)}`]);

      const retired = await editor.post(`/outcomes/${String(second)}/retire`, await formValues(editor, `/outcomes/${String(second)}/retire`));
      const kept = await follow(editor, retired);
      expect(kept.texts(".govuk-notification-banner__heading")).toEqual(["The outcome has been retired. It is kept, with its history, under Retired outcomes."]);
      expect(idsIn(kept.document, "#outcomes + ul > li")).not.toContain(`outcome-${String(second)}`);
      expect(kept.texts("details summary")).toContain("Retired outcomes (1)");
    });

    it("refuses a move that names an order no page showed, naming what is wrong", async () => {
      const before = await read(editor, "/priorities/5");
      const id = idsIn(before.document, "#outcomes + ul > li")[1]?.replace("outcome-", "");
      const form = await formValues(editor, "/priorities/5", `/outcomes/${String(id)}/move`);
      const events = await auditCount();
      const refused = await editor.post(`/outcomes/${String(id)}/move`, { ...form, order: "1,x", direction: "up" }, "/priorities/5");
      expect(refused.statusCode).toBe(400);
      expect(errorsOf(refused.body)).toEqual(["The form is missing the order you saw: reload the page"]);
      const noDirection = await editor.post(`/outcomes/${String(id)}/move`, form, "/priorities/5");
      expect(errorsOf(noDirection.body)).toEqual(["Choose Move up or Move down"]);
      expect(await auditCount()).toBe(events);
    });
  });

  describe("measuring success: key indicators and the end state", () => {
    it("adds a key indicator once however often its form is sent, changes it, moves it up and retires it", async () => {
      const form = { ...(await formValues(editor, "/key-indicators/new")), text: "More care leavers in suitable accommodation." };
      const count = await testApp.db.$count(keyIndicators);
      const added = await editor.post("/key-indicators/new", form);
      const again = await editor.post("/key-indicators/new", form);
      expect(again.headers.location).toMatch(/^\/success\?saved=already-added#indicator-\d+$/);
      expect(await testApp.db.$count(keyIndicators)).toBe(count + 1);
      const success = await follow(editor, added);
      expect(success.texts(".govuk-notification-banner__heading")).toEqual(["The key indicator has been added"]);
      const id = String(added.headers.location).split("#indicator-")[1] ?? "";
      expect(idsIn(success.document, "#key-indicators ~ ul > li").at(-1)).toBe(`indicator-${id}`);

      const values = await formValues(editor, `/key-indicators/${id}/edit`);
      const changed = await editor.post(`/key-indicators/${id}/edit`, { ...values, text: "More care leavers in accommodation that meets their needs." });
      expect((await follow(editor, changed)).document.getElementById(`indicator-${id}`)?.textContent).toContain("accommodation that meets their needs");
      // A second editor still holding the first version is shown what changed.
      const stale = await admin.post(`/key-indicators/${id}/edit`, { ...values, text: "Fewer care leavers without a home." });
      expect(stale.statusCode).toBe(409);
      expect(page(stale.body).texts("tbody tr")).toEqual(["Text More care leavers in accommodation that meets their needs. Fewer care leavers without a home."]);

      const moved = await editor.post(`/key-indicators/${id}/move`, { ...(await formValues(editor, "/success", `/key-indicators/${id}/move`)), direction: "up" }, "/success");
      expect(idsIn((await follow(editor, moved)).document, "#key-indicators ~ ul > li").at(-2)).toBe(`indicator-${id}`);

      const retired = await editor.post(`/key-indicators/${id}/retire`, await formValues(editor, `/key-indicators/${id}/retire`));
      const after = await follow(editor, retired);
      expect(idsIn(after.document, "#key-indicators ~ ul.govuk-list--bullet > li")).not.toContain(`indicator-${id}`);
      expect(after.texts("details summary")).toContain("Retired key indicators (1)");
      expect((await read(viewer, "/success")).text).not.toContain("Move up");
    });

    it("adds to where the plan will be at its end, naming a missing field, and changes it", async () => {
      const form = await formValues(editor, "/end-states/new");
      const events = await auditCount();
      const refused = await editor.post("/end-states/new", { ...form, achieve: "Every care leaver has a home" });
      expect(refused.statusCode).toBe(400);
      expect(errorsOf(refused.body)).toEqual(["Enter the impact this will have, one a line"]);
      expect(await auditCount()).toBe(events);
      const added = await editor.post("/end-states/new", { ...form, achieve: "Every care leaver has a home", impact: "Care leavers live in homes that meet their needs.\nNo care leaver sleeps rough." });
      const success = await follow(editor, added);
      const id = String(added.headers.location).split("#")[1] ?? "";
      expect(success.document.getElementById(id)?.textContent).toContain("No care leaver sleeps rough.");
      const editHref = `/end-states/${id.replace("end-state-", "")}/edit`;
      const changed = await editor.post(editHref, { ...(await formValues(editor, editHref)), achieve: "Every care leaver has a safe home" });
      expect((await follow(editor, changed)).document.getElementById(id)?.textContent).toContain("Every care leaver has a safe home");
    });
  });
});
