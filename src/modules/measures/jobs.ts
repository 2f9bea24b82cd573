import type { Database } from "../../db/client.ts";
import type { JobDefinition } from "../../db/queue.ts";
import type { ChangeContext } from "../access/index.ts";
import { ReferenceImportFailed, runReferenceImport, type ReferenceImportFacts } from "./reference-import.ts";
import { ApplyFailed, applyValuesImport, type AppliedImport } from "./value-import.ts";

/** Applying a received values import: a large file takes a while, so a worker does it, not the request. */
export const applyImportJobName = "values-import-apply";

export interface ApplyImportJobData {
  importId: number;
  /** Who sent the file, for the audit trail. */
  by: ChangeContext;
}

export type ApplyImportJobOutput = AppliedImport;

/** Importing a reference file kept when it was sent (DfE statistics, the neighbour model, Ofsted's judgements): reading it takes a while. */
export const referenceImportJobName = "reference-import";

export interface ReferenceImportJobData {
  importId: number;
  /** Who sent the file, for the audit trail. */
  by: ChangeContext;
}

export interface ReferenceImportJobOutput {
  state: ReferenceImportFacts["state"];
}

/** The measures module's background jobs, for the app to register with its queue. */
export function measureJobs({ db }: { db: Database }): JobDefinition<never>[] {
  const apply: JobDefinition<ApplyImportJobData, ApplyImportJobOutput> = {
    name: applyImportJobName,
    // Someone is waiting on it: a failure is shown to them at once, and the import waits to be tried again.
    retries: 0,
    async run({ importId, by }, job) {
      try {
        return await applyValuesImport(db, by, importId, job.progress);
      } catch (error) {
        if (error instanceof ApplyFailed) throw error;
        throw new ApplyFailed("try again, and if it happens again tell your administrator.", error);
      }
    },
  };
  const reference: JobDefinition<ReferenceImportJobData, ReferenceImportJobOutput> = {
    name: referenceImportJobName,
    // Someone is waiting on it: a failure is shown to them at once, and they send the file again.
    retries: 0,
    async run({ importId, by }, job) {
      try {
        return await runReferenceImport(db, by, importId, job.progress);
      } catch (error) {
        throw new ReferenceImportFailed(error);
      }
    },
  };
  return [apply, reference];
}
