import { Resvg } from "@resvg/resvg-js";
import { describe, expect, it } from "vitest";
import { decodePng } from "../../../test/support/png.ts";
import { xmr } from "../../core/spc.ts";
import { spcChartSvg } from "../measures/index.ts";
import { chartImages, chartPng, drawingOptions } from "./chart-images.ts";
import type { ChartBlock, ReportDocument } from "./document.ts";

const pngSignature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from a PNG's IHDR chunk, which always comes first. */
function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

function chart(title: string, width = 640, height = 280): ChartBlock {
  const values = [41.2, 43.0, 42.1, 44.8, 43.3, 45.9, 44.1];
  const labels = values.map((_, i) => `Q${(i % 4) + 1}`);
  const spc = xmr(
    values.map((value, i) => ({ period: new Date(Date.UTC(2024, 3 * i + 6, 0)).toISOString().slice(0, 10), value })),
    { polarity: "higher-better", target: 45 },
  );
  const svg = spcChartSvg({ id: "spc-test", title, spc, labels, target: 45, unit: "percentage", decimals: 1, frequency: "quarterly", width, height });
  return { kind: "chart", title, alt: `${title}: seven quarters rising towards the target.`, svg, width, height };
}

describe("charts as pictures for documents", () => {
  it("draws an SPC chart as a PNG twice the chart's size, for print", async () => {
    const png = await chartPng(chart("Re-referrals within 12 months"));
    expect(png.subarray(0, 8)).toEqual(pngSignature);
    expect(pngSize(png)).toEqual({ width: 1280, height: 560 });
  });

  it("draws the very pixels resvg's own PNG encoder would have written", async () => {
    const block = chart("Children in need per 10,000");
    const ours = decodePng(await chartPng(block));
    const resvgs = decodePng(new Resvg(block.svg, drawingOptions(block)).render().asPng());
    expect(ours.width).toBe(resvgs.width);
    expect(ours.height).toBe(resvgs.height);
    expect(ours.pixels.equals(resvgs.pixels)).toBe(true);
  });

  it("draws a chart once for the same picture, and again when its data or size change", async () => {
    const first = await chartPng(chart("Assessments within 45 working days"));
    expect(await chartPng(chart("Assessments within 45 working days"))).toBe(first);
    const wider = await chartPng(chart("Assessments within 45 working days", 800));
    expect(wider).not.toBe(first);
    expect(pngSize(wider).width).toBe(1600);
    const changed = chart("Assessments within 45 working days");
    const other = await chartPng({ ...changed, svg: changed.svg.replace("</svg>", '<rect x="0" y="0" width="1" height="1"/></svg>') });
    expect(other).not.toBe(first);
  });

  it("keeps a chart's own proportions when it is not the usual size", async () => {
    expect(pngSize(await chartPng(chart("Timeliness of assessments", 400, 300)))).toEqual({ width: 800, height: 600 });
  });

  it("draws every chart of a document, each by its block", async () => {
    const first = chart("Re-referrals within 12 months");
    const second = chart("Assessments within 45 working days", 480, 200);
    const document: ReportDocument = {
      title: "Improvement update",
      council: "Plymouth City Council",
      committee: "Scrutiny Panel",
      generatedAt: "2025-11-04T09:30:00.000Z",
      blocks: [first, { kind: "paragraph", text: "Between the charts." }, second],
    };
    const images = await chartImages(document);
    expect(images.size).toBe(2);
    expect(pngSize(images.get(first) ?? Buffer.alloc(24))).toEqual({ width: 1280, height: 560 });
    expect(pngSize(images.get(second) ?? Buffer.alloc(24))).toEqual({ width: 960, height: 400 });
  });

  it("draws the chart's words in a font asked for as Arial", async () => {
    const picture = (text: string) =>
      chartPng({ kind: "chart", title: "Words", alt: "Words", width: 200, height: 50, svg: `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 50" font-family="Arial, Helvetica, sans-serif"><text x="10" y="30" font-size="14">${text}</text></svg>` });
    // A PNG of white alone compresses to almost nothing; drawn letters make it larger.
    const [blank, words] = await Promise.all([picture(""), picture("Mean 21.8% Upper limit 24.7%")]);
    expect(words.length).toBeGreaterThan(blank.length + 500);
  });

  it("says which chart could not be drawn", async () => {
    await expect(chartPng({ ...chart("Care leavers in education"), svg: "" })).rejects.toThrow('The chart "Care leavers in education" has no picture to draw');
    await expect(chartPng({ ...chart("Care leavers in education"), svg: "<svg" })).rejects.toThrow('The chart "Care leavers in education" could not be drawn');
  });

  it("draws the charts after one that could not be drawn, many at once", async () => {
    await expect(chartPng({ ...chart("Care leavers in employment"), svg: "<svg" })).rejects.toThrow('The chart "Care leavers in employment" could not be drawn');
    const pictures = await Promise.all(Array.from({ length: 12 }, (_, i) => chartPng(chart(`Care leavers in training, cohort ${String(i + 1)}`))));
    expect(pictures.map((png) => pngSize(png))).toEqual(Array.from({ length: 12 }, () => ({ width: 1280, height: 560 })));
  });
});
