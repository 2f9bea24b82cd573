import { describe, expect, it } from "vitest";
import type { AuditGrade } from "./audit-grades.ts";
import { actionsAtEnd, percentText, suppressedPercent, summariseLearning, trendQuarters, type LearningAction, type LearningAudit, type LearningRecord } from "./learning-record.ts";

const q3 = { label: "Q3 2024/25", startsOn: "2024-10-01", endsOn: "2024-12-31" };

function audit(auditDate: string, overallGrade: AuditGrade, extra: Partial<LearningAudit> = {}): LearningAudit {
  return { auditDate, serviceArea: "Children in care", overallGrade, moderatedGrade: null, domainGrades: [{ domain: "Planning", grade: overallGrade }], synthetic: false, ...extra };
}

const many = (n: number, make: (i: number) => LearningAudit) => Array.from({ length: n }, (_, i) => make(i));

function record(audits: LearningAudit[], extra: Partial<LearningRecord> = {}): LearningRecord {
  return { period: q3, serviceArea: null, audits, actions: [], feedback: [], practiceWeeks: [], ...extra };
}

describe("a percentage as everyone may read it", () => {
  it.each<[number, number, number | "c" | null]>([
    [0, 0, null],
    [0, 5, 0],
    [0, 4, "c"],
    [1, 10, "c"],
    [4, 10, "c"],
    [5, 10, 50],
    [5, 5, 100],
    [36, 100, 36],
    [59, 100, 59],
    [2, 3, "c"],
    [10, 30, 33],
  ])("%i of %i is %s", (numerator, denominator, percent) => {
    expect(suppressedPercent(numerator, denominator)).toBe(percent);
  });

  it.each<[number | "c" | null, string]>([
    [36, "36%"],
    [0, "0%"],
    ["c", "c"],
    [null, "no figure"],
  ])("%s reads %s", (percent, text) => {
    expect(percentText(percent)).toBe(text);
  });
});

describe("the trend's quarters", () => {
  it.each<[string, string[]]>([
    ["2024-12-31", ["Q4 2023/24", "Q1 2024/25", "Q2 2024/25", "Q3 2024/25"]],
    ["2025-03-31", ["Q1 2024/25", "Q2 2024/25", "Q3 2024/25", "Q4 2024/25"]],
    ["2025-06-30", ["Q2 2024/25", "Q3 2024/25", "Q4 2024/25", "Q1 2025/26"]],
    ["2025-09-30", ["Q3 2024/25", "Q4 2024/25", "Q1 2025/26", "Q2 2025/26"]],
  ])("up to %s: %j", (lastDay, labels) => {
    expect(trendQuarters(lastDay).map((q) => q.label)).toEqual(labels);
  });

  it("gives each quarter its first and last days", () => {
    expect(trendQuarters("2024-12-31")[0]).toEqual({ label: "Q4 2023/24", startsOn: "2024-01-01", endsOn: "2024-03-31" });
  });
});

describe("a period's grades", () => {
  const demo = [...many(36, () => audit("2024-11-01", "good")), ...many(59, () => audit("2024-11-02", "requires-improvement")), ...many(5, () => audit("2024-11-03", "inadequate"))];

  it("reads 36% good, 59% requires improvement and 5% inadequate from the demo's distribution", () => {
    const summary = summariseLearning(record(demo));
    expect(summary.audits).toBe(100);
    expect(summary.grades.map((c) => [c.grade, c.count, c.share])).toEqual([
      ["outstanding", 0, 0],
      ["good", 36, 36],
      ["requires-improvement", 59, 59],
      ["inadequate", 5, 5],
    ]);
    expect(summary.goodOrBetter).toBe(36);
  });

  it("counts the moderated grade where there is one", () => {
    const moderated = many(10, (i) => audit("2024-11-01", "good", { moderatedGrade: i < 5 ? "requires-improvement" : null }));
    expect(summariseLearning(record(moderated)).goodOrBetter).toBe(50);
  });

  it("leaves out audits dated outside the period", () => {
    const summary = summariseLearning(record([...many(5, () => audit("2024-09-30", "good")), ...many(6, () => audit("2024-10-01", "good")), ...many(7, () => audit("2025-01-01", "good"))]));
    expect(summary.audits).toBe(6);
  });

  it("suppresses a count from 1 to 4 and the next smallest with it, and their shares", () => {
    const summary = summariseLearning(record([...many(3, () => audit("2024-11-01", "outstanding")), ...many(20, () => audit("2024-11-01", "good")), ...many(10, () => audit("2024-11-01", "inadequate"))]));
    expect(summary.grades.map((c) => [c.grade, c.count, c.share])).toEqual([
      ["outstanding", "c", null],
      ["good", 20, 61],
      ["requires-improvement", 0, 0],
      ["inadequate", "c", null],
    ]);
    expect(summary.goodOrBetter).toBe(70);
  });

  it.each<[number, number | "c"]>([
    [4, "c"],
    [5, 5],
  ])("%i audits in all are shown as %s, with no percentage worked from 4", (n, shown) => {
    const summary = summariseLearning(record(many(n, () => audit("2024-11-01", "good"))));
    expect(summary.audits).toBe(shown);
    expect(summary.goodOrBetter).toBe(n < 5 ? "c" : 100);
  });

  it("says whether none, some or all of the audits are synthetic", () => {
    expect(summariseLearning(record(many(5, () => audit("2024-11-01", "good")))).synthetic).toBe("none");
    expect(summariseLearning(record(many(5, (i) => audit("2024-11-01", "good", { synthetic: i === 0 })))).synthetic).toBe("some");
    expect(summariseLearning(record(many(5, () => audit("2024-11-01", "good", { synthetic: true })))).synthetic).toBe("all");
  });
});

describe("the trend of practice good or better", () => {
  it("has no figure for a quarter without audits", () => {
    const summary = summariseLearning(record([...many(10, (i) => audit("2024-05-01", i < 3 ? "good" : "requires-improvement")), ...many(10, () => audit("2024-11-01", "good"))]));
    expect(summary.trend.map((t) => [t.label, t.audits, t.goodOrBetter])).toEqual([
      ["Q4 2023/24", 0, null],
      ["Q1 2024/25", 10, "c"],
      ["Q2 2024/25", 0, null],
      ["Q3 2024/25", 10, 100],
    ]);
  });
});

describe("the domains most often graded below good", () => {
  const grades = (planning: AuditGrade, voice: AuditGrade, reviews: AuditGrade) => [
    { domain: "Planning", grade: planning },
    { domain: "Voice of the child", grade: voice },
    { domain: "Reviews", grade: reviews },
  ];

  it("puts the domain most often requiring improvement or inadequate first, and leaves out one never below good", () => {
    const audits = [
      ...many(6, () => audit("2024-11-01", "requires-improvement", { domainGrades: grades("inadequate", "requires-improvement", "good") })),
      ...many(6, () => audit("2024-11-01", "requires-improvement", { domainGrades: grades("requires-improvement", "good", "good") })),
    ];
    const summary = summariseLearning(record(audits));
    expect(summary.themes.map((t) => [t.domain, t.belowGood])).toEqual([
      ["Planning", 12],
      ["Voice of the child", 6],
    ]);
    // 6 of 36 domain grades were inadequate, all in planning.
    expect(summary.inadequateGrades).toBe(17);
    expect(summary.domains.find((d) => d.domain === "Planning")?.inadequateShare).toBe(17);
    expect(summary.domains.find((d) => d.domain === "Reviews")?.inadequateShare).toBe(0);
  });
});

describe("actions at the period's end", () => {
  const action = (raisedOn: string, dueOn: string, closedOn: string | null): LearningAction => ({ raisedOn, dueOn, closedOn });

  it.each<[string, LearningAction, Partial<ReturnType<typeof actionsAtEnd>>]>([
    ["closed on its due date is on time", action("2024-10-05", "2024-11-30", "2024-11-30"), { raised: 1, closed: 1, closedOnTime: 1, open: 0, overdue: 0 }],
    ["closed the day after its due date is late", action("2024-10-05", "2024-11-30", "2024-12-01"), { raised: 1, closed: 1, closedOnTime: 0 }],
    ["closed after the period's end was open at it", action("2024-10-05", "2024-11-30", "2025-01-02"), { raised: 1, closed: 0, open: 1, overdue: 1 }],
    ["closed on the period's last day was closed at it", action("2024-10-05", "2025-01-30", "2024-12-31"), { closed: 1, closedOnTime: 1, open: 0 }],
    ["open and due on the period's last day is not overdue", action("2024-10-05", "2024-12-31", null), { open: 1, overdue: 0 }],
    ["open and due the day before is overdue", action("2024-10-05", "2024-12-30", null), { open: 1, overdue: 1 }],
    ["raised on the period's first day counts", action("2024-10-01", "2025-02-01", null), { raised: 1 }],
    ["raised after the period is left out", action("2025-01-01", "2025-02-01", null), { raised: 0, open: 0, earlierStillOpen: 0 }],
    ["raised before and still open is carried", action("2024-09-30", "2024-10-30", null), { raised: 0, earlierStillOpen: 1 }],
    ["raised before and closed in the period is not carried", action("2024-09-30", "2024-10-30", "2024-10-29"), { raised: 0, earlierStillOpen: 0 }],
  ])("%s", (_name, one, expected) => {
    expect(actionsAtEnd([one], q3)).toMatchObject(expected);
  });

  it("suppresses counts from 1 to 4 in the summary", () => {
    const actions = [...Array.from({ length: 6 }, () => action("2024-10-05", "2024-11-30", "2024-11-01")), action("2024-10-05", "2024-11-30", null)];
    expect(summariseLearning(record([], { actions })).actions).toMatchObject({ raised: 7, closed: 6, closedOnTime: 6, open: "c", overdue: "c", earlierStillOpen: 0 });
  });
});

describe("whether a period has a record to report", () => {
  it.each<[string, Partial<LearningRecord>, boolean]>([
    ["nothing at all", {}, false],
    ["only audits from an earlier quarter", { audits: [audit("2024-08-01", "good")] }, false],
    ["an audit in the period", { audits: [audit("2024-10-31", "good")] }, true],
    ["an action raised in the period", { actions: [{ raisedOn: "2024-12-01", dueOn: "2025-01-01", closedOn: null }] }, true],
    ["families' feedback", { feedback: [{ kind: "strength", theme: "Being listened to", words: "They listened." }] }, true],
  ])("%s: %s", (_name, extra, has) => {
    expect(summariseLearning(record([], extra)).hasRecord).toBe(has);
  });
});
