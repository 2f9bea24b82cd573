import { describe, expect, it } from "vitest";
import { auditQuarter, countedGrade, gradeRank, gradesByQuarter, moderationChange, moderationRefusal, parseQuarterKey, type AuditGrade } from "./audit-grades.ts";

describe("grade order", () => {
  it.each<[AuditGrade, number]>([
    ["outstanding", 1],
    ["good", 2],
    ["requires-improvement", 3],
    ["inadequate", 4],
  ])("%s ranks %i", (grade, rank) => {
    expect(gradeRank(grade)).toBe(rank);
  });
});

describe("a moderation's change to the auditor's grade", () => {
  it.each<[AuditGrade, AuditGrade, string]>([
    ["good", "good", "agreed"],
    ["good", "outstanding", "raised"],
    ["good", "requires-improvement", "lowered"],
    ["inadequate", "requires-improvement", "raised"],
    ["outstanding", "inadequate", "lowered"],
  ])("%s moderated to %s is %s", (auditor, moderated, change) => {
    expect(moderationChange(auditor, moderated)).toBe(change);
  });
});

describe("the grade an audit counts with", () => {
  it.each<[AuditGrade, AuditGrade | null, AuditGrade]>([
    ["good", null, "good"],
    ["good", "requires-improvement", "requires-improvement"],
    ["inadequate", "inadequate", "inadequate"],
  ])("auditor %s, moderator %s: %s", (overallGrade, moderatedGrade, counted) => {
    expect(countedGrade({ overallGrade, moderatedGrade })).toBe(counted);
  });
});

describe("who may moderate", () => {
  it.each<[number | null, number, boolean]>([
    [7, 7, false],
    [7, 8, true],
    [null, 8, true],
  ])("an audit by %s moderated by %i: allowed %s", (auditorId, moderatorId, allowed) => {
    expect(moderationRefusal({ auditorId }, moderatorId) === null).toBe(allowed);
  });
});

describe("an audit's financial quarter", () => {
  it.each<[string, number, number]>([
    ["2025-04-01", 2025, 1],
    ["2025-06-30", 2025, 1],
    ["2025-07-01", 2025, 2],
    ["2025-09-30", 2025, 2],
    ["2025-10-01", 2025, 3],
    ["2025-12-31", 2025, 3],
    ["2026-01-01", 2025, 4],
    ["2026-03-31", 2025, 4],
  ])("%s falls in plan year %i, quarter %i", (date, planYear, quarter) => {
    expect(auditQuarter(date)).toEqual({ planYear, quarter });
  });

  it.each<[string, { planYear: number; quarter: number } | null]>([
    ["2025-Q3", { planYear: 2025, quarter: 3 }],
    ["2025-Q5", null],
    ["2025Q3", null],
    ["", null],
  ])("the filter %j names %j", (key, spec) => {
    expect(parseQuarterKey(key)).toEqual(spec);
  });
});

const audits = (date: string, counts: Partial<Record<AuditGrade, number>>) =>
  Object.entries(counts).flatMap(([grade, n]) => Array.from({ length: n }, () => ({ auditDate: date, grade: grade as AuditGrade })));

describe("overall grades by quarter", () => {
  it("counts and shares each grade, newest quarter first", () => {
    const rows = gradesByQuarter([...audits("2025-05-01", { good: 3, inadequate: 1 }), ...audits("2025-11-01", { outstanding: 1, good: 1 })], { suppress: false });
    expect(rows.map((r) => r.label)).toEqual(["Q3 2025/26", "Q1 2025/26"]);
    expect(rows[1]).toEqual({
      key: "2025-Q1",
      label: "Q1 2025/26",
      total: 4,
      cells: [
        { grade: "outstanding", count: 0, share: 0 },
        { grade: "good", count: 3, share: 75 },
        { grade: "requires-improvement", count: 0, share: 0 },
        { grade: "inadequate", count: 1, share: 25 },
      ],
    });
  });

  // Counts [outstanding, good, requires improvement, inadequate] and what is shown with suppression.
  it.each<[string, number[], (number | "c")[], number | "c"]>([
    ["nothing small", [5, 10, 6, 0], [5, 10, 6, 0], 21],
    ["two small: both hidden", [2, 10, 6, 3], ["c", 10, 6, "c"], 21],
    ["one small: the next smallest is hidden too", [1, 10, 6, 0], ["c", 10, "c", 0], 17],
    ["every count small, and the total", [1, 2, 0, 0], ["c", "c", 0, 0], "c"],
    ["zero is shown", [0, 12, 0, 0], [0, 12, 0, 0], 12],
  ])("%s", (_name, counts, shown, total) => {
    const [outstanding = 0, good = 0, ri = 0, inadequate = 0] = counts;
    const [row] = gradesByQuarter(audits("2025-05-01", { outstanding, good, "requires-improvement": ri, inadequate }), { suppress: true });
    expect(row?.cells.map((c) => c.count)).toEqual(shown);
    expect(row?.cells.filter((c) => c.count === "c").every((c) => c.share === null)).toBe(true);
    expect(row?.total).toBe(total);
  });
});
