import { describe, expect, it } from "vitest";
import { defaultRiskScale, ratingOf, scoreChange, type RiskLevel } from "../../core/risk-scores.ts";
import { reviewOverdue, reviewState, riskReference } from "../../core/risks.ts";
import type { RiskView } from "../risks/index.ts";
import type { Block, TableBlock } from "./document.ts";
import { packRiskSection, riskAsAt, riskManagementBlocks, riskManagementText, writesOwnRiskManagement } from "./risk-blocks.ts";

type Row = RiskView["risk"];

const scale = defaultRiskScale;
const today = "2025-06-30";

/** Scores as [assessed on, likelihood after controls, impact after controls]; before controls is one level higher in likelihood. */
type Scored = [string, RiskLevel, RiskLevel];

/** A risk of the register as `riskViews` gives it, judged on `today`. */
function view(id: number, fields: Partial<Row>, scores: Scored[] = [], priorityIds: number[] = []): RiskView {
  const risk: Row = {
    id,
    kind: "risk",
    title: `Risk ${String(id)}`,
    cause: "",
    event: "",
    effect: "",
    category: "workforce",
    ownerId: 1,
    ownerName: "Jo Owner",
    controls: "",
    targetLikelihood: null,
    targetImpact: null,
    appetite: null,
    reviewOn: "2025-12-31",
    status: "open",
    escalatedToBoardId: null,
    escalatedOn: null,
    becameIssueOn: null,
    issueImpact: "",
    resolution: "",
    closedOn: null,
    createdById: 1,
    createdByName: "Jo Owner",
    createdAt: new Date("2025-01-10T10:00:00Z"),
    version: 1,
    ...fields,
  };
  let previous: number | null = null;
  const history = scores.map(([assessedOn, likelihood, impact], i) => {
    const inherentLikelihood = Math.min(5, likelihood + 1) as RiskLevel;
    const score = (l: RiskLevel, m: RiskLevel) => ({ likelihood: l, impact: m, score: l * m, rating: ratingOf(l * m, scale) });
    const residual = score(likelihood, impact);
    const entry = {
      assessment: { id: id * 100 + i, riskId: id, assessedOn, inherentLikelihood, inherentImpact: impact, residualLikelihood: likelihood, residualImpact: impact, rationale: "", assessedById: 1, assessedByName: "Jo Owner", assessedAt: new Date(`${assessedOn}T09:00:00Z`) },
      inherent: score(inherentLikelihood, impact),
      residual,
      change: scoreChange(previous, residual.score),
    };
    previous = residual.score;
    return entry;
  });
  return {
    risk,
    reference: riskReference(risk),
    history,
    latest: history.at(-1) ?? null,
    target: null,
    review: reviewState(risk.reviewOn, today),
    reviewOverdue: reviewOverdue(risk, today),
    links: priorityIds.map((priorityId, i) => ({ id: id * 10 + i, riskId: id, priorityId, milestoneId: null, measureId: null })),
  };
}

const tableOf = (blocks: readonly Block[]): TableBlock => {
  const table = blocks.find((b): b is TableBlock => b.kind === "table");
  if (!table) throw new Error("no table");
  return table;
};
const texts = (blocks: readonly Block[]) => blocks.flatMap((b) => (b.kind === "paragraph" || b.kind === "heading" ? [b.text] : []));
/** The rows of the pack's table, by reference: the score and what changed. */
const rowsByReference = (blocks: readonly Block[]) => Object.fromEntries(tableOf(blocks).rows.map((row) => [row[0] as string, { title: row[1], owner: row[2], score: row[3], changes: (row[4] as { items: string[] }).items }]));

const boards = new Map([[2, "Improvement Board"]]);

describe("a risk as at the end of a period", () => {
  it("leaves out a risk added after the period, and one closed by its end", () => {
    expect(riskAsAt(view(1, { createdAt: new Date("2025-04-01T08:00:00Z") }), "2025-03-31")).toBeNull();
    expect(riskAsAt(view(1, { status: "closed", closedOn: "2025-03-01" }), "2025-03-31")).toBeNull();
    expect(riskAsAt(view(1, { status: "closed", closedOn: "2025-04-02" }), "2025-03-31")).not.toBeNull();
  });

  it("takes the day a risk was added in England: just before midnight in summer is the next day there", () => {
    expect(riskAsAt(view(1, { createdAt: new Date("2025-01-31T23:30:00Z") }), "2025-01-31")?.addedOn).toBe("2025-01-31");
    expect(riskAsAt(view(1, { createdAt: new Date("2025-04-30T23:30:00Z") }), "2025-04-30")).toBeNull();
  });

  it("ignores scores assessed after the period's end", () => {
    const risk = riskAsAt(view(1, {}, [["2025-02-01", 2, 4], ["2025-05-01", 4, 4]]), "2025-03-31");
    expect(risk?.history).toHaveLength(1);
    expect(risk?.latest?.residual.score).toBe(8);
  });

  it("counts a risk escalated only from the day it was, and an issue as a risk until it happened", () => {
    const escalated = view(1, { status: "escalated", escalatedToBoardId: 2, escalatedOn: "2025-04-10" });
    expect(riskAsAt(escalated, "2025-03-31")?.escalated).toBe(false);
    expect(riskAsAt(escalated, "2025-04-10")?.escalated).toBe(true);
    const issue = view(7, { kind: "issue", becameIssueOn: "2025-04-10" });
    expect(riskAsAt(issue, "2025-03-31")?.reference).toBe("R7");
    expect(riskAsAt(issue, "2025-04-30")?.reference).toBe("I7");
  });

  it("judges the review overdue at the period's end, not today", () => {
    expect(riskAsAt(view(1, { reviewOn: "2025-03-15" }), "2025-03-15")?.reviewOverdue).toBe(false);
    expect(riskAsAt(view(1, { reviewOn: "2025-03-15" }), "2025-03-31")?.reviewOverdue).toBe(true);
  });
});

describe("the board pack's risk section", () => {
  const period = { from: "2025-03-01", to: "2025-03-31" };
  const register = [
    // Added before the period, unchanged in it: not listed.
    view(1, { createdAt: new Date("2025-01-10T10:00:00Z") }, [["2025-01-20", 2, 2]]),
    // Added in the period and not yet scored.
    view(2, { title: "Social worker recruitment and retention", ownerName: "Sam Head", createdAt: new Date("2025-03-05T10:00:00Z") }),
    // Re-scored in the period: up from 8 Medium to 16 Very high. A later score is ignored.
    view(3, {}, [["2025-01-20", 2, 4], ["2025-03-10", 4, 4], ["2025-04-02", 1, 1]]),
    // Re-scored in the period at the same score: not listed for its score.
    view(4, {}, [["2025-01-20", 3, 3], ["2025-03-10", 3, 3]]),
    // Review overdue at the period's end.
    view(5, { reviewOn: "2025-03-20" }, [["2025-01-20", 1, 2]]),
    // Escalated before the period, to a board whose name is known, and one escalated after it.
    view(6, { status: "escalated", escalatedToBoardId: 2, escalatedOn: "2025-02-14" }, [["2025-01-20", 3, 4]]),
    view(7, { status: "escalated", escalatedToBoardId: 9, escalatedOn: "2025-04-03" }),
    // Added after the period.
    view(8, { createdAt: new Date("2025-04-01T10:00:00Z") }),
  ];
  const blocks = packRiskSection(register, scale, period, boards);

  it("lists the risks new, re-scored with a changed score, overdue for review and escalated, highest score first", () => {
    expect(tableOf(blocks).columns).toEqual(["Reference", "Risk", "Owner", "Score after controls", "What changed"]);
    expect(tableOf(blocks).rows.map((r) => r[0])).toEqual(["R3", "R6", "R5", "R2"]);
  });

  it("gives each risk's score after controls with its rating in words, or says it is not yet scored", () => {
    const rows = rowsByReference(blocks);
    expect(rows.R3?.score).toBe("16 Very high (likelihood 4 Likely × impact 4 Major)");
    expect(rows.R5?.score).toBe("2 Low (likelihood 1 Rare × impact 2 Minor)");
    expect(rows.R2).toEqual({ title: "Social worker recruitment and retention", owner: "Sam Head", score: "Not yet scored", changes: ["New: added to the register on 5 March 2025"] });
  });

  it("says what changed: the score against the one before, the review date passed, the board escalated to", () => {
    const rows = rowsByReference(blocks);
    expect(rows.R3?.changes).toEqual(["Score increased from 8 Medium to 16 Very high on 10 March 2025"]);
    expect(rows.R5?.changes).toEqual(["Review overdue: it was due on 20 March 2025"]);
    expect(rows.R6?.changes).toEqual(["Escalated to Improvement Board on 14 February 2025"]);
  });

  it("counts the risks under each heading, and says what period it covers", () => {
    expect(texts(blocks)).toEqual([
      "Risks",
      "This section lists the risks added to the register or scored from 1 March 2025, the day the last pack was issued, to 31 March 2025, the date of this pack, with those whose review is overdue and those escalated to a board.",
      "Of the 4 risks listed, 1 is new, 1 has a new or changed score, 1 is overdue for review and 1 is escalated. A risk may be listed for more than one of these.",
    ]);
  });

  it("names a board it has no name for by its number, and lists a risk first scored in the period", () => {
    const later = packRiskSection([view(7, { status: "escalated", escalatedToBoardId: 9, escalatedOn: "2025-04-03" }, [["2025-04-03", 2, 3]])], scale, { from: "2025-04-01", to: "2025-04-30" });
    expect(rowsByReference(later).R7?.changes).toEqual(["Scored for the first time on 3 April 2025", "Escalated to Board 9 on 3 April 2025"]);
  });

  it("in the first pack, lists every risk in the register as new", () => {
    const first = packRiskSection(register, scale, { from: null, to: "2025-03-31" }, boards);
    expect(texts(first)[1]).toBe("This is the first pack issued, so every risk in the register on 31 March 2025 is new to it.");
    expect(tableOf(first).rows).toHaveLength(7);
    expect(rowsByReference(first).R1?.changes).toEqual(["New: added to the register on 10 January 2025", "Scored for the first time on 20 January 2025"]);
  });

  it("says so when no risk is to be listed", () => {
    const none = packRiskSection([register[0] as RiskView], scale, period, boards);
    expect(none.some((b) => b.kind === "table")).toBe(false);
    expect(texts(none).at(-1)).toBe("No risk in the register is new, re-scored, overdue for review or escalated, as at 31 March 2025.");
  });
});

describe("the risk management implication", () => {
  // The plan's priorities by id: ids 11, 12 and 13 are priorities 1, 2 and 3.
  const priorities = new Map([
    [11, 1],
    [12, 2],
    [13, 3],
  ]);
  const register = [
    view(1, { title: "Family Help Lead Practitioner restructure" }, [], [11]),
    view(2, { title: "Social worker recruitment and retention", status: "escalated", escalatedToBoardId: 2, escalatedOn: "2025-02-14" }, [["2025-01-20", 3, 4]], [12, 13]),
    view(3, { title: "Not linked to the plan" }),
    view(4, { title: "Linked to another plan's priority" }, [], [99]),
    view(5, { title: "Closed", status: "closed", closedOn: "2025-02-01" }, [], [11]),
  ];

  it("names the open and escalated risks linked to the plan's priorities, escalated first, with their scores or 'not yet scored'", () => {
    expect(riskManagementText(register, priorities, "2025-03-31", boards)).toBe(
      "The risks to delivering the plan are managed through the risk register, where each has an owner and a review date. " +
        "On 31 March 2025, 2 risks in the register were linked to the plan's priorities: " +
        "R2 Social worker recruitment and retention (priorities 2 and 3), escalated to Improvement Board, scored 12 High after controls; " +
        "R1 Family Help Lead Practitioner restructure (priority 1), open, not yet scored. " +
        "Of these, 1 is escalated to a board and 1 is not yet scored.",
    );
  });

  it("is as at the period's end: a risk escalated and scored later is open and not yet scored then", () => {
    expect(riskManagementText(register, priorities, "2025-01-31", boards)).toContain("R2 Social worker recruitment and retention (priorities 2 and 3), open, scored 12 High after controls");
    expect(riskManagementText(register, priorities, "2025-01-15", boards)).toContain("R2 Social worker recruitment and retention (priorities 2 and 3), open, not yet scored");
  });

  it("is nothing when no risk is linked to the plan", () => {
    expect(riskManagementText([register[2] as RiskView], priorities, "2025-03-31", boards)).toBeNull();
  });

  it("goes with the officer's implications as a labelled paragraph, unless they wrote their own on risk management", () => {
    expect(riskManagementBlocks("Equalities: due regard has been given.", "The risks are…")).toEqual([{ kind: "paragraph", label: "Risk management:", text: "The risks are…" }]);
    expect(riskManagementBlocks("Equalities: due regard.\n\nRisk management: the programme board keeps a risk log.", "The risks are…")).toEqual([]);
    expect(riskManagementBlocks("", null)).toEqual([]);
    expect(writesOwnRiskManagement("- Risk management is through the programme board")).toBe(true);
    expect(writesOwnRiskManagement("Improved support ensures risks are managed effectively.")).toBe(false);
  });
});
