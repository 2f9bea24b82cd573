import type { Database } from "../../db/client.ts";
import type { JobDefinition } from "../../db/queue.ts";
import type { ChangeContext } from "../access/index.ts";
import { ApplyFailed, applyValuesImport, type AppliedImport } from "./value-import.ts";

/** Applying a received values import: a large file takes a while, so a worker does it, not the request. */
export const applyImportJobName = "values-import-apply";

export interface ApplyImportJobData {
  importId: number;
  /** Who sent the file, for the audit trail. */
  by: ChangeContext;
}

export type ApplyImportJobOutput = AppliedImport;

/** The measures module's background jobs, for the app to register with its queue. */
export function measureJobs({ db }: { db: Database }): JobDefinition<ApplyImportJobData, ApplyImportJobOutput>[] {
  return [
    {
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
    },
  ];
}
