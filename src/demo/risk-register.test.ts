import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { findUserByUsername } from "../modules/access/index.ts";
import { listMilestones, priorityNumbersById } from "../modules/plan/index.ts";
import { openActionsOf, riskViews, type BoardActionRow, type RiskView } from "../modules/risks/index.ts";
import { useTestApp } from "../../test/support/app.ts";
import { testContext } from "../../test/support/demo.ts";
import { demoReviewOn, demoRisks, loadRiskRegister } from "./risk-register.ts";

/**
 * The demo's risk register: the key challenges of the progress report for April to September 2025,
 * each a risk with the mitigations the report states as its actions, linked to its priority.
 */
describe("the demo's risk register", () => {
  const testApp = useTestApp({ data: "demo" });
  const today = "2025-12-01";
  let risks: RiskView[];
  let ids: { lead: number; approver: number; editor: number };
  const actionsOf = async () => [...(await openActionsOf(testApp.db, ids.lead)), ...(await openActionsOf(testApp.db, ids.approver))].filter((a) => a.riskId !== null);

  beforeAll(async () => {
    const id = async (username: string) => (await findUserByUsername(testApp.db, username))?.id ?? 0;
    ids = { lead: await id("lead"), approver: await id("approver"), editor: await id("editor") };
    risks = await riskViews(testApp.db, today);
  });

  it("types each of the report's five key challenges as an open risk, owned, in a category, due for review a quarter after the report", () => {
    expect(risks.map((r) => [r.risk.title, r.risk.category, r.risk.ownerName, r.risk.kind, r.risk.status, r.risk.reviewOn])).toEqual([
      ["The Family Help Lead Practitioner restructure has not given the seamless approach expected", "delivery", "April Approver", "risk", "open", demoReviewOn],
      ["Pressure on the capacity and practice of the Children's Social Work teams", "safeguarding", "Lee Lead", "risk", "open", demoReviewOn],
      ["Recruiting and retaining experienced qualified social workers", "workforce", "April Approver", "risk", "open", demoReviewOn],
      ["Demand and financial pressure in residential placements and specialist provision", "financial", "April Approver", "risk", "open", demoReviewOn],
      ["Capacity for system development for the Families First Partnership", "delivery", "April Approver", "risk", "open", demoReviewOn],
    ]);
    expect(demoReviewOn).toBe("2026-02-27");
    expect(risks.every((r) => r.risk.createdById === ids.editor && r.target === null && r.risk.appetite === null)).toBe(true);
    // The register sits on the report's own words: each challenge, as the demo's progress file holds them, names what its risk is about.
    const challenges = readFileSync(new URL("./achieving-excellence/progress/2025-26-q1-q2.yaml", import.meta.url), "utf8");
    for (const phrase of ["The implementation of Family Help Lead Practitioners", "considerable pressure in the Children's Social Work teams", "Difficulties recruiting and retaining experienced qualified social workers", "residential placements for children in care", "Capacity for system development"]) {
      expect(challenges).toContain(phrase);
    }
  });

  it("leaves every risk not yet scored but one, whose score says it is an example and not the council's own assessment", () => {
    expect(risks.map((r) => r.history.length)).toEqual([0, 0, 1, 0, 0]);
    const scored = risks[2]?.latest;
    expect(scored?.assessment.rationale).toContain("This is an example score, given to show how scoring works");
    expect(scored?.assessment.rationale).toContain("It is not the council's own assessment of this risk");
    expect([scored?.inherent.score, scored?.inherent.rating, scored?.residual.score, scored?.residual.rating, scored?.change]).toEqual([16, "very-high", 12, "high", "new"]);
  });

  it("raises the mitigations the report states as the risks' actions, owned by the risk's owner, due when the report says or at the review", async () => {
    const byRisk = (actions: BoardActionRow[], index: number) =>
      actions
        .filter((a) => a.riskId === risks[index]?.risk.id)
        .sort((a, b) => a.id - b.id)
        .map((a) => [a.description, a.ownerName, a.dueOn, a.status, a.meetingId]);
    const actions = await actionsOf();
    expect(byRisk(actions, 0)).toEqual([["Review the current structure and practice model, and progress the changes required as part of the implementation of the Families First Partnership programme.", "April Approver", "2026-04-30", "open", null]]);
    expect(byRisk(actions, 1).map(([description, owner, dueOn]) => [description, owner, dueOn])).toEqual([
      ["Staff from other teams undertake assessments, as part of the immediate mitigation plan.", "Lee Lead", demoReviewOn],
      ["Staff from other teams manage case work, as part of the immediate mitigation plan.", "Lee Lead", demoReviewOn],
      ["Staff from other teams provide management support and oversight, as part of the immediate mitigation plan.", "Lee Lead", demoReviewOn],
    ]);
    expect(byRisk(actions, 2).map(([description, , dueOn]) => [description, dueOn])).toEqual([["Launch the refocused recruitment campaign, with updated materials and a strengthened offer to attract more social workers to work permanently for Plymouth.", "2026-01-30"]]);
    expect(byRisk(actions, 3).map(([description, , dueOn]) => [description, dueOn])).toEqual([["Review the DSG management plan.", "2025-11-28"]]);
    expect(byRisk(actions, 4).map(([description, owner, dueOn]) => [description, owner, dueOn])).toEqual([["Discuss the capacity needed with Corporate colleagues to identify a solution.", "April Approver", demoReviewOn]]);
    expect(risks[1]?.risk.controls).toBe("An immediate mitigation plan is in place to manage the risks.");
  });

  it("links each risk to the priority it belongs to, and to the milestone of 2025/26 where the report makes it plain", async () => {
    const priorityIds = [...new Set(risks.flatMap((r) => r.links.map((l) => l.priorityId ?? 0)))];
    const milestones = new Map((await listMilestones(testApp.db, priorityIds)).map((m) => [m.id, m]));
    const linked = risks.map((r) => r.links.map((l) => [l.priorityId, l.milestoneId === null ? null : milestones.get(l.milestoneId)?.text]));
    const numbers = await priorityNumbersById(testApp.db, priorityIds);
    expect(linked.map((links) => links.map(([priorityId, milestone]) => [numbers.get(Number(priorityId)), milestone]))).toEqual([
      [[2, null]],
      [[3, null]],
      [[7, "Improve retention and workforce stability, including for priority groups of Educational Psychologists and experienced social workers."]],
      [
        [4, null],
        [5, "Decision-making groups and financial controls in place setting out trajectories and mitigation arrangements."],
        [5, "Improve local provision to reduce demand for Home to School Transport."],
      ],
      [[10, "System development; ensuring systems support staff to do their job, freeing them up from administration to spend more time with families."]],
    ]);
    // Each milestone is one of 2025/26 in force, not one the year's reset replaced.
    for (const link of risks.flatMap((r) => r.links)) {
      const milestone = link.milestoneId === null ? undefined : milestones.get(link.milestoneId);
      if (milestone) expect([milestone.planYear, milestone.supersededByResetId]).toEqual([2025, null]);
    }
  });

  it("adds nothing when it is loaded again", async () => {
    const before = (await actionsOf()).length;
    expect(await loadRiskRegister(testApp.db, testContext)).toBe(demoRisks.length);
    const again = await riskViews(testApp.db, today);
    expect(again.map((r) => [r.risk.id, r.history.length, r.links.length])).toEqual(risks.map((r) => [r.risk.id, r.history.length, r.links.length]));
    expect((await actionsOf()).length).toBe(before);
  });
});
