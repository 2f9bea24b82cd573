import { auditGradeLabels, type AuditGrade, type GradeCell } from "../../core/audit-grades.ts";
import { formatDate } from "../../core/format.ts";
import { percentText, summariseLearning, type LearningPracticeWeek, type LearningRecord, type LearningSummary, type Shown, type ShownPercent } from "../../core/learning-record.ts";
import { symbolInWords } from "../../core/suppression.ts";
import type { ReportBasis } from "./builders.ts";
import type { Block, HeadingBlock, ReportDocument } from "./document.ts";

/**
 * The learning report (a one-page summary of a quarter's quality assurance, shared with teams)
 * and the quality-assurance section of the Scrutiny report, both from the same record. Every role
 * reads them, so counts from 1 to 4 show as "c" and no percentage is worked from them.
 */

const syntheticWords = "made so that the quarter's grades match those the council reported, where the audits themselves are not held";

const areaName = (record: LearningRecord) => record.serviceArea ?? "All service areas";
const gradeWord = (grade: AuditGrade) => `'${auditGradeLabels[grade].toLowerCase()}'`;
const shownText = (count: Shown) => String(count);
const cellText = (cell: GradeCell) => String(cell.count);

/** "100 case audits", "fewer than 5 case audits", "no case audits". */
function countWords(count: Shown, singular: string, plural = `${singular}s`): string {
  if (count === "c") return `fewer than 5 ${plural}`;
  if (count === 0) return `no ${plural}`;
  return `${String(count)} ${count === 1 ? singular : plural}`;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function heading(level: HeadingBlock["level"], text: string): Block {
  return { kind: "heading", level, text };
}

function syntheticNote(summary: LearningSummary): Block[] {
  if (summary.synthetic === "none") return [];
  const which = summary.synthetic === "all" ? "The audits counted here are synthetic" : "Some of the audits counted here are synthetic";
  return [{ kind: "paragraph", label: "Synthetic audits:", text: `${which}: ${syntheticWords}.` }];
}

const suppressionNote: Block = {
  kind: "paragraph",
  label: "Small numbers:",
  text: `${symbolInWords("c", "")}. Counts from 1 to 4, and percentages worked from them, are not shown, so that no child or family can be recognised.`,
};

function gradesTable(record: LearningRecord, summary: LearningSummary): Block {
  return {
    kind: "table",
    caption: `Overall grades of the case audits in ${record.period.label}`,
    columns: ["Grade", "Audits", "Percentage of audits"],
    rows: [...summary.grades.map((cell) => [auditGradeLabels[cell.grade], cellText(cell), cell.share === null ? "c" : `${String(cell.share)}%`]), ["All audits", shownText(summary.audits), ""]],
    widths: [3, 1, 1],
  };
}

function domainsTable(record: LearningRecord, summary: LearningSummary): Block {
  return {
    kind: "table",
    caption: `Grades given in each domain of the case audits in ${record.period.label}`,
    columns: ["Domain", ...summary.grades.map((c) => auditGradeLabels[c.grade]), "Grades given"],
    rows: summary.domains.map((d) => [d.domain, ...d.cells.map(cellText), shownText(d.grades)]),
    widths: [2, 1, 1, 1, 1, 1],
  };
}

function trendTable(summary: LearningSummary): Block {
  return {
    kind: "table",
    caption: "Case audits graded good or better, in the last four quarters",
    columns: ["Quarter", "Audits", "Good or better"],
    rows: summary.trend.map((t) => [t.label, shownText(t.audits), percentText(t.goodOrBetter, "No audits")]),
    widths: [2, 1, 1],
  };
}

function practiceWeekBlocks(weeks: readonly LearningPracticeWeek[], level: HeadingBlock["level"]): Block[] {
  const findings = (lead: string, items: string[]): Block[] => (items.length > 0 ? [{ kind: "paragraph", text: lead }, { kind: "list", items }] : []);
  return weeks.flatMap((week): Block[] => [
    heading(level, `${week.theme} practice week`),
    { kind: "paragraph", text: `${week.serviceArea}, ${formatDate(week.startsOn)} to ${formatDate(week.endsOn)}.` },
    ...findings("Strengths found:", week.strengths),
    ...findings("Areas for improvement:", week.areasForImprovement),
    ...(week.learning.trim() !== "" ? [{ kind: "paragraph", label: "Learning:", text: week.learning } as Block] : []),
  ]);
}

function feedbackBlocks(record: LearningRecord, level: HeadingBlock["level"]): Block[] {
  const said = (kind: "strength" | "to-strengthen") => record.feedback.filter((f) => f.kind === kind).map((f) => `${f.theme}: ${f.words}`);
  const lists: [string, string[]][] = [
    ["What families said is working well", said("strength")],
    ["What families said we should strengthen", said("to-strengthen")],
  ];
  return lists.filter(([, items]) => items.length > 0).flatMap(([title, items]): Block[] => [heading(level, title), { kind: "list", items }]);
}

function actionsTable(record: LearningRecord, summary: LearningSummary): Block {
  const { actions } = summary;
  const end = formatDate(record.period.endsOn);
  return {
    kind: "table",
    caption: `Actions from case audits, as they stood on ${end}`,
    columns: ["Actions", "Number"],
    rows: [
      [`Raised in ${record.period.label}`, shownText(actions.raised)],
      [`Closed by ${end}`, shownText(actions.closed)],
      ["Closed on or before their due date", shownText(actions.closedOnTime)],
      [`Open on ${end}`, shownText(actions.open)],
      ["Open and past their due date", shownText(actions.overdue)],
      ["Raised earlier and still open", shownText(actions.earlierStillOpen)],
    ],
    widths: [4, 1],
  };
}

/** "Planning: 12 of 24 grades were 'requires improvement' or 'inadequate'". */
function themeItems(summary: LearningSummary): string[] {
  return summary.themes.slice(0, 3).map((t) => `${t.domain}: ${shownText(t.belowGood)} of ${shownText(t.grades)} grades were 'requires improvement' or 'inadequate'`);
}

/**
 * The one-page learning report for a quarter and a service area (or all of them): the audits and
 * their grades, overall and by domain, the trend, the main themes, practice weeks and families'
 * feedback where there are any, and the actions. No committee cover sheet: it is shared with teams.
 */
export function learningReport(basis: ReportBasis, record: LearningRecord): ReportDocument {
  const summary = summariseLearning(record);
  const themes = themeItems(summary);
  const blocks: Block[] = [
    { kind: "paragraph", label: "Service area:", text: areaName(record) },
    { kind: "paragraph", label: "Period:", text: `${record.period.label}, ${formatDate(record.period.startsOn)} to ${formatDate(record.period.endsOn)}` },
    ...syntheticNote(summary),
    heading(1, "Audits and grades"),
    {
      kind: "paragraph",
      text: `${capitalise(countWords(summary.audits, "case audit"))} ${summary.audits === 1 ? "was" : "were"} completed in the period${summary.goodOrBetter === null ? "." : `; ${percentText(summary.goodOrBetter)} of them were graded good or better (the moderated grade counting where an audit was moderated).`}`,
    },
    ...(summary.audits === 0 ? [] : [gradesTable(record, summary), ...(summary.domains.length > 0 ? [domainsTable(record, summary)] : [])]),
    heading(1, "Trend"),
    trendTable(summary),
    heading(1, "Main themes"),
    ...(themes.length > 0
      ? [{ kind: "paragraph", text: "The domains most often graded requires improvement or inadequate:" } as Block, { kind: "list", items: themes } as Block]
      : [{ kind: "paragraph", text: "No domain was graded requires improvement or inadequate in the period." } as Block]),
    ...(record.practiceWeeks.length > 0 ? [heading(2, "Practice weeks"), ...practiceWeekBlocks(record.practiceWeeks, 3)] : []),
    ...(record.feedback.length > 0 ? feedbackBlocks(record, 2) : []),
    heading(1, "Actions"),
    actionsTable(record, summary),
    suppressionNote,
  ];
  return { title: basis.cover.title, council: basis.council, committee: basis.cover.committee, generatedAt: basis.generatedAt, blocks };
}

/** "36% of the practice audited was graded 'good', 59% 'requires improvement' and 5% 'inadequate'." */
function gradesSentence(summary: LearningSummary): string | null {
  const [first, ...rest] = summary.grades.filter((c) => c.count !== 0 && c.share !== null).map((c) => ({ share: `${String(c.share)}%`, word: gradeWord(c.grade) }));
  if (!first) return null;
  const others = rest.map((p) => `${p.share} ${p.word}`);
  const last = others.pop();
  const tail = last === undefined ? "" : `${others.map((o) => `, ${o}`).join("")} and ${last}`;
  const hidden = summary.grades.some((c) => c.count === "c") ? " Grades given to fewer than 5 audits are not shown." : "";
  return `${first.share} of the practice audited was graded ${first.word}${tail}.${hidden}`;
}

const isFigure = (p: ShownPercent): p is number => typeof p === "number";

/** The change in practice graded good or better against the quarters before the period's last. */
function changeSentence(summary: LearningSummary): string {
  const latest = summary.trend.at(-1);
  const earlier = summary.trend.slice(0, -1).filter((t) => isFigure(t.goodOrBetter));
  if (!latest || !isFigure(latest.goodOrBetter)) return "There is no figure for practice graded good or better in the period's last quarter to compare with the quarters before.";
  if (earlier.length === 0) return `Practice graded good or better was ${percentText(latest.goodOrBetter)} in ${latest.label}. No figure is recorded for the three quarters before, so there is no change to report.`;
  const listed = earlier
    .slice()
    .reverse()
    .map((t) => `${percentText(t.goodOrBetter)} in ${t.label}`)
    .join(", ");
  const previous = summary.trend.at(-2);
  const points = previous && isFigure(previous.goodOrBetter) ? latest.goodOrBetter - previous.goodOrBetter : null;
  const change = points === null ? "" : points === 0 ? " It is unchanged on the quarter before." : ` It is ${points > 0 ? "up" : "down"} ${String(Math.abs(points))} percentage ${Math.abs(points) === 1 ? "point" : "points"} on the quarter before.`;
  return `Practice graded good or better was ${percentText(latest.goodOrBetter)} in ${latest.label}, against ${listed}.${change}`;
}

function inadequateBlocks(summary: LearningSummary): Block[] {
  if (summary.inadequateGrades === null) return [];
  if (summary.inadequateGrades === 0) return [{ kind: "paragraph", text: "None of the individual domain grades given in the period was 'inadequate'." }];
  const domains = summary.domains.filter((d) => d.inadequateShare !== 0).map((d) => `${d.domain}: ${percentText(d.inadequateShare)} of all grades`);
  return [{ kind: "paragraph", text: `${percentText(summary.inadequateGrades)} of the individual domain grades given in the period were 'inadequate'. They were given in:` }, { kind: "list", items: domains }];
}

function actionsSentence(record: LearningRecord, summary: LearningSummary): string {
  const { actions } = summary;
  if (actions.raised === 0) return `No actions were raised from case audits in ${record.period.label}.`;
  return `${capitalise(countWords(actions.raised, "action"))} ${actions.raised === 1 ? "was" : "were"} raised from case audits in ${record.period.label}: ${countWords(actions.closed, "action")} closed by the period's end (${shownText(actions.closedOnTime)} on or before the due date), and ${shownText(actions.open)} open, of which ${shownText(actions.overdue)} past the due date.`;
}

/**
 * The Scrutiny report's quality-assurance section for its period, in all service areas: nothing
 * at all when the period has no quality-assurance record.
 */
export function qualityAssuranceSection(record: LearningRecord): Block[] {
  const summary = summariseLearning(record);
  if (!summary.hasRecord) return [];
  const grades = gradesSentence(summary);
  return [
    heading(1, "Quality assurance"),
    ...syntheticNote(summary),
    { kind: "paragraph", text: `${capitalise(countWords(summary.audits, "case audit"))} ${summary.audits === 1 ? "was" : "were"} completed in ${record.period.label}.${grades ? ` ${grades}` : ""}` },
    { kind: "paragraph", text: changeSentence(summary) },
    trendTable(summary),
    ...inadequateBlocks(summary),
    ...(record.practiceWeeks.length > 0 ? [heading(2, "Practice weeks"), { kind: "paragraph", text: `${String(record.practiceWeeks.length)} practice ${record.practiceWeeks.length === 1 ? "week was" : "weeks were"} held.` } as Block, ...practiceWeekBlocks(record.practiceWeeks, 3)] : []),
    ...(record.feedback.length > 0 ? [heading(2, "What families told us"), ...feedbackBlocks(record, 3)] : []),
    heading(2, "Actions from audits"),
    { kind: "paragraph", text: actionsSentence(record, summary) },
    suppressionNote,
  ];
}
