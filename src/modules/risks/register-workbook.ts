import { notFormula } from "../../core/csv.ts";
import { formatDate } from "../../core/format.ts";
import { riskAppetiteLabels, riskRatingLabels, type RiskScale } from "../../core/risk-scores.ts";
import { riskCategoryLabels, riskKindLabels, riskStatusLabels } from "../../core/risks.ts";
import type { RiskView, ScoreView } from "./service.ts";

/**
 * The risk register as an Excel workbook, one row per risk or issue: words as text, likelihood,
 * impact and score as numbers (so the register can be sorted, filtered and charted), and dates as
 * Excel dates. A "Notes" sheet says what the columns hold and the council's scale the scores are rated on.
 */

/** What the register's rows are written from: the risks judged on `today`, the scale, and names for the boards and priorities they refer to. */
export interface RegisterBasis {
  risks: readonly RiskView[];
  scale: RiskScale;
  today: string;
  /** Board names by id; a board without one is written "Board 3". */
  boards: ReadonlyMap<number, string>;
  /** Priority numbers by id. */
  priorityNumbers: ReadonlyMap<number, number>;
}

type CellValue = string | number | Date | null;

interface RegisterColumn {
  header: string;
  width: number;
  kind: "text" | "number" | "date";
  cell: (view: RiskView, basis: RegisterBasis) => CellValue;
}

/** An ISO date as Excel holds a date: midnight UTC of the day, which Excel shows as that day. */
const excelDate = (isoDate: string | null): Date | null => (isoDate ? new Date(`${isoDate}T00:00:00Z`) : null);

const notScored = "Not yet scored";

/** The columns of a score (before controls, after them, or the target): likelihood, impact, score and rating. */
function scoreColumns(label: string, pick: (view: RiskView) => ScoreView | null | undefined, unscored: string): RegisterColumn[] {
  return [
    { header: `Likelihood ${label}`, width: 12, kind: "number", cell: (v) => pick(v)?.likelihood ?? null },
    { header: `Impact ${label}`, width: 12, kind: "number", cell: (v) => pick(v)?.impact ?? null },
    { header: `Score ${label}`, width: 12, kind: "number", cell: (v) => pick(v)?.score ?? null },
    { header: `Rating ${label}`, width: 14, kind: "text", cell: (v) => { const s = pick(v); return s ? riskRatingLabels[s.rating] : unscored; } },
  ];
}

export const registerColumns: readonly RegisterColumn[] = [
  { header: "Reference", width: 10, kind: "text", cell: (v) => v.reference },
  { header: "Kind", width: 8, kind: "text", cell: (v) => riskKindLabels[v.risk.kind] },
  { header: "Title", width: 40, kind: "text", cell: (v) => v.risk.title },
  { header: "Cause", width: 40, kind: "text", cell: (v) => v.risk.cause },
  { header: "Event", width: 40, kind: "text", cell: (v) => v.risk.event },
  { header: "Effect", width: 40, kind: "text", cell: (v) => v.risk.effect },
  { header: "Category", width: 14, kind: "text", cell: (v) => riskCategoryLabels[v.risk.category] },
  { header: "Owner", width: 22, kind: "text", cell: (v) => v.risk.ownerName },
  { header: "Status", width: 11, kind: "text", cell: (v) => riskStatusLabels[v.risk.status] },
  { header: "Escalated to", width: 24, kind: "text", cell: (v, b) => (v.risk.escalatedToBoardId === null ? "" : (b.boards.get(v.risk.escalatedToBoardId) ?? `Board ${String(v.risk.escalatedToBoardId)}`)) },
  { header: "Escalated on", width: 14, kind: "date", cell: (v) => excelDate(v.risk.escalatedOn) },
  { header: "Controls in place", width: 40, kind: "text", cell: (v) => v.risk.controls },
  ...scoreColumns("before controls", (v) => v.latest?.inherent, notScored),
  ...scoreColumns("after controls", (v) => v.latest?.residual, notScored),
  { header: "Last scored on", width: 14, kind: "date", cell: (v) => excelDate(v.latest?.assessment.assessedOn ?? null) },
  ...scoreColumns("target", (v) => v.target, "No target set"),
  { header: "Appetite", width: 30, kind: "text", cell: (v) => (v.risk.appetite ? riskAppetiteLabels[v.risk.appetite] : "") },
  { header: "Review date", width: 14, kind: "date", cell: (v) => excelDate(v.risk.reviewOn) },
  { header: "Review overdue", width: 10, kind: "text", cell: (v) => (v.reviewOverdue ? "Yes" : "No") },
  {
    header: "Linked priorities",
    width: 14,
    kind: "text",
    cell: (v, b) =>
      [...new Set(v.links.flatMap((l) => (l.priorityId === null ? [] : [b.priorityNumbers.get(l.priorityId)])).filter((n): n is number => n !== undefined))]
        .sort((x, y) => x - y)
        .join(", "),
  },
  { header: "Became an issue on", width: 14, kind: "date", cell: (v) => excelDate(v.risk.becameIssueOn) },
  { header: "Issue impact", width: 40, kind: "text", cell: (v) => v.risk.issueImpact },
  { header: "Resolution", width: 40, kind: "text", cell: (v) => v.risk.resolution },
  { header: "Closed on", width: 14, kind: "date", cell: (v) => excelDate(v.risk.closedOn) },
];

/** How Excel shows the register's dates: "6 February 2025", as the council writes them. */
export const registerDateFormat = "d mmmm yyyy";

function notes(basis: RegisterBasis): string[][] {
  const { scale } = basis;
  const band = (from: number, to: number) => (from === to ? String(from) : `${String(from)} to ${String(to)}`);
  return [
    ["Exported", `The register as it stood on ${formatDate(basis.today)}.`],
    ["Scores", "Likelihood and impact are each scored 1 to 5; the score is likelihood × impact, from 1 to 25. The latest score is given, before controls and after them."],
    ["Likelihood", scale.likelihood.map((w, i) => `${String(i + 1)} ${w}`).join(", ")],
    ["Impact", scale.impact.map((w, i) => `${String(i + 1)} ${w}`).join(", ")],
    [
      "Ratings",
      `Low ${band(1, scale.mediumFrom - 1)}, Medium ${band(scale.mediumFrom, scale.highFrom - 1)}, High ${band(scale.highFrom, scale.veryHighFrom - 1)}, Very high ${band(scale.veryHighFrom, 25)}: the council's scale on the day of export.`,
    ],
    ["Not yet scored", "A risk with no score has empty likelihood, impact and score cells, and its rating says it is not yet scored."],
    ["Review overdue", `Yes when the risk is open or escalated and its review date had passed on ${formatDate(basis.today)}.`],
    ["Linked priorities", "The numbers of the plan's priorities the risk is linked to, directly or through one of their milestones."],
  ];
}

/** The register as an .xlsx workbook: a "Risk register" sheet with a row per risk, by reference, and a "Notes" sheet. */
export async function registerWorkbook(basis: RegisterBasis): Promise<Buffer> {
  const { default: ExcelJS } = await import("exceljs");
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Risk register", { views: [{ state: "frozen", ySplit: 1, xSplit: 1 }] });
  sheet.columns = registerColumns.map((c) => ({ header: c.header, width: c.width }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: "top", wrapText: true };
  for (const view of basis.risks) {
    const row = sheet.addRow([]);
    row.alignment = { vertical: "top", wrapText: true };
    registerColumns.forEach((column, i) => {
      const value = column.cell(view, basis);
      if (value === null || value === "") return;
      const cell = row.getCell(i + 1);
      cell.value = typeof value === "string" ? notFormula(value) : value;
      if (column.kind === "date") cell.numFmt = registerDateFormat;
    });
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: registerColumns.length } };
  const notesSheet = workbook.addWorksheet("Notes");
  notesSheet.columns = [{ width: 20 }, { width: 100 }];
  for (const note of notes(basis)) notesSheet.addRow(note).alignment = { vertical: "top", wrapText: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
