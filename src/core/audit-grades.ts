import { planYearOfDate } from "./plan-years.ts";
import { periodLabel, type Quarter } from "./reporting-periods.ts";
import { suppressSmallCount } from "./suppression.ts";

/**
 * Case audit grades as Ofsted gives them, best first; the moderated grade of an audit, when it has
 * one, is the one that counts; and the share of each grade by quarter, with small counts suppressed
 * for those who may see only the aggregates.
 */
export const auditGrades = ["outstanding", "good", "requires-improvement", "inadequate"] as const;
export type AuditGrade = (typeof auditGrades)[number];

export const auditGradeLabels: Record<AuditGrade, string> = {
  outstanding: "Outstanding",
  good: "Good",
  "requires-improvement": "Requires improvement",
  inadequate: "Inadequate",
};

export function isAuditGrade(value: unknown): value is AuditGrade {
  return typeof value === "string" && (auditGrades as readonly string[]).includes(value);
}

/** 1 for Outstanding to 4 for Inadequate: a lower rank is a better grade. */
export function gradeRank(grade: AuditGrade): number {
  return auditGrades.indexOf(grade) + 1;
}

/** Whether a moderated grade is better, the same or worse than the auditor's. */
export function moderationChange(auditorGrade: AuditGrade, moderatedGrade: AuditGrade): "agreed" | "raised" | "lowered" {
  const difference = gradeRank(auditorGrade) - gradeRank(moderatedGrade);
  return difference === 0 ? "agreed" : difference > 0 ? "raised" : "lowered";
}

/** The grade an audit counts with: the moderator's when it has been moderated, otherwise the auditor's. */
export function countedGrade(audit: { overallGrade: AuditGrade; moderatedGrade: AuditGrade | null }): AuditGrade {
  return audit.moderatedGrade ?? audit.overallGrade;
}

/** Why a moderation cannot be saved, or null when it can: the auditor never moderates their own audit. */
export function moderationRefusal(audit: { auditorId: number | null }, moderatorId: number): string | null {
  return audit.auditorId === moderatorId ? "You recorded this audit: another quality assurance officer moderates it" : null;
}

/** The financial quarter a date falls in: Q1 April to June … Q4 January to March. */
export function auditQuarter(isoDate: string): { planYear: number; quarter: Quarter } {
  const month = Number(isoDate.slice(5, 7));
  const quarter = (month >= 4 ? Math.floor((month - 4) / 3) + 1 : 4) as Quarter;
  return { planYear: planYearOfDate(isoDate), quarter };
}

/** "2025-Q3": the quarter as an address's filter writes it. */
export function quarterKey(spec: { planYear: number; quarter: Quarter }): string {
  return `${String(spec.planYear)}-Q${String(spec.quarter)}`;
}

/** The quarter a filter names ("2025-Q3"), or null when it names none. */
export function parseQuarterKey(key: string): { planYear: number; quarter: Quarter } | null {
  const match = /^(\d{4})-Q([1-4])$/.exec(key);
  return match ? { planYear: Number(match[1]), quarter: Number(match[2]) as Quarter } : null;
}

/** A grade's count in a quarter and its share of the quarter's audits; "c" where it is suppressed. */
export interface GradeCell {
  grade: AuditGrade;
  count: number | "c";
  /** Percentage of the quarter's audits, to the nearest whole number; null where the count is suppressed. */
  share: number | null;
}

export interface QuarterGrades {
  key: string;
  label: string;
  total: number | "c";
  cells: GradeCell[];
}

/**
 * Each grade's count and its share of them all, best grade first. With `suppress`, counts from 1
 * to threshold − 1 are shown as "c"; when only one count would be, the next smallest is too, so
 * that it cannot be worked out from the total.
 */
export function gradeCells(counts: ReadonlyMap<AuditGrade, number>, { suppress, threshold = 5 }: { suppress: boolean; threshold?: number }): GradeCell[] {
  const total = [...counts.values()].reduce((sum, n) => sum + n, 0);
  const hidden = new Set<AuditGrade>(suppress ? auditGrades.filter((grade) => suppressSmallCount(counts.get(grade) ?? 0, threshold) === "c") : []);
  if (hidden.size === 1) {
    const [next] = auditGrades
      .filter((grade) => !hidden.has(grade) && (counts.get(grade) ?? 0) > 0)
      .sort((a, b) => (counts.get(a) ?? 0) - (counts.get(b) ?? 0));
    if (next) hidden.add(next);
  }
  return auditGrades.map((grade): GradeCell => {
    const count = counts.get(grade) ?? 0;
    if (hidden.has(grade)) return { grade, count: "c", share: null };
    return { grade, count, share: total === 0 ? null : Math.round((count / total) * 100) };
  });
}

/** The overall grades of audits by quarter, newest quarter first, suppressed as `gradeCells` says. */
export function gradesByQuarter(audits: readonly { auditDate: string; grade: AuditGrade }[], { suppress, threshold = 5 }: { suppress: boolean; threshold?: number }): QuarterGrades[] {
  const byQuarter = new Map<string, { spec: { planYear: number; quarter: Quarter }; counts: Map<AuditGrade, number> }>();
  for (const audit of audits) {
    const spec = auditQuarter(audit.auditDate);
    const key = quarterKey(spec);
    const entry = byQuarter.get(key) ?? { spec, counts: new Map<AuditGrade, number>() };
    entry.counts.set(audit.grade, (entry.counts.get(audit.grade) ?? 0) + 1);
    byQuarter.set(key, entry);
  }
  return [...byQuarter.entries()]
    .sort(([a], [b]) => b.localeCompare(a))
    .map(([key, { spec, counts }]) => {
      const total = [...counts.values()].reduce((sum, n) => sum + n, 0);
      const cells = gradeCells(counts, { suppress, threshold });
      return { key, label: periodLabel({ planYear: spec.planYear, kind: "quarter", quarter: spec.quarter }), total: suppress ? suppressSmallCount(total, threshold) : total, cells };
    });
}
