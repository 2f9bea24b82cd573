import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { clockAt } from "../../core/clock.ts";
import { selectRows } from "../../db/rows.ts";
import { useTestApp } from "../../../test/support/app.ts";
import { formValues } from "../../../test/support/forms.ts";
import { page } from "../../../test/support/html.ts";
import { accountId, addSampleRisk, sampleRisk, scoreSampleRisk } from "../../../test/support/risks.ts";
import { signedIn, type Client } from "../../../test/support/session.ts";

// The council's day: Monday 7 December 2026.
const testApp = useTestApp({ data: "demo", clock: clockAt("2026-12-07T12:00:00Z") });

const events = async (recordType: string) => selectRows(testApp.db, sql`select action, record_id, username, before, after from audit_events where record_type = ${recordType} order by id`);
const errorSummary = (body: string) => [...page(body).document.querySelectorAll(".govuk-error-summary__list a")].map((a) => `${a.getAttribute("href") ?? ""} ${a.textContent ?? ""}`);
const textOf = (body: string, selector: string) => page(body).document.querySelector(selector)?.textContent?.replace(/\s+/g, " ").trim() ?? "";
/** A table's body rows, each its cells' words joined by " | ". */
const rowsOf = (body: string, selector: string) => [...page(body).document.querySelectorAll(`${selector} tbody tr`)].map((r) => [...r.querySelectorAll("td")].map((c) => c.textContent?.replace(/\s+/g, " ").trim() ?? "").join(" | "));

let lead: Client;
let editor: Client;
let approver: Client;
let viewer: Client;
let leadId: number;
let approverId: number;
beforeAll(async () => {
  lead = await signedIn(testApp.app, "lead");
  editor = await signedIn(testApp.app, "editor");
  approver = await signedIn(testApp.app, "approver");
  viewer = await signedIn(testApp.app, "viewer");
  leadId = await accountId(testApp.db, "lead");
  approverId = await accountId(testApp.db, "approver");
});

describe("a risk's owner", () => {
  it("adds a risk, scores it and scores it again: its history keeps both scores, and each step is audited", async () => {
    const id = await addSampleRisk(lead, leadId);
    const added = page((await lead.get(`/risks/${String(id)}?saved=added`)).body).text;
    expect(added).toContain("The risk has been added");
    expect(added).toContain("Not yet scored");
    expect(added).toContain("Agency social workers leave at short notice");

    expect((await scoreSampleRisk(lead, id, [4, 4], [3, 4], { day: "1", month: "10", year: "2026" }, "Two teams above caseload limits")).statusCode).toBe(303);
    expect((await scoreSampleRisk(lead, id, [4, 4], [2, 4], { day: "1", month: "12", year: "2026" }, "Recruitment campaign filled four posts")).statusCode).toBe(303);

    const shown = await lead.get(`/risks/${String(id)}`);
    expect(rowsOf(shown.body, "#score-history")).toEqual([
      "1 October 2026Lee Lead | 16 Very high4 × 4 | 12 High3 × 4 | First scored | Two teams above caseload limits",
      "1 December 2026Lee Lead | 16 Very high4 × 4 | 8 Medium2 × 4 | Decreased | Recruitment campaign filled four posts",
    ]);
    expect(textOf(shown.body, "#summary")).toContain("8 Medium: likelihood 2 (Unlikely) × impact 4 (Major), scored 1 December 2026");
    // The chart beside the table is described in words.
    expect(page(shown.body).document.querySelector("svg[role=img] desc")?.textContent).toContain("2 scorings from 1 October 2026 to 1 December 2026");

    expect((await events("risk")).filter((e) => Number(e.record_id) === id)).toEqual([expect.objectContaining({ action: "create", username: "lead" })]);
    const scores = (await events("risk score")).filter((e) => (e.after as { risk: number }).risk === id);
    expect(scores.map((e) => (e.after as { afterControls: string }).afterControls)).toEqual(["likelihood 3 × impact 4", "likelihood 2 × impact 4"]);
  });

  it("is refused a score after controls higher than before them, or a day still to come, and nothing is kept", async () => {
    const id = await addSampleRisk(lead, leadId);
    const higher = await scoreSampleRisk(lead, id, [2, 2], [3, 3]);
    expect(higher.statusCode).toBe(400);
    expect(errorSummary(higher.body)).toEqual(["#residualLikelihood The score after controls (9) cannot be higher than before them (4)"]);
    const later = await scoreSampleRisk(lead, id, [3, 3], [2, 2], { day: "8", month: "12", year: "2026" });
    expect(errorSummary(later.body)).toEqual(["#assessedOnDay The day it was scored must be today or earlier"]);
    const missing = await scoreSampleRisk(lead, id, [0, 3], [2, 6]);
    expect(errorSummary(missing.body)).toEqual(["#inherentLikelihood Select the likelihood before controls, from 1 to 5", "#residualImpact Select the impact after controls, from 1 to 5"]);
    expect(page((await lead.get(`/risks/${String(id)}`)).body).text).toContain("Not yet scored");
  });

  it("turns a risk that has happened into an issue that keeps its number, scores and history; closing the issue needs its resolution", async () => {
    const id = await addSampleRisk(lead, leadId);
    await scoreSampleRisk(lead, id, [4, 5], [3, 5]);
    const { version } = await formValues(lead, `/risks/${String(id)}`, `/risks/${String(id)}/issue`);
    const happened = await lead.post(`/risks/${String(id)}/issue`, { version: String(version), happenedOnDay: "2", happenedOnMonth: "12", happenedOnYear: "2026", issueImpact: "Three teams without a permanent manager" }, `/risks/${String(id)}`);
    expect(happened.statusCode).toBe(303);
    const issue = await lead.get(`/risks/${String(id)}`);
    expect(textOf(issue.body, ".govuk-caption-l")).toBe(`Issue I${String(id)}, workforce`);
    expect(rowsOf(issue.body, "#score-history")).toHaveLength(1);

    const { version: now } = await formValues(lead, `/risks/${String(id)}`, `/risks/${String(id)}/close`);
    const bare = await lead.post(`/risks/${String(id)}/close`, { version: String(now), resolution: "" }, `/risks/${String(id)}`);
    expect(errorSummary(bare.body)).toEqual(["#resolution Enter how the issue was resolved"]);
    const closed = await lead.post(`/risks/${String(id)}/close`, { version: String(now), resolution: "Two managers appointed" }, `/risks/${String(id)}`);
    expect(closed.statusCode).toBe(303);
    expect(textOf((await lead.get(`/risks/${String(id)}`)).body, "#summary")).toContain("Closed on 7 December 2026");
  });

  it("raises a mitigating action and links the risk to a priority, and the priority's page lists the risk", async () => {
    const id = await addSampleRisk(lead, leadId, { title: "Placement sufficiency falls short of demand" });
    const { formToken } = await formValues(lead, `/risks/${String(id)}`, `/risks/${String(id)}/actions`);
    const raised = await lead.post(`/risks/${String(id)}/actions`, { formToken: String(formToken), description: "Open two more in-house homes", ownerId: String(approverId), dueOnDay: "31", dueOnMonth: "3", dueOnYear: "2027" }, `/risks/${String(id)}`);
    expect(raised.statusCode).toBe(303);
    const options = [...page((await lead.get(`/risks/${String(id)}`)).body).document.querySelectorAll("#linkTo option")].map((o) => ({ value: o.getAttribute("value") ?? "", text: o.textContent ?? "" }));
    const priority = options.find((o) => o.text === "Priority 4 as a whole");
    expect(priority).toBeDefined();
    expect((await lead.post(`/risks/${String(id)}/links`, { linkTo: priority?.value ?? "" }, `/risks/${String(id)}`)).statusCode).toBe(303);
    const shown = await lead.get(`/risks/${String(id)}`);
    expect(rowsOf(shown.body, "#mitigations")).toEqual(["Open two more in-house homes | April Approver | 31 March 2027 | Open"]);
    expect(textOf(shown.body, "#risk-links")).toContain("Priority 4:");
    const priorityPage = await viewer.get("/priorities/4");
    expect(rowsOf(priorityPage.body, "#priority-risks")).toContainEqual(`R${String(id)}: Placement sufficiency falls short of demand | Lee Lead | Not yet scored | 31 March 2027`);
    const refused = await lead.post(`/risks/${String(id)}/links`, { linkTo: "priority:999999" }, `/risks/${String(id)}`);
    expect(errorSummary(refused.body)).toEqual(["#linkTo Select a priority, milestone or measure from the list"]);
  });

  it("is told of someone else's change rather than saving over it", async () => {
    const id = await addSampleRisk(lead, leadId);
    const stale = await formValues(lead, `/risks/${String(id)}/edit`);
    const first = await editor.post(`/risks/${String(id)}/edit`, { ...sampleRisk(leadId), version: String(stale.version), title: "Changed by the plan editor" });
    expect(first.statusCode).toBe(303);
    const second = await lead.post(`/risks/${String(id)}/edit`, { ...sampleRisk(leadId), version: String(stale.version), title: "Changed by the owner" });
    expect(second.statusCode).toBe(409);
    expect(page((await lead.get(`/risks/${String(id)}`)).body).text).toContain("Changed by the plan editor");
  });
});

describe("escalating a risk", () => {
  it("puts it before the board chosen, named on its page and in the audit trail, until it is taken back", async () => {
    const id = await addSampleRisk(lead, leadId, { title: "Demand for residential placements outstrips supply" });
    const shown = page((await lead.get(`/risks/${String(id)}`)).body).document;
    const choice = [...shown.querySelectorAll("#boardId option")].find((o) => o.textContent === "Family Homes Board");
    expect(choice).toBeDefined();
    const stale = await formValues(lead, `/risks/${String(id)}`, `/risks/${String(id)}/escalate`);
    const none = await lead.post(`/risks/${String(id)}/escalate`, { version: String(stale.version), boardId: "" }, `/risks/${String(id)}`);
    expect(errorSummary(none.body)).toEqual(["#boardId Select the board"]);
    const escalated = await lead.post(`/risks/${String(id)}/escalate`, { version: String(stale.version), boardId: choice?.getAttribute("value") ?? "" }, `/risks/${String(id)}`);
    expect(escalated.statusCode).toBe(303);
    expect(textOf((await lead.get(`/risks/${String(id)}`)).body, "#summary")).toContain("Escalated to the Family Homes Board on 7 December 2026");
    expect(rowsOf((await viewer.get("/risks?status=escalated")).body, "#register").some((r) => r.includes("Demand for residential placements outstrips supply"))).toBe(true);
    const [event] = (await events("risk")).filter((e) => Number(e.record_id) === id).slice(-1);
    expect(event).toMatchObject({ action: "update", username: "lead", before: expect.objectContaining({ status: "Open" }), after: expect.objectContaining({ status: "Escalated" }) });
    // A form shown before the escalation changes nothing now.
    const again = await lead.post(`/risks/${String(id)}/escalate`, { version: String(stale.version), boardId: choice?.getAttribute("value") ?? "" }, `/risks/${String(id)}`);
    expect(again.statusCode).toBe(409);

    const { version } = await formValues(lead, `/risks/${String(id)}`, `/risks/${String(id)}/de-escalate`);
    expect((await lead.post(`/risks/${String(id)}/de-escalate`, { version: String(version) }, `/risks/${String(id)}`)).statusCode).toBe(303);
    expect(textOf((await lead.get(`/risks/${String(id)}`)).body, "#summary")).toMatch(/Status\s*Open Score/);
  });
});

describe("a risk owner's home page", () => {
  it("lists their risks whose review is past or near, and their overdue mitigating actions", async () => {
    const id = await addSampleRisk(editor, leadId, { title: "Review missed in November", reviewOnDay: "20", reviewOnMonth: "11", reviewOnYear: "2026" });
    const { formToken } = await formValues(editor, `/risks/${String(id)}`, `/risks/${String(id)}/actions`);
    await editor.post(`/risks/${String(id)}/actions`, { formToken: String(formToken), description: "Agree the interim staffing plan", ownerId: String(leadId), dueOnDay: "4", dueOnMonth: "12", dueOnYear: "2026" }, `/risks/${String(id)}`);
    const home = await lead.get("/home");
    expect(textOf(home.body, "#risk-reviews")).toContain(`R${String(id)}: Review missed in November, review was due 20 November 2026 Review overdue`);
    expect(rowsOf(home.body, "#own-overdue-actions")).toContainEqual(`Agree the interim staffing planMitigating risk R${String(id)} | 4 December 2026Overdue`);
    // Someone else's risks are not theirs to review.
    expect(textOf((await approver.get("/home")).body, "#risk-reviews")).not.toContain("Review missed in November");
  });
});

describe("adding a risk", () => {
  it("names each field that is wrong, and adds nothing", async () => {
    const before = (await events("risk")).length;
    const { formToken } = await formValues(lead, "/risks/new");
    const response = await lead.post("/risks/new", { ...sampleRisk(leadId), formToken: String(formToken), title: "", event: "", category: "weather", ownerId: "", reviewOnDay: "31", reviewOnMonth: "2", targetLikelihood: "3", targetImpact: "" });
    expect(response.statusCode).toBe(400);
    expect(errorSummary(response.body)).toEqual([
      "#title Enter the risk's title",
      "#event Enter the event: what might happen",
      "#category Select the category from the list",
      "#ownerId Select the owner",
      "#reviewOnDay Review date must be a real date, like 31 3 2026",
    ]);
    const issue = await lead.post("/risks/new", { ...sampleRisk(leadId), formToken: String(formToken), kind: "issue" });
    expect(errorSummary(issue.body)).toEqual(["#happenedOnDay Enter the day the issue happened or was recognised", "#issueImpact Enter the issue's impact"]);
    expect((await events("risk")).length).toBe(before);
  });

  it("adds once however often the same form is sent", async () => {
    const { formToken } = await formValues(lead, "/risks/new");
    const fields = { ...sampleRisk(leadId), formToken: String(formToken), title: "Sent twice" };
    const first = await lead.post("/risks/new", fields);
    const second = await lead.post("/risks/new", fields, "/risks/new");
    expect(second.headers.location).toBe(String(first.headers.location).replace("saved=added", "saved=already-added"));
  });
});

describe("who may change a risk", () => {
  it("is its owner or a plan editor: another head of service is refused, and a viewer reads but cannot add", async () => {
    const id = await addSampleRisk(lead, leadId);
    expect((await approver.get(`/risks/${String(id)}/edit`)).statusCode).toBe(403);
    const score = { formToken: "0b0e5e2c-1f5a-4c59-9a51-3f1d2b8e6c70", assessedOnDay: "1", assessedOnMonth: "12", assessedOnYear: "2026", inherentLikelihood: "3", inherentImpact: "3", residualLikelihood: "2", residualImpact: "2" };
    expect((await approver.post(`/risks/${String(id)}/scores`, score, `/risks/${String(id)}`)).statusCode).toBe(403);
    expect((await editor.get(`/risks/${String(id)}/edit`)).statusCode).toBe(200);
    expect((await viewer.get(`/risks/${String(id)}`)).statusCode).toBe(200);
    expect(page((await viewer.get(`/risks/${String(id)}`)).body).document.querySelector(`form[action="/risks/${String(id)}/scores"]`)).toBeNull();
    expect((await viewer.get("/risks/new")).statusCode).toBe(403);
  });
});

describe("the register and its heat map", () => {
  it("agree: each cell's count is the number of risks its link shows, and the counts add up to the scored risks listed", async () => {
    const a = await addSampleRisk(editor, approverId, { title: "Heat map risk A", category: "data" });
    const b = await addSampleRisk(editor, approverId, { title: "Heat map risk B", category: "data" });
    await addSampleRisk(editor, approverId, { title: "Heat map risk C", category: "data" });
    await scoreSampleRisk(editor, a, [5, 5], [4, 3]);
    await scoreSampleRisk(editor, b, [5, 4], [4, 3]);

    const map = page((await viewer.get("/risks/heat-map?category=data")).body).document;
    const cells = [...map.querySelectorAll("#heat-map td a")];
    const counted = cells.reduce((sum, link) => sum + Number(link.querySelector(".waymark-heat__count")?.textContent), 0);
    const register = await viewer.get("/risks?category=data");
    const scoredRows = rowsOf(register.body, "#register").filter((r) => !r.includes("Not yet scored"));
    expect(counted).toBe(scoredRows.length);
    expect(page((await viewer.get("/risks/heat-map?category=data")).body).text).toContain("1 risk is not yet scored");

    for (const link of cells) {
      const listed = rowsOf((await viewer.get(link.getAttribute("href") ?? "")).body, "#register");
      expect(listed).toHaveLength(Number(link.querySelector(".waymark-heat__count")?.textContent));
    }
    const cell = cells.find((c) => (c.getAttribute("href") ?? "").includes("likelihood=4&impact=3"));
    expect(cell?.querySelector(".waymark-heat__count")?.textContent).toBe("2");
  });

  it("filters and sorts without script, and flags overdue reviews", async () => {
    const late = await addSampleRisk(editor, approverId, { title: "Review already overdue", category: "partnership", reviewOnDay: "30", reviewOnMonth: "11", reviewOnYear: "2026" });
    await addSampleRisk(editor, approverId, { title: "Review in date", category: "partnership" });
    const overdue = rowsOf((await viewer.get("/risks?category=partnership&review=overdue")).body, "#register");
    expect(overdue).toEqual([expect.stringContaining("Review already overdue")]);
    expect(overdue[0]).toContain("Review overdue");
    const byTitle = rowsOf((await viewer.get("/risks?category=partnership&sort=title")).body, "#register");
    expect(byTitle.map((r) => r.includes("Review already overdue"))).toEqual([true, false]);
    const byReview = rowsOf((await viewer.get("/risks?category=partnership&sort=review")).body, "#register");
    expect(byReview[0]).toContain(`R${String(late)}`);
    // An address it cannot read is no filter.
    expect((await viewer.get("/risks?category=nonsense&sort=%00")).statusCode).toBe(200);
  });
});
