import { auditQuarter, countedGrade, type AuditGrade } from "./audit-grades.ts";
import { periodDates } from "./reporting-periods.ts";

/** A case audit as the QA measures count it. */
export interface CountedAudit {
  auditDate: string;
  overallGrade: AuditGrade;
  moderatedGrade: AuditGrade | null;
  domainGrades: readonly { domain: string; grade: AuditGrade }[];
  synthetic: boolean;
}

/** One quarter's figure: how many counted, of how many, and how many of those audits were synthetic. */
export interface QuarterFigure {
  /** The quarter's last day: 2024-12-31 for October to December 2024. */
  periodEnd: string;
  numerator: number;
  denominator: number;
  value: number;
  audits: number;
  synthetic: number;
  /** For a figure counting domain grades, those counted by domain, most first (then by name). */
  byDomain?: { domain: string; count: number }[];
}

const good = new Set<AuditGrade>(["outstanding", "good"]);

/** Records by the last day of the financial quarter their date (`dateOf`) falls in, in date order. */
export function byQuarter<T>(records: readonly T[], dateOf: (record: T) => string): [string, T[]][] {
  const quarters = new Map<string, T[]>();
  for (const record of records) {
    const periodEnd = periodDates({ ...auditQuarter(dateOf(record)), kind: "quarter" }).endsOn;
    const list = quarters.get(periodEnd);
    if (list) list.push(record);
    else quarters.set(periodEnd, [record]);
  }
  return [...quarters.entries()].sort(([a], [b]) => a.localeCompare(b));
}

function figure(periodEnd: string, audits: readonly CountedAudit[], numerator: number, denominator: number): QuarterFigure {
  return { periodEnd, numerator, denominator, value: (100 * numerator) / denominator, audits: audits.length, synthetic: audits.filter((a) => a.synthetic).length };
}

/** The counted domain grades by domain, most first, then by the domain's name. */
function countByDomain(grades: readonly { domain: string }[]): { domain: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const g of grades) counts.set(g.domain, (counts.get(g.domain) ?? 0) + 1);
  return [...counts].map(([domain, count]) => ({ domain, count })).sort((a, b) => b.count - a.count || a.domain.localeCompare(b.domain));
}

/**
 * The quality-assurance measures, quarter by quarter (April to June is Q1): the percentage of case
 * audits whose overall grade is good or outstanding, the percentage requiring improvement and the
 * percentage graded inadequate, the
 * moderated grade counting where there is one; and the percentage of individual domain grades that
 * found inadequate practice, with those grades by domain (the reasons behind them). A quarter with
 * no audits, or no domain grades, has no figure.
 */
export function auditMeasureFigures(audits: readonly CountedAudit[]): { goodOrBetter: QuarterFigure[]; requiresImprovement: QuarterFigure[]; inadequate: QuarterFigure[]; inadequateGrades: QuarterFigure[] } {
  const goodOrBetter: QuarterFigure[] = [];
  const requiresImprovement: QuarterFigure[] = [];
  const inadequate: QuarterFigure[] = [];
  const inadequateGrades: QuarterFigure[] = [];
  for (const [periodEnd, inQuarter] of byQuarter(audits, (a) => a.auditDate)) {
    goodOrBetter.push(figure(periodEnd, inQuarter, inQuarter.filter((a) => good.has(countedGrade(a))).length, inQuarter.length));
    requiresImprovement.push(figure(periodEnd, inQuarter, inQuarter.filter((a) => countedGrade(a) === "requires-improvement").length, inQuarter.length));
    inadequate.push(figure(periodEnd, inQuarter, inQuarter.filter((a) => countedGrade(a) === "inadequate").length, inQuarter.length));
    const grades = inQuarter.flatMap((a) => a.domainGrades);
    const found = grades.filter((g) => g.grade === "inadequate");
    if (grades.length > 0) inadequateGrades.push({ ...figure(periodEnd, inQuarter, found.length, grades.length), byDomain: countByDomain(found) });
  }
  return { goodOrBetter, requiresImprovement, inadequate, inadequateGrades };
}
