import { describe, expect, it } from "vitest";
import type { AuditGrade } from "./audit-grades.ts";
import { auditMeasureFigures, type CountedAudit } from "./audit-measures.ts";

const audit = (auditDate: string, overallGrade: AuditGrade, moderatedGrade: AuditGrade | null = null, domains: AuditGrade[] = [], synthetic = false): CountedAudit => ({
  auditDate,
  overallGrade,
  moderatedGrade,
  domainGrades: domains.map((grade, i) => ({ domain: `Domain ${String(i + 1)}`, grade })),
  synthetic,
});

describe("the quality-assurance measures by quarter", () => {
  it.each<[string, CountedAudit[], { periodEnd: string; numerator: number; denominator: number }[]]>([
    ["no audits, no figures", [], []],
    ["good and outstanding count; requires improvement and inadequate do not", [audit("2024-10-01", "good"), audit("2024-11-15", "outstanding"), audit("2024-12-31", "requires-improvement"), audit("2024-12-02", "inadequate")], [{ periodEnd: "2024-12-31", numerator: 2, denominator: 4 }]],
    ["the moderated grade counts, not the auditor's", [audit("2024-10-01", "good", "requires-improvement"), audit("2024-10-02", "requires-improvement", "good")], [{ periodEnd: "2024-12-31", numerator: 1, denominator: 2 }]],
    ["quarter edges: 30 June is Q1, 1 July Q2, 31 March Q4 of the year before", [audit("2024-06-30", "good"), audit("2024-07-01", "good"), audit("2025-03-31", "inadequate"), audit("2025-04-01", "good")], [
      { periodEnd: "2024-06-30", numerator: 1, denominator: 1 },
      { periodEnd: "2024-09-30", numerator: 1, denominator: 1 },
      { periodEnd: "2025-03-31", numerator: 0, denominator: 1 },
      { periodEnd: "2025-06-30", numerator: 1, denominator: 1 },
    ]],
  ])("good or better: %s", (_, audits, expected) => {
    expect(auditMeasureFigures(audits).goodOrBetter.map(({ periodEnd, numerator, denominator }) => ({ periodEnd, numerator, denominator }))).toEqual(expected);
  });

  it("gives the percentage, and how many audits were synthetic", () => {
    const [q3] = auditMeasureFigures([audit("2024-10-01", "good", null, [], true), audit("2024-10-02", "good"), audit("2024-10-03", "requires-improvement", null, [], true)]).goodOrBetter;
    expect(q3).toEqual({ periodEnd: "2024-12-31", numerator: 2, denominator: 3, value: 200 / 3, audits: 3, synthetic: 2 });
  });

  it.each<[string, CountedAudit[], { numerator: number; denominator: number }[]]>([
    ["counted over every domain grade of every audit, not over audits", [audit("2024-10-01", "good", null, ["good", "inadequate", "good", "good"]), audit("2024-10-02", "requires-improvement", null, ["inadequate", "inadequate", "requires-improvement", "good"])], [{ numerator: 3, denominator: 8 }]],
    ["a moderated overall grade does not change the domain grades", [audit("2024-10-01", "inadequate", "good", ["inadequate", "good"])], [{ numerator: 1, denominator: 2 }]],
    ["audits with no domain grades give no figure", [audit("2024-10-01", "good")], []],
  ])("inadequate domain grades: %s", (_, audits, expected) => {
    expect(auditMeasureFigures(audits).inadequateGrades.map(({ numerator, denominator }) => ({ numerator, denominator }))).toEqual(expected);
  });

  it.each<[string, CountedAudit[], { numerator: number; denominator: number }[]]>([
    ["only inadequate counts", [audit("2024-10-01", "inadequate"), audit("2024-10-02", "requires-improvement"), audit("2024-10-03", "good"), audit("2024-10-04", "outstanding")], [{ numerator: 1, denominator: 4 }]],
    ["the moderated grade counts, either way", [audit("2024-10-01", "inadequate", "requires-improvement"), audit("2024-10-02", "requires-improvement", "inadequate")], [{ numerator: 1, denominator: 2 }]],
    ["a quarter with none inadequate reads 0%", [audit("2024-10-01", "good")], [{ numerator: 0, denominator: 1 }]],
  ])("inadequate audits: %s", (_, audits, expected) => {
    expect(auditMeasureFigures(audits).inadequate.map(({ numerator, denominator }) => ({ numerator, denominator }))).toEqual(expected);
  });

  it("counts audits requiring improvement by their counted grade", () => {
    const figures = auditMeasureFigures([audit("2024-10-01", "requires-improvement"), audit("2024-10-02", "good", "requires-improvement"), audit("2024-10-03", "requires-improvement", "good"), audit("2024-10-04", "inadequate")]);
    expect(figures.requiresImprovement.map(({ numerator, denominator }) => ({ numerator, denominator }))).toEqual([{ numerator: 2, denominator: 4 }]);
  });

  it("gives the inadequate domain grades by domain, most first, then by name", () => {
    const [q3] = auditMeasureFigures([
      audit("2024-10-01", "requires-improvement", null, ["inadequate", "good", "inadequate"]),
      audit("2024-10-02", "inadequate", null, ["good", "inadequate", "inadequate"]),
      audit("2024-10-03", "good", null, ["good", "good", "good"]),
    ]).inadequateGrades;
    expect(q3?.byDomain).toEqual([
      { domain: "Domain 3", count: 2 },
      { domain: "Domain 1", count: 1 },
      { domain: "Domain 2", count: 1 },
    ]);
    expect(auditMeasureFigures([audit("2024-10-01", "good", null, ["good"])]).inadequateGrades[0]?.byDomain).toEqual([]);
  });
});
