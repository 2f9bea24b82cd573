import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import { startThread } from "../../threads.ts";
import type { DrawAnswer, DrawRequest } from "./chart-worker.ts";

/**
 * The threads charts are drawn in (chart-worker.ts): one for each processor, up to four, each
 * drawing one chart at a time, so a report's charts are drawn side by side with no more of them
 * at once than there are processors to draw them (more only fight over the processors' caches).
 * A thread is started when first needed and kept for the next report, without keeping the
 * process alive.
 */

const most = Math.max(1, Math.min(4, availableParallelism()));

const idle: Worker[] = [];
let running = 0;
const waiting: ((worker: Worker) => void)[] = [];

const start = (): Worker => startThread(import.meta.url, "./chart-worker");

function take(): Promise<Worker> {
  const worker = idle.pop();
  if (worker) {
    worker.ref();
    return Promise.resolve(worker);
  }
  if (running < most) {
    running += 1;
    return Promise.resolve(start());
  }
  return new Promise((resolve) => waiting.push(resolve));
}

/** A thread done with its chart draws the next one waiting, or waits itself. */
function giveBack(worker: Worker): void {
  const next = waiting.shift();
  if (next) return next(worker);
  worker.unref();
  idle.push(worker);
}

/** A thread that failed is stopped; a chart waiting for one gets a new one. */
function lose(worker: Worker): void {
  void worker.terminate();
  const next = waiting.shift();
  if (next) next(start());
  else running -= 1;
}

/**
 * Starts the drawing threads not yet running, to wait for charts: a thread takes a fifth of a
 * second or more to start, time better spent while a report's figures are gathered than after.
 */
export function prepareChartThreads(): void {
  while (running < most) {
    running += 1;
    const worker = start();
    worker.unref();
    idle.push(worker);
  }
}

/** A chart drawn as a PNG in one of the drawing threads; rejected with resvg's reason when it cannot be. */
export async function drawInThread(request: DrawRequest): Promise<Buffer> {
  const worker = await take();
  return new Promise((resolve, reject) => {
    const settle = (outcome: () => void, reusable: boolean) => {
      worker.off("message", onMessage);
      worker.off("error", onError);
      worker.off("exit", onExit);
      if (reusable) giveBack(worker);
      else lose(worker);
      outcome();
    };
    const onMessage = (answer: DrawAnswer) =>
      "png" in answer ? settle(() => resolve(Buffer.from(answer.png.buffer, answer.png.byteOffset, answer.png.byteLength)), true) : settle(() => reject(new Error(answer.failed)), true);
    const onError = (error: Error) => settle(() => reject(error), false);
    const onExit = (code: number) => settle(() => reject(new Error(`The chart drawing thread stopped (exit ${String(code)})`)), false);
    worker.on("message", onMessage);
    worker.once("error", onError);
    worker.once("exit", onExit);
    worker.postMessage(request);
  });
}
