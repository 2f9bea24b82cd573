import * as Plot from "@observablehq/plot";
import { formatDate } from "../../core/format.ts";
import { riskRatingLabels, type RiskScale } from "../../core/risk-scores.ts";
import { plotSvg } from "../measures/index.ts";
import type { AssessmentView } from "./service.ts";

/**
 * A risk's scores over time as SVG: the score before and after controls at each scoring, on the
 * 0 to 25 scale with the council's bands marked. The history table beside it gives every figure.
 */
export function scoreChartSvg(id: string, title: string, history: readonly AssessmentView[], scale: RiskScale, target: number | null): string {
  const first = history[0];
  const last = history.at(-1);
  if (!first || !last) return "";
  const date = (iso: string) => new Date(`${iso}T00:00:00Z`);
  const points = history.flatMap((h) => [
    { date: date(h.assessment.assessedOn), score: h.inherent.score, series: "Before controls" },
    { date: date(h.assessment.assessedOn), score: h.residual.score, series: "After controls" },
  ]);
  const bands = [
    { from: scale.mediumFrom, label: `${riskRatingLabels.medium} from ${String(scale.mediumFrom)}` },
    { from: scale.highFrom, label: `${riskRatingLabels.high} from ${String(scale.highFrom)}` },
    { from: scale.veryHighFrom, label: `${riskRatingLabels["very-high"]} from ${String(scale.veryHighFrom)}` },
  ];
  // A single scoring still needs a span of time to sit in: a fortnight either side.
  const fortnight = 14 * 86_400_000;
  const domain: [Date, Date] = [new Date(date(first.assessment.assessedOn).getTime() - fortnight), new Date(date(last.assessment.assessedOn).getTime() + fortnight)];
  const description = `${String(history.length)} scoring${history.length === 1 ? "" : "s"} from ${formatDate(first.assessment.assessedOn)} to ${formatDate(last.assessment.assessedOn)}. The latest score after controls is ${String(last.residual.score)} (${riskRatingLabels[last.residual.rating]}), before controls ${String(last.inherent.score)}${target === null ? "" : `; the target is ${String(target)}`}. The table beside the chart lists every score.`;
  return plotSvg(
    {
      marginLeft: 40,
      marginRight: 130,
      marginBottom: 36,
      x: { type: "utc", domain, label: null, ticks: 4 },
      y: { domain: [0, 25], grid: true, label: "Score", labelAnchor: "top", labelArrow: "none" },
      color: { domain: ["Before controls", "After controls"], range: ["#505a5f", "#1d70b8"], legend: false },
      marks: [
        Plot.ruleY(bands, { y: "from", stroke: "#b1b4b6", strokeDasharray: "4 3" }),
        Plot.text(bands, { x: domain[1], y: "from", text: "label", textAnchor: "start", dx: 6, fill: "#505a5f" }),
        ...(target === null ? [] : [Plot.ruleY([target], { stroke: "#00703c", strokeWidth: 1.5, strokeDasharray: "2 3" }), Plot.text([{ y: target }], { x: domain[0], y: "y", text: () => `Target ${String(target)}`, textAnchor: "start", dy: -6, fill: "#00703c" })]),
        Plot.line(points, { x: "date", y: "score", z: "series", stroke: "series", strokeWidth: 2, curve: "step-after" }),
        Plot.dot(points, { x: "date", y: "score", fill: "series", r: 4, symbol: "series" }),
        Plot.text(
          points.filter((p) => p.date.getTime() === date(last.assessment.assessedOn).getTime()),
          { x: "date", y: "score", text: "series", fill: "series", dx: 8, textAnchor: "start" },
        ),
      ],
    },
    { id, title, description, width: 640, height: 260 },
  );
}
