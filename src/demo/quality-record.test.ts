import { beforeAll, describe, expect, it } from "vitest";
import { countedGrade } from "../core/audit-grades.ts";
import { currentScorecardRow } from "../modules/measures/index.ts";
import { useTestApp } from "../../test/support/app.ts";
import { page } from "../../test/support/html.ts";
import { signedIn, type Client } from "../../test/support/session.ts";
import { practiceWeeks, quarterFeedback, syntheticQuarter } from "./quality-record.ts";

/**
 * The demo's quality-assurance record of October to December 2024: synthetic audits whose grades
 * are the shares the Scrutiny Panel report gives, and the scorecard's QA measures computed from them.
 */
describe("the demo's quality-assurance record", () => {
  const testApp = useTestApp({ data: "demo" });
  let viewer: Client;
  beforeAll(async () => {
    viewer = await signedIn(testApp.app, "viewer");
  });

  it("makes 100 audits graded 36% good, 59% requires improvement, with 20% of domain grades inadequate, 5% in each of the four areas", () => {
    const audits = syntheticQuarter();
    const count = (grade: string) => audits.filter((a) => countedGrade({ overallGrade: a.overallGrade, moderatedGrade: null }) === grade).length;
    expect([audits.length, count("good"), count("requires-improvement"), count("inadequate"), count("outstanding")]).toEqual([100, 36, 59, 5, 0]);
    const grades = audits.flatMap((a) => a.domainGrades);
    expect(grades.filter((g) => g === "inadequate").length / grades.length).toBe(0.2);
    for (let domain = 0; domain < 4; domain += 1) expect(audits.filter((a) => a.domainGrades[domain] === "inadequate").length / grades.length).toBe(0.05);
    expect(audits.every((a) => a.auditDate >= "2024-10-01" && a.auditDate <= "2024-12-31")).toBe(true);
  });

  it("reads 36% of audits good or better for Q3 2024/25 on the scorecard, beside the figure typed from the report, under priority 8", async () => {
    const found = await currentScorecardRow(testApp.db, "QA-AUDITS-GOOD-OR-BETTER");
    expect(found?.row.latest).toMatchObject({ periodEnd: "2024-12-31", value: 36, numerator: 36, denominator: 100 });
    expect(found?.row.measure).toMatchObject({ source: "computed", frequency: "quarterly" });
    expect(found?.row.priorities).toEqual([8]);
    const grades = await currentScorecardRow(testApp.db, "QA-AUDIT-GRADES-INADEQUATE");
    expect(grades?.row.latest).toMatchObject({ periodEnd: "2024-12-31", value: 20, numerator: 80, denominator: 400 });
    // The reasons behind them, 20 grades (5% of all) in each of the four areas, in the figure's source.
    expect(page((await viewer.get("/measures/QA-AUDIT-GRADES-INADEQUATE")).body).text).toContain("80 of 400 domain grades inadequate (Living arrangements 20; Plans recorded on the child's file 20; Reviews held as required 20; Supervision and management oversight 20)");
    const requiresImprovement = await currentScorecardRow(testApp.db, "QA-AUDITS-REQUIRES-IMPROVEMENT");
    expect(requiresImprovement?.row.latest).toMatchObject({ periodEnd: "2024-12-31", value: 59, numerator: 59, denominator: 100 });
    expect(requiresImprovement?.row.priorities).toEqual([8]);
    const inadequate = await currentScorecardRow(testApp.db, "QA-AUDITS-INADEQUATE");
    expect(inadequate?.row.latest).toMatchObject({ periodEnd: "2024-12-31", value: 5, numerator: 5, denominator: 100 });
    const measure = page((await viewer.get("/measures/QA-AUDITS-GOOD-OR-BETTER")).body);
    expect(measure.text).toContain("36% (36/100)");
    expect(measure.text).toContain("100 of the audits are synthetic, made to match the grades the council reported for the quarter");
    // Computed from case audits, not case records: an analyst is offered no cases behind it.
    const analyst = await signedIn(testApp.app, "analyst");
    expect(page((await analyst.get("/measures/QA-AUDITS-GOOD-OR-BETTER")).body).links.filter((l) => l.href.startsWith("/casework/"))).toEqual([]);
    expect(page((await analyst.get("/measures/CIN-REREFERRAL-12M")).body).links.some((l) => l.href.startsWith("/casework/measures/CIN-REREFERRAL-12M/"))).toBe(true);
  });

  it("tells a viewer, on the grades by quarter, that the audits are synthetic and why", async () => {
    const overview = page((await viewer.get("/quality")).body);
    expect(overview.text).toContain("100 of these audits are synthetic");
    expect(overview.text).toContain("36% good, 59% requiring improvement");
    expect(overview.links.map((l) => l.href)).not.toContain("/quality/audits");
  });

  it("holds the four practice weeks the reports name, with only the findings they give", async () => {
    expect(practiceWeeks.map((w) => [w.theme, w.startsOn, w.endsOn, w.strengths.length, w.areasForImprovement.length])).toEqual([
      ["Care leavers", "2024-11-01", "2024-11-30", 4, 2],
      ["Domestic abuse (multi-agency)", "2024-11-01", "2024-11-30", 2, 3],
      ["Front Door", "2025-01-20", "2025-01-24", 0, 0],
      ["Families First Front Door", "2025-11-01", "2025-11-30", 2, 0],
    ]);
    // No report gives a number of activities, so none is recorded.
    expect(practiceWeeks.flatMap((w) => w.activities)).toEqual([]);
    const list = page((await viewer.get("/quality/practice-weeks")).body);
    expect(list.texts("#practice-weeks tbody tr")).toEqual([
      "1 November 2025 to 30 November 2025 Families First Front Door Front door and early help Findings recorded",
      "20 January 2025 to 24 January 2025 Front Door Front door and early help Held, findings to record",
      expect.stringMatching(/^1 November 2024 to 30 November 2024 (Domestic abuse \(multi-agency\)|Care leavers) .+ Findings recorded$/),
      expect.stringMatching(/^1 November 2024 to 30 November 2024 (Domestic abuse \(multi-agency\)|Care leavers) .+ Findings recorded$/),
    ]);
    const careLeavers = list.links.find((l) => l.text === "Care leavers")?.href ?? "";
    const week = page((await viewer.get(careLeavers)).body);
    expect(week.text).toContain("Held in November 2024");
    expect(week.texts("#week-areas li")).toHaveLength(2);
    expect(week.text).toContain("Pathway Plan");
  });

  it("holds October to December 2024's families' feedback, 11 strengths and 6 things to strengthen, each coded by theme", async () => {
    const kinds = quarterFeedback.map((f) => f.kind);
    expect([quarterFeedback.length, kinds.filter((k) => k === "strength").length, kinds.filter((k) => k === "to-strengthen").length]).toEqual([17, 11, 6]);
    expect(quarterFeedback.every((f) => f.gatheredFrom === "2024-10-01" && f.gatheredTo === "2024-12-31")).toBe(true);
    const officer = await signedIn(testApp.app, "quality");
    const feedback = page((await officer.get("/quality/feedback?quarter=2024-Q3")).body);
    expect(feedback.text).toMatch(/Kindness and care \(3\)\s*Feeling cared for and cared about\./);
    expect(feedback.text).toMatch(/Understanding why a worker is involved, and the plan \(2\)/);
    // Everyone sees the counts by theme on the overview; counts from 1 to 4 are suppressed for those who do not record audits.
    const row = async (client: Client, theme: string) => page((await client.get("/quality")).body).texts("#feedback-by-theme tbody tr").find((r) => r.startsWith(theme));
    expect(await row(officer, "Kindness and care")).toBe("Kindness and care 3 0");
    expect(await row(viewer, "Kindness and care")).toBe("Kindness and care c 0");
    expect(page((await viewer.get("/quality")).body).text).toContain("Families' feedback in Q3 2024/25");
  });

  it("links each practice week to the priority its report tells of it under, and to priority 8, where its findings show", async () => {
    const leaving = page((await viewer.get("/priorities/6")).body).document.querySelector("#priority-practice-weeks")?.textContent ?? "";
    expect(leaving).toContain("Care leavers");
    expect(leaving).toContain("Passion and pride in our young people");
    const framework = page((await viewer.get("/priorities/8")).body).document.querySelector("#priority-practice-weeks")?.textContent ?? "";
    for (const theme of ["Care leavers", "Domestic abuse (multi-agency)", "Front Door", "Families First Front Door"]) expect(framework).toContain(theme);
  });
});
