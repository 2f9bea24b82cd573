import type { FastifyReply } from "fastify";
import { findChromium } from "./pdf-writer.ts";

/** How documents are sent: Word and PDF files as downloads, and what a PDF asked of a server without Chromium answers. */

export const wordType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
export const pdfType = "application/pdf";

/** The Chromium PDFs are printed with: the one configured (a path, or null for none), or when none is configured the first installed. */
export const pdfPrinter = (configured: string | null | undefined): Promise<string | null> => (configured === undefined ? findChromium() : Promise.resolve(configured));

/** A file sent to be saved under `name`, never kept by a cache. */
export const sendDownload = (reply: FastifyReply, body: Buffer, type: string, name: string) =>
  reply.type(type).header("content-disposition", `attachment; filename="${name}"`).header("cache-control", "no-store").send(body);

/** The page a PDF asked of a server without Chromium answers. */
export const noPdf = (reply: FastifyReply) =>
  reply.code(503).render("error.njk", {
    pageTitle: "PDF is not available on this server",
    paragraphs: ["PDFs are printed by Chromium, and this server does not have it installed. Download the Word file instead and save it as PDF, or ask your administrator to install Chromium or set CHROMIUM_PATH."],
  });
