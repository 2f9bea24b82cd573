import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Database } from "../../db/client.ts";
import type { JobQueue } from "../../db/queue.ts";
import { fieldErrors, uploadedFile } from "../../web/forms.ts";
import { paramsOf } from "../../web/inputs.ts";
import { contextOf } from "../access/index.ts";
import { problemCounts } from "./file-reading/problems.ts";
import { importJobAddress, importJobPages } from "./import-job-pages.ts";
import { valueImportPage } from "./import-view.ts";
import { applyImportJobName, type ApplyImportJobData, type ApplyImportJobOutput } from "./jobs.ts";
import { actorOf, manage } from "./route-support.ts";
import { importParams } from "./schemas.ts";
import { appliedImportResult, findValuesImport, receiveValuesFile } from "./value-import.ts";

const applying = importJobAddress("/measures/imports", "applying");

/**
 * A values file sent: checked and staged in the request, which shows its problems at once; a file
 * without is applied by a job, and a page follows the job to the import's result or its error.
 */
export function importApplyingRoutes(app: FastifyInstance, { db, queue }: { db: Database; queue: Pick<JobQueue, "send" | "job"> }): void {
  async function sendApply(request: FastifyRequest, importId: number): Promise<string> {
    const data: ApplyImportJobData = { importId, by: contextOf(actorOf(request), request.id) };
    return applying.href(importId, await queue.send(applyImportJobName, data));
  }

  app.post("/measures/import", manage, async (request, reply) => {
    const file = uploadedFile(request.body);
    if (!file) return reply.code(400).render("measures/import.njk", valueImportPage({ errors: fieldErrors({ file: "Select a CSV or Excel file to import" }) }));
    const received = await receiveValuesFile(db, contextOf(actorOf(request), request.id), file.filename, await file.toBuffer());
    if (!received.ok) {
      const result = { ...received, added: 0, changed: 0, unchanged: 0 };
      return reply.code(400).render("measures/import.njk", valueImportPage({ result, counts: problemCounts(result), fileName: file.filename }));
    }
    return reply.redirect(await sendApply(request, received.importId), 303);
  });

  /** Applies an import still waiting (its job failed, or never ran): the Try again button. */
  app.post("/measures/imports/:id/apply", manage, async (request, reply) => {
    const id = paramsOf(request, importParams)?.id;
    const record = id === undefined ? undefined : await findValuesImport(db, id);
    if (!record) return reply.callNotFound();
    if (record.state !== "received") return reply.redirect(`/measures/imports/${String(record.id)}`, 303);
    return reply.redirect(await sendApply(request, record.id), 303);
  });

  importJobPages<ApplyImportJobData, ApplyImportJobOutput>(app, queue, {
    jobName: applyImportJobName,
    address: applying,
    words: { done: "Applied", failed: "Stopped: nothing saved" },
    async page(reply, { importId, job, here, progress }) {
      const record = await findValuesImport(db, importId);
      if (!record) return reply.callNotFound();
      if (job.state === "done") {
        // What the import page showed when imports were applied in the request: its counts and warnings.
        const result = await appliedImportResult(db, importId);
        return result ? reply.render("measures/import.njk", valueImportPage({ result, fileName: result.fileName })) : reply.redirect(`/measures/imports/${String(importId)}`, 303);
      }
      return reply.render("measures/import-applying.njk", {
        pageTitle: progress.error ? `${record.fileName} was not imported` : `Importing ${record.fileName}`,
        section: "measures",
        record,
        progress,
        here,
        errorSummary: progress.error,
      });
    },
  });
}
