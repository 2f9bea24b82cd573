import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { clockAt } from "../../core/clock.ts";
import { selectRows } from "../../db/rows.ts";
import { useTestApp } from "../../../test/support/app.ts";
import { addSampleBoard, addSampleMeeting, boardFields, dateFields, optionValue, raiseSampleBoardAction } from "../../../test/support/boards.ts";
import { formValues } from "../../../test/support/forms.ts";
import { raiseSampleAction, recordSampleAudit } from "../../../test/support/quality.ts";
import { page } from "../../../test/support/html.ts";
import { signedIn, type Client } from "../../../test/support/session.ts";

/** Today, for these tests: 15 June 2026. */
const testApp = useTestApp({ data: "demo", clock: clockAt("2026-06-15T12:00:00Z"), chromium: null });

const events = async (recordType: string) =>
  selectRows(testApp.db, sql`select action, record_id, username, before, after from audit_events where record_type = ${recordType} order by id`);

/** The page's error summary, one line per problem. */
const errorSummary = (body: string) => [...page(body).document.querySelectorAll(".govuk-error-summary__list a")].map((a) => `${a.getAttribute("href") ?? ""} ${a.textContent ?? ""}`);

const idOf = (address: string) => address.split("/").at(-1) ?? "";

let editor: Client;
let viewer: Client;
beforeAll(async () => {
  editor = await signedIn(testApp.app, "editor");
  viewer = await signedIn(testApp.app, "viewer");
});

describe("boards", () => {
  it("are added with their purpose, chair, frequency and the priorities they oversee, and the addition is audited", async () => {
    expect(await optionValue(testApp.app, "/boards/new", "frequency", "Monthly")).toBe("monthly");
    const form = page((await editor.get("/boards/new")).body).document;
    const priority = (label: string) => [...form.querySelectorAll("input[name=priorityIds]")].find((i) => i.nextElementSibling?.textContent === label)?.getAttribute("value") ?? "";
    const board = await addSampleBoard(testApp.app, "Re-referrals Board", { priorityIds: [priority("2. Targeted help"), priority("3. Timely and effective social work practice")], reportsTo: "Improvement Board" });
    const shown = page((await viewer.get(board)).body);
    expect(shown.h1).toBe("Re-referrals Board");
    expect(shown.text).toMatch(/Purpose\s*Holds the service to account for its performance, month by month\./);
    expect(shown.text).toMatch(/Chair\s*Head of Service/);
    expect(shown.text).toMatch(/Meets\s*Monthly/);
    expect(shown.text).toMatch(/Reports to\s*Improvement Board/);
    expect(shown.links.filter((l) => l.href.startsWith("/priorities/")).map((l) => l.text)).toEqual(["2. Targeted help", "3. Timely and effective social work practice"]);
    expect(page((await viewer.get("/boards")).body).links.map((l) => l.text)).toContain("Re-referrals Board");
    const [event] = (await events("board")).slice(-1);
    expect(event).toMatchObject({ action: "create", username: "editor", record_id: idOf(board), after: expect.objectContaining({ name: "Re-referrals Board", frequency: "Monthly" }) });
  });

  it("are refused with a message naming each field that is wrong, and nothing is added", async () => {
    // The demo's boards include the Family Homes Board.
    const before = (await events("board")).length;
    const { formToken } = await formValues(editor, "/boards/new");
    const response = await editor.post("/boards/new", { ...boardFields, formToken: String(formToken), name: "", frequency: "whenever", priorityIds: "99999" });
    expect(response.statusCode).toBe(400);
    expect(errorSummary(response.body)).toEqual(["#name Enter the board's name", "#frequency Select how often the board meets", "#priorityIds Select priorities from the list"]);
    const taken = await editor.post("/boards/new", { ...boardFields, formToken: String(formToken), name: "Family Homes Board" });
    expect(taken.statusCode).toBe(400);
    expect(errorSummary(taken.body)).toEqual(["#name A board named Family Homes Board is recorded already: give this one another name"]);
    expect((await events("board")).length).toBe(before);
  });

  it("are changed by plan editors, refusing a change made over someone else's", async () => {
    const board = await addSampleBoard(testApp.app, "Locality Board");
    const admin = await signedIn(testApp.app, "admin");
    const mine = await formValues(editor, `${board}/edit`);
    const theirs = await formValues(admin, `${board}/edit`);
    expect((await admin.post(`${board}/edit`, { ...theirs, frequency: "quarterly", chair: "Service Director" })).statusCode).toBe(303);
    const late = await editor.post(`${board}/edit`, { ...mine, frequency: "monthly", chair: "Someone else" });
    expect(late.statusCode).toBe(409);
    expect(page(late.body).text).toContain("Someone else changed this while you were editing it");
    expect(page((await viewer.get(board)).body).text).toMatch(/Chair\s*Service Director/);
    expect((await viewer.get(`${board}/edit`)).statusCode).toBe(403);
    expect((await viewer.get("/boards/new")).statusCode).toBe(403);
  });

  it("have members with an account in Waymark and from outside it, added and taken off, each change audited", async () => {
    const board = await addSampleBoard(testApp.app, "Practice Improvement Board");
    const lead = await optionValue(testApp.app, board, "userId", "Lee Lead");
    const account = await formValues(editor, board, `${board}/members`);
    expect((await editor.post(`${board}/members`, { ...account, kind: "account", userId: lead, accountRole: "Lead for priority 3" }, board)).statusCode).toBe(303);
    const forms = [...page((await editor.get(board)).body).document.querySelectorAll(`form[action="${board}/members"]`)];
    const outsiderToken = forms[1]?.querySelector("input[name=formToken]")?.getAttribute("value") ?? "";
    const refused = await editor.post(`${board}/members`, { kind: "outsider", formToken: outsiderToken, name: "Dorset", outsiderRole: "" }, board);
    expect(refused.statusCode).toBe(400);
    expect(errorSummary(refused.body)).toEqual(["#outsiderRole Enter their role on the board, for example Sector Led Improvement Partner"]);
    expect((await editor.post(`${board}/members`, { kind: "outsider", formToken: outsiderToken, name: "Dorset", outsiderRole: "Sector Led Improvement Partner" }, board)).statusCode).toBe(303);
    const shown = page((await viewer.get(board)).body);
    expect(shown.texts("#board-members tbody tr")).toEqual(["Lee Lead Lead for priority 3 Has an account", "Dorset Sector Led Improvement Partner From outside Waymark"]);
    // A viewer reads the members but is offered no forms.
    expect(shown.document.querySelectorAll("form[method=post]:not([action='/sign-out'])").length).toBe(0);
    const removeAt = page((await editor.get(board)).body).document.querySelector("#board-members form")?.getAttribute("action") ?? "";
    expect((await editor.post(removeAt, {}, board)).statusCode).toBe(303);
    expect(page((await viewer.get(board)).body).texts("#board-members tbody tr")).toEqual(["Dorset Sector Led Improvement Partner From outside Waymark"]);
    expect(String((await editor.post(removeAt, {}, board)).headers.location)).toContain("already-removed");
    expect((await events("board member")).slice(-3).map((e) => [e.action, (e.after ?? e.before) as Record<string, unknown>])).toEqual([
      ["create", expect.objectContaining({ name: "Lee Lead", role: "Lead for priority 3" })],
      ["create", expect.objectContaining({ name: "Dorset", account: null })],
      ["delete", expect.objectContaining({ name: "Lee Lead" })],
    ]);
  });
});

describe("meetings", () => {
  it("are added with their agenda in order, each item about a measure or a risk, and the members' attendance with guests", async () => {
    const board = await addSampleBoard(testApp.app, "MASH Board");
    const lead = await optionValue(testApp.app, board, "userId", "Lee Lead");
    await editor.post(`${board}/members`, { ...(await formValues(editor, board, `${board}/members`)), kind: "account", userId: lead, accountRole: "Head of Service" }, board);
    const form = await formValues(editor, `${board}/meetings/new`);
    // The members are listed for their attendance.
    expect(form["attendeeName-1"]).toBe("Lee Lead");
    expect(form["attendeeRole-1"]).toBe("Head of Service");
    const measure = await optionValue(testApp.app, `${board}/meetings/new`, "itemMeasure-1", "REREFERRALS: Re-referrals within 12 months");
    const meeting = await addSampleMeeting(testApp.app, board, "2026-05-11", {
      "itemTitle-1": "Re-referrals",
      "itemMeasure-1": measure,
      "itemDecisions-1": "Dip sampling to continue monthly.",
      "itemTitle-2": "Any other business",
      "attendance-1": "present",
      "attendeeName-2": "Sam Partner",
      "attendeeRole-2": "Police",
      "attendance-2": "apologies",
    });
    const shown = page((await viewer.get(meeting)).body);
    expect(shown.h1).toBe("Meeting of 11 May 2026");
    expect(shown.texts("#meeting-items > li h3")).toEqual(["Re-referrals", "Any other business"]);
    expect(shown.links).toContainEqual({ text: "REREFERRALS: Re-referrals within 12 months", href: "/measures/REREFERRALS" });
    expect(shown.text).toContain("Dip sampling to continue monthly.");
    expect(shown.texts("#meeting-attendance tbody tr")).toEqual(["Lee Lead Head of Service Present", "Sam Partner Police Apologies"]);
    expect(shown.text).toMatch(/Minutes\s*No minutes yet/);
    const [event] = (await events("meeting")).slice(-1);
    expect(event).toMatchObject({ action: "create", after: expect.objectContaining({ heldOn: "2026-05-11", agenda: ["1. Re-referrals (measure " + measure + ")", "2. Any other business"], attendance: ["Lee Lead, Head of Service: Present", "Sam Partner, Police: Apologies"] }) });
  });

  it("are refused with a message naming each field that is wrong, and nothing is added", async () => {
    const board = await addSampleBoard(testApp.app, "Health Assessments Group");
    const before = (await events("meeting")).length;
    const form = await formValues(editor, `${board}/meetings/new`);
    const response = await editor.post(`${board}/meetings/new`, { ...form, heldOnDay: "", heldOnMonth: "", heldOnYear: "", "itemTitle-1": "", "itemMinutes-1": "Noted.", "itemRisk-2": "99999", "attendeeRole-1": "Chair" });
    expect(response.statusCode).toBe(400);
    expect(errorSummary(response.body)).toEqual([
      "#heldOnDay Enter the day of the meeting",
      "#itemTitle-1 Enter the title of item 1",
      "#itemRisk-2 Select a risk for item 2 from the list",
      "#attendeeName-1 Enter the name of attendee 1",
    ]);
    // A meeting not yet held has no minutes or attendance.
    const planned = await editor.post(`${board}/meetings/new`, { ...form, ...dateFields("heldOn", "2026-07-01"), "itemTitle-1": "Health assessments", "itemMinutes-1": "Noted.", "attendeeName-1": "Sam Partner", "attendance-1": "present" });
    expect(errorSummary(planned.body)).toEqual([
      "#itemMinutes-1 Minutes are written once the meeting has been held: leave those of item 1 empty until then",
      "#attendance-1 Attendance is recorded once the meeting has been held",
    ]);
    const held = await editor.post(`${board}/meetings/new`, { ...form, ...dateFields("heldOn", "2026-06-01"), "itemTitle-1": "Health assessments", "attendeeName-1": "Sam Partner" });
    expect(errorSummary(held.body)).toEqual(["#attendance-1 Select whether Sam Partner was present, sent apologies or was absent, or clear their name to leave them out"]);
    expect((await events("meeting")).length).toBe(before);
  });

  it("have items about an issued report, linked to its issued copy", async () => {
    const approver = await signedIn(testApp.app, "approver");
    const report = page((await approver.get("/reports")).body).links.find((l) => l.text.includes("progress in Q1 and Q2 2025/26"))?.href ?? "";
    expect((await approver.post(`${report}/issue`, { issue: "1" }, `${report}/issue`)).statusCode).toBe(303);
    await testApp.queue.runPending();
    const board = await addSampleBoard(testApp.app, "Scrutiny Briefing Board");
    const options = page((await editor.get(`${board}/meetings/new`)).body).texts("select#itemReport-1 option");
    const issued = options.find((o) => o.startsWith("Progress report to Scrutiny: ") && o.endsWith("(issue 1)")) ?? "";
    const meeting = await addSampleMeeting(testApp.app, board, "2026-06-01", { "itemTitle-1": "Progress report", "itemReport-1": await optionValue(testApp.app, `${board}/meetings/new`, "itemReport-1", issued) });
    const link = page((await viewer.get(meeting)).body).links.find((l) => l.text === issued);
    expect(link?.href).toMatch(/^\/reports\/issued\/\d+$/);
    // Reports not yet issued are not offered.
    expect(options.every((o) => o === "No report" || o.endsWith(")"))).toBe(true);
  });

  it("give more boxes for items and attendees without saving", async () => {
    const board = await addSampleBoard(testApp.app, "Front Door Board");
    const form = await formValues(editor, `${board}/meetings/new`);
    const response = await editor.post(`${board}/meetings/new`, { ...form, "itemTitle-1": "First item", more: "yes" });
    expect(response.statusCode).toBe(200);
    const document = page(response.body).document;
    expect(document.querySelector("#itemTitle-6")).not.toBeNull();
    expect(document.querySelector("#itemTitle-1")?.getAttribute("value")).toBe("First item");
  });

  it("have their minutes drafted, then approved at the board's next meeting only, audited", async () => {
    const board = await addSampleBoard(testApp.app, "Reform Board");
    const first = await addSampleMeeting(testApp.app, board, "2026-04-01");
    const second = await addSampleMeeting(testApp.app, board, "2026-05-01");
    const third = await addSampleMeeting(testApp.app, board, "2026-07-01");
    // No minutes yet: nothing for the second meeting to approve.
    expect(page((await editor.get(second)).body).text).toContain("The minutes of the meeting of 1 April 2026 have not been drafted yet: there is nothing to approve.");
    const form = await formValues(editor, `${first}/edit`);
    expect((await editor.post(`${first}/edit`, { ...form, "itemMinutes-1": "The board heard the month's figures." })).statusCode).toBe(303);
    expect(page((await viewer.get(first)).body).text).toMatch(/Minutes\s*Draft minutes, to be approved at the board's next meeting/);
    const version = String(page((await editor.get(second)).body).document.querySelector("form[action$='/approve-minutes'] input[name=version]")?.getAttribute("value"));
    // Not from the meeting after next.
    const wrong = await editor.post(`${third}/approve-minutes`, { meetingId: idOf(first), version }, third);
    expect(wrong.statusCode).toBe(400);
    expect(errorSummary(wrong.body)).toEqual(["#approval Minutes are approved at the board's next meeting: this is not the meeting after the meeting of 1 April 2026"]);
    const shown = page((await editor.get(second)).body);
    expect(shown.texts("form[action$='/approve-minutes'] button")).toEqual(["Approve the minutes of the meeting of 1 April 2026"]);
    expect((await editor.post(`${second}/approve-minutes`, { meetingId: idOf(first), version }, second)).statusCode).toBe(303);
    expect(page((await viewer.get(first)).body).text).toMatch(/Minutes\s*Minutes approved: approved at the meeting of 1 May 2026, recorded by Evan Editor/);
    expect(page((await viewer.get(second)).body).text).toContain("The minutes of the meeting of 1 April 2026 were approved at this meeting, recorded by Evan Editor.");
    const [event] = (await events("meeting")).slice(-1);
    expect(event).toMatchObject({ action: "approve minutes", username: "editor", record_id: idOf(first), before: expect.objectContaining({ minutes: "draft" }), after: expect.objectContaining({ minutes: "approved", approvedAtMeetingOf: "2026-05-01", approvedBy: "Evan Editor" }) });
    // Approved minutes are not approved again, nor changed.
    expect((await editor.post(`${second}/approve-minutes`, { meetingId: idOf(first), version }, second)).statusCode).toBe(400);
    expect((await editor.get(`${first}/edit`)).statusCode).toBe(409);
    expect((await editor.post(`${first}/edit`, { ...form, "itemMinutes-1": "Changed afterwards." }, first)).statusCode).toBe(409);
    // The second meeting's minutes, once drafted, wait for the third, which is not yet held.
    const secondForm = await formValues(editor, `${second}/edit`);
    await editor.post(`${second}/edit`, { ...secondForm, "itemMinutes-1": "Figures noted." });
    expect(page((await editor.get(third)).body).text).toContain("The minutes of the meeting of 1 May 2026 are approved at the meeting of 1 July 2026: record it on or after that day.");
  });
});

describe("a meeting's action log", () => {
  it("carries an open action to the next meeting's matters arising, and once more after it is completed, then no further", async () => {
    const board = await addSampleBoard(testApp.app, "Performance Surgery");
    const first = await addSampleMeeting(testApp.app, board, "2026-04-01");
    const action = await raiseSampleBoardAction(testApp.app, first, "2026-05-15");
    const second = await addSampleMeeting(testApp.app, board, "2026-06-01");
    const third = await addSampleMeeting(testApp.app, board, "2026-07-01");
    const fourth = await addSampleMeeting(testApp.app, board, "2026-08-03");
    const arising = async (meeting: string) => page((await viewer.get(meeting)).body).texts("#matters-arising-actions tbody tr");
    expect(page((await viewer.get(first)).body).texts("#meeting-actions tbody tr")).toEqual(["Dip sample the re-referrals of the month and report what they show. Lee Lead 15 May 2026 Open Overdue"]);
    expect(await arising(second)).toEqual(["Dip sample the re-referrals of the month and report what they show. Lee Lead 15 May 2026 Open Overdue Meeting of 1 April 2026"]);
    expect(page((await viewer.get(board)).body).texts("#board-open-actions tbody tr")).toEqual(["Dip sample the re-referrals of the month and report what they show. Lee Lead 15 May 2026 Open Overdue Meeting of 1 April 2026"]);
    // Overdue, it waits on its owner's home page, leading to its page.
    const lead = await signedIn(testApp.app, "lead");
    const home = () => lead.get("/home").then((r) => [...page(r.body).document.querySelectorAll("#own-overdue-actions a")].map((a) => a.getAttribute("href")));
    expect(await home()).toContain(action);
    expect(page((await lead.get("/home")).body).texts("#own-overdue-actions tbody tr")).toContainEqual(expect.stringContaining("Performance Surgery, meeting of 1 April 2026"));
    // Its owner completes it today, 15 June: after the second meeting, so the third hears it was done; the fourth does not.
    const form = await formValues(lead, action);
    expect((await lead.post(`${action}/update`, { ...form, status: "complete", note: "Dip sample done: findings to the next board." }, action)).statusCode).toBe(303);
    expect(await arising(third)).toEqual(["Dip sample the re-referrals of the month and report what they show. Lee Lead 15 May 2026 Complete Completed 15 June 2026 Meeting of 1 April 2026"]);
    expect(await arising(fourth)).toEqual([]);
    expect(await home()).not.toContain(action);
    // Complete, it is no longer among the board's open actions.
    expect(page((await viewer.get(board)).body).texts("#board-open-actions tbody tr")).toEqual([]);
    expect(page((await viewer.get(fourth)).body).text).toContain("There are no matters arising.");
  });

  it("lets an action's owner update it with a note, and refuses anyone else but plan editors", async () => {
    const board = await addSampleBoard(testApp.app, "Workforce Board");
    const meeting = await addSampleMeeting(testApp.app, board, "2026-06-01");
    const action = await raiseSampleBoardAction(testApp.app, meeting, "2026-09-30");
    const lead = await signedIn(testApp.app, "lead");
    const form = await formValues(lead, action);
    const noNote = await lead.post(`${action}/update`, { ...form, status: "in-progress", note: "" }, action);
    expect(noNote.statusCode).toBe(400);
    expect(errorSummary(noNote.body)).toEqual(["#note Enter a note on what has been done"]);
    expect((await lead.post(`${action}/update`, { ...form, status: "in-progress", note: "Half the teams sampled." }, action)).statusCode).toBe(303);
    const shown = page((await viewer.get(action)).body);
    expect(shown.text).toMatch(/Status\s*In progress/);
    expect(shown.texts("#action-updates tbody tr")).toEqual([expect.stringMatching(/^\d{1,2} \w+ \d{4} Half the teams sampled\. In progress Lee Lead$/)]);
    // A viewer reads it, is offered no form, and is refused the update.
    expect(shown.document.querySelector(`form[action="${action}/update"]`)).toBeNull();
    const refused = await viewer.post(`${action}/update`, { ...form, status: "complete", note: "Not mine to say." }, action);
    expect(refused.statusCode).toBe(403);
    expect(page(refused.body).text).toContain("Only the action's owner or a plan editor may update it.");
    // An update over someone else's is refused, showing both.
    const stale = await editor.post(`${action}/update`, { ...form, status: "complete", note: "Late." }, action);
    expect(stale.statusCode).toBe(409);
    expect(page(stale.body).text).toContain("Someone else changed this while you were editing it");
    const [event] = (await events("board action")).slice(-1);
    expect(event).toMatchObject({ action: "update", username: "lead", after: expect.objectContaining({ status: "In progress" }) });
  });

  it("can close an audit action: completing the board's action closes it, with the note as its evidence", async () => {
    const auditAction = await raiseSampleAction(testApp.app, (await recordSampleAudit(testApp.app)).audit);
    const board = await addSampleBoard(testApp.app, "Audit Follow-up Board");
    const meeting = await addSampleMeeting(testApp.app, board, "2026-06-01");
    const options = page((await editor.get(meeting)).body).texts("select#qualityActionId option");
    // A plan editor does not read audits: the audit action is offered by its number, owner and due date, not by what it says of a case.
    const offered = options.find((o) => o.startsWith(`Audit action ${idOf(auditAction)},`)) ?? "";
    expect(offered).toBe(`Audit action ${idOf(auditAction)}, Lee Lead, due 1 December 2025`);
    const action = await raiseSampleBoardAction(testApp.app, meeting, "2026-07-31", { qualityActionId: idOf(auditAction) });
    const lead = await signedIn(testApp.app, "lead");
    const form = await formValues(lead, action);
    expect((await lead.post(`${action}/update`, { ...form, status: "complete", note: "Every plan in the team checked for dated actions." }, action)).statusCode).toBe(303);
    const closed = page((await lead.get(auditAction)).body);
    expect(closed.text).toContain(`Completed as board action ${idOf(action)}: Every plan in the team checked for dated actions.`);
    expect(page((await lead.get(action)).body).text).toMatch(new RegExp(`Audit action it closes\\s*Audit action ${idOf(auditAction)}, Lee Lead, closed`));
  });

  it("are refused with a message naming each field that is wrong, and nothing is raised", async () => {
    const board = await addSampleBoard(testApp.app, "Quality Board");
    const meeting = await addSampleMeeting(testApp.app, board, "2026-06-01");
    const before = (await events("board action")).length;
    const form = await formValues(editor, meeting, `${meeting}/actions`);
    const response = await editor.post(`${meeting}/actions`, { ...form, description: "", owner: "", ...dateFields("dueOn", "2026-05-01"), riskId: "99999" }, meeting);
    expect(response.statusCode).toBe(400);
    expect(errorSummary(response.body)).toEqual([
      "#description Enter the action: what is to be done",
      "#owner Select the owner: the person who sees the action through",
      "#dueOnDay Due date must be on or after the day of the meeting, 1 June 2026",
      "#riskId Select the risk from the list",
    ]);
    expect((await events("board action")).length).toBe(before);
    expect((await viewer.post(`${meeting}/actions`, { ...form, description: "Not mine to raise." }, meeting)).statusCode).toBe(403);
  });
});
