import { limitsInWords, type SpcResult } from "../../core/spc.ts";

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

/** Height of a line of 11px label text, with a little air. */
const labelGap = 12;

/**
 * Which period labels an axis shows: about `most` of them, evenly spaced, always the first and
 * the last, and never one so close to the last that the two would run into each other.
 */
export function tickIndexes(count: number, most: number): number[] {
  if (count <= 0) return [];
  const every = Math.max(1, Math.ceil(count / most));
  const last = count - 1;
  const regular = Array.from({ length: count }, (_, i) => i).filter((i) => i % every === 0 && (i === last || last - i >= every));
  return regular.includes(last) ? regular : [...regular, last];
}

/**
 * Moves labels (by their baselines, in pixels down the chart) apart so that each is at least `gap`
 * from the next, keeping them between `top` and `bottom` and as near their own lines as they can be.
 * Answers in the order given.
 */
export function spreadLabels(positions: number[], gap: number, top: number, bottom: number): number[] {
  const order = positions.map((y, i) => ({ y: Math.min(Math.max(y, top), bottom), i })).sort((a, b) => a.y - b.y);
  // Downwards: each label at least a gap below the one above it.
  for (let k = 1; k < order.length; k += 1) {
    const above = order[k - 1];
    const label = order[k];
    if (above && label && label.y - above.y < gap) label.y = above.y + gap;
  }
  // Back up from the bottom where that pushed labels out of the chart.
  for (let k = order.length - 1; k >= 0; k -= 1) {
    const label = order[k];
    const below = order[k + 1];
    if (label) label.y = Math.min(label.y, below ? below.y - gap : bottom);
  }
  const placed: number[] = [];
  for (const { y, i } of order) placed[i] = y;
  return placed;
}

/**
 * An SPC chart in words: how many values over what span, the mean, the limits (trial ones while
 * there are fewer than 12 values) and the target; with too few values for limits, that and why.
 */
export function spcChartDescription(spc: SpcResult, labels: string[], target: number | null, format: (n: number) => string): string {
  const span = `${spc.points.length} values from ${labels[0] ?? ""} to ${labels.at(-1) ?? ""}.`;
  const targetWords = target !== null ? ` Target ${format(target)}.` : "";
  if (spc.mean === null || spc.upperLimit === null || spc.lowerLimit === null) return `${span} ${limitsInWords(spc) ?? ""}.${targetWords}`;
  const cappedNote = spc.capped.upper || spc.capped.lower ? `, held at the measure's ${spc.capped.upper && spc.capped.lower ? "bounds" : spc.capped.upper ? "highest possible value" : "lowest possible value"}` : "";
  const limits = `, ${spc.provisional ? "trial " : ""}process limits ${format(spc.lowerLimit)} to ${format(spc.upperLimit)}${cappedNote}`;
  return `${span} Mean ${format(spc.mean)}${limits}.${targetWords}`;
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
  const references = [
    { value: spc.upperLimit, colour: "#505a5f", dash: "6 4", label: "Upper limit" },
    { value: spc.lowerLimit, colour: "#505a5f", dash: "6 4", label: "Lower limit" },
    { value: spc.mean, colour: "#0b0c0c", dash: "", label: "Mean" },
    { value: target, colour: "#00703c", dash: "2 3", label: "Target" },
  ].flatMap((r) => (r.value === null ? [] : [{ ...r, value: r.value, y: s.y(r.value) }]));
  // Each line's label sits just above it, moved apart where lines run close so no two overlap.
  const labelY = spreadLabels(references.map((r) => r.y - 4), labelGap, pad.top + 8, height - pad.bottom);
  const referenceLines = references
    .map(
      (r, i) =>
        `<line x1="${pad.left}" x2="${width - pad.right}" y1="${fmt(r.y)}" y2="${fmt(r.y)}" stroke="${r.colour}" stroke-width="1.5" stroke-dasharray="${r.dash}"/><text x="${width - pad.right}" y="${fmt(labelY[i] ?? r.y - 4)}" text-anchor="end" font-size="11" fill="${r.colour}">${escape(r.label)} ${escape(format(r.value))}</text>`,
    )
    .join("");
  const dots = points
    .map((p, i) => {
      const colour = p.specialCause ? causeColour[p.specialCause] : causeColour.common;
      return `<circle cx="${fmt(s.x(i))}" cy="${fmt(s.y(p.value))}" r="4" fill="${colour}"/>`;
    })
    .join("");
  const shown = new Set(tickIndexes(labels.length, 8));
  const ticks = labels
    .map((label, i) => {
      if (!shown.has(i)) return "";
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
${referenceLines}
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
