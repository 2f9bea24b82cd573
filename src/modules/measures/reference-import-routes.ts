import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Database } from "../../db/client.ts";
import type { JobQueue } from "../../db/queue.ts";
import { fieldErrors } from "../../web/forms.ts";
import { contextOf } from "../access/index.ts";
import { problemCounts } from "./file-reading/problems.ts";
import { importJobAddress, importJobPages } from "./import-job-pages.ts";
import { benchmarkImportPage } from "./import-view.ts";
import { referenceImportJobName, type ReferenceImportJobData, type ReferenceImportJobOutput } from "./jobs.ts";
import { oglNotice } from "./ogl.ts";
import { findReferenceImport, receiveReferenceFile, referenceImportResult, type ReferenceFile, type ReferenceImportFacts, type ReferenceImportKind } from "./reference-import.ts";
import { actorOf } from "./route-support.ts";

/** The queue a reference file's job is sent to, inside the transaction that keeps the file. */
export type ReferenceQueue = Pick<JobQueue, "send" | "job" | "ready">;

const importing = importJobAddress("/measures/reference-imports", "importing");

/** The page a kind of file is sent from, and what its import is called there. */
const kinds: Record<ReferenceImportKind, { caption: string; form: string; formTitle: string }> = {
  "dfe-statistics": { caption: "DfE statistics", form: "/measures/benchmarks/import", formTitle: "Import DfE statistics" },
  "neighbour-model": { caption: "Statistical neighbours", form: "/measures/reference-data", formTitle: "Import statistical neighbours and Ofsted judgements" },
  "ofsted-judgements": { caption: "Ofsted judgements", form: "/measures/reference-data", formTitle: "Import statistical neighbours and Ofsted judgements" },
};

/** The page the statistical-neighbour model and Ofsted's judgements are sent from, with what an import did or why it was refused. */
export function referenceDataPage(reply: FastifyReply, status: number, extra: Record<string, unknown> = {}): Promise<FastifyReply> {
  return reply.code(status).render("measures/reference-import.njk", { pageTitle: kinds["neighbour-model"].formTitle, section: "measures", oglNotice, values: {}, ...extra });
}

/** Why a file was not imported, as its form says it, with the field it was sent in. */
const refusalWords = (fileName: string, message: string) => `${fileName} was not imported; nothing has changed. ${message}`;

/**
 * Keeps a reference file sent in a form and sends the job that imports it, in one transaction, and
 * answers the address of the page that follows the job.
 */
export function referenceFileSender({ db, queue }: { db: Database; queue: ReferenceQueue }) {
  return async (request: FastifyRequest, file: ReferenceFile): Promise<string> => {
    const by = contextOf(actorOf(request), request.id);
    await queue.ready();
    const { importId, job } = await receiveReferenceFile(db, by, file, (tx, id) => queue.send(referenceImportJobName, { importId: id, by } satisfies ReferenceImportJobData, { tx }));
    return importing.href(importId, job);
  };
}

/**
 * The page that follows a reference import's job: its progress, the job's error if it stopped, and
 * once it is done what the form's page showed when files were imported in the request: what was
 * imported, or the file's problems.
 */
export function referenceImportPages(app: FastifyInstance, { db, queue }: { db: Database; queue: ReferenceQueue }): void {
  async function finishedPage(reply: FastifyReply, record: ReferenceImportFacts): Promise<unknown> {
    const result = referenceImportResult(record);
    const { fileName } = record;
    switch (result?.kind) {
      case "dfe-statistics": {
        const page = await benchmarkImportPage(db, { measure: record.measureCode });
        return reply.render("measures/benchmark-import.njk", { ...page, result: result.benchmarks, counts: problemCounts(result.benchmarks), fileName });
      }
      case "neighbour-model":
        return referenceDataPage(reply, 200, { neighbours: { ...result.neighbours, year: record.year, fileName } });
      case "ofsted-judgements":
        return referenceDataPage(reply, 200, { ofsted: { councils: result.councils, fileName } });
      case "refused":
        if (record.kind === "dfe-statistics") {
          const page = await benchmarkImportPage(db, { measure: record.measureCode });
          return reply.render("measures/benchmark-import.njk", { ...page, errors: fieldErrors({ file: refusalWords(fileName, result.message) }) });
        }
        return referenceDataPage(reply, 200, {
          values: { year: record.year === null ? "" : String(record.year) },
          errors: fieldErrors({ [record.kind === "ofsted-judgements" ? "workbook" : "file"]: refusalWords(fileName, result.message) }),
        });
      case undefined:
        return reply.redirect(kinds[record.kind].form, 303);
    }
  }

  importJobPages<ReferenceImportJobData, ReferenceImportJobOutput>(app, queue, {
    jobName: referenceImportJobName,
    address: importing,
    words: { done: "Imported", failed: "Stopped: nothing imported" },
    async page(reply, { importId, job, here, progress }) {
      const record = await findReferenceImport(db, importId);
      if (!record) return reply.callNotFound();
      if (job.state === "done") return finishedPage(reply, record);
      return reply.render("measures/reference-importing.njk", {
        pageTitle: progress.error ? `${record.fileName} was not imported` : `Importing ${record.fileName}`,
        section: "measures",
        record,
        kind: kinds[record.kind],
        progress,
        here,
        errorSummary: progress.error,
      });
    },
  });
}
