import { auditQuarter, countedGrade, gradeCells, type AuditGrade, type GradeCell } from "./audit-grades.ts";
import { periodDates, periodLabel, type Quarter } from "./reporting-periods.ts";
import { suppressSmallCount } from "./suppression.ts";

/**
 * A period's quality-assurance record, as a learning report and the Scrutiny report read it, and
 * the summaries drawn from it: the grades (moderated where moderated), their trend, the domains
 * most often below good, and the actions raised and closed. Everything here is read by every
 * role, so counts from 1 to 4 are suppressed ("c"), and so is a percentage whose numerator or
 * denominator is.
 */

export interface LearningAudit {
  auditDate: string;
  serviceArea: string;
  overallGrade: AuditGrade;
  moderatedGrade: AuditGrade | null;
  domainGrades: readonly { domain: string; grade: AuditGrade }[];
  synthetic: boolean;
}

/** An action raised from an audit, with the days it was raised and closed (in England). */
export interface LearningAction {
  raisedOn: string;
  dueOn: string;
  /** Null while it is open. */
  closedOn: string | null;
}

export interface LearningFeedback {
  kind: "strength" | "to-strengthen";
  theme: string;
  words: string;
}

export interface LearningPracticeWeek {
  theme: string;
  serviceArea: string;
  startsOn: string;
  endsOn: string;
  strengths: string[];
  areasForImprovement: string[];
  learning: string;
}

export interface LearningRecord {
  period: { label: string; startsOn: string; endsOn: string };
  /** The service area reported on; null for all of them. */
  serviceArea: string | null;
  /** Audits dated from the first day of the trend's first quarter to the period's last day. */
  audits: LearningAudit[];
  /** Actions raised by the period's last day, as they stood then or since. */
  actions: LearningAction[];
  feedback: LearningFeedback[];
  practiceWeeks: LearningPracticeWeek[];
}

/** A count as everyone may read it. */
export type Shown = number | "c";

/** A percentage as everyone may read it: null where there is nothing to divide by. */
export type ShownPercent = number | "c" | null;

const threshold = 5;
const shown = (count: number): Shown => suppressSmallCount(count, threshold);

/** The percentage, to the nearest whole number; "c" when the numerator or the denominator is a count from 1 to 4. */
export function suppressedPercent(numerator: number, denominator: number): ShownPercent {
  if (denominator === 0) return null;
  if (shown(numerator) === "c" || shown(denominator) === "c") return "c";
  return Math.round((100 * numerator) / denominator);
}

/** "36%", "c", or the words given for no figure. */
export function percentText(percent: ShownPercent, none = "no figure"): string {
  return percent === null ? none : percent === "c" ? "c" : `${String(percent)}%`;
}

export interface TrendPoint {
  label: string;
  endsOn: string;
  audits: Shown;
  goodOrBetter: ShownPercent;
}

export interface DomainGrades {
  domain: string;
  grades: Shown;
  cells: GradeCell[];
  /** Grades below good: requires improvement or inadequate. */
  belowGood: Shown;
  /** Inadequate grades as a percentage of every domain grade given in the period. */
  inadequateShare: ShownPercent;
}

export type ActionsSummary = Record<keyof ActionCounts, Shown>;

export interface LearningSummary {
  audits: Shown;
  /** Whether none, some or all of the period's audits are synthetic. */
  synthetic: "none" | "some" | "all";
  grades: GradeCell[];
  goodOrBetter: ShownPercent;
  domains: DomainGrades[];
  /** The four quarters up to the period's last, oldest first. */
  trend: TrendPoint[];
  /** Domains graded requires improvement or inadequate, most often first; none below good left out. */
  themes: DomainGrades[];
  inadequateGrades: ShownPercent;
  actions: ActionsSummary;
  /** Whether the period has anything to report: an audit, an action raised, a practice week or feedback. */
  hasRecord: boolean;
}

const goodGrades = new Set<AuditGrade>(["outstanding", "good"]);
const belowGoodGrades = new Set<AuditGrade>(["requires-improvement", "inadequate"]);

const inPeriod = (date: string, period: { startsOn: string; endsOn: string }) => date >= period.startsOn && date <= period.endsOn;

function countGrades(grades: readonly AuditGrade[]): Map<AuditGrade, number> {
  const counts = new Map<AuditGrade, number>();
  for (const grade of grades) counts.set(grade, (counts.get(grade) ?? 0) + 1);
  return counts;
}

function goodOrBetterOf(audits: readonly LearningAudit[]): ShownPercent {
  return suppressedPercent(audits.filter((a) => goodGrades.has(countedGrade(a))).length, audits.length);
}

/** The quarter a date is in and the three before it, oldest first. */
export function trendQuarters(lastDay: string): { label: string; startsOn: string; endsOn: string }[] {
  let { planYear, quarter } = auditQuarter(lastDay);
  const quarters = [];
  for (let i = 0; i < 4; i += 1) {
    const spec = { planYear, kind: "quarter" as const, quarter };
    quarters.unshift({ label: periodLabel(spec), ...periodDates(spec) });
    if (quarter === 1) {
      planYear -= 1;
      quarter = 4;
    } else quarter = (quarter - 1) as Quarter;
  }
  return quarters;
}

export interface ActionCounts {
  raised: number;
  closed: number;
  closedOnTime: number;
  open: number;
  overdue: number;
  earlierStillOpen: number;
}

/**
 * The actions raised in `period` as they stood at its end: closed by then (on time when closed on
 * or before the due date), otherwise open, and overdue when due before the period's last day; and
 * those raised earlier still open at its end.
 */
export function actionsAtEnd(actions: readonly LearningAction[], period: { startsOn: string; endsOn: string }): ActionCounts {
  const byEnd = actions.filter((a) => a.raisedOn <= period.endsOn);
  const closedByEnd = (a: LearningAction) => a.closedOn !== null && a.closedOn <= period.endsOn;
  const raised = byEnd.filter((a) => a.raisedOn >= period.startsOn);
  const closed = raised.filter(closedByEnd);
  const open = raised.filter((a) => !closedByEnd(a));
  return {
    raised: raised.length,
    closed: closed.length,
    closedOnTime: closed.filter((a) => a.closedOn !== null && a.closedOn <= a.dueOn).length,
    open: open.length,
    overdue: open.filter((a) => a.dueOn < period.endsOn).length,
    earlierStillOpen: byEnd.filter((a) => a.raisedOn < period.startsOn && !closedByEnd(a)).length,
  };
}

/** What a learning report and the Scrutiny report say of a period's record. */
export function summariseLearning(record: LearningRecord): LearningSummary {
  const { period } = record;
  const audits = record.audits.filter((a) => inPeriod(a.auditDate, period));
  const synthetic = audits.filter((a) => a.synthetic).length;
  const domainGrades = audits.flatMap((a) => a.domainGrades);
  const domainNames = [...new Set(domainGrades.map((g) => g.domain))];
  const domains = domainNames.map((domain): DomainGrades => {
    const grades = domainGrades.filter((g) => g.domain === domain).map((g) => g.grade);
    return {
      domain,
      grades: shown(grades.length),
      cells: gradeCells(countGrades(grades), { suppress: true, threshold }),
      belowGood: shown(grades.filter((g) => belowGoodGrades.has(g)).length),
      inadequateShare: suppressedPercent(grades.filter((g) => g === "inadequate").length, domainGrades.length),
    };
  });
  const belowGoodCount = (domain: string) => domainGrades.filter((g) => g.domain === domain && belowGoodGrades.has(g.grade)).length;
  const themes = domains
    .filter((d) => belowGoodCount(d.domain) > 0)
    .sort((a, b) => belowGoodCount(b.domain) - belowGoodCount(a.domain) || a.domain.localeCompare(b.domain));
  const trend = trendQuarters(period.endsOn).map((q): TrendPoint => {
    const inQuarter = record.audits.filter((a) => inPeriod(a.auditDate, q));
    return { label: q.label, endsOn: q.endsOn, audits: shown(inQuarter.length), goodOrBetter: goodOrBetterOf(inQuarter) };
  });
  const counts = actionsAtEnd(record.actions, period);
  const actions = Object.fromEntries(Object.entries(counts).map(([key, count]) => [key, shown(count)])) as ActionsSummary;
  return {
    audits: shown(audits.length),
    synthetic: synthetic === 0 ? "none" : synthetic === audits.length ? "all" : "some",
    grades: gradeCells(countGrades(audits.map(countedGrade)), { suppress: true, threshold }),
    goodOrBetter: goodOrBetterOf(audits),
    domains,
    trend,
    themes,
    inadequateGrades: suppressedPercent(domainGrades.filter((g) => g.grade === "inadequate").length, domainGrades.length),
    actions,
    hasRecord: audits.length > 0 || counts.raised > 0 || record.practiceWeeks.length > 0 || record.feedback.length > 0,
  };
}
