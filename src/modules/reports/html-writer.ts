import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { formatDateTime } from "../../core/format.ts";
import { createRenderer } from "../../web/render.ts";
import type { ReportDocument } from "./document.ts";

/**
 * A report as one self-contained HTML file: its styles inline and its charts as inline SVG, so an
 * issued copy needs nothing else to show as it was issued, and Chromium can print it to PDF.
 */

const views = fileURLToPath(new URL("./views", import.meta.url));
// The same names as in the app ("reports/…"), so the report's blocks are one template in both.
const render = createRenderer([{ name: "reports", views }]);
const styles = readFileSync(`${views}/report.css`, "utf8");

export function writeHtml(document: ReportDocument, options: { issue?: number } = {}): string {
  return render("reports/report-standalone.njk", {
    document,
    styles,
    generated: formatDateTime(new Date(document.generatedAt)),
    issue: options.issue ?? null,
  });
}
