import { describe, expect, it } from "vitest";
import { xmr } from "../../core/spc.ts";
import { spcChartDescription, spcChartSvg, spreadLabels, tickIndexes } from "./charts.ts";

describe("which period labels a chart's axis shows", () => {
  it.each([
    [0, 8, []],
    [1, 8, [0]],
    [2, 8, [0, 1]],
    [8, 8, [0, 1, 2, 3, 4, 5, 6, 7]],
    // Every second label, and the last, which falls on the pattern.
    [9, 8, [0, 2, 4, 6, 8]],
    // Every second label; 8 would sit next to the last (9), so it gives way.
    [10, 8, [0, 2, 4, 6, 9]],
    // 60 months: every eighth, then the last; 56 is too close to 59 to show both.
    [60, 8, [0, 8, 16, 24, 32, 40, 48, 59]],
  ])("%i periods, at most about %i labels: %j", (count, most, expected) => {
    expect(tickIndexes(count, most)).toEqual(expected);
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

describe("the SPC chart", () => {
  it("draws a label for each reference line, none overlapping, and the first and last periods", () => {
    const values = Array.from({ length: 10 }, (_, i) => ({ period: `2025-${String(i + 1).padStart(2, "0")}-28`, value: 50 + (i % 3) }));
    const spc = xmr(values, { polarity: "higher-better", target: 51 });
    const labels = values.map((v) => v.period.slice(0, 7));
    const svg = spcChartSvg({ id: "t", title: "A measure", spc, labels, target: 51, format: (n) => n.toFixed(1) });
    const texts = [...svg.matchAll(/<text x="[\d.]+" y="([\d.]+)" text-anchor="end" font-size="11" fill="[^"]+">(Upper limit|Lower limit|Mean|Target) /g)].map((m) => ({ y: Number(m[1]), label: m[2] }));
    expect(texts.map((t) => t.label).sort()).toEqual(["Lower limit", "Mean", "Target", "Upper limit"]);
    const ys = texts.map((t) => t.y).sort((a, b) => a - b);
    ys.slice(1).forEach((y, i) => expect(y - (ys[i] ?? 0)).toBeGreaterThanOrEqual(12));
    expect(svg).toContain(">2025-01</text>");
    expect(svg).toContain(">2025-10</text>");
    expect(svg).not.toContain(">2025-09</text>");
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
    const spc = xmr([{ period: "2024-03", value: 12 }, { period: "2025-03", value: 40 }], { polarity: "higher-better", target: 20 });
    const svg = spcChartSvg({ id: "t", title: "A measure", spc, labels: ["2023/24", "2024/25"], target: 20, format: (n) => n.toFixed(0) });
    expect(svg.match(/<circle /g)).toHaveLength(2);
    expect(svg).not.toMatch(/Upper limit|Lower limit|>Mean /);
    expect(svg).toContain(">Target 20</text>");
    expect(svg).not.toMatch(/fill="#(1d70b8|d4351c|4c2c92)"/);
    expect(svg).toContain("Too few values for statistical process control: 2 of the 6 needed.");
  });
});
