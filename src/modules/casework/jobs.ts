import type { Database } from "../../db/client.ts";
import type { JobDefinition } from "../../db/queue.ts";
import type { ChangeContext } from "../access/index.ts";
import type { CaseworkKeySource } from "./casework-key.ts";
import { computeEveryCouncil } from "./computing.ts";
import { runCaseUpload, type UploadOutcome } from "./uploading.ts";

/** Importing case files sent in the app: reading and checking a large return takes a while. */
export const caseImportJobName = "casework-import";

export interface CaseImportJobData {
  uploadId: number;
  /** Who sent the files, for the audit trail. */
  by: ChangeContext;
}

export type CaseImportJobOutput = { outcome: UploadOutcome | null };

/**
 * Every hour, the measures are computed again wherever what they read has changed: new
 * definitions after Waymark is upgraded, or newer bank holidays. An import computes its own council's
 * at once; this finds the rest. A measure whose inputs are as they were is left alone, unaudited.
 */
export const computeJobName = "casework-compute";

/** The casework module's background jobs, for the app to register with its queue. */
export function caseworkJobs({ db, casework }: { db: Database; casework: CaseworkKeySource }): JobDefinition<never>[] {
  const importing: JobDefinition<CaseImportJobData, CaseImportJobOutput> = {
    name: caseImportJobName,
    // Someone is waiting on it: a failure is shown to them at once, and they send the files again.
    retries: 0,
    async run({ uploadId, by }, job) {
      return { outcome: await runCaseUpload(db, by, casework, uploadId, job.progress) };
    },
  };
  const computing: JobDefinition<Record<string, never>, { councils: number }> = {
    name: computeJobName,
    schedule: "20 * * * *",
    retries: 0,
    async run(_data, job) {
      const outcomes = await computeEveryCouncil(db, { userId: null, username: "hourly computation", correlationId: job.id });
      return { councils: outcomes.length };
    },
  };
  return [importing, computing];
}
