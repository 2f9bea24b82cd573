import type { FastifyReply } from "fastify";
import type { JobStatus } from "../db/queue.ts";

/** What a page that waits on a job says when it has finished or failed: "Issued", "Stopped: not issued". */
export interface JobEndWords {
  done: string;
  failed: string;
}

/** How far a job has got, in words and steps, as a waiting page and its status show it. */
export interface JobProgressView {
  state: JobStatus["state"];
  step: string;
  done: number;
  total: number;
  error: string | null;
}

/** A job's progress for the page that waits on it: a job not yet started is waiting, a finished one is all done. */
export function jobProgressOf(job: Pick<JobStatus, "state" | "progress" | "error">, words: JobEndWords): JobProgressView {
  const total = job.progress?.total ?? 1;
  const done = job.state === "done" ? total : (job.progress?.done ?? 0);
  const step = job.state === "waiting" ? "Waiting to start" : job.state === "failed" ? words.failed : job.state === "done" ? words.done : (job.progress?.step ?? "Starting");
  return { state: job.state, step, done, total, error: job.error };
}

/**
 * The JSON a waiting page's script asks for: the progress, and `next`, where the page goes once
 * the job is done (null until then). Never cached, since it changes as the job goes.
 */
export function sendJobStatus(reply: FastifyReply, progress: JobProgressView, next: string | null): FastifyReply {
  return reply.header("cache-control", "no-store").send({ ...progress, next });
}
