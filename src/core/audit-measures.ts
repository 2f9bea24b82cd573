import { auditQuarter, countedGrade, type AuditGrade } from "./audit-grades.ts";
import { periodDates } from "./reporting-periods.ts";

/** A case audit as the QA measures count it. */
export interface CountedAudit {
  auditDate: string;
  overallGrade: AuditGrade;
  moderatedGrade: AuditGrade | null;
  domainGrades: readonly { grade: AuditGrade }[];
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

/**
 * The quality-assurance measures, quarter by quarter (April to June is Q1): the percentage of case
 * audits whose overall grade is good or outstanding, the moderated grade counting where there is
 * one; and the percentage of individual domain grades that found inadequate practice. A quarter
 * with no audits, or no domain grades, has no figure.
 */
export function auditMeasureFigures(audits: readonly CountedAudit[]): { goodOrBetter: QuarterFigure[]; inadequateGrades: QuarterFigure[] } {
  const goodOrBetter: QuarterFigure[] = [];
  const inadequateGrades: QuarterFigure[] = [];
  for (const [periodEnd, inQuarter] of byQuarter(audits, (a) => a.auditDate)) {
    goodOrBetter.push(figure(periodEnd, inQuarter, inQuarter.filter((a) => good.has(countedGrade(a))).length, inQuarter.length));
    const grades = inQuarter.flatMap((a) => a.domainGrades);
    if (grades.length > 0) inadequateGrades.push(figure(periodEnd, inQuarter, grades.filter((g) => g.grade === "inadequate").length, grades.length));
  }
  return { goodOrBetter, inadequateGrades };
}
