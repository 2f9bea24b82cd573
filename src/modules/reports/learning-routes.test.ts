import { existsSync } from "node:fs";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, reports } from "../../db/schema/index.ts";
import { useTestApp } from "../../../test/support/app.ts";
import { page } from "../../../test/support/html.ts";
import { sendAndFinish } from "../../../test/support/jobs.ts";
import { signedIn, type Client } from "../../../test/support/session.ts";
import { openWord, textOf } from "../../../test/support/word.ts";

const chromium = existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : null;
const testApp = useTestApp({ data: "demo", chromium });
let officer: Client;
let approver: Client;
let viewer: Client;
let periods: Map<string, string>;

beforeAll(async () => {
  officer = await signedIn(testApp.app, "quality");
  approver = await signedIn(testApp.app, "approver");
  viewer = await signedIn(testApp.app, "viewer");
  const list = page((await officer.get("/reports")).body);
  periods = new Map([...list.document.querySelectorAll("select#periodId option")].map((o) => [(o.textContent ?? "").trim(), o.getAttribute("value") ?? ""]));
});

const periodId = (label: string) => {
  const id = periods.get(label);
  if (!id) throw new Error(`no reporting period ${label}`);
  return id;
};

/** The demo's report of a kind and period, by the words its row shows on the reports page. */
async function demoReport(who: Client, title: string): Promise<string> {
  const list = page((await who.get("/reports")).body);
  const href = list.links.find((l) => l.text.includes(title))?.href;
  if (!href) throw new Error(`no report ${title}`);
  return href;
}

describe("a quality assurance officer's learning report", () => {
  let url: string;

  it("is the only kind of report a quality assurance officer may start", async () => {
    const list = page((await officer.get("/reports")).body);
    expect(list.texts("input[name=kind] + label")).toEqual(["Learning report"]);
    expect(list.texts("select#serviceArea option")).toContain("Children in care");
  });

  it("is started for a quarter and all service areas, with its default title", async () => {
    const started = await officer.post("/reports", { kind: "learning", periodId: periodId("Q3 2024/25"), serviceArea: "all" }, "/reports");
    expect(started.statusCode).toBe(303);
    url = String(started.headers.location);
    const report = page((await officer.get(url)).body);
    expect(report.h1).toBe("Learning report: All service areas — Q3 2024/25");
    expect(report.text).toContain("All service areas");
    const [row] = await testApp.db.select().from(reports).where(eq(reports.id, Number(url.split("/").pop())));
    expect(row).toMatchObject({ kind: "learning", serviceArea: null });
    const [event] = await testApp.db.select().from(auditEvents).where(and(eq(auditEvents.recordType, "report"), eq(auditEvents.recordId, String(row?.id ?? 0)))).orderBy(auditEvents.id);
    expect(event?.after).toMatchObject({ kind: "learning", period: "Q3 2024/25", serviceArea: "All service areas" });
  });

  it("previews from the quarter's audits: 36% good or better, and says they are synthetic", async () => {
    const response = await officer.get(`${url}/preview`);
    expect(response.statusCode).toBe(200);
    const preview = page(response.body);
    expect(preview.text).toContain("100 case audits were completed in the period; 36% of them were graded good or better");
    expect(preview.text).toContain("The audits counted here are synthetic");
    expect(preview.text).not.toContain("Purpose of report");
  });

  it("downloads as Word", async () => {
    const response = await officer.get(`${url}/report.docx`);
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toContain("wordprocessingml");
    const word = await openWord(response.rawPayload);
    const text = word.paragraphs.map(textOf).join(" ");
    expect(text).toContain("Learning report: All service areas — Q3 2024/25");
    expect(text).toContain("36% of them were graded good or better");
  });

  it.skipIf(chromium === null)("downloads as PDF", async () => {
    const response = await officer.get(`${url}/report.pdf`);
    expect(response.statusCode).toBe(200);
    expect(response.rawPayload.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  }, 60_000);

  it("is issued by the officer, and a viewer reads the issued copy", async () => {
    const { finished } = await sendAndFinish(officer, testApp.queue, `${url}/issue`, {}, url);
    expect(finished.headers.location).toBe(`${url}?issued=1`);
    const list = page((await viewer.get("/reports")).body);
    const issued = list.links.find((l) => l.text === "Learning report: All service areas — Q3 2024/25" && l.href.startsWith("/reports/issued/"))?.href ?? "";
    expect(issued).toMatch(/^\/reports\/issued\/\d+$/);
    const copy = page((await viewer.get(issued)).body);
    expect(copy.text).toContain("36% of them were graded good or better");
    expect((await viewer.get(`${issued}/report.docx`)).statusCode).toBe(200);
    expect((await viewer.get(url)).statusCode).toBe(403);
  }, 60_000);

  it("covers one service area when asked", async () => {
    const started = await officer.post("/reports", { kind: "learning", periodId: periodId("Q3 2024/25"), serviceArea: "Care leavers" }, "/reports");
    expect(started.statusCode).toBe(303);
    const report = page((await officer.get(String(started.headers.location))).body);
    expect(report.h1).toBe("Learning report: Care leavers — Q3 2024/25");
    const preview = page((await officer.get(`${String(started.headers.location)}/preview`)).body);
    expect(preview.text).toContain("Service area: Care leavers");
    expect(preview.text).not.toContain("100 case audits");
  });

  it.each([
    ["a period that is not a quarter", { periodId: "Q1 and Q2 2025/26", serviceArea: "all" }, "A learning report covers a quarter: select one"],
    ["no period", { periodId: "", serviceArea: "all" }, "Select the quarter the learning report is about"],
    ["a service area that is not one", { periodId: "Q3 2024/25", serviceArea: "Nowhere" }, "Select one of the service areas, or all service areas"],
  ])("refuses %s, naming the field, and starts nothing", async (_name, fields, message) => {
    const before = (await testApp.db.select().from(reports)).length;
    const response = await officer.post("/reports", { kind: "learning", periodId: fields.periodId ? periodId(fields.periodId) : "", serviceArea: fields.serviceArea }, "/reports");
    expect(response.statusCode).toBe(400);
    expect(page(response.body).texts(".govuk-error-message")[0]).toContain(message);
    expect(await testApp.db.select().from(reports)).toHaveLength(before);
  });
});

describe("what a quality assurance officer may not do with other reports", () => {
  it("refuses starting a Scrutiny report", async () => {
    const before = (await testApp.db.select().from(reports)).length;
    const response = await officer.post("/reports", { kind: "scrutiny", periodId: periodId("Q3 2024/25") }, "/reports");
    expect(response.statusCode).toBe(403);
    expect(await testApp.db.select().from(reports)).toHaveLength(before);
  });

  it("refuses opening, editing, downloading and issuing a Scrutiny report, which is not listed for them", async () => {
    const scrutiny = await demoReport(approver, "Q3 Improvement Update");
    for (const path of ["", "/edit", "/preview", "/report.docx", "/issue"]) expect((await officer.get(`${scrutiny}${path}`)).statusCode, path).toBe(403);
    expect((await officer.post(`${scrutiny}/issue`, {}, "/reports")).statusCode).toBe(403);
    expect(page((await officer.get("/reports")).body).links.some((l) => l.href === scrutiny)).toBe(false);
  });
});

describe("the Scrutiny report's quality assurance section", () => {
  it("reads 36% good and 59% requires improvement for Q3 2024/25 from the demo's audits", async () => {
    const scrutiny = await demoReport(approver, "Q3 Improvement Update");
    const preview = page((await approver.get(`${scrutiny}/preview`)).body);
    expect(preview.texts("main h2")).toContain("Quality assurance");
    expect(preview.text).toContain("100 case audits were completed in Q3 2024/25. 36% of the practice audited was graded 'good', 59% 'requires improvement' and 5% 'inadequate'.");
    expect(preview.text).toContain("20% of the individual domain grades given in the period were 'inadequate'");
    // The quarter's practice weeks with their findings, and what families said, from the quality record.
    expect(preview.text).toContain("Passion and pride in our young people");
    expect(preview.text).toContain("Fathers' views fully considered");
    expect(preview.text).toContain("Support with accessing health appointments including the dentist");
    expect(preview.text).toContain("A better understanding of the purpose of having a social worker");
  });

  it("is absent from a period with no quality-assurance record", async () => {
    const scrutiny = await demoReport(approver, "progress in Q1 and Q2 2025/26");
    const preview = page((await approver.get(`${scrutiny}/preview`)).body);
    expect(preview.texts("main h2")).not.toContain("Quality assurance");
  });
});
