import { beforeAll, describe, expect, it } from "vitest";
import { page } from "../../../test/support/html.ts";
import { signedIn, type Client } from "../../../test/support/session.ts";
import { useTestApp } from "../../../test/support/app.ts";

/** Who owes an update: what a period asks for, by when, and a closed period as the record of what was reported. */
const testApp = useTestApp({ data: "demo" });
let admin: Client;
let viewer: Client;

beforeAll(async () => {
  admin = await signedIn(testApp.app, "admin");
  viewer = await signedIn(testApp.app, "viewer");
});

const read = async (browser: Client, url: string) => page((await browser.get(url)).body);
const row = (shown: ReturnType<typeof page>, key: string) => shown.texts(".govuk-summary-list__row").find((r) => r.startsWith(key)) ?? "";

describe("a closed period", () => {
  it("shows the demo's Q1 and Q2 2025/26 as a record: 10 of 10 priority updates approved, nothing missing", async () => {
    const shown = await read(viewer, "/progress/periods/3/compliance");
    expect(shown.h1).toBe("What was reported");
    expect(shown.texts("#summary")).toEqual(["Reported: 10 of 10 priority updates approved."]);
    expect(shown.text).not.toMatch(/missing/i);
    expect(shown.text).not.toMatch(/overdue/i);
    expect(row(shown, "What was owed")).toBe("What was owed For this half-year (Q1 and Q2 together): an update on each priority from its leads. Milestone statuses were not asked for.");
    expect(row(shown, "Deadline")).toBe("Deadline No deadline set");
    expect(row(shown, "Status")).toMatch(/^Status Closed: reported to /);
    // Priorities only, in their order, each approved; no milestone table and no filters.
    expect(shown.texts("caption")).toEqual(["Priority updates"]);
    const rows = shown.texts("tbody tr");
    expect(rows).toHaveLength(10);
    expect(rows[0]).toMatch(/^Priority 1: /);
    for (const text of rows) expect(text).toMatch(/Approved$/);
    expect(shown.document.querySelector('form[method="get"]')).toBeNull();
  });

  it("is linked from the period's page and the list of periods as what was reported", async () => {
    expect((await read(viewer, "/progress/periods/3")).links).toContainEqual({ text: "What was reported", href: "/progress/periods/3/compliance" });
    expect((await read(viewer, "/progress")).links).toContainEqual({ text: "What was reported for Q1 and Q2 2025/26", href: "/progress/periods/3/compliance" });
  });
});

describe("an open period", () => {
  it("asks for priority updates only unless opened to ask for milestones too, and says when they are due", async () => {
    const opened = await admin.post("/progress/periods", { planYear: "2025", kind: "quarter", quarter: "3", deadline: "2026-01-16" }, "/progress");
    const shown = await read(admin, `${String(opened.headers.location)}/compliance`);
    expect(shown.h1).toBe("Who owes an update");
    expect(row(shown, "What is owed")).toBe("What is owed For this quarter: an update on each priority from its leads. Milestone statuses were not asked for.");
    expect(row(shown, "Deadline")).toMatch(/^Deadline Updates (are|were) due by 16 January 2026$/);
    expect(shown.texts("#summary")[0]).toMatch(/^10 of 10 priority updates are missing/);
    expect(shown.texts("caption")).toHaveLength(1);
  });

  it("lists priorities and milestones in separate tables when the period asks for milestone statuses", async () => {
    const opened = await admin.post("/progress/periods", { planYear: "2025", kind: "year-end", quarter: "", deadline: "", milestones: "yes" }, "/progress");
    expect(opened.statusCode).toBe(303);
    const url = String(opened.headers.location);
    const lead = await signedIn(testApp.app, "lead");
    const form = page((await lead.get(`${url}/priorities/3/edit`)).body).document;
    const status = form.querySelector('select[name^="status-"]')?.getAttribute("name") ?? "";
    expect((await lead.post(`${url}/priorities/3/edit`, { narrative: "Assessments are timelier.", [status]: "complete", action: "submit", version: "0" })).statusCode).toBe(303);

    const shown = await read(admin, `${url}/compliance`);
    expect(row(shown, "What is owed")).toBe("What is owed For this year-end review: an update on each priority from its leads, with a status for each of its 2025/26 milestones.");
    expect(row(shown, "Deadline")).toBe("Deadline No deadline set");
    expect(shown.texts("caption")).toEqual(["Priority updates, missing first", "Milestone statuses, missing first"]);
    const [priorities, milestones] = [...shown.document.querySelectorAll("table")].map((t) => [...t.querySelectorAll("tbody tr")].map((r) => (r.textContent ?? "").replace(/\s+/g, " ").trim()));
    expect(priorities).toHaveLength(10);
    expect(priorities?.at(-1)).toMatch(/^Priority 3: .*Submitted$/);
    expect(milestones?.every((m) => m.startsWith("Priority "))).toBe(true);
    expect(milestones?.filter((m) => m.endsWith("Submitted"))).toHaveLength(1);
    expect(shown.texts("#summary")[0]).toMatch(/9 of 10 priority updates are missing; 0 approved\. \d+ of \d+ milestone statuses are missing/);
  });

  it("refuses an answer to what the period asks for that is not one of the choices, and opens nothing", async () => {
    const refused = await admin.post("/progress/periods", { planYear: "2025", kind: "quarter", quarter: "4", milestones: "sometimes" }, "/progress");
    expect(refused.statusCode).toBe(400);
    expect(page(refused.body).texts(".govuk-error-summary__list a")).toEqual(["Select what the period asks leads for"]);
    expect((await read(admin, "/progress")).texts("tbody tr td:first-child")).not.toContain("Q4 2025/26");
  });
});
