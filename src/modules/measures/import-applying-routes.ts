import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import type { Database } from "../../db/client.ts";
import type { JobQueue, JobStatus } from "../../db/queue.ts";
import { fieldErrors, uploadedFile } from "../../web/forms.ts";
import { paramsOf } from "../../web/inputs.ts";
import { jobProgressOf, sendJobStatus } from "../../web/job-progress.ts";
import { contextOf } from "../access/index.ts";
import { problemCounts } from "./file-reading/problems.ts";
import { valueImportPage } from "./import-view.ts";
import { applyImportJobName, type ApplyImportJobData, type ApplyImportJobOutput } from "./jobs.ts";
import { actorOf, manage } from "./route-support.ts";
import { importParams } from "./schemas.ts";
import { appliedImportResult, findValuesImport, receiveValuesFile } from "./value-import.ts";

const jobParams = importParams.extend({ job: z.uuid() });
const applyWords = { done: "Applied", failed: "Stopped: nothing saved" };

type ApplyJob = JobStatus<ApplyImportJobData, ApplyImportJobOutput>;

/**
 * A values file sent: checked and staged in the request, which shows its problems at once; a file
 * without is applied by a job, and a page follows the job to the import's result or its error.
 */
export function importApplyingRoutes(app: FastifyInstance, { db, queue }: { db: Database; queue: Pick<JobQueue, "send" | "job"> }): void {
  const applyingHref = (importId: number, job: string) => `/measures/imports/${String(importId)}/applying/${job}`;

  async function sendApply(request: FastifyRequest, importId: number): Promise<string> {
    const data: ApplyImportJobData = { importId, by: contextOf(actorOf(request), request.id) };
    return applyingHref(importId, await queue.send(applyImportJobName, data));
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

  /** The apply job of the import the address names; null for another import's job or none. */
  async function applyJobOf(request: FastifyRequest): Promise<{ importId: number; job: ApplyJob; here: string } | null> {
    const params = paramsOf(request, jobParams);
    if (!params) return null;
    const job = await queue.job<ApplyImportJobData, ApplyImportJobOutput>(applyImportJobName, params.job);
    return job && job.data.importId === params.id ? { importId: params.id, job, here: applyingHref(params.id, job.id) } : null;
  }

  app.get("/measures/imports/:id/applying/:job", manage, async (request, reply) => {
    const found = await applyJobOf(request);
    if (!found) return reply.callNotFound();
    const record = await findValuesImport(db, found.importId);
    if (!record) return reply.callNotFound();
    if (found.job.state === "done") {
      // What the import page showed when imports were applied in the request: its counts and warnings.
      const result = await appliedImportResult(db, found.importId);
      return result
        ? reply.render("measures/import.njk", valueImportPage({ result, fileName: result.fileName }))
        : reply.redirect(`/measures/imports/${String(found.importId)}`, 303);
    }
    const progress = jobProgressOf(found.job, applyWords);
    return reply.render("measures/import-applying.njk", {
      pageTitle: progress.error ? `${record.fileName} was not imported` : `Importing ${record.fileName}`,
      section: "measures",
      record,
      progress,
      here: found.here,
      errorSummary: progress.error,
    });
  });

  /** The same, as JSON, for the page's script to follow without reloading; once done, the page itself shows the result. */
  app.get("/measures/imports/:id/applying/:job/status", manage, async (request, reply) => {
    const found = await applyJobOf(request);
    if (!found) return reply.code(404).send({ error: "not found" });
    return sendJobStatus(reply, jobProgressOf(found.job, applyWords), found.job.state === "done" ? found.here : null);
  });
}
