import { describe, expect, it } from "vitest";
import { defaultRiskScale } from "../../core/risk-scores.ts";
import { filterRegister, registerHeatMap, sortRegister, type RegisterQuery } from "./register.ts";
import type { RiskView } from "./service.ts";

/** A risk as the register sees it: its id, status, owner, title, review and latest score after controls. */
function view(id: number, fields: { status?: "open" | "escalated" | "closed"; score?: [number, number]; priorityId?: number; reviewOn?: string; title?: string; overdue?: boolean }): RiskView {
  const residual = fields.score ? { likelihood: fields.score[0], impact: fields.score[1], score: fields.score[0] * fields.score[1], rating: "medium" } : null;
  return {
    risk: { id, kind: "risk", status: fields.status ?? "open", category: "workforce", ownerId: id % 2 === 0 ? 2 : 1, title: fields.title ?? `Risk ${String(id)}`, reviewOn: fields.reviewOn ?? "2026-03-31" },
    reference: `R${String(id)}`,
    history: [],
    latest: residual ? { residual, inherent: residual } : null,
    target: null,
    review: fields.overdue ? "overdue" : "in-date",
    reviewOverdue: fields.overdue ?? false,
    links: fields.priorityId ? [{ id, riskId: id, priorityId: fields.priorityId, milestoneId: null, measureId: null }] : [],
  } as unknown as RiskView;
}

const views = [
  view(1, { score: [4, 4], priorityId: 3 }),
  view(2, { score: [2, 2], status: "escalated", reviewOn: "2026-01-31", overdue: true }),
  view(3, { status: "closed", score: [5, 5] }),
  view(4, { priorityId: 3, title: "A risk not yet scored" }),
  view(5, { score: [4, 4], status: "escalated" }),
];
const ids = (chosen: RiskView[]) => chosen.map((v) => v.risk.id);

describe("the register's filters", () => {
  it.each<[string, RegisterQuery, number[]]>([
    ["none: open and escalated", {}, [1, 2, 4, 5]],
    ["closed only", { status: "closed" }, [3]],
    ["escalated only", { status: "escalated" }, [2, 5]],
    ["not yet scored", { rating: "not-scored" }, [4]],
    ["a priority", { priority: "3" }, [1, 4]],
    ["an owner", { owner: "2" }, [2, 4]],
    ["review overdue", { review: "overdue" }, [2]],
    ["a cell of the heat map", { likelihood: "4", impact: "4" }, [1, 5]],
    ["a cell with a status", { likelihood: "5", impact: "5", status: "closed" }, [3]],
  ])("%s", (_name, query, expected) => {
    expect(ids(filterRegister(views, query))).toEqual(expected);
  });
});

describe("the register's order", () => {
  it.each<[RegisterQuery["sort"], number[]]>([
    // Ties by reference; those not yet scored last.
    ["score", [3, 1, 5, 2, 4]],
    ["review", [2, 1, 3, 4, 5]],
    ["reference", [1, 2, 3, 4, 5]],
    ["title", [4, 1, 2, 3, 5]],
  ])("by %s", (sort, expected) => {
    expect(ids(sortRegister(views, sort))).toEqual(expected);
  });
});

describe("the heat map of the register", () => {
  it("counts each scored risk once, says how many are not scored, and links each cell to its risks with the filters kept", () => {
    const chosen = filterRegister(views, { status: "escalated" });
    const map = registerHeatMap(chosen, defaultRiskScale, { status: "escalated" });
    expect([map.scored, map.notScored]).toEqual([2, 0]);
    const cell = map.rows.find((r) => r.impact === 4)?.cells.find((c) => c.likelihood === 4);
    expect(cell).toMatchObject({ count: 1, href: "/risks?status=escalated&likelihood=4&impact=4", ratingLabel: "Very high" });
    expect(map.rows.flatMap((r) => r.cells).reduce((sum, c) => sum + c.count, 0)).toBe(map.scored);
  });
});
