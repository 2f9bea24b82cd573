import { parentPort } from "node:worker_threads";
import { Resvg, type ResvgRenderOptions } from "@resvg/resvg-js";
import { encodePng } from "./png.ts";

/**
 * Draws charts in a thread of its own (see chart-threads.ts), one at a time: an SVG in, a PNG out.
 * Drawing and compressing here, rather than drawing on the thread pool and compressing where
 * resvg's answer arrives, the picture is finished while the request thread is busy writing the
 * rest of the report.
 */

export interface DrawRequest {
  svg: string;
  options: ResvgRenderOptions;
}

export type DrawAnswer = { png: Uint8Array } | { failed: string };

function draw({ svg, options }: DrawRequest): DrawAnswer {
  try {
    const image = new Resvg(svg, options).render();
    // Charts are drawn on an opaque background, so resvg's premultiplied pixels are already the
    // plain RGBA a PNG holds.
    return { png: encodePng(image.pixels, image.width, image.height) };
  } catch (error) {
    return { failed: error instanceof Error ? error.message : String(error) };
  }
}

const port = parentPort;
port?.on("message", (request: DrawRequest) => port.postMessage(draw(request)));
