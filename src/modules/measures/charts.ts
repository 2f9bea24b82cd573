import type { SpcResult } from "../../core/spc.ts";

/**
 * Charts drawn on the server as SVG, so they show without JavaScript and go into documents
 * unchanged. Each has a title and a description; pages put the data table beside it.
 */

const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Colours of the Making Data Count icons: blue improvement, orange concern, grey common cause. */
const causeColour = { improvement: "#1d70b8", concern: "#d4351c", neither: "#4c2c92", common: "#505a5f" } as const;

interface Scale {
  x(i: number): number;
  y(v: number): number;
}

function scale(count: number, values: number[], width: number, height: number, pad: { left: number; right: number; top: number; bottom: number }): Scale {
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || Math.abs(max) || 1;
  const low = min - span * 0.1;
  const high = max + span * 0.1;
  return {
    x: (i) => pad.left + (count <= 1 ? (width - pad.left - pad.right) / 2 : (i * (width - pad.left - pad.right)) / (count - 1)),
    y: (v) => pad.top + ((high - v) * (height - pad.top - pad.bottom)) / (high - low),
  };
}

const fmt = (n: number) => (Math.round(n * 100) / 100).toString();

/** An SPC chart in words: how many values over what span, the mean, the limits and the target. */
export function spcChartDescription(spc: SpcResult, labels: string[], target: number | null, format: (n: number) => string): string {
  const limits = spc.upperLimit !== null && spc.lowerLimit !== null ? `, process limits ${format(spc.lowerLimit)} to ${format(spc.upperLimit)}${spc.provisional ? " (provisional)" : ""}` : "";
  return `${spc.points.length} values from ${labels[0] ?? ""} to ${labels.at(-1) ?? ""}.${spc.mean !== null ? ` Mean ${format(spc.mean)}` : ""}${limits}.${target !== null ? ` Target ${format(target)}.` : ""}`;
}

export function spcChartSvg(options: {
  id: string;
  title: string;
  spc: SpcResult;
  labels: string[];
  target: number | null;
  format: (n: number) => string;
  width?: number;
  height?: number;
}): string {
  const { id, title, spc, labels, target, format } = options;
  const width = options.width ?? 640;
  const height = options.height ?? 280;
  const pad = { left: 56, right: 16, top: 16, bottom: 40 };
  const points = spc.points;
  if (points.length === 0) return "";
  const lines = [spc.mean, spc.upperLimit, spc.lowerLimit, target].filter((v): v is number => v !== null);
  const s = scale(points.length, [...points.map((p) => p.value), ...lines], width, height, pad);
  const path = points.map((p, i) => `${i === 0 ? "M" : "L"}${fmt(s.x(i))},${fmt(s.y(p.value))}`).join(" ");
  const hline = (v: number | null, colour: string, dash: string, label: string) =>
    v === null
      ? ""
      : `<line x1="${pad.left}" x2="${width - pad.right}" y1="${fmt(s.y(v))}" y2="${fmt(s.y(v))}" stroke="${colour}" stroke-width="1.5" stroke-dasharray="${dash}"/><text x="${width - pad.right}" y="${fmt(s.y(v) - 4)}" text-anchor="end" font-size="11" fill="${colour}">${escape(label)} ${escape(format(v))}</text>`;
  const dots = points
    .map((p, i) => {
      const colour = p.specialCause ? causeColour[p.specialCause] : causeColour.common;
      return `<circle cx="${fmt(s.x(i))}" cy="${fmt(s.y(p.value))}" r="4" fill="${colour}"/>`;
    })
    .join("");
  const every = Math.max(1, Math.ceil(points.length / 8));
  const ticks = labels
    .map((label, i) => {
      if (i % every !== 0 && i !== labels.length - 1) return "";
      // The first and last labels keep inside the chart.
      const anchor = i === 0 ? "start" : i === labels.length - 1 ? "end" : "middle";
      return `<text x="${fmt(s.x(i))}" y="${height - 12}" text-anchor="${anchor}" font-size="11" fill="#0b0c0c">${escape(label)}</text>`;
    })
    .join("");
  const description = `${spcChartDescription(spc, labels, target, format)} The table beside the chart lists every value.`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="${id}-title ${id}-desc" class="waymark-chart" font-family="Arial, Helvetica, sans-serif">
<title id="${id}-title">${escape(title)}</title><desc id="${id}-desc">${escape(description)}</desc>
<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>
<line x1="${pad.left}" x2="${pad.left}" y1="${pad.top}" y2="${height - pad.bottom}" stroke="#b1b4b6"/>
${hline(spc.upperLimit, "#505a5f", "6 4", "Upper limit")}${hline(spc.lowerLimit, "#505a5f", "6 4", "Lower limit")}${hline(spc.mean, "#0b0c0c", "", "Mean")}${hline(target, "#00703c", "2 3", "Target")}
<path d="${path}" fill="none" stroke="#505a5f" stroke-width="1.5"/>${dots}${ticks}
</svg>`;
}

/** A small trend line for a scorecard row: decorative, the row's figures carry the meaning. */
export function sparklineSvg(values: number[], width = 100, height = 24): string {
  if (values.length < 2) return "";
  const s = scale(values.length, values, width, height, { left: 2, right: 2, top: 2, bottom: 2 });
  const path = values.map((v, i) => `${i === 0 ? "M" : "L"}${fmt(s.x(i))},${fmt(s.y(v))}`).join(" ");
  const last = values.length - 1;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" aria-hidden="true" focusable="false"><path d="${path}" fill="none" stroke="#1d70b8" stroke-width="1.5"/><circle cx="${fmt(s.x(last))}" cy="${fmt(s.y(values[last] ?? 0))}" r="2.5" fill="#1d70b8"/></svg>`;
}
