import type { Clock } from "../../core/clock.ts";
import type { Database } from "../../db/client.ts";
import type { JobQueue } from "../../db/queue.ts";
import { viewsBeside, type AppModule } from "../../web/app-module.ts";
import { reportsActions } from "./actions.ts";
import { reportJobs } from "./jobs.ts";
import { findChromium } from "./pdf-writer.ts";

/** The reports module: reports to boards and meetings, built from the data and written as Word, HTML and PDF. */

export { reportsActions } from "./actions.ts";
export * from "./service.ts";
export type { Block, Cell, ChartBlock, ReportDocument, TableBlock } from "./document.ts";
export { noPdf, pdfPrinter, pdfType, sendDownload, wordType } from "./downloads.ts";
export { measureDetail } from "./measure-blocks.ts";
export { closePdfBrowser, findChromium } from "./pdf-writer.ts";
export { loadReports, readReportsFile } from "./report-files.ts";

export interface ReportsOptions {
  db: Database;
  /** Chromium for printing reports to PDF: a path, null for none, or absent to look in the usual places. */
  chromium?: string | null;
  /** The queue the Issue button sends its job to. */
  queue: JobQueue;
  /** What day it is, for when reports are written and issued. */
  clock: Clock;
}

export const reportsModule = {
  name: "reports",
  views: viewsBeside(import.meta.url),
  actions: reportsActions,
  routes: async (app, options) => (await import("./routes.ts")).reportRoutes(app, options),
  jobs: ({ db, chromium, clock }) => reportJobs({ db, clock, chromium: async () => (chromium === undefined ? findChromium() : chromium) }),
} satisfies AppModule<ReportsOptions>;
