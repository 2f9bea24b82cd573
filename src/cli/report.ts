import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import type { Database } from "../db/client.ts";
import { currentPlanSummary } from "../modules/plan/index.ts";
import { findChromium } from "../modules/reports/index.ts";
import * as reports from "../modules/reports/index.ts";
import { UserError } from "../core/problems.ts";

const usage = `Usage:
  waymark report list
  waymark report write ID --format docx|html|pdf [--output FILE]

"list" shows the reports in preparation with their ids; "write" builds one from the data as it
stands now (approved progress only) and writes it to FILE (by default, its title in the current
folder). PDF needs Chromium (CHROMIUM_PATH, or Debian's chromium).`;

/** `waymark report …`: reports from the command line, for scheduled board packs and the like. */
export async function reportCommand(db: Database, args: string[], chromiumPath?: string): Promise<string> {
  const [action, ...rest] = args;
  const plan = await currentPlanSummary(db);
  if (action === "list") {
    const { reports: list } = await reports.listReports(db, plan?.id ?? null);
    if (list.length === 0) return "No reports are being prepared.";
    return list.map((r) => `${String(r.id).padStart(4)}  ${r.kindLabel.padEnd(30)}  ${r.covers.padEnd(24)}  ${r.cover.title}`).join("\n");
  }
  if (action !== "write") throw new UserError("usage", usage);
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { format: { type: "string" }, output: { type: "string" } } });
  const id = Number(positionals[0]);
  if (!Number.isInteger(id) || id < 1) throw new UserError("usage", `write needs the report's id (see "waymark report list").\n\n${usage}`);
  const format = values.format;
  if (format !== "docx" && format !== "html" && format !== "pdf") throw new UserError("usage", `--format must be docx, html or pdf.\n\n${usage}`);
  const report = await reports.findReport(db, id);
  if (!report) throw new UserError("usage", `There is no report ${String(id)} (see "waymark report list").`);
  const { document } = await reports.generate(db, plan, report);
  const output = values.output ?? reports.fileName(document.title, format);
  if (format === "docx") await writeFile(output, await reports.docxOf(document));
  else if (format === "html") await writeFile(output, reports.writeHtml(document));
  else {
    const chromium = await findChromium(chromiumPath);
    if (!chromium) throw new UserError("usage", "PDF is not available: there is no Chromium to print with. Install Debian's chromium or set CHROMIUM_PATH, or write docx instead.");
    try {
      await writeFile(output, await reports.pdfOf(chromium, document));
    } finally {
      // The printer's browser is kept for the next PDF; a command prints one, then ends.
      await reports.closePdfBrowser();
    }
  }
  return `Wrote "${document.title}" to ${output}.`;
}
