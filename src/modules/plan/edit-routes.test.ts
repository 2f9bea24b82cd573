import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents } from "../../db/schema/index.ts";
import { page } from "../../../test/support/html.ts";
import { formValues } from "../../../test/support/forms.ts";
import { signedIn, type Client } from "../../../test/support/session.ts";
import { useTestApp } from "../../../test/support/app.ts";

const testApp = useTestApp({ data: "demo" });
let editor: Client;

beforeAll(async () => {
  editor = await signedIn(testApp.app, "editor");
});

describe("editing the plan", () => {
  it("saves a priority and shows the change in its history, before and after", async () => {
    const values = await formValues(editor, "/priorities/2/edit");
    expect(values.title).toBe("Targeted help");
    const saved = await editor.post("/priorities/2/edit", { ...values, title: "Targeted help for families" });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe("/priorities/2?saved=1");
    const priority = page((await editor.get("/priorities/2?saved=1")).body);
    expect(priority.h1).toBe("Targeted help for families");
    expect(priority.text).toContain("Your change has been saved");

    const history = page((await editor.get("/priorities/2/history")).body);
    expect(history.texts("h2")[0]).toMatch(/^Update by editor, \d+ \w+ \d{4} at \d\d:\d\d$/);
    expect(history.texts("tbody tr")).toEqual(["Title Targeted help Targeted help for families"]);
  });

  it("keeps what was typed and names the field when the form is wrong", async () => {
    const values = await formValues(editor, "/priorities/5/edit");
    const refused = await editor.post("/priorities/5/edit", { ...values, title: "", vision: "A new vision" });
    expect(refused.statusCode).toBe(400);
    const form = page(refused.body);
    expect(form.title).toMatch(/^Error: /);
    expect(form.texts(".govuk-error-summary__list a")).toEqual(["Enter the priority's title"]);
    expect(form.document.querySelector("#vision")?.textContent).toBe("A new vision");
  });

  it("refuses a stale save from a second session, showing what changed, and keeps the first", async () => {
    const other = await signedIn(testApp.app, "admin");
    const mine = await formValues(editor, "/priorities/6/edit");
    const theirs = await formValues(other, "/priorities/6/edit");
    expect((await other.post("/priorities/6/edit", { ...theirs, vision: "Their new vision." })).statusCode).toBe(303);

    const stale = await editor.post("/priorities/6/edit", { ...mine, vision: "My new vision." });
    expect(stale.statusCode).toBe(409);
    const conflict = page(stale.body);
    expect(conflict.text).toContain("Someone else changed this while you were editing it");
    expect(conflict.texts("tbody tr")).toEqual(["Vision Their new vision. My new vision."]);
    // The form keeps my edit and now carries the current version, so saving again is a deliberate choice.
    expect(conflict.document.querySelector("#vision")?.textContent).toBe("My new vision.");
    expect(page((await editor.get("/priorities/6")).body).text).toContain("Their new vision.");

    const again = await editor.post("/priorities/6/edit", {
      ...mine,
      vision: "My new vision.",
      version: conflict.document.querySelector('input[name="version"]')?.getAttribute("value") ?? "",
    });
    expect(again.statusCode).toBe(303);
  });

  it("edits a milestone with an owner and due date, and refuses a date that does not exist", async () => {
    const priority = page((await editor.get("/priorities/3")).body);
    const editHref = priority.links.find((l) => l.href.startsWith("/milestones/") && l.href.endsWith("/edit"))?.href ?? "";
    const values = await formValues(editor, editHref);
    const bad = await editor.post(editHref, { ...values, owner: "Head of Service", dueDay: "31", dueMonth: "2", dueYear: "2026" });
    expect(bad.statusCode).toBe(400);
    expect(page(bad.body).texts(".govuk-error-summary__list a")).toEqual(["Due date must be a real date, like 31 3 2026"]);
    const good = await editor.post(editHref, { ...values, owner: "Head of Service", dueDay: "31", dueMonth: "3", dueYear: "2026" });
    expect(good.statusCode).toBe(303);
    const id = editHref.split("/")[2];
    expect(page((await editor.get("/priorities/3")).body).document.getElementById(`milestone-${id}`)?.textContent).toContain("Owner: Head of Service · Due 31 March 2026");
  });

  it("adds a milestone to a plan year and an outcome to a priority", async () => {
    const milestone = await editor.post("/priorities/9/milestones/new", { ...(await formValues(editor, "/priorities/9/milestones/new")), planYear: "2026", text: "Review the partnership accountability framework." });
    expect(milestone.statusCode).toBe(303);
    const priority = page((await editor.get("/priorities/9")).body);
    expect(priority.texts("h3")).toContain("2026/27 1 milestone");
    const outcome = await editor.post("/priorities/9/outcomes/new", { ...(await formValues(editor, "/priorities/9/outcomes/new")), text: "Children and young people will benefit from partners working as one." });
    expect(outcome.statusCode).toBe(303);
    expect(page((await editor.get("/priorities/9")).body).texts("#outcomes + ul li")[0]).toContain("partners working as one");
  });

  it("refuses 30 February, year 0 and a date not written in digits, naming the due date, and saves nothing", async () => {
    const priority = page((await editor.get("/priorities/4")).body);
    const editHref = priority.links.find((l) => l.href.startsWith("/milestones/") && l.href.endsWith("/edit"))?.href ?? "";
    const values = await formValues(editor, editHref);
    const events = await testApp.db.$count(auditEvents);
    const cases = [
      ["30", "2", "2025", "Due date must be a real date, like 31 3 2026"],
      ["1", "1", "0000", "Due date must be in a year from 1900 to 2200"],
      ["1e1", "1", "2026", "Due date must be a real date, like 31 3 2026"],
      ["0x1f", "1", "2026", "Due date must be a real date, like 31 3 2026"],
    ];
    for (const [dueDay = "", dueMonth = "", dueYear = "", message] of cases) {
      const bad = await editor.post(editHref, { ...values, dueDay, dueMonth, dueYear });
      expect(bad.statusCode, `${dueDay} ${dueMonth} ${dueYear}`).toBe(400);
      expect(page(bad.body).texts(".govuk-error-summary__list a")).toEqual([message]);
    }
    expect(await testApp.db.$count(auditEvents)).toBe(events);
  });

  it("refuses text with a hidden control character, naming the field, rather than failing", async () => {
    const values = await formValues(editor, "/priorities/5/edit");
    const events = await testApp.db.$count(auditEvents);
    const refused = await editor.post("/priorities/5/edit", { ...values, title: "Early\u0000help", lead: "Head of\nService" });
    expect(refused.statusCode).toBe(400);
    expect(page(refused.body).texts(".govuk-error-summary__list a")).toEqual(["Title must not contain hidden control characters: retype it rather than pasting it", "Lead must be on one line"]);
    const outcome = await editor.post("/priorities/5/outcomes/new", { ...(await formValues(editor, "/priorities/5/outcomes/new")), text: "Children\u0007 will thrive" });
    expect(page(outcome.body).texts(".govuk-error-summary__list a")).toEqual(["Outcome must not contain hidden control characters: retype it rather than pasting it"]);
    expect(await testApp.db.$count(auditEvents)).toBe(events);
  });

  it("answers page not found for an id that is not a real one: too large, or not written in digits", async () => {
    for (const url of ["/milestones/99999999999/edit", "/outcomes/99999999999/history", "/priorities/99999999999/edit", "/priorities/0x3/edit", "/priorities/3.0/milestones/new", "/milestones/1e1/edit"]) {
      expect((await editor.get(url)).statusCode, url).toBe(404);
    }
  });

  it("refuses a milestone for a year outside the plan", async () => {
    const response = await editor.post("/priorities/9/milestones/new", { ...(await formValues(editor, "/priorities/9/milestones/new")), planYear: "2030", text: "Too late." });
    expect(response.statusCode).toBe(400);
    expect(page(response.body).texts(".govuk-error-summary__list a")).toEqual(["Select one of the plan's years"]);
  });

  it("shows editors the edit links, and viewers none", async () => {
    const forEditor = page((await editor.get("/priorities/1")).body);
    expect(forEditor.links.map((l) => l.text)).toContain("Edit this priority");
    const viewer = await signedIn(testApp.app, "viewer");
    const forViewer = page((await viewer.get("/priorities/1")).body);
    expect(forViewer.links.filter((l) => l.href.includes("/edit") || l.href.includes("/history"))).toEqual([]);
  });
});

describe("the audit trail for administrators", () => {
  it("finds changes by user and record type, and exports them as CSV", async () => {
    const admin = await signedIn(testApp.app, "admin");
    const results = page((await admin.get("/admin/audit?user=editor&type=priority")).body);
    const rows = results.texts("tbody tr");
    expect(rows.length).toBeGreaterThan(0);
    // Each event names the priority by its title and says what changed, before and after.
    for (const row of rows) expect(row).toMatch(/editor update Priority: \S/);
    expect(rows.some((row) => /Title: .+ → .+/.test(row))).toBe(true);
    expect(rows.some((row) => /priority \d+$/.test(row))).toBe(false);
    const csv = await admin.get("/admin/audit.csv?user=editor&type=priority");
    expect(csv.headers["content-type"]).toBe("text/csv; charset=utf-8");
    const lines = csv.body.trim().split("\r\n");
    expect(lines[0]).toBe("occurred_at,username,action,record_type,record_id,record,before,after,correlation_id");
    expect(lines).toHaveLength(rows.length + 1);
  });

  it("names a badly written date", async () => {
    const admin = await signedIn(testApp.app, "admin");
    const response = await admin.get("/admin/audit?from=16/07/2025");
    expect(response.statusCode).toBe(400);
    expect(page(response.body).texts(".govuk-error-summary__list a")).toEqual(["Enter the start date as a real date written YYYY-MM-DD, like 2025-07-16"]);
  });

  it("names a date that does not exist: month 13, 30 February, year 0", async () => {
    const admin = await signedIn(testApp.app, "admin");
    for (const [query, message] of [
      ["from=2025-13-01", "Enter the start date as a real date written YYYY-MM-DD, like 2025-07-16"],
      ["to=2025-02-30", "Enter the end date as a real date written YYYY-MM-DD, like 2025-07-16"],
      ["from=0000-01-01", "Enter the start date as a real date written YYYY-MM-DD, like 2025-07-16"],
    ]) {
      const response = await admin.get(`/admin/audit?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(page(response.body).texts(".govuk-error-summary__list a")).toEqual([message]);
    }
  });
});
