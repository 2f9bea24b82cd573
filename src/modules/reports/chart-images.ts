import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import type { ResvgRenderOptions } from "@resvg/resvg-js";
import { drawInThread } from "./chart-threads.ts";
import type { ChartBlock, ReportDocument } from "./document.ts";

/**
 * Charts as PNG pictures for documents that cannot hold SVG reliably (Word). Drawn at twice their
 * size so they stay sharp when printed, and in threads of their own (chart-threads.ts) so a
 * report's charts are drawn side by side, and beside the writing of the rest of the report.
 */

/** Each chart of a document, by its block, as a PNG picture. */
export type ChartImages = ReadonlyMap<ChartBlock, Buffer>;

/** Pixels in the picture for each pixel of the chart: 2 gives about 190 dpi at the chart's size on paper. */
export const printScale = 2;

/**
 * The charts ask for Arial, which Debian does not have. resvg does not read fontconfig's aliases, so
 * its sans-serif is set to the first of these that is installed: Liberation Sans has Arial's
 * metrics (fonts-liberation), DejaVu Sans is on almost every Linux system.
 */
const sansSerifCandidates = [
  { family: "Liberation Sans", files: ["/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf", "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"] },
  { family: "DejaVu Sans", files: ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"] },
];

let fontOptions: ResvgRenderOptions["font"] | undefined;

function fonts(): ResvgRenderOptions["font"] {
  if (fontOptions === undefined) {
    const installed = sansSerifCandidates.map((candidate) => ({ family: candidate.family, file: candidate.files.find((file) => existsSync(file)) })).find((candidate) => candidate.file !== undefined);
    // Only the one font is loaded: reading every system font again for each chart costs more than
    // drawing it. Without either, resvg's own default (the first system font) still draws the text.
    fontOptions =
      installed?.file === undefined
        ? { loadSystemFonts: true }
        : { loadSystemFonts: false, fontFiles: [installed.file], sansSerifFamily: installed.family, defaultFontFamily: installed.family };
  }
  return fontOptions;
}

/**
 * Pictures already drawn, by what they were drawn from (the SVG and the width): a chart whose data
 * has not changed since the last report, or since the preview before issuing, is drawn once. Kept
 * to about 32 MB, the least recently used given up first; being keyed by content, a picture kept
 * is never out of date.
 */
const drawn = new Map<string, Promise<Buffer>>();
let drawnBytes = 0;
const keptBytes = 32 * 1024 * 1024;

function keep(key: string, picture: Buffer): void {
  drawnBytes += picture.length;
  for (const [oldKey, oldPicture] of drawn) {
    if (drawnBytes <= keptBytes) break;
    drawn.delete(oldKey);
    void oldPicture.then((old) => (drawnBytes -= old.length), () => undefined);
  }
}

/** What a chart's picture is drawn from, as a digest: two charts with the same key have the same picture. */
export function chartKey(chart: ChartBlock): string {
  return createHash("sha256").update(`${String(chart.width)}\0${chart.title}\0${chart.svg}`).digest("hex");
}

/** One chart as a PNG of `printScale` times its width and height, drawn once for the same picture. */
export function chartPng(chart: ChartBlock): Promise<Buffer> {
  const key = chartKey(chart);
  const known = drawn.get(key);
  if (known) {
    // Used again: now the most recently used.
    drawn.delete(key);
    drawn.set(key, known);
    return known;
  }
  const picture = drawChart(chart);
  drawn.set(key, picture);
  picture.then(
    (png) => keep(key, png),
    () => drawn.delete(key),
  );
  return picture;
}

/** How resvg draws a chart. */
export function drawingOptions(chart: ChartBlock): ResvgRenderOptions {
  return {
    font: fonts(),
    // By width, so the picture has the block's proportions whatever size the SVG itself declares.
    fitTo: { mode: "width", value: Math.round(chart.width * printScale) },
    background: "#ffffff",
  };
}

async function drawChart(chart: ChartBlock): Promise<Buffer> {
  if (chart.svg.trim() === "") throw new Error(`The chart "${chart.title}" has no picture to draw`);
  try {
    return await drawInThread({ svg: chart.svg, options: drawingOptions(chart) });
  } catch (error) {
    throw new Error(`The chart "${chart.title}" could not be drawn: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/** The charts of a document in its order of blocks. */
export function chartBlocks(document: ReportDocument): ChartBlock[] {
  return document.blocks.filter((block): block is ChartBlock => block.kind === "chart");
}

/** Every chart of a document as a PNG, all drawn at once. */
export async function chartImages(document: ReportDocument): Promise<ChartImages> {
  const pictures = await Promise.all(chartBlocks(document).map(async (chart) => [chart, await chartPng(chart)] as const));
  return new Map(pictures);
}
