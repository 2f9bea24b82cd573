import { beforeAll, describe, expect, it } from "vitest";
import { countedGrade } from "../core/audit-grades.ts";
import { currentScorecardRow } from "../modules/measures/index.ts";
import { useTestApp } from "../../test/support/app.ts";
import { page } from "../../test/support/html.ts";
import { signedIn, type Client } from "../../test/support/session.ts";
import { syntheticQuarter } from "./quality-record.ts";

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
});
