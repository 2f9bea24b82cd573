import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { JobQueue, JobStatus } from "../../db/queue.ts";
import { paramsOf } from "../../web/inputs.ts";
import { jobProgressOf, sendJobStatus, type JobEndWords, type JobProgressView } from "../../web/job-progress.ts";
import { manage } from "./route-support.ts";
import { importParams } from "./schemas.ts";

const jobParams = importParams.extend({ job: z.uuid() });

/** Where the page that follows an import's job is: `${base}/12/${verb}/<job id>`. */
export function importJobAddress(base: string, verb: string) {
  return {
    route: `${base}/:id/${verb}/:job`,
    href: (importId: number, job: string) => `${base}/${String(importId)}/${verb}/${job}`,
  };
}

/** An import's job found from the page's address: the import, the job, the page's address and how far the job has got. */
export interface FollowedJob<Data, Output> {
  importId: number;
  job: JobStatus<Data, Output>;
  here: string;
  progress: JobProgressView;
}

export interface ImportJobPages<Data, Output> {
  jobName: string;
  address: ReturnType<typeof importJobAddress>;
  /** What the page says once the job has finished or failed. */
  words: JobEndWords;
  /** The page of a job found under its import: what the import did once the job is done, its progress or error until then. */
  page(reply: FastifyReply, found: FollowedJob<Data, Output>): Promise<unknown>;
}

/**
 * The page that follows an import's job, and the same as JSON for the page's script to follow
 * without reloading (its `next` is the page itself once the job is done, which then shows the
 * result). Each answers only for the job of the import its address names.
 */
export function importJobPages<Data extends { importId: number }, Output>(app: FastifyInstance, queue: Pick<JobQueue, "job">, pages: ImportJobPages<Data, Output>): void {
  async function jobOf(request: FastifyRequest): Promise<FollowedJob<Data, Output> | null> {
    const params = paramsOf(request, jobParams);
    if (!params) return null;
    const job = await queue.job<Data, Output>(pages.jobName, params.job);
    if (job?.data.importId !== params.id) return null;
    return { importId: params.id, job, here: pages.address.href(params.id, job.id), progress: jobProgressOf(job, pages.words) };
  }

  app.get(pages.address.route, manage, async (request, reply) => {
    const found = await jobOf(request);
    return found ? pages.page(reply, found) : reply.callNotFound();
  });

  app.get(`${pages.address.route}/status`, manage, async (request, reply) => {
    const found = await jobOf(request);
    if (!found) return reply.code(404).send({ error: "not found" });
    return sendJobStatus(reply, found.progress, found.job.state === "done" ? found.here : null);
  });
}
