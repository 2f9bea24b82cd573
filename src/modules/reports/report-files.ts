import { FileProblemsError } from "../../core/file-problems.ts";
import type { Database } from "../../db/client.ts";
import { recordChange, type ChangeContext } from "../access/index.ts";
import { periodsOf } from "../progress/index.ts";
import { readYamlFile } from "../../web/yaml-file.ts";
import * as repository from "./repository.ts";
import { kindsWithoutPeriod, reportsFileSchema, type ReportsFile } from "./schemas.ts";

/** Problems with a reports file, each naming the report and field; nothing loads while any remain. */
export class ReportFileError extends FileProblemsError {
  constructor(problems: string[]) {
    super("report files", problems);
    this.name = "ReportFileError";
  }
}

export const readReportsFile = (path: string) => readYamlFile(path, "reports.yaml", reportsFileSchema, (problems) => new ReportFileError(problems));

/** Loads reports in preparation, each against the reporting period it names. */
export async function loadReports(db: Database, context: ChangeContext, planId: number, file: ReportsFile): Promise<number> {
  const periods = await periodsOf(db, planId);
  const problems: string[] = [];
  const resolved = file.reports.map((report, i) => {
    const period = report.period === undefined ? null : (periods.find((p) => p.label === report.period) ?? null);
    if (kindsWithoutPeriod.includes(report.kind) && report.period !== undefined) problems.push(`reports.yaml: reports › ${String(i)} › period: a board pack or Cabinet report covers no reporting period: leave it out`);
    if (!kindsWithoutPeriod.includes(report.kind) && !period) problems.push(`reports.yaml: reports › ${String(i)} › period: there is no reporting period "${report.period ?? ""}"`);
    if (report.kind === "year-review" && period && period.kind !== "year-end") problems.push(`reports.yaml: reports › ${String(i)} › period: a year review needs a year-end review, not ${period.label}`);
    if (report.kind === "learning" && period && period.kind !== "quarter") problems.push(`reports.yaml: reports › ${String(i)} › period: a learning report covers a quarter, not ${period.label}`);
    return { report, period };
  });
  if (problems.length > 0) throw new ReportFileError(problems);
  await db.transaction(async (tx) => {
    for (const { report, period } of resolved) {
      const row = await repository.insertReport(tx, { planId, kind: report.kind, periodId: period?.id ?? null, cover: report.cover, sections: report.sections, createdBy: context.username });
      await recordChange(tx, context, { action: "create", recordType: "report", recordId: row.id, after: { kind: report.kind, period: period?.label ?? null, title: report.cover.title, source: report.source } });
    }
  });
  return resolved.length;
}
