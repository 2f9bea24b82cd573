import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import nunjucks from "nunjucks";
import { formatDateTime } from "../../core/format.ts";
import type { ReportDocument } from "./document.ts";

/**
 * A report as one self-contained HTML file: its styles inline and its charts as inline SVG, so an
 * issued copy needs nothing else to show as it was issued, and Chromium can print it to PDF.
 */

const views = fileURLToPath(new URL("./views", import.meta.url));
const environment = new nunjucks.Environment(new nunjucks.FileSystemLoader(views), { autoescape: true, throwOnUndefined: false });
const styles = readFileSync(`${views}/report.css`, "utf8");

export function writeHtml(document: ReportDocument, options: { issue?: number } = {}): string {
  return environment.render("report-standalone.njk", {
    document,
    styles,
    generated: formatDateTime(new Date(document.generatedAt)),
    issue: options.issue ?? null,
  });
}
