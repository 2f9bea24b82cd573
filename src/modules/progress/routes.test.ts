import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents } from "../../db/schema/index.ts";
import { page } from "../../../test/support/html.ts";
import { signedIn, type Client } from "../../../test/support/session.ts";
import { useTestApp } from "../../../test/support/app.ts";

const testApp = useTestApp({ data: "demo" });
let admin: Client;
let lead: Client;
let approver: Client;
let viewer: Client;
let periodUrl: string;

beforeAll(async () => {
  admin = await signedIn(testApp.app, "admin");
  lead = await signedIn(testApp.app, "lead");
  approver = await signedIn(testApp.app, "approver");
  viewer = await signedIn(testApp.app, "viewer");
});

const read = async (browser: Client, url: string) => page((await browser.get(url)).body);

describe("the demo's reported progress", () => {
  it("lists the three reported periods, closed, with where they were reported", async () => {
    const index = await read(viewer, "/progress");
    expect(index.texts("tbody tr td:first-child")).toEqual(["Q3 2024/25", "Year-end review 2024/25", "Q1 and Q2 2025/26"]);
    expect(index.text).toContain("Scrutiny Panel");
  });

  it("shows the distance travelled across the demo's three periods", async () => {
    const distance = await read(viewer, "/progress/distance");
    expect(distance.texts("thead th")).toEqual(["Priority", "Q3 2024/25", "Year-end review 2024/25", "Q1 and Q2 2025/26"]);
    expect(distance.texts("tbody th")).toHaveLength(10);
    // The year-end review's decisions on priority 1's milestones, in words.
    const priority1 = distance.texts("tbody tr")[0] ?? "";
    expect(priority1).toMatch(/4 complete/);
    expect(priority1).toMatch(/1 carried forward/);
    expect(priority1).toMatch(/not assessed/);
  });

  it("shows a priority's Q1 and Q2 2025/26 progress, approved, under the period's heading", async () => {
    const periods = await read(viewer, "/progress");
    const href = periods.links.find((l) => l.text === "Q1 and Q2 2025/26")?.href ?? "";
    const update = await read(viewer, `${href}/priorities/1`);
    expect(update.texts("h2")).toContain("Progress in Q1 and Q2");
    expect(update.text).toContain("The Belonging Framework launched at the Head Teacher Conference");
    expect(update.text).toMatch(/Approved by\s*April Approver/);
    const service = await read(viewer, href);
    expect(service.texts("h3")).toEqual(["Key highlights", "Key challenges"]);
  });
});

describe("the reporting cycle", () => {
  it("lets an administrator open a period with a deadline", async () => {
    const opened = await admin.post("/progress/periods", { planYear: "2025", kind: "quarter", quarter: "3", deadline: "2026-01-16" }, "/progress");
    expect(opened.statusCode).toBe(303);
    periodUrl = String(opened.headers.location);
    const period = await read(admin, periodUrl);
    expect(period.h1).toBe("Q3 2025/26");
    expect(period.text).toContain("due by 16 January 2026");
  });

  it("refuses the same period twice and a quarterly period without its quarter", async () => {
    const twice = await admin.post("/progress/periods", { planYear: "2025", kind: "quarter", quarter: "3" }, "/progress");
    expect(page(twice.body).texts(".govuk-error-summary__list a")).toEqual(["Q3 2025/26 is already open or reported"]);
    const noQuarter = await admin.post("/progress/periods", { planYear: "2025", kind: "quarter", quarter: "" }, "/progress");
    expect(page(noQuarter.body).texts(".govuk-error-summary__list a")).toEqual(["Select the quarter"]);
  });

  it("refuses a deadline that is not a real date, and a year or quarter not written in digits, and opens nothing", async () => {
    const periods = (await read(admin, "/progress")).texts("tbody tr").length;
    const notReal = "Enter the deadline as a real date written YYYY-MM-DD, like 2026-01-16";
    const cases: [Record<string, string>, string][] = [
      [{ planYear: "2025", kind: "quarter", quarter: "4", deadline: "2026-02-30" }, notReal],
      [{ planYear: "2025", kind: "quarter", quarter: "4", deadline: "0000-01-16" }, notReal],
      [{ planYear: "2025", kind: "quarter", quarter: "4", deadline: "2026-13-01" }, notReal],
      [{ planYear: "0x7E9", kind: "quarter", quarter: "4" }, "Select the plan year"],
      [{ planYear: "2025", kind: "quarter", quarter: "4.0" }, "Select the quarter"],
    ];
    for (const [fields, message] of cases) {
      const refused = await admin.post("/progress/periods", fields, "/progress");
      expect(refused.statusCode, JSON.stringify(fields)).toBe(400);
      expect(page(refused.body).texts(".govuk-error-summary__list a")).toEqual([message]);
    }
    expect((await read(admin, "/progress")).texts("tbody tr")).toHaveLength(periods);
  });

  it("answers page not found for a period, update or year that is not a real one", async () => {
    for (const url of ["/progress/periods/99999999999", "/progress/periods/1e0", "/progress/periods/0x1/priorities/3", "/progress/review/02025", "/priorities/99999999999/timeline"]) {
      expect((await admin.get(url)).statusCode, url).toBe(404);
    }
    expect((await approver.post("/progress/updates/99999999999/approve", {}, "/progress")).statusCode).toBe(404);
  });

  it("runs draft → submitted → returned → submitted → approved, with only approved updates shown to viewers", async () => {
    const form = `${periodUrl}/priorities/3/edit`;
    const milestoneField = page((await lead.get(form)).body).document.querySelector('select[name^="status-"]')?.getAttribute("name") ?? "";
    const draft = await lead.post(form, { narrative: "Assessments are timelier.", "challenge-1": "Recruitment", "mitigation-1": "A new advert", [milestoneField]: "on_track", action: "draft", version: "0" });
    expect(draft.statusCode).toBe(303);

    expect((await read(viewer, `${periodUrl}/priorities/3`)).text).toContain("has not been published yet");
    expect((await read(viewer, `${periodUrl}/priorities/3`)).text).not.toContain("Assessments are timelier.");
    expect((await read(approver, `${periodUrl}/priorities/3`)).text).toContain("Assessments are timelier.");

    const view = await read(lead, `${periodUrl}/priorities/3`);
    const submitAction = view.document.querySelector('form[action$="/submit"]')?.getAttribute("action") ?? "";
    expect((await lead.post(submitAction, {}, `${periodUrl}/priorities/3`)).statusCode).toBe(303);
    const updateId = submitAction.split("/")[3];

    const noComment = await approver.post(`/progress/updates/${updateId}/return`, { comment: "" }, `${periodUrl}/priorities/3`);
    expect(noComment.statusCode).toBe(400);
    expect((await approver.post(`/progress/updates/${updateId}/return`, { comment: "Add the October figures." }, `${periodUrl}/priorities/3`)).statusCode).toBe(303);
    const returned = await read(lead, `${periodUrl}/priorities/3`);
    expect(returned.text).toMatch(/Returned by\s*April Approver/);
    expect(returned.text).toContain("Add the October figures.");

    const editAgain = await read(lead, form);
    const version = editAgain.document.querySelector('input[name="version"]')?.getAttribute("value") ?? "";
    expect((await lead.post(form, { narrative: "Assessments are timelier: 80% in October.", [milestoneField]: "on_track", action: "submit", version })).statusCode).toBe(303);
    expect((await approver.post(`/progress/updates/${updateId}/approve`, {}, `${periodUrl}/priorities/3`)).statusCode).toBe(303);

    const published = await read(viewer, `${periodUrl}/priorities/3`);
    expect(published.text).toContain("Assessments are timelier: 80% in October.");
    expect(published.texts("tbody tr td:last-child")).toContain("On track");
    const timeline = await read(viewer, "/priorities/3/timeline");
    // Priority 3 had no update of its own in the year-end review of 2024/25.
    expect(timeline.texts("h2")).toEqual(["Q3 2024/25", "Q1 and Q2 2025/26", "Q3 2025/26"]);
    expect(timeline.text).toMatch(/approved by April Approver/);
  });

  it("refuses an update with a hidden control character or an over-long milestone note, naming the field, and saves nothing", async () => {
    const form = `${periodUrl}/priorities/3/edit`;
    const shown = page((await lead.get(form)).body).document;
    const version = shown.querySelector('input[name="version"]')?.getAttribute("value") ?? "";
    const status = shown.querySelector('select[name^="status-"]')?.getAttribute("name") ?? "";
    const note = status.replace("status-", "note-");
    const events = await testApp.db.$count(auditEvents);
    const nul = await lead.post(form, { narrative: "Assessments\u0000 are timelier.", version });
    expect(nul.statusCode).toBe(400);
    expect(page(nul.body).texts(".govuk-error-summary__list a")).toEqual(["The narrative must not contain hidden control characters: retype it rather than pasting it"]);
    const challenge = await lead.post(form, { narrative: "Fine.", "challenge-2": "Two\r\nlines", version });
    expect(page(challenge.body).texts(".govuk-error-summary__list a")).toEqual(["Challenge 2 must be on one line"]);
    const long = await lead.post(form, { narrative: "Fine.", [status]: "on_track", [note]: "x".repeat(2001), version });
    expect(long.statusCode).toBe(400);
    expect(page(long.body).texts(".govuk-error-summary__list a")).toEqual(["A milestone's narrative must be 2,000 characters or fewer"]);
    expect(await testApp.db.$count(auditEvents)).toBe(events);
  });

  it("keeps a priority lead to their own priorities", async () => {
    expect((await lead.get(`${periodUrl}/priorities/5/edit`)).statusCode).toBe(403);
    expect((await viewer.get(`${periodUrl}/priorities/3/edit`)).statusCode).toBe(403);
  });

  it("shows who owes an update, missing ones first, filtered without JavaScript", async () => {
    const compliance = await read(admin, `${periodUrl}/compliance`);
    const rows = compliance.texts("tbody tr");
    expect(rows[0]).toMatch(/Missing/);
    expect(rows.at(-1)).toMatch(/Approved/);
    const approvedOnly = await read(admin, `${periodUrl}/compliance?state=approved`);
    for (const row of approvedOnly.texts("tbody tr")) expect(row).toMatch(/Approved/);
    expect(approvedOnly.texts("tbody tr")[0]).toMatch(/Priority 3: Timely and effective social work practice.*Lee Lead/);
  });
});

describe("the year-end review", () => {
  it("carries a milestone forward into next year, linked and with its history", async () => {
    const editor = await signedIn(testApp.app, "editor");
    const review = await read(editor, "/progress/review/2025");
    const field = review.document.querySelector('input[name^="decision-"][value="carried_forward"]')?.getAttribute("name") ?? "";
    const id = field.split("-")[1];
    const text = review.document.getElementById(`decision-${id}`)?.textContent?.trim() ?? "";
    expect((await editor.post("/progress/review/2025", { [field]: "carried_forward" }, "/progress/review/2025")).statusCode).toBe(303);

    const priority = await read(editor, "/priorities/1");
    const nextYear = priority.document.getElementById("year-2026")?.parentElement?.textContent ?? "";
    expect(nextYear).toContain(text);
    expect(nextYear).toContain("Carried forward from 2025/26");
    const history = await read(editor, `/milestones/${id}/history`);
    expect(history.texts("h2")[0]).toMatch(/^Year-end review by editor/);
  });

  it("revises a milestone for next year, keeping the old wording", async () => {
    const editor = await signedIn(testApp.app, "editor");
    const review = await read(editor, "/progress/review/2025");
    const fields = [...review.document.querySelectorAll('input[name^="decision-"][value="revised"]')].map((i) => i.getAttribute("name") ?? "");
    const field = fields[1] ?? "";
    const id = field.split("-")[1];
    const missing = await editor.post("/progress/review/2025", { [field]: "revised" }, "/progress/review/2025");
    expect(page(missing.body).texts(".govuk-error-summary__list a")).toEqual(["Enter the revised milestone for next year"]);
    await editor.post("/progress/review/2025", { [field]: "revised", [`revised-${id}`]: "A sharper milestone for 2026/27." }, "/progress/review/2025");
    const nextYear = (await read(editor, "/priorities/1")).document.getElementById("year-2026")?.parentElement?.textContent ?? "";
    expect(nextYear).toContain("A sharper milestone for 2026/27.");
    expect(nextYear).toMatch(/Revised from the 2025\/26 milestone/);
  });

  it("refuses to carry the plan's last year forward", async () => {
    const editor = await signedIn(testApp.app, "editor");
    const review = await read(editor, "/progress/review/2026");
    const field = review.document.querySelector('input[name^="decision-"][value="carried_forward"]')?.getAttribute("name") ?? "";
    const refused = await editor.post("/progress/review/2026", { [field]: "carried_forward" }, "/progress/review/2026");
    expect(refused.statusCode).toBe(400);
    expect(page(refused.body).texts(".govuk-error-summary__list a")[0]).toMatch(/last year/);
  });
});
