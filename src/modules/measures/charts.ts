import * as Plot from "@observablehq/plot";
import { parseHTML } from "linkedom";
import { formatMeasureValue, unitBounds, valueAxis, type Unit } from "../../core/measure-format.ts";
import { limitsInWords, type SpcResult } from "../../core/spc.ts";
import { monthsPerPeriod, periodsMissingBetween, shortPeriodLabel, type Frequency } from "../../core/value-periods.ts";

/**
 * Charts drawn on the server by Observable Plot into a document of linkedom's, as SVG, so they
 * show without JavaScript and the same picture goes to the page, to Word (through resvg) and to
 * the PDF. Each has a title and a description; pages and documents put the data table beside it.
 */

const { document } = parseHTML("<!doctype html><html><body></body></html>");
const plotDocument = document as unknown as Document;

/** Colours of the Making Data Count icons: blue improvement, orange concern, purple neither, grey common cause. */
const causeColour = { improvement: "#1d70b8", concern: "#d4351c", neither: "#4c2c92", common: "#505a5f" } as const;

const textColour = "#0b0c0c";
const fontSize = 11;
/** Roughly how wide a character of 11px Arial is, for keeping labels apart before they are drawn. */
const characterWidth = 6.2;
/** Height of a line of label text, with a little air. */
const labelGap = 13;

const dayMs = 86_400_000;
const dateOf = (isoDate: string) => new Date(`${isoDate}T00:00:00Z`);

/**
 * Which of the labels along an axis to show, so that none runs into another: the last always,
 * then from the first onwards each that leaves at least `gap` pixels to the one before it and to
 * the last. Each label is centred on `x` and `width` wide. Answers indexes, in order.
 */
export function spacedTicks(labels: readonly { x: number; width: number }[], gap: number): number[] {
  const last = labels.at(-1);
  if (!last) return [];
  const lastLeft = last.x - last.width / 2;
  const shown: number[] = [];
  let right = Number.NEGATIVE_INFINITY;
  labels.slice(0, -1).forEach((label, i) => {
    const left = label.x - label.width / 2;
    const end = label.x + label.width / 2;
    if (left >= right + gap && end + gap <= lastLeft) {
      shown.push(i);
      right = end;
    }
  });
  return [...shown, labels.length - 1];
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
 * The values a chart's axis runs over: the data and its lines with a tenth of their span either
 * side, rounded out to tidy ticks, but never past what the measure can take (no axis to 110%).
 */
export function valueDomain(values: readonly number[], bounds: { lower?: number; upper?: number }): [number, number] {
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || Math.abs(max) || 1;
  const nice = Plot.scale({ y: { domain: [min - span * 0.1, max + span * 0.1], nice: true } }).domain as [number, number];
  return [Math.max(nice[0], bounds.lower ?? Number.NEGATIVE_INFINITY), Math.min(nice[1], bounds.upper ?? Number.POSITIVE_INFINITY)];
}

/**
 * About how many ticks the value axis has: about eight, but never so many that they step by less
 * than the measure is written to (no ticks at 18.05 and 18.1 for a caseload written as 18.1).
 */
export function valueTickCount(domain: readonly [number, number], decimals: number): number {
  const steps = Math.floor((domain[1] - domain[0]) * 10 ** decimals + 1e-9);
  return Math.max(1, Math.min(8, steps));
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

/** Where a value falls on a scale of Plot's, in pixels; and the value at a pixel. */
const pixelOf = (scale: Plot.Scale, value: number | Date): number => Number(scale.apply?.(value));
const valueAt = (scale: Plot.Scale, pixel: number): number => Number(scale.invert?.(pixel));

interface ReferenceLine {
  label: string;
  value: number;
  colour: string;
  dash: string | undefined;
}

/** The SVG's own name and words for screen readers, and the house font and colours; Plot's stylesheet and ARIA labels go. */
function finish(svg: SVGSVGElement, words: { id: string; title: string; description: string; width: number; height: number }): string {
  const { id, title, description } = words;
  svg.querySelectorAll("style").forEach((style) => style.remove());
  svg.querySelectorAll("[aria-label], [aria-hidden]").forEach((element) => {
    element.removeAttribute("aria-label");
    element.removeAttribute("aria-hidden");
  });
  for (const [name, value] of Object.entries({
    xmlns: "http://www.w3.org/2000/svg",
    role: "img",
    "aria-labelledby": `${id}-title ${id}-desc`,
    class: "waymark-chart",
    width: "100%",
    "font-family": "Arial, Helvetica, sans-serif",
    "font-size": String(fontSize),
    fill: textColour,
  })) {
    svg.setAttribute(name, value);
  }
  svg.removeAttribute("height");
  const titleElement = document.createElementNS("http://www.w3.org/2000/svg", "title");
  titleElement.setAttribute("id", `${id}-title`);
  titleElement.textContent = title;
  const descElement = document.createElementNS("http://www.w3.org/2000/svg", "desc");
  descElement.setAttribute("id", `${id}-desc`);
  descElement.textContent = description;
  const background = document.createElementNS("http://www.w3.org/2000/svg", "rect");
  for (const [name, value] of Object.entries({ x: "0", y: "0", width: String(words.width), height: String(words.height), fill: "#ffffff" })) background.setAttribute(name, value);
  svg.prepend(titleElement, descElement, background);
  return svg.outerHTML;
}

/** A chart of another module's, drawn by Observable Plot from `options` and finished as every chart here is: titled, described and as wide as its container. */
export function plotSvg(options: Plot.PlotOptions, words: { id: string; title: string; description: string; width: number; height: number }): string {
  const svg = Plot.plot({ ...options, document: plotDocument, width: words.width, height: words.height }) as SVGSVGElement;
  return finish(svg, words);
}

export interface SpcChartOptions {
  id: string;
  title: string;
  spc: SpcResult;
  labels: string[];
  target: number | null;
  unit: Unit;
  decimals: number;
  frequency: Frequency;
  width?: number;
  height?: number;
}

/** SPC charts drawn lately, by everything they were drawn from: about a page's worth of kilobytes each. */
const drawnCharts = new Map<string, string>();
const keptCharts = 200;

/**
 * A measure's SPC chart as SVG. Drawn once for the same figures: a change that leaves them as they
 * were (a note on a value, commentary, a new definition) shows the chart already drawn.
 */
export function spcChartSvg(options: SpcChartOptions): string {
  const key = JSON.stringify(options);
  const kept = drawnCharts.get(key);
  if (kept !== undefined) {
    drawnCharts.delete(key);
    drawnCharts.set(key, kept);
    return kept;
  }
  const svg = drawSpcChart(options);
  drawnCharts.set(key, svg);
  for (const oldest of drawnCharts.keys()) {
    if (drawnCharts.size <= keptCharts) break;
    drawnCharts.delete(oldest);
  }
  return svg;
}

function drawSpcChart(options: SpcChartOptions): string {
  const { id, title, spc, labels, target, unit, decimals, frequency } = options;
  const points = spc.points;
  const first = points[0];
  const last = points.at(-1);
  if (!first || !last) return "";
  const format = (n: number) => formatMeasureValue(n, unit, decimals);
  const width = options.width ?? 640;
  const height = options.height ?? 280;
  const axis = valueAxis(unit);

  const references: ReferenceLine[] = [
    { label: "Upper limit", value: spc.upperLimit, colour: "#505a5f", dash: "6 4" },
    { label: "Lower limit", value: spc.lowerLimit, colour: "#505a5f", dash: "6 4" },
    { label: "Mean", value: spc.mean, colour: textColour, dash: undefined },
    { label: "Target", value: target, colour: "#00703c", dash: "2 3" },
  ].flatMap((line) => (line.value === null ? [] : [{ ...line, value: line.value, label: `${line.label} ${format(line.value)}` }]));

  // The reference lines are named in the right margin, out of the data's way, as wide as the longest name.
  const margin = {
    top: axis.title ? 28 : 16,
    right: references.length === 0 ? 24 : Math.min(180, Math.max(...references.map((r) => r.label.length)) * characterWidth + 16),
    bottom: 36,
    left: 60,
  };

  // Half a period either side, so the first and last points sit inside the frame.
  const halfPeriod = (monthsPerPeriod[frequency] * 30.44 * dayMs) / 2;
  const xDomain: [Date, Date] = [new Date(dateOf(first.period).getTime() - halfPeriod), new Date(dateOf(last.period).getTime() + halfPeriod)];
  const yDomain = valueDomain([...points.map((p) => p.value), ...references.map((r) => r.value)], unitBounds(unit));
  const x = Plot.scale({ x: { type: "utc", domain: xDomain, range: [margin.left, width - margin.right] } });
  const y = Plot.scale({ y: { domain: yDomain, range: [height - margin.bottom, margin.top] } });

  // Period labels under the points, as many as fit without touching.
  const tickLabels = points.map((p) => shortPeriodLabel(frequency, p.period));
  const shownTicks = spacedTicks(
    points.map((p, i) => ({ x: pixelOf(x, dateOf(p.period)), width: (tickLabels[i] ?? "").length * characterWidth })),
    8,
  );
  const tickText = new Map(shownTicks.map((i) => [dateOf(points[i]?.period ?? first.period).getTime(), tickLabels[i] ?? ""]));

  // Where periods are missing the line stops and starts again: a gap is shown as a gap.
  const line = points.flatMap((p, i) => {
    const before = points[i - 1];
    const gap = before !== undefined && periodsMissingBetween(frequency, before.period, p.period);
    const point = { date: dateOf(p.period), value: p.value };
    return gap ? [{ date: point.date, value: Number.NaN }, point] : [point];
  });
  const dots = points.map((p) => ({ date: dateOf(p.period), value: p.value, colour: causeColour[p.specialCause ?? "common"] }));

  const labelPixels = spreadLabels(
    references.map((r) => pixelOf(y, r.value)),
    labelGap,
    margin.top,
    height - margin.bottom,
  );
  const names = references.map((r, i) => ({ ...r, date: xDomain[1], y: valueAt(y, labelPixels[i] ?? 0) }));

  const svg = Plot.plot({
    document: plotDocument,
    width,
    height,
    marginTop: margin.top,
    marginRight: margin.right,
    marginBottom: margin.bottom,
    marginLeft: margin.left,
    x: { type: "utc", domain: xDomain, ticks: shownTicks.map((i) => dateOf(points[i]?.period ?? first.period)), tickFormat: (d: Date) => tickText.get(d.getTime()) ?? "", label: null },
    y: { domain: yDomain, grid: true, ticks: valueTickCount(yDomain, decimals), tickFormat: axis.tick, label: axis.title, labelAnchor: "top", labelArrow: "none" },
    marks: [
      Plot.frame({ anchor: "left", stroke: "#b1b4b6" }),
      ...references.map((r) => Plot.ruleY([r.value], { stroke: r.colour, strokeWidth: 1.5, strokeDasharray: r.dash })),
      Plot.line(line, { x: "date", y: "value", stroke: "#505a5f", strokeWidth: 1.5 }),
      Plot.dot(dots, { x: "date", y: "value", r: 4, fill: "colour" }),
      Plot.text(names, { x: "date", y: "y", text: "label", fill: "colour", textAnchor: "start", dx: 6 }),
    ],
  }) as SVGSVGElement;
  const description = `${spcChartDescription(spc, labels, target, format)} The table beside the chart lists every value.`;
  return finish(svg, { id, title, description, width, height });
}

/** How many of a measure's latest values a sparkline draws: two years of months, six of quarters. */
export const sparklinePoints = 24;

/**
 * A small trend line for a scorecard row, its points spaced by date, drawn over the latest
 * `sparklinePoints` values: decorative, the row's figures carry the meaning.
 */
export function sparklineSvg(series: readonly { periodEnd: string; value: number }[], width = 100, height = 24): string {
  const values = series.slice(-sparklinePoints);
  if (values.length < 2) return "";
  const times = values.map((v) => dateOf(v.periodEnd).getTime());
  const numbers = values.map((v) => v.value);
  const [t0, t1] = [Math.min(...times), Math.max(...times)];
  const [v0, v1] = [Math.min(...numbers), Math.max(...numbers)];
  const px = (t: number) => 2 + ((t - t0) * (width - 4)) / (t1 - t0 || 1);
  const py = (v: number) => (v1 === v0 ? height / 2 : 2 + ((v1 - v) * (height - 4)) / (v1 - v0));
  const round = (n: number) => Math.round(n * 100) / 100;
  const path = values.map((v, i) => `${i === 0 ? "M" : "L"}${round(px(times[i] ?? 0))},${round(py(v.value))}`).join(" ");
  const lastTime = times.at(-1) ?? 0;
  const lastValue = numbers.at(-1) ?? 0;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" aria-hidden="true" focusable="false"><path d="${path}" fill="none" stroke="#1d70b8" stroke-width="1.5"/><circle cx="${round(px(lastTime))}" cy="${round(py(lastValue))}" r="2.5" fill="#1d70b8"/></svg>`;
}
