import type { FastifyInstance, FastifyRequest } from "fastify";
import { paramsOf } from "../../web/inputs.ts";
import { closePdfBrowser, docxOf, noPdf, pdfOf, pdfPrinter, pdfType, sendDownload, wordType } from "../reports/index.ts";
import { idParams } from "./board-schemas.ts";
import { meetingPapersOf } from "./meeting-papers.ts";
import { read, todayOf, type RiskRouteOptions } from "./route-context.ts";

/** A meeting's papers (its agenda, attendance, minutes and action log) as Word and as PDF, for everyone who reads the boards. */
export function papersRoutes(app: FastifyInstance, { db, clock, chromium }: RiskRouteOptions): void {
  // The PDF printer's browser, kept between PDFs, closes with the app.
  app.addHook("onClose", closePdfBrowser);
  const printer = pdfPrinter(chromium);

  const papersOf = async (request: FastifyRequest) => {
    const params = paramsOf(request, idParams);
    return params ? meetingPapersOf(db, params.id, todayOf(clock), clock.now()) : undefined;
  };

  app.get("/meetings/:id/papers.docx", read, async (request, reply) => {
    const papers = await papersOf(request);
    if (!papers) return reply.callNotFound();
    return sendDownload(reply, await docxOf(papers.document), wordType, papers.fileName("docx"));
  });

  app.get("/meetings/:id/papers.pdf", read, async (request, reply) => {
    const papers = await papersOf(request);
    if (!papers) return reply.callNotFound();
    const browser = await printer;
    if (!browser) return noPdf(reply);
    return sendDownload(reply, await pdfOf(browser, papers.document), pdfType, papers.fileName("pdf"));
  });
}
