import { beforeAll, describe, expect, it } from "vitest";
import { addDays } from "../../core/milestones-due.ts";
import { formatDate } from "../../core/format.ts";
import { londonDateOf } from "../../core/values-as-at.ts";
import { demoPassword } from "../../demo/accounts.ts";
import { testContext } from "../../../test/support/demo.ts";
import { page } from "../../../test/support/html.ts";
import { sendAndFinish } from "../../../test/support/jobs.ts";
import { client, signedIn, type Client } from "../../../test/support/session.ts";
import { upload } from "../../../test/support/upload.ts";
import { createUser } from "../access/index.ts";
import { editMilestone } from "../plan/index.ts";
import * as plans from "../plan/index.ts";
import { useTestApp } from "../../../test/support/app.ts";
import { auditFields, planSampleAudit, recordSampleAudit } from "../../../test/support/quality.ts";

const testApp = useTestApp({ data: "demo", demoPassword });
const today = londonDateOf(new Date());

const home = async (browser: Client) => page((await browser.get("/home")).body);
/** The text of each row of a table on the page, as a person reads it. */
const rowsOf = (view: ReturnType<typeof page>, table: string) => view.texts(`#${table} tbody tr`);

describe("signing in", () => {
  it("lands on the home page when no page was asked for", async () => {
    const browser = client(testApp.app);
    const response = await browser.post("/sign-in", { username: "viewer", password: demoPassword }, "/sign-in");
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe("/home");
    const view = await home(browser);
    expect(view.h1).toBe("Your work");
    // The first item of the navigation, marked as the page the person is on.
    const nav = view.document.querySelector('nav[aria-label="Plan"] li a');
    expect(nav?.textContent).toBe("Your work");
    expect(nav?.getAttribute("aria-current")).toBe("page");
  });

  it("lands on the home page from the site's root, and on the page asked for otherwise", async () => {
    const fromRoot = await client(testApp.app).post("/sign-in", { username: "viewer", password: demoPassword, returnTo: "/" }, "/sign-in?returnTo=%2F");
    expect(fromRoot.headers.location).toBe("/home");
    const deep = await client(testApp.app).post("/sign-in", { username: "viewer", password: demoPassword, returnTo: "/measures/exceptions" }, "/sign-in?returnTo=%2Fmeasures%2Fexceptions");
    expect(deep.headers.location).toBe("/measures/exceptions");
  });

  it("sends someone already signed in from the sign-in page to their home page", async () => {
    const viewer = await signedIn(testApp.app, "viewer");
    const again = await viewer.get("/sign-in");
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe("/home");
  });

  it("keeps the plan overview at /", async () => {
    const viewer = await signedIn(testApp.app, "viewer");
    expect(page((await viewer.get("/")).body).h1).toContain("Achieving Excellence");
  });
});

describe("each demo role's home page, on the demo as loaded", () => {
  it("shows each person only the section of their role", async () => {
    const sections: [string, string][] = [
      ["admin", "Administrator"],
      ["editor", "Plan editor"],
      ["lead", "Priority lead"],
      ["approver", "Approver"],
      ["analyst", "Performance analyst"],
      ["quality", "Quality assurance officer"],
      ["viewer", "Viewer"],
    ];
    for (const [username, heading] of sections) {
      // Beside a role's section, anyone may have their own overdue actions and risks to review.
      const own = ["Your overdue actions", "Your risks to review"];
      expect((await home(await signedIn(testApp.app, username))).texts("h2.govuk-heading-l").filter((h) => !own.includes(h)), username).toEqual([heading]);
    }
  });

  it("tells the priority lead their priorities, 3 and 4, and that no period is open", async () => {
    const view = await home(await signedIn(testApp.app, "lead"));
    expect(view.text).toMatch(/You lead priority 3: .+ and priority 4: .+\./);
    expect(view.text).not.toContain("priority 1:");
    expect(view.texts("#lead-updates-none")).toEqual(["Nothing waits for you: no reporting period is open, so no update is asked of you."]);
    expect(view.texts("#lead-milestones-none")).toHaveLength(1);
  });

  it("gives the approver the demo's four reports in preparation, none issued, and no updates to approve", async () => {
    const view = await home(await signedIn(testApp.app, "approver"));
    expect(view.texts("#awaiting-approval-none")).toEqual(["Nothing waits for you: no update is waiting for approval."]);
    const reports = rowsOf(view, "reports-to-issue");
    expect(reports).toHaveLength(4);
    for (const title of ["Children, Young People and Families Service Q3 Improvement Update", "Achieving Excellence: progress in Q1 and Q2 2025/26"]) {
      expect(reports.some((r) => r.includes(title) && r.includes("Not yet issued")), title).toBe(true);
    }
    expect(view.links.filter((l) => l.href.match(/^\/reports\/\d+$/))).toHaveLength(4);
  });

  it("gives the analyst each measure's values due, from the period after its latest value", async () => {
    const view = await home(await signedIn(testApp.app, "analyst"));
    const due = rowsOf(view, "values-due");
    // The demo's last MASH referrals figure is for December 2024: January 2025 is the first owed, since 1 February 2025.
    const mash = due.find((r) => r.startsWith("Referrals progressed by the MASH"));
    expect(mash).toMatch(/December 2024 January 2025 to .+ \(\d+ values\) since 1 February 2025/);
    // Oldest owed first.
    const since = view.texts("#values-due tbody tr td:nth-child(3) .govuk-body-s").map((s) => s.replace("since ", ""));
    const months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
    const isoOf = (words: string) => {
      const [day, month, year] = words.split(" ");
      return `${year ?? ""}-${String(months.indexOf(month ?? "") + 1).padStart(2, "0")}-${(day ?? "").padStart(2, "0")}`;
    };
    expect(since.map(isoOf)).toEqual([...since.map(isoOf)].sort());
    const enter = view.links.find((l) => l.text.startsWith("Enter the value of Referrals progressed by the MASH"));
    expect(enter?.href).toBe("/measures/entry?period=2025-01-31");
  });

  it("gives the analyst the data exceptions that the exceptions page says lack commentary, until it is written", async () => {
    const analyst = await signedIn(testApp.app, "analyst");
    const missingOnExceptionsPage = async () =>
      [...page((await analyst.get("/measures/exceptions")).body).document.querySelectorAll("tbody tr")].filter((row) => row.textContent.includes("Missing")).map((row) => row.querySelector("td a")?.textContent.trim());
    // The measures the demo computes from its synthetic records have exceptions of their own; the typed ones have none.
    const before = await missingOnExceptionsPage();
    expect(before).not.toContain("Re-referrals within 12 months");
    expect((await home(analyst)).texts("#exceptions-without-commentary tbody tr td:first-child")).toEqual(before);
    // A 2025/26 target of 20% makes October 2025's 26% re-referrals red.
    const target = await analyst.post("/measures/REREFERRALS/targets/new", { planYear: "2025/26", value: "20", tolerance: "1" }, "/measures/REREFERRALS/targets/new");
    expect(target.statusCode).toBe(303);
    const missing = await missingOnExceptionsPage();
    expect(missing).toContain("Re-referrals within 12 months");
    expect((await home(analyst)).texts("#exceptions-without-commentary tbody tr td:first-child")).toEqual(missing);
    const written = await analyst.post("/measures/REREFERRALS/commentary", { periodEnd: "2025-10-31", text: "Re-referrals are reviewed at the monthly performance board.", "version-2025-10-31": "0" }, "/measures/REREFERRALS");
    expect(written.statusCode).toBe(303);
    expect((await home(analyst)).texts("#exceptions-without-commentary tbody tr td:first-child")).toEqual(before);
  });

  it("lists the analyst's latest imports, a refused one with its problems, each linked to its page", async () => {
    const analyst = await signedIn(testApp.app, "analyst");
    let view = await home(analyst);
    expect(view.texts("#refused-imports")[0]).toContain("those refused too");
    expect(view.texts("#recent-imports-none")).toEqual(["No values file has been imported yet."]);
    const refused = await upload(testApp.app, analyst, "/measures/import", { name: "bad.csv", content: "measure_code,period_end,value,numerator,denominator,status,note\r\nNO-SUCH-MEASURE,2025-10-31,1,,,final,\r\n" });
    expect(refused.statusCode).toBe(400);
    const good = await upload(testApp.app, analyst, "/measures/import", { name: "october.csv", content: "measure_code,period_end,value,numerator,denominator,status,note\r\nMASH-REFERRALS,2025-10-31,250,,,final,\r\n" });
    expect(good.statusCode).toBe(303);
    // Checked and kept, its values are saved by a job: until that has run, the import is waiting.
    expect(rowsOf(await home(analyst), "recent-imports")[0]).toMatch(/^october\.csv 1 Waiting to be applied .+ by analyst$/);
    await testApp.queue.runPending();
    view = await home(analyst);
    expect(rowsOf(view, "recent-imports")).toEqual([expect.stringMatching(/^october\.csv 1 1 added, 0 changed, 0 unchanged .+ by analyst$/), expect.stringMatching(/^bad\.csv 1 Refused: 1 problem .+ by analyst$/)]);
    const refusedPage = page((await analyst.get(view.links.find((l) => l.text === "bad.csv")?.href ?? "")).body);
    expect(refusedPage.texts("#import-problems tbody tr")).toEqual([expect.stringContaining("There is no measure NO-SUCH-MEASURE")]);
    // The new value moves the measure on: November 2025 is now the first owed.
    expect(rowsOf(view, "values-due").find((r) => r.startsWith("Referrals progressed by the MASH"))).toMatch(/October 2025 November 2025/);
  });

  it("gives the quality assurance officer the overdue actions from case audits, with links to what they can use", async () => {
    const view = await home(await signedIn(testApp.app, "quality"));
    expect(view.texts("#quality-overdue-actions-none")).toEqual(["No action from a case audit is overdue."]);
    for (const href of ["/quality/actions", "/quality/audits/new", "/quality/audits", "/quality/programmes", "/measures", "/measures/exceptions", "/progress", "/reports"]) expect(view.links.some((l) => l.href === href), href).toBe(true);
    expect(view.texts("#quality-planned-audits-none")).toEqual(["No audit in a programme waits for you. See the audit programmes."]);
    // A month's programme gives them an audit to do: it is listed, with the way to record it.
    await planSampleAudit(testApp.app, (await recordSampleAudit(testApp.app)).template);
    const planned = await home(await signedIn(testApp.app, "quality"));
    expect(rowsOf(planned, "quality-planned-audits")).toEqual([expect.stringMatching(new RegExp(`^Record the audit of ${auditFields.caseId} ?Children in care; Whole-case audit \\d+ \\w+ \\d{4}$`))]);
    expect(planned.links.some((l) => /^\/quality\/audits\/new\?planned=\d+$/.test(l.href))).toBe(true);
  });

  it("gives the viewer the reported periods newest first, no issued report yet, and the exceptions in words", async () => {
    const viewer = await signedIn(testApp.app, "viewer");
    const view = await home(viewer);
    expect(view.texts("#latest-reports-none")).toEqual(["No report has been issued yet."]);
    expect(view.texts("#distance-summary tbody th")).toEqual(["Q1 and Q2 2025/26", "Year-end review 2024/25", "Q3 2024/25"]);
    // The year-end review's decisions, added up over the priorities, in words.
    expect(rowsOf(view, "distance-summary")[1]).toMatch(/^Year-end review 2024\/25 \d+ of 10 \d+ complete \d+ carried forward/);
    expect(view.texts("#exceptions-in-words li")).toContain(
      "Re-referrals within 12 months: 26.0% in October 2025. It is red against its target, 20.0% (2025/26). The service's commentary: Re-referrals are reviewed at the monthly performance board.",
    );
  });

  it("says when the commentary the viewer reads is the sentence generated from the figures, not yet edited", async () => {
    const analyst = await signedIn(testApp.app, "analyst");
    const measure = page((await analyst.get("/measures/REREFERRALS")).body);
    const sentence = measure.texts("#generated-commentary")[0] ?? "";
    const version = measure.document.querySelector('input[name="version-2025-10-31"]')?.getAttribute("value") ?? "0";
    expect((await analyst.post("/measures/REREFERRALS/commentary", { periodEnd: "2025-10-31", text: sentence, "version-2025-10-31": version }, "/measures/REREFERRALS")).statusCode).toBe(303);
    const view = await home(await signedIn(testApp.app, "viewer"));
    expect(view.texts("#exceptions-in-words li").find((li) => li.startsWith("Re-referrals within 12 months"))).toContain(
      `The service's commentary (generated from the figures, not yet edited): ${sentence}`,
    );
  });

  it("gives the plan editor every priority's milestones for the plan year, with links to edit", async () => {
    const view = await home(await signedIn(testApp.app, "editor"));
    expect(rowsOf(view, "editor-milestones")).toHaveLength(10);
    expect(view.links.some((l) => l.href === "/priorities/3/edit")).toBe(true);
  });

  it("tells the administrator that no period is open", async () => {
    const view = await home(await signedIn(testApp.app, "admin"));
    expect(view.texts("#open-periods-none")[0]).toContain("no reporting period is open");
  });
});

describe("a report issued", () => {
  /** The fields of a page's form as a browser would send them unchanged. */
  function formFields(html: string, action: string): Record<string, string> {
    const form = page(html).document.querySelector(`form[action="${action}"]`);
    const fields: Record<string, string> = {};
    for (const control of form?.querySelectorAll("input[name], textarea[name], select[name]") ?? []) {
      const name = control.getAttribute("name") ?? "";
      const type = control.getAttribute("type") ?? "";
      if (name === "_csrf" || ((type === "radio" || type === "checkbox") && !control.hasAttribute("checked"))) continue;
      fields[name] = control.tagName === "SELECT" ? (control.querySelector("option[selected]")?.getAttribute("value") ?? "") : control.tagName === "TEXTAREA" ? (control.textContent ?? "") : (control.getAttribute("value") ?? "");
    }
    return fields;
  }

  it("leaves the approver's list once issued, comes back when saved again, and reaches the viewer's latest reports", async () => {
    const approver = await signedIn(testApp.app, "approver");
    const title = "Children, Young People and Families Service Q3 Improvement Update";
    const href = (await home(approver)).links.find((l) => l.text === title)?.href ?? "";
    expect(href).toMatch(/^\/reports\/\d+$/);
    await sendAndFinish(approver, testApp.queue, `${href}/issue`, { issue: "1" }, `${href}/issue`);

    let rows = rowsOf(await home(approver), "reports-to-issue");
    expect(rows).toHaveLength(3);
    expect(rows.some((r) => r.includes(title))).toBe(false);
    const latest = page((await (await signedIn(testApp.app, "viewer")).get("/home")).body);
    expect(latest.texts("#latest-reports li")).toEqual([expect.stringMatching(new RegExp(`^${title} \\(issue 1, .+\\)$`))]);

    const edit = `${href}/edit`;
    const fields = formFields((await approver.get(edit)).body, edit);
    expect((await approver.post(edit, { ...fields, author: "Temwa Author" }, edit)).statusCode).toBe(303);
    rows = rowsOf(await home(approver), "reports-to-issue");
    expect(rows.find((r) => r.includes(title))).toMatch(/Issue 1, .+; saved again since$/);
  });
});

describe("a reporting period under way", () => {
  let admin: Client;
  let lead: Client;
  let approver: Client;
  let periodUrl: string;
  /** Milestones of 2025/26 given due dates for the test, by what they show. */
  const due: Record<string, { id: number; text: string }> = {};

  async function milestonesOf(number: number) {
    const plan = await plans.findCurrentPlan(testApp.db);
    const priority = plan && (await plans.findPriority(testApp.db, plan.id, number));
    if (!priority) throw new Error(`no priority ${number}`);
    return (await plans.listMilestones(testApp.db, [priority.id])).filter((m) => m.planYear === 2025 && m.supersededByResetId === null);
  }

  async function setDue(name: string, milestone: { id: number; text: string; version: number }, days: number, owner = "") {
    const saved = await editMilestone(testApp.db, testContext, milestone.id, { text: milestone.text, owner, dueOn: addDays(today, days), ofstedAreas: [], version: milestone.version }, new Map());
    if (!saved.ok) throw new Error("could not set the milestone's due date");
    due[name] = { id: milestone.id, text: milestone.text };
  }

  beforeAll(async () => {
    admin = await signedIn(testApp.app, "admin");
    lead = await signedIn(testApp.app, "lead");
    approver = await signedIn(testApp.app, "approver");
    const [p3a, p3b, p3c] = await milestonesOf(3);
    const [p4a] = await milestonesOf(4);
    const [p1a, p1b] = await milestonesOf(1);
    if (!p3a || !p3b || !p3c || !p4a || !p1a || !p1b) throw new Error("the demo has too few 2025/26 milestones");
    await setDue("soon", p3a, 10);
    await setDue("overdue", p3b, -5);
    await setDue("complete", p3c, 15);
    await setDue("later", p4a, 61);
    await setDue("owned", p1a, 20, "Lee Lead");
    await setDue("someone else's", p1b, 5, "Someone Else");
  });

  it("lists the lead's priorities 3 and 4, not started and overdue, under the period and its deadline", async () => {
    const opened = await admin.post("/progress/periods", { planYear: "2025", kind: "quarter", quarter: "3", deadline: addDays(today, -1), milestones: "yes" }, "/progress");
    expect(opened.statusCode).toBe(303);
    periodUrl = String(opened.headers.location);
    const view = await home(lead);
    expect(view.texts("caption")).toContain(`Q3 2025/26: updates were due by ${formatDate(addDays(today, -1))}`);
    const rows = view.texts("table[id^=lead-updates] tbody tr");
    expect(rows.map((r) => r.split(":")[0])).toEqual(["Priority 3", "Priority 4"]);
    for (const row of rows) expect(row).toMatch(/Not started Overdue 0 of \d+ given$/);
  });

  it("follows the updates through the workflow: the lead sees each state, the approver the submitted ones oldest first", async () => {
    // An administrator starts priority 1's update first, so the order of submission, not of starting, is what counts.
    expect((await admin.post(`${periodUrl}/priorities/1/edit`, { narrative: "Early help is reaching more families.", action: "draft", version: "0" })).statusCode).toBe(303);
    const statusOf = (id: number) => `status-${id}`;
    const submitted3 = await lead.post(`${periodUrl}/priorities/3/edit`, {
      narrative: "Assessments are timelier.",
      [statusOf(due.soon?.id ?? 0)]: "on_track",
      [statusOf(due.complete?.id ?? 0)]: "complete",
      action: "submit",
      version: "0",
    });
    expect(submitted3.statusCode).toBe(303);
    expect((await lead.post(`${periodUrl}/priorities/4/edit`, { narrative: "Recruitment is under way.", action: "submit", version: "0" })).statusCode).toBe(303);
    const draft1 = page((await admin.get(`${periodUrl}/priorities/1/edit`)).body).document.querySelector('input[name="version"]')?.getAttribute("value") ?? "";
    expect((await admin.post(`${periodUrl}/priorities/1/edit`, { narrative: "Early help is reaching more families.", action: "submit", version: draft1 })).statusCode).toBe(303);

    let waiting = rowsOf(await home(approver), "awaiting-approval");
    expect(waiting.map((r) => r.split(":")[0])).toEqual(["Priority 3", "Priority 4", "Priority 1"]);
    expect(waiting[0]).toMatch(/Q3 2025\/26 .+ by Lee Lead$/);

    const page4 = page((await approver.get(`${periodUrl}/priorities/4`)).body);
    const returnAction = page4.document.querySelector('form[action$="/return"]')?.getAttribute("action") ?? "";
    expect((await approver.post(returnAction, { comment: "Add the October figures." }, `${periodUrl}/priorities/4`)).statusCode).toBe(303);

    waiting = rowsOf(await home(approver), "awaiting-approval");
    expect(waiting.map((r) => r.split(":")[0])).toEqual(["Priority 3", "Priority 1"]);

    const rows = rowsOf(await home(lead), `lead-updates-${periodUrl.split("/").at(-1) ?? ""}`);
    expect(rows[0]).toMatch(/^Priority 3: .+ Submitted 2 of \d+ given$/);
    expect(rows[1]).toMatch(/^Priority 4: .+ Returned with comment Overdue The approver's comment: “Add the October figures.” 0 of \d+ given$/);
  });

  it("lists the lead's milestones due: in their priorities or owned by them, overdue first, not complete, within 60 days", async () => {
    const view = await home(lead);
    const texts = view.texts("#lead-milestones tbody tr td:first-child a");
    expect(texts).toEqual([due.overdue?.text, due.soon?.text, due.owned?.text]);
    const rows = rowsOf(view, "lead-milestones");
    expect(rows[0]).toContain(`${formatDate(addDays(today, -5))} Overdue`);
    expect(rows[1]).toMatch(/Due soon On track \(Q3 2025\/26\)$/);
    expect(rows[2]).toContain("owner: Lee Lead");
    expect(view.links.find((l) => l.text === due.soon?.text)?.href).toBe(`/priorities/3#milestone-${String(due.soon?.id)}`);
  });

  it("asks nothing of a lead with no priority assigned, even with a period open", async () => {
    await createUser(testApp.db, testContext, { username: "new-lead", displayName: "Nia New", roles: ["priority_lead"], password: "a long enough password 123" });
    const browser = client(testApp.app);
    await browser.post("/sign-in", { username: "new-lead", password: "a long enough password 123" }, "/sign-in");
    const view = await home(browser);
    expect(view.text).toContain("No priority has been assigned to you yet");
    expect(view.texts("#lead-updates-none")).toEqual(["Nothing waits for you: no priority is assigned to you, so no update is asked of you."]);
    expect(view.document.querySelector("table[id^=lead-updates]")).toBeNull();
  });

  it("gives the administrator the open period's compliance", async () => {
    const rows = rowsOf(await home(admin), "open-periods");
    // Priorities 1 and 3 submitted, 4 returned, the other seven not started: eight still owed past the deadline.
    expect(rows).toEqual([expect.stringMatching(/^Q3 2025\/26: who owes an update .+ Passed 0 of 10 approved; 7 not started; 8 overdue/)]);
  });
});

describe("a person with several roles", () => {
  it("has a section for each, the work first, with links to each", async () => {
    await createUser(testApp.db, testContext, { username: "lead-and-councillor", displayName: "Morgan Both", roles: ["viewer", "priority_lead"], priorityNumbers: [5], password: "a long enough password 123" });
    const both = client(testApp.app);
    const signIn = await both.post("/sign-in", { username: "lead-and-councillor", password: "a long enough password 123" }, "/sign-in");
    expect(signIn.headers.location).toBe("/home");
    const view = await home(both);
    expect(view.texts("h2.govuk-heading-l")).toEqual(["Priority lead", "Viewer"]);
    expect(view.texts('nav[aria-labelledby="your-roles"] a')).toEqual(["Priority lead", "Viewer"]);
    expect([...view.document.querySelectorAll('nav[aria-labelledby="your-roles"] a')].map((a) => a.getAttribute("href"))).toEqual(["#priority_lead", "#viewer"]);
    expect(view.text).toMatch(/You lead priority 5: /);
  });
});
