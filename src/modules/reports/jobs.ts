import type { Clock } from "../../core/clock.ts";
import type { Database } from "../../db/client.ts";
import type { JobDefinition } from "../../db/queue.ts";
import type { ChangeContext } from "../access/index.ts";
import { currentPlanSummary } from "../plan/index.ts";
import { findReport, issueReport, ReportError } from "./service.ts";

/** Issuing a report: its Word file, charts and PDF take seconds, so a worker does it, not the request. */
export const issueJobName = "report-issue";

export interface IssueJobData {
  reportId: number;
  /** The issue number the person asked for (see issueReport). */
  number: number | undefined;
  /** Who asked, for the audit trail and the issued copy. */
  by: ChangeContext & { displayName: string };
}

/** The issue kept, or the one a second click or a colleague had already kept under that number. */
export interface IssueJobOutput {
  issueId: number;
  number: number;
  already: boolean;
}

export interface ReportJobDeps {
  db: Database;
  /** The Chromium that prints PDFs, found as the job runs; null for none. */
  chromium: () => Promise<string | null>;
  clock: Clock;
}

/** The reports module's background jobs, for the app to register with its queue. */
export function reportJobs({ db, chromium, clock }: ReportJobDeps): JobDefinition<IssueJobData, IssueJobOutput>[] {
  return [
    {
      name: issueJobName,
      // Someone is waiting on it: a failure is shown to them at once, and they may issue again.
      retries: 0,
      async run({ reportId, number, by }, job) {
        const report = await findReport(db, reportId);
        if (!report) throw new ReportError("The report no longer exists, so it was not issued");
        const { displayName, ...context } = by;
        const plan = await currentPlanSummary(db);
        const result = await issueReport(db, context, plan, report, await chromium(), displayName, number, job.progress, clock.now());
        const kept = result.ok ? result.issue : result.already;
        return { issueId: kept.id, number: kept.number, already: !result.ok };
      },
    },
  ];
}
