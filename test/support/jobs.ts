import type { LightMyRequestResponse } from "fastify";
import { expect } from "vitest";
import type { JobQueue } from "../../src/db/queue.ts";
import type { Client } from "./session.ts";

/** A form sent that starts a background job: the page that waits on it, and where that leads once the job is done. */
export interface Finished {
  /** The answer to the form: a redirect to the waiting page, at once. */
  sent: LightMyRequestResponse;
  /** The waiting page's address. */
  waitingAt: string;
  /** The waiting page asked for again after the queue has done its jobs. */
  finished: LightMyRequestResponse;
}

/**
 * Sends a form whose work is done by a job, checks it answers at once with the page that waits on
 * the job, does every job the queue holds (in this process, with no waiting), then asks for the
 * waiting page again.
 */
export async function sendAndFinish(client: Client, queue: JobQueue, url: string, fields: Record<string, string>, formPage?: string): Promise<Finished> {
  const sent = await client.post(url, fields, formPage);
  expect(sent.statusCode).toBe(303);
  const waitingAt = String(sent.headers.location);
  await queue.runPending();
  return { sent, waitingAt, finished: await client.get(waitingAt) };
}
