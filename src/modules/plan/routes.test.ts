import JSZip from "jszip";
import { beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app/app.ts";
import { clockAt } from "../../core/clock.ts";
import { demoPassword } from "../../demo/accounts.ts";
import { testContext } from "../../../test/support/demo.ts";
import { findReport, issueReport, listReports } from "../reports/index.ts";
import { page } from "../../../test/support/html.ts";
import { signedIn, type Client } from "../../../test/support/session.ts";
import { openZip } from "../../../test/support/zip.ts";
import { exportPlan } from "./plan-export.ts";
import { demoPlanFolder } from "../../demo/index.ts";
import { editPriority } from "./editing.ts";
import { readPlanFolder } from "./plan-files.ts";
import { findCurrentPlan, findPriority } from "./repository.ts";
import { currentPlanSummary, loadPlan } from "./service.ts";
import { openTestApp, useTestApp } from "../../../test/support/app.ts";
import { aUser } from "../../../test/support/factories.ts";

const testApp = useTestApp({ data: "demo" });
let viewer: Client;

beforeAll(async () => {
  testApp.app.get("/test-failure", { config: { policy: "signed-in" } }, async () => {
    throw new Error("select * from secret_table failed at line 12");
  });
  viewer = await signedIn(testApp.app, "viewer");
});

async function get(url: string) {
  const response = await viewer.get(url);
  return { status: response.statusCode, ...page(response.body), body: response.body, headers: response.headers };
}

describe("plan pages", () => {
  it("shows the plan overview: vision, values, young people's ask and the ten priorities", async () => {
    const overview = await get("/");
    expect(overview.status).toBe(200);
    expect(overview.h1).toBe("Achieving Excellence");
    expect(overview.text).toContain("High Expectations, High Support, High Challenge");
    expect(overview.text).toContain("Equal, Kind and Safe");
    expect(overview.texts("h2")).toEqual(expect.arrayContaining(["Our vision", "The 10 priorities", "Our planning framework"]));
    const cards = overview.texts(".waymark-card");
    expect(cards).toHaveLength(10);
    expect(cards[0]).toMatch(/Priority 1 Early help .* 2024\/25 13 milestones 2025\/26 9 milestones 2026\/27 10 milestones/);
    expect(cards[9]).toMatch(/2024\/25 0 milestones/);
    expect(overview.links).toContainEqual({ text: "Targeted help", href: "/priorities/2" });
  });

  it("shows a priority with its milestones by plan year, the superseded originals and its outcomes", async () => {
    const priority = await get("/priorities/1");
    expect(priority.status).toBe(200);
    expect(priority.title).toContain("Priority 1: Early help");
    expect(priority.texts("h3")).toEqual(["2024/25 13 milestones", "2025/26 9 milestones", "2026/27 10 milestones"]);
    expect(priority.text).toContain("Reset at the year-one review, 16 July 2025.");
    expect(priority.texts(".govuk-details__summary-text")).toContain("Original 2025/26 milestones, superseded at the year-one review (9)");
    expect(priority.texts("#key-elements + ul li")).toContain("Continue implementation of locality family hubs.");
    expect(priority.texts("#outcomes + ul li")).toHaveLength(4);
    expect(priority.links).toContainEqual({ text: "Next priority : Priority 2: Targeted help", href: "/priorities/2" });
    expect(priority.links).toContainEqual({ text: "Its scorecard of measures", href: "/measures?priority=1" });
  });

  it("links a priority to the Ofsted areas it answers", async () => {
    const priority = await get("/priorities/3");
    expect(priority.links.map((l) => l.href)).toEqual(expect.arrayContaining(["/ofsted#area-1", "/ofsted#area-2"]));
  });

  it("shows priority 10's enablers", async () => {
    const priority = await get("/priorities/10");
    expect(priority.texts("#enablers + dl dt")).toContain("System development");
  });

  it.each(["/priorities/11", "/priorities/abc", "/priorities/0", "/no-such-page"])("answers %s with the not-found page", async (url) => {
    const missing = await get(url);
    expect(missing.status).toBe(404);
    expect(missing.h1).toBe("Page not found");
  });

  it("lists the eight Ofsted areas with the priorities that answer them", async () => {
    const ofsted = await get("/ofsted");
    expect(ofsted.status).toBe(200);
    const areas = ofsted.texts("section > h2");
    expect(areas).toHaveLength(8);
    expect(areas[0]).toMatch(/^Area 1: The effectiveness of the response to worries and concerns for children out of office hours/);
    expect(ofsted.document.querySelector("#area-2")?.parentElement?.textContent).toContain("Priority 3: Timely and effective social work practice");
  });

  it("shows the Ten Wishes and what young people asked of the plan", async () => {
    const voice = await get("/voice");
    expect(voice.texts("#ten-wishes ~ ol li")).toHaveLength(10);
    expect(voice.text).toContain("We want professionals to ask us 'do you feel safe?'");
    expect(voice.text).toContain("Accommodation for care leavers is not good enough.");
  });

  it("shows the key indicators and where the plan will be in 2027", async () => {
    const success = await get("/success");
    expect(success.texts("#key-indicators ~ ul li")).toHaveLength(13);
    expect(success.texts("h2")).toContain("Where we will be in 2027");
    expect(success.texts("tbody th")[0]).toBe("The Partnership delivers an effective early help offer in localities");
  });

  it("searches the plan and lands on the matching milestone", async () => {
    const search = await get("/search?q=Mockingbird");
    expect(search.status).toBe(200);
    expect(search.texts("#results")[0]).toMatch(/^\d+ results? for “Mockingbird”$/);
    const hit = search.links.find((l) => l.href.includes("#milestone-"));
    expect(hit?.text).toMatch(/Mockingbird/);
    const target = hit?.href.split("#")[1];
    const priority = await get(hit?.href.split("#")[0] ?? "");
    expect(priority.document.getElementById(target ?? "")?.textContent).toMatch(/Mockingbird/);
  });

  it("says so when a search finds nothing", async () => {
    const search = await get("/search?q=zeppelin");
    expect(search.text).toContain("0 results for “zeppelin”");
    expect(search.text).toContain("Nothing matches");
  });

  it("finds measures, approved progress and issued reports too, grouped by kind", async () => {
    const caseload = await get("/search?q=caseload");
    expect(caseload.texts("h3")).toContain(`Measures (${String(caseload.document.querySelectorAll("#measures + ul li").length)})`);
    const measureLinks = [...caseload.document.querySelectorAll("#measures + ul a")].map((a) => a.getAttribute("href"));
    expect(measureLinks).toContain("/measures/SW-CASELOAD");
    const progress = await get("/search?q=Belonging%20Framework");
    const progressLinks = [...progress.document.querySelectorAll("#progress + ul a")];
    expect(progressLinks.length).toBeGreaterThan(0);
    expect(progressLinks.some((a) => /Belonging Framework/.test(a.textContent ?? ""))).toBe(true);
    expect(progressLinks.every((a) => /^\/progress\/periods\/\d+(\/priorities\/\d+)?$/.test(a.getAttribute("href") ?? ""))).toBe(true);

    // A report is found once it is issued, never while it is in preparation.
    expect((await get("/search?q=Scrutiny%20progress")).document.querySelectorAll("#reports + ul a")).toHaveLength(0);
    const plan = await currentPlanSummary(testApp.db);
    const draft = (await listReports(testApp.db, plan?.id ?? null)).reports.find((r) => r.kind === "scrutiny");
    if (!draft) throw new Error("the demo has no Scrutiny report");
    const report = await findReport(testApp.db, draft.id);
    if (!report) throw new Error("the report is not there");
    await issueReport(testApp.db, testContext, plan, report, null, "Test Approver");
    const issued = [...(await get(`/search?q=${encodeURIComponent(report.cover.title)}`)).document.querySelectorAll("#reports + ul a")];
    expect(issued.map((a) => a.textContent)).toContain(report.cover.title);

    // A title pasted whole finds its report, though it has a dash standing alone ("2024 - 27").
    const cabinet = (await listReports(testApp.db, plan?.id ?? null)).reports.find((r) => r.kind === "cabinet");
    const cabinetReport = cabinet ? await findReport(testApp.db, cabinet.id) : null;
    if (!cabinetReport) throw new Error("the demo has no Cabinet report");
    expect(cabinetReport.cover.title).toMatch(/ - /);
    await issueReport(testApp.db, testContext, plan, cabinetReport, null, "Test Approver");
    const found = [...(await get(`/search?q=${encodeURIComponent(cabinetReport.cover.title)}`)).document.querySelectorAll("#reports + ul a")];
    expect(found.map((a) => a.textContent)).toContain(cabinetReport.cover.title);
  });

  it("refuses an over-long search with an error summary and keeps what was typed", async () => {
    const long = "a".repeat(201);
    const search = await get(`/search?q=${long}`);
    expect(search.status).toBe(400);
    expect(search.title).toMatch(/^Error: /);
    expect(search.texts(".govuk-error-summary__list a")).toEqual(["Search must be 200 characters or fewer"]);
    expect(search.document.querySelector("#q")?.getAttribute("value")).toBe(long);
  });

  it("refuses a search with a hidden control character in it, rather than failing", async () => {
    const search = await get("/search?q=early%00help");
    expect(search.status).toBe(400);
    expect(search.texts(".govuk-error-summary__list a")).toEqual(["Search must not contain hidden control characters: retype it rather than pasting it"]);
  });
});

describe("the plan's files", () => {
  const link = { text: "Download the plan's files", href: "/plan-files.zip" };

  it("offers the plan's files to those who edit the plan, and to no one else", async () => {
    expect((await get("/")).links).not.toContainEqual(link);
    const editor = await signedIn(testApp.app, "editor");
    expect(page((await editor.get("/")).body).links).toContainEqual(link);
    expect((await viewer.get("/plan-files.zip")).statusCode).toBe(403);
  });

  it("downloads a zip of the folder that load-plan reads, named after the plan", async () => {
    const editor = await signedIn(testApp.app, "editor");
    const download = await editor.get("/plan-files.zip");
    expect(download.statusCode).toBe(200);
    expect(download.headers["content-type"]).toBe("application/zip");
    expect(download.headers["content-disposition"]).toBe('attachment; filename="achieving-excellence.zip"');
    const zip = await openZip(download.rawPayload);
    const files = (await exportPlan(testApp.db))?.files ?? [];
    expect(zip.names).toEqual(files.map((f) => `achieving-excellence/${f.path}`));
    expect(zip.names).toContain("achieving-excellence/priorities/10.yaml");
    for (const file of files) expect(await zip.text(`achieving-excellence/${file.path}`)).toBe(file.text);
  });

  it("dates the files in the zip by the app's clock, in London time", async () => {
    const app = await buildApp({ db: testApp.db, demoPassword, queue: testApp.queue, clock: clockAt("2025-07-16T23:30:20Z") });
    try {
      const download = await (await signedIn(app, "editor")).get("/plan-files.zip");
      const zip = await JSZip.loadAsync(download.rawPayload);
      const dates = new Set(Object.values(zip.files).map((file) => file.date.toISOString()));
      // A zip holds local time without a zone: half past midnight on the 17th, British Summer Time.
      expect([...dates]).toEqual(["2025-07-17T00:30:20.000Z"]);
    } finally {
      await app.close();
    }
  });

  it("says what to change when the plan would not load again from its files, and sends none", async () => {
    const own = await openTestApp();
    await loadPlan(own.db, testContext, await readPlanFolder(demoPlanFolder));
    await aUser(own.db, "editor", ["plan_editor"], { displayName: "A plan editor" });
    const current = await findCurrentPlan(own.db);
    const priority = current && (await findPriority(own.db, current.id, 5));
    if (!priority) throw new Error("the demo has no priority 5");
    await editPriority(own.db, testContext, priority.id, { ...priority, lead: "", narrative: ["word ".repeat(2100).trim()] });
    const refused = await (await signedIn(own.app, "editor")).get("/plan-files.zip");
    expect(refused.statusCode).toBe(409);
    const shown = page(refused.body);
    expect(shown.h1).toBe("The plan's files cannot be written");
    expect(shown.text).toContain("priorities/05.yaml: narrative › 0: must be 10,000 characters or fewer");
    await own.close();
  }, 120_000);
});

describe("the service around the pages", () => {
  it("answers the health check while the database answers", async () => {
    const health = await testApp.app.inject({ method: "GET", url: "/health" });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: "ok" });
  });

  it("shows a failure without its stack trace or SQL, with a reference to quote", async () => {
    const failure = await get("/test-failure");
    expect(failure.status).toBe(500);
    expect(failure.h1).toBe("Sorry, there is a problem with the service");
    expect(failure.body).not.toContain("secret_table");
    expect(failure.text).toContain(String(failure.headers["x-request-id"]));
  });

  it("is council branded: no crown, no Crown copyright, no GDS Transport font", async () => {
    const overview = await get("/");
    expect(overview.body).not.toMatch(/crown/i);
    expect(overview.text + overview.texts("footer").join(" ")).toContain("© Plymouth City Council");
    const css = await testApp.app.inject({ method: "GET", url: "/assets/waymark.css" });
    expect(css.statusCode).toBe(200);
    expect(css.body).not.toContain("GDS Transport");
    expect(css.body).not.toContain("@font-face");
  });
});

describe("before any plan is loaded", () => {
  it("says how to load one", async () => {
    const bare = await openTestApp();
    await aUser(bare.db, "viewer", ["viewer"], { displayName: "A councillor" });
    const response = await (await signedIn(bare.app, "viewer")).get("/");
    expect(page(response.body).h1).toBe("No plan has been loaded yet");
    await bare.close();
  });
});
