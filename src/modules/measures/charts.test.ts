import { describe, expect, it } from "vitest";
import { xmr } from "../../core/spc.ts";
import { parseHTML } from "linkedom";
import type { Unit } from "../../core/measure-format.ts";
import type { Frequency } from "../../core/value-periods.ts";
import { sparklineSvg, spacedTicks, spcChartDescription, spcChartSvg, spreadLabels, valueDomain, valueTickCount } from "./charts.ts";

/** The chart's SVG as a document, to read as a browser would. */
function parse(svg: string) {
  return parseHTML(`<!doctype html><html><body>${svg}</body></html>`).document;
}

/** Where a Plot text or circle sits: from its translate, or its cx and cy. */
function position(element: Element): { x: number; y: number } {
  const translate = /translate\(([-\d.]+),([-\d.]+)\)/.exec(element.getAttribute("transform") ?? "");
  if (translate) return { x: Number(translate[1]), y: Number(translate[2]) };
  return { x: Number(element.getAttribute("cx")), y: Number(element.getAttribute("cy")) };
}

/** The last day of each month, from January 2025, for the months given (0 is January). */
const monthEnds = (months: number[]) => months.map((m) => new Date(Date.UTC(2025, m + 1, 0)).toISOString().slice(0, 10));

function chartOf(periods: string[], values: number[], options: { target?: number | null; unit?: Unit; frequency?: Frequency } = {}) {
  const spc = xmr(
    periods.map((period, i) => ({ period, value: values[i] ?? 0 })),
    { polarity: "higher-better", target: options.target ?? null },
  );
  const svg = spcChartSvg({ id: "t", title: "A measure", spc, labels: periods, target: options.target ?? null, unit: options.unit ?? "percentage", decimals: 1, frequency: options.frequency ?? "monthly" });
  return { svg, document: parse(svg) };
}

describe("which period labels a chart's axis shows", () => {
  const evenly = (count: number, spacing: number, width: number) => Array.from({ length: count }, (_, i) => ({ x: i * spacing, width }));
  it.each([
    ["none", [], []],
    ["one", evenly(1, 50, 40), [0]],
    ["room for all", evenly(5, 50, 40), [0, 1, 2, 3, 4]],
    ["every other one, where neighbours would touch", evenly(5, 30, 40), [0, 2, 4]],
    ["the last kept, the one before it gives way", evenly(6, 30, 40), [0, 2, 5]],
    // Two points far apart in time, then a run of months: the run is thinned, the far one stays.
    ["uneven spacing", [{ x: 0, width: 40 }, { x: 200, width: 40 }, { x: 220, width: 40 }, { x: 240, width: 40 }, { x: 260, width: 40 }], [0, 1, 4]],
  ])("%s", (_, labels, expected) => {
    expect(spacedTicks(labels, 8)).toEqual(expected);
  });
});

describe("labels of the mean, limits and target kept apart", () => {
  it.each([
    ["far apart: left where they are", [40, 100, 160], [40, 100, 160]],
    ["two close: the lower one moves down", [100, 104], [100, 112]],
    ["three on one line: stacked a gap apart", [100, 100, 100], [100, 112, 124]],
    ["given out of order: answered in the order given", [104, 100], [112, 100]],
    ["at the bottom edge: moved up instead", [236, 238], [228, 240]],
    ["above the top: brought into the chart", [10, 60], [24, 60]],
  ])("%s", (_, positions, expected) => {
    expect(spreadLabels(positions, 12, 24, 240)).toEqual(expected);
  });
});

describe("the range of a chart's value axis", () => {
  it.each<[string, number[], { lower?: number; upper?: number }, [number, number]]>([
    ["rounded out to tidy ticks", [41.2, 58.7], { lower: 0, upper: 100 }, [38, 62]],
    ["never past 100% for a percentage near it", [92, 99.5, 100], { lower: 0, upper: 100 }, [91, 100]],
    ["never below 0 for a count near it", [0, 3, 12], { lower: 0 }, [0, 14]],
    ["a single value still has a range about it", [50], { lower: 0, upper: 100 }, [45, 55]],
    ["either way for money", [-500, 1500], {}, [-800, 1800]],
  ])("%s", (_, values, bounds, expected) => {
    expect(valueDomain(values, bounds)).toEqual(expected);
  });
});

describe("how many ticks the value axis has", () => {
  it.each<[string, [number, number], number, number]>([
    ["about eight over a wide range", [0, 100], 1, 8],
    ["no finer than the measure's one decimal place", [17.95, 18.35], 1, 4],
    ["no finer than a whole number", [3, 5], 0, 2],
    ["at least one", [18.01, 18.04], 1, 1],
  ])("%s", (_, domain, decimals, count) => {
    expect(valueTickCount(domain, decimals)).toBe(count);
  });

  it("draws no tick finer than the measure is written to", () => {
    const texts = chartOf(monthEnds([0, 1]), [18, 18.3], { unit: "count" }).document.querySelectorAll("text");
    const ticks = [...texts].map((t) => t.textContent ?? "").filter((t) => /^\d+(\.\d+)?$/.test(t));
    expect(ticks.length).toBeGreaterThan(1);
    ticks.forEach((tick) => expect(tick).toMatch(/^\d+(\.\d)?$/));
  });
});

describe("the SPC chart", () => {
  it("is an image named by its title and description, in the house font, with no stylesheet of its own", () => {
    const { document } = chartOf(monthEnds([0, 1, 2]), [50, 52, 51]);
    const svg = document.querySelector("svg");
    expect(svg?.getAttribute("role")).toBe("img");
    expect(svg?.getAttribute("aria-labelledby")).toBe("t-title t-desc");
    expect(document.querySelector("title")?.textContent).toBe("A measure");
    expect(document.querySelector("desc")?.textContent).toContain("3 values from");
    expect(svg?.getAttribute("font-family")).toBe("Arial, Helvetica, sans-serif");
    expect(document.querySelector("style")).toBeNull();
  });

  it("spaces points by their dates, so months without a value take their room", () => {
    const { document } = chartOf(monthEnds([0, 1, 5]), [50, 52, 51]);
    const xs = [...document.querySelectorAll("circle")].map((c) => position(c).x);
    const [january = 0, february = 0, june = 0] = xs;
    expect((june - february) / (february - january)).toBeCloseTo(120 / 31, 0);
  });

  it("breaks the line where periods are missing, and joins it where none are", () => {
    const line = (months: number[]) => chartOf(monthEnds(months), months.map((m) => 50 + m)).document.querySelector("g[stroke-linejoin] path")?.getAttribute("d") ?? "";
    expect(line([0, 1, 2, 3]).match(/M/g)).toHaveLength(1);
    expect(line([0, 1, 4, 5]).match(/M/g)).toHaveLength(2);
  });

  it("draws the value axis with ticks in the measure's unit, and names units the ticks cannot carry", () => {
    const percentages = chartOf(monthEnds([0, 1, 2]), [40, 60, 50]).document;
    const texts = (document: Document) => [...document.querySelectorAll("text")].map((t) => t.textContent);
    expect(texts(percentages)).toEqual(expect.arrayContaining(["40%", "50%", "60%"]));
    const days = chartOf(monthEnds([0, 1, 2]), [12, 20, 16], { unit: "days" }).document;
    expect(texts(days)).toEqual(expect.arrayContaining(["12", "20", "Days"]));
  });

  it("labels the periods under their points, as many as fit, the first and last always", () => {
    const months = Array.from({ length: 24 }, (_, i) => i);
    const { document } = chartOf(monthEnds(months), months.map((m) => 50 + (m % 3)));
    const ticks = [...document.querySelectorAll("text")].filter((t) => /^[A-Z][a-z]{2} \d{4}$/.test(t.textContent ?? ""));
    expect(ticks[0]?.textContent).toBe("Jan 2025");
    expect(ticks.at(-1)?.textContent).toBe("Dec 2026");
    expect(ticks.length).toBeLessThan(24);
    const xs = ticks.map((t) => position(t).x);
    xs.slice(1).forEach((x, i) => expect(x - (xs[i] ?? 0)).toBeGreaterThanOrEqual("Jan 2025".length * 6));
  });

  it("names the mean, limits and target in the margin, clear of the data and of each other", () => {
    const months = Array.from({ length: 10 }, (_, i) => i);
    const { document } = chartOf(monthEnds(months), months.map((m) => 50 + (m % 3)), { target: 51 });
    const names = [...document.querySelectorAll("text")].filter((t) => /^(Upper limit|Lower limit|Mean|Target) /.test(t.textContent ?? ""));
    expect(names.map((t) => (t.textContent ?? "").split(" ")[0]).sort()).toEqual(["Lower", "Mean", "Target", "Upper"]);
    const rightmostPoint = Math.max(...[...document.querySelectorAll("circle")].map((c) => position(c).x));
    names.forEach((name) => expect(position(name).x).toBeGreaterThanOrEqual(rightmostPoint));
    const ys = names.map((t) => position(t).y).sort((a, b) => a - b);
    ys.slice(1).forEach((y, i) => expect(y - (ys[i] ?? 0)).toBeGreaterThanOrEqual(12));
  });
});

describe("an SPC chart in words", () => {
  const percent = (n: number) => `${n.toFixed(0)}%`;
  // 72%, 92%, … six times: mean 82, every moving range 20, so the limits are 28.8 and 135.2.
  const six = [72, 92, 72, 92, 72, 92].map((value, i) => ({ period: `2025-0${String(i + 1)}`, value }));
  it.each([
    ["limits as computed", undefined, "6 values from Jan to Jun. Mean 82%, trial process limits 29% to 135%."],
    ["an upper limit held at 100%", { lower: 0, upper: 100 }, "6 values from Jan to Jun. Mean 82%, trial process limits 29% to 100%, held at the measure's highest possible value."],
    ["both limits held", { lower: 50, upper: 100 }, "6 values from Jan to Jun. Mean 82%, trial process limits 50% to 100%, held at the measure's bounds."],
  ])("%s", (_, bounds, words) => {
    const spc = xmr(six, { polarity: "higher-better", bounds });
    expect(spcChartDescription(spc, ["Jan", "Jun"], null, percent)).toBe(words);
  });

  it("says there are too few values for limits, and how many there are of those needed", () => {
    const spc = xmr([{ period: "2023-01", value: 72 }, { period: "2025-09", value: 92 }], { polarity: "higher-better", target: 80 });
    expect(spcChartDescription(spc, ["Jan", "Sep"], 80, percent)).toBe("2 values from Jan to Sep. Too few values for statistical process control: 2 of the 6 needed. Target 80%.");
  });

  it("draws the points of a short series without limit lines, a mean or special-cause colours", () => {
    const spc = xmr([{ period: "2024-03-31", value: 12 }, { period: "2025-03-31", value: 40 }], { polarity: "higher-better", target: 20 });
    const svg = spcChartSvg({ id: "t", title: "A measure", spc, labels: ["2023/24", "2024/25"], target: 20, unit: "count", decimals: 0, frequency: "annual" });
    expect(svg.match(/<circle /g)).toHaveLength(2);
    expect(svg).not.toMatch(/Upper limit|Lower limit|>Mean /);
    expect(svg).toContain(">Target 20</text>");
    expect(svg).not.toMatch(/fill="#(1d70b8|d4351c|4c2c92)"/);
    expect(svg).toContain("Too few values for statistical process control: 2 of the 6 needed.");
  });
});

describe("a scorecard row's sparkline", () => {
  const monthly = (n: number) => Array.from({ length: n }, (_, i) => ({ periodEnd: new Date(Date.UTC(2020, i + 1, 0)).toISOString().slice(0, 10), value: i % 5 }));
  const points = (svg: string) => (/ d="([^"]*)"/.exec(svg)?.[1] ?? "").split(" ").filter(Boolean).length;

  it.each([
    [1, 0],
    [2, 2],
    [24, 24],
    [60, 24],
  ])("of %i values draws %i points", (values, drawn) => {
    expect(points(sparklineSvg(monthly(values)))).toBe(drawn);
  });

  it("draws the latest values, ending at the last", () => {
    const series = monthly(60);
    expect(sparklineSvg(series)).toBe(sparklineSvg(series.slice(-24)));
  });
});

describe("an SPC chart drawn again for the same figures", () => {
  const months = monthEnds([0, 1, 2, 3, 4, 5]);
  it("is the chart already drawn, and a figure changed draws a new one", () => {
    const first = chartOf(months, [50, 52, 51, 53, 55, 54], { target: 55 }).svg;
    expect(chartOf(months, [50, 52, 51, 53, 55, 54], { target: 55 }).svg).toBe(first);
    const newTarget = chartOf(months, [50, 52, 51, 53, 55, 54], { target: 60 });
    expect(newTarget.svg).not.toBe(first);
    expect(newTarget.svg).toContain("Target 60.0%");
    expect(chartOf(months, [50, 52, 51, 53, 55, 57], { target: 55 }).svg).not.toBe(first);
  });
});
