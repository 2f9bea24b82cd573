import { xmr } from "../../src/core/spc.ts";
import { spcChartSvg } from "../../src/modules/measures/index.ts";
import type { ChartBlock, ReportDocument, TableBlock } from "../../src/modules/reports/index.ts";

/**
 * A small report with every kind of block, for testing the writers: a cover sheet, headings at
 * three levels, labelled paragraphs, bulleted and numbered lists, a table of progress with lists in
 * its cells, a scorecard long enough to run over several pages, SPC charts and a page break.
 */

const months = ["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"];

/** The last day of the month `i` months after April 2024, as an ISO date. */
export const monthEnd = (i: number) => new Date(Date.UTC(2024, 3 + i + 1, 0)).toISOString().slice(0, 10);

/** An SPC chart block of a monthly measure, as the measures pages draw it. */
export function sampleChart(code: string, title: string, values: number[], target: number): ChartBlock {
  const labels = values.map((_, i) => `${months[i % 12] ?? ""} ${24 + Math.floor((i + 3) / 12)}`);
  const spc = xmr(
    values.map((value, i) => ({ period: monthEnd(i), value })),
    { polarity: "lower-better", target },
  );
  const format = (n: number) => `${n.toFixed(1)}%`;
  const svg = spcChartSvg({ id: `spc-${code}`, title, spc, labels, target, unit: "percentage", decimals: 1, frequency: "monthly" });
  return {
    kind: "chart",
    title,
    alt: `${title}: ${values.length} monthly values from ${labels[0] ?? ""} to ${labels.at(-1) ?? ""}, latest ${format(values.at(-1) ?? 0)} against a target of ${format(target)}. The scorecard table lists every value.`,
    svg,
    width: 640,
    height: 280,
  };
}

const rereferrals = [24.1, 23.5, 25.2, 22.8, 21.9, 23.0, 22.4, 21.1, 20.6, 21.8, 19.9, 20.3, 19.4, 18.8];

/** A scorecard of `count` measures: enough rows to run over pages and repeat the header row. */
export function sampleScorecard(count: number): TableBlock {
  return {
    kind: "table",
    caption: "Scorecard of children's social care measures, September 2025",
    columns: ["Measure", "Latest", "Target", "Status", "Direction"],
    widths: [4, 1.4, 1.2, 1.2, 1.6],
    rows: Array.from({ length: count }, (_, i) => [
      `CSC${String(i + 1).padStart(2, "0")} Measure number ${i + 1} of the scorecard`,
      `${(40 + ((i * 7) % 50)).toFixed(1)}% (${88 + i}/${203 + i})`,
      "45.0%",
      i % 3 === 0 ? "Red" : i % 3 === 1 ? "Amber" : "Green",
      i % 2 === 0 ? "Improving" : "Worsening",
    ]),
  };
}

export function sampleReport(): ReportDocument {
  return {
    title: "Children, Young People and Families Service Q1 and Q2 Improvement Update",
    council: "Plymouth City Council",
    committee: "Children, Young People and Families Scrutiny Panel",
    generatedAt: "2025-11-04T09:30:00.000Z",
    blocks: [
      {
        kind: "fields",
        caption: "About this report",
        rows: [
          { label: "Date of meeting", value: "6 November 2025" },
          { label: "Title of report", value: "Children, Young People and Families Service Q1 and Q2 Improvement Update" },
          { label: "Lead Strategic Director", value: "Director for Children's Services" },
          { label: "Key decision", value: "No" },
          { label: "Confidentiality", value: "Part I - Official" },
        ],
      },
      { kind: "heading", level: 1, text: "Purpose of report" },
      {
        kind: "paragraph",
        text: "To update Scrutiny members on the improvements in the Children, Young People & Families Service in line with the milestones of Achieving Excellence 2024–27 <the three-year plan>.",
      },
      { kind: "heading", level: 2, text: "Recommendations" },
      { kind: "list", ordered: true, items: ["That the improvements and planned next steps are noted.", "That the Panel receives the year-end review in July 2026."] },
      { kind: "page-break" },
      { kind: "heading", level: 1, text: "Strategic Priority 1: Early Help" },
      { kind: "paragraph", label: "Vision", text: "A strong and effective early help offer, so that families get help as soon as they need it." },
      { kind: "paragraph", label: "Lead", text: "Head of Service, Early Help and Family Hubs" },
      { kind: "heading", level: 3, text: "Key achievements" },
      { kind: "list", items: ["Six Family Hubs open across the city.", "Early help assessments completed within 45 working days rose to 82%."] },
      {
        kind: "table",
        caption: "Priorities for the year and progress in Q1 and Q2",
        columns: ["Priorities for the year", "Progress in Q1 and Q2"],
        widths: [1, 2],
        rows: [
          ["Further develop the Family Hub offer", { items: ["Parenting programmes in every hub.", "Evidence-based interventions reach 1,200 more families."] }],
          ["Introduce a Families First front door", { items: ["Multi-disciplinary team in place since July 2025."] }],
        ],
      },
      { kind: "list", ordered: true, items: ["Review the hub timetable.", "Report back in Q3."] },
      { kind: "heading", level: 2, text: "Performance" },
      sampleChart("csc01", "Re-referrals to children's social care within 12 months", rereferrals, 20),
      sampleScorecard(60),
    ],
  };
}
