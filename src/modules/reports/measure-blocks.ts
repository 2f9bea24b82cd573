import { formatWithFraction } from "../../core/measure-format.ts";
import { formatDate } from "../../core/format.ts";
import { ragLabels } from "../../core/rag.ts";
import { outOfDateNote, outOfDateRuleInWords } from "../../core/values-as-at.ts";
import { type ScorecardRow, generatedCommentaryOf, measureChart, presentRow, spcInWords } from "../measures/index.ts";
import type { FigureShown } from "../casework/index.ts";
import type { Block, Cell } from "./document.ts";

/**
 * Measures written as report blocks: scorecard tables, and for a measure its SPC chart with the
 * data table beside it. Shared by the progress report's appendix and the performance board pack.
 *
 * Each report's measures are as at a date (see core/values-as-at.ts): the rows come from the values
 * up to that date, and a measure whose latest value is out of date for its frequency says so.
 */

const scorecardColumns = ["Measure", "Latest value", "Target", "RAG", "Change on previous period", "England", "Statistical neighbours"];

/** "Latest value: December 2024; nothing newer by 30 September 2025." for a measure whose latest value is out of date as at `asAt`. */
function outOfDate(row: ScorecardRow, asAt: string): string | null {
  return row.latest ? outOfDateNote(row.measure.frequency, row.latest.periodEnd, asAt) : null;
}

function latestCell(row: ScorecardRow, p: ReturnType<typeof presentRow>, asAt: string): string {
  if (!row.latest) return p.latest;
  const value = `${p.latest} (${p.period}${p.provisional ? ", provisional" : ""})`;
  const note = outOfDate(row, asAt);
  return note ? `${value}. Out of date. ${note}` : value;
}

function scorecardRow(row: ScorecardRow, asAt: string): Cell[] {
  const p = presentRow(row);
  return [
    p.title,
    latestCell(row, p, asAt),
    p.target || "No target",
    p.rag ? ragLabels[p.rag] : "Not rated",
    `${p.shortTerm.arrow} ${p.shortTerm.word}`.trim(),
    p.england ? `${p.england} (${String(p.benchmarkYear ?? "")})` : "–",
    p.neighbours || "–",
  ];
}

export function scorecardTable(caption: string, rows: readonly ScorecardRow[], asAt: string): Block {
  return { kind: "table", caption, columns: scorecardColumns, rows: rows.map((r) => scorecardRow(r, asAt)), widths: [4, 3, 3, 2, 3, 2, 3] };
}

/** What a report's measures are as at, in words: "Figures are as at 30 September 2025, the end of the reporting period: …". */
export function asAtParagraph(asAt: string, which: string): Block {
  return { kind: "paragraph", text: `Figures are as at ${formatDate(asAt)}, ${which}: values for later periods are not shown. ${outOfDateRuleInWords}` };
}

/** A chart needs at least two values to show anything over time. */
function hasChart(row: ScorecardRow): boolean {
  return row.values.length >= 2;
}

/**
 * The commentary on a measure's latest value, marked when it is the generated text saved unedited;
 * where none was written, what the figures say, marked as generated from them. `missingSaid` adds,
 * where neither can be given, that no commentary has been written.
 */
export function commentaryBlock(row: ScorecardRow, missingSaid: boolean): Block | null {
  const { commentary } = row;
  if (commentary) return { kind: "paragraph", label: commentary.generated ? "Commentary (generated from the figures, not yet edited):" : "Commentary:", text: commentary.text };
  const generated = generatedCommentaryOf(row);
  if (generated) return { kind: "paragraph", label: "What the figures say (generated from the figures; no commentary has been written):", text: generated };
  return missingSaid ? { kind: "paragraph", label: "Commentary:", text: "No commentary has been written for the latest value." } : null;
}

/** A measure's chart, what SPC makes of it, its values as a table, and its commentary or what its figures say. */
export function measureDetail(row: ScorecardRow, asAt: string, options: { commentary?: boolean } = {}): Block[] {
  const chart = measureChart(row);
  const note = outOfDate(row, asAt);
  const blocks: Block[] = [
    { kind: "heading", level: 3, text: row.measure.title },
    { kind: "paragraph", label: "Definition:", text: row.measure.definition },
    ...(note ? [{ kind: "paragraph", label: "Out of date:", text: note } as Block] : []),
  ];
  if (hasChart(row)) {
    blocks.push({ kind: "chart", title: chart.title, alt: chart.alt, svg: chart.svg, width: chart.width, height: chart.height });
    blocks.push({
      kind: "paragraph",
      label: "Reading the chart:",
      text: spcInWords(row.spc),
    });
  }
  blocks.push({
    kind: "table",
    caption: `${row.measure.title}: values`,
    columns: ["Period", "Value", "Status"],
    rows: row.values.map((v, i) => [chart.labels[i] ?? v.periodEnd, formatWithFraction(v.value, row.measure.unit, row.measure.decimals, v.numerator, v.denominator), v.status === "provisional" ? "Provisional" : "Final"]),
    widths: [2, 3, 1],
  });
  const said = commentaryBlock(row, options.commentary === true);
  if (said) blocks.push(said);
  return blocks;
}

/**
 * The figures of computed measures a report reads out: each one's latest value, as its scorecard
 * gives it. An issue keeps their cases. The earlier months its charts and tables show are not kept:
 * that would be every case of every month, hundreds of thousands of rows for each issue.
 */
export function computedFiguresShown(listed: readonly ScorecardRow[]): FigureShown[] {
  return listed.flatMap((row) =>
    row.measure.source === "computed" && row.latest ? [{ code: row.measure.code, periodEnd: row.latest.periodEnd, numerator: row.latest.numerator, denominator: row.latest.denominator }] : [],
  );
}

/** The measures a report's scorecard lists: those with a value by its date. */
export const listedMeasures = (rows: readonly ScorecardRow[]): ScorecardRow[] => rows.filter((r) => r.latest !== null);

/**
 * The appendix of measures in a progress report: for each priority its measures' scorecard, then a
 * chart and table for each measure with values over time. A measure shows under the first priority
 * it is linked to; measures linked to none come last.
 */
export function measureAppendix(heading: string, priorities: { number: number; title: string }[], rows: readonly ScorecardRow[], asAt: string): Block[] {
  const withValues = listedMeasures(rows);
  if (withValues.length === 0) return [];
  const first = (r: ScorecardRow) => (r.priorities.length > 0 ? Math.min(...r.priorities) : null);
  const groups = [
    ...priorities.map((p) => ({ heading: `Priority ${p.number}: ${p.title}`, rows: withValues.filter((r) => first(r) === p.number) })),
    { heading: "Other measures", rows: withValues.filter((r) => first(r) === null || !priorities.some((p) => p.number === first(r))) },
  ].filter((g) => g.rows.length > 0);
  return [
    { kind: "page-break" },
    { kind: "heading", level: 1, text: heading },
    {
      kind: "paragraph",
      text: "Each measure's latest value with its numerator and denominator where it has them, its target and RAG rating for the plan year, the change on the previous period, and the latest published England and statistical-neighbour figures. Charts are statistical process control (XmR) charts; each is followed by its values.",
    },
    asAtParagraph(asAt, "the end of the reporting period"),
    ...groups.flatMap((g) => [
      { kind: "heading", level: 2, text: g.heading } as Block,
      scorecardTable(`${g.heading}: measures`, g.rows, asAt),
      ...g.rows.filter(hasChart).flatMap((r) => measureDetail(r, asAt)),
    ]),
  ];
}
