import type { Worker } from "node:worker_threads";
import { UnreadableFileError } from "../../../core/file-problems.ts";
import { fileBytes, megabytes } from "../../../core/upload-limits.ts";
import { startThread } from "../../../threads.ts";
import type { CheckedValues, MeasureShape } from "../value-rows.ts";
import type { FileFormat, Sheet } from "./table.ts";
import type { ReaderJob, ReaderMessage, WorkerRequest } from "./table-worker.ts";

export type { FileFormat, Sheet, TableRow } from "./table.ts";

/** Files read at once; more wait their turn, so a burst of uploads cannot take all the memory. */
const readersAtOnce = 2;
/** The most one read may take, and the memory its worker may use. */
const readingSeconds = 120;
const workerHeapMb = 1024;

/** Reading runs in a thread of its own (table-worker.ts). */
function startWorker(): Worker {
  return startThread(import.meta.url, "./table-worker", { resourceLimits: { maxOldGenerationSizeMb: workerHeapMb } });
}

/**
 * Workers waiting for a file, kept so that each upload does not pay for starting one (loading
 * the readers takes a second or more). They do not keep the process alive.
 */
const idle: Worker[] = [];
const takeWorker = (): Worker => {
  const worker = idle.pop() ?? startWorker();
  worker.ref();
  return worker;
};
const giveBack = (worker: Worker) => {
  worker.unref();
  idle.push(worker);
};

/** The format a file is read as: a workbook when its name ends .xlsx, otherwise CSV. */
export const formatOf = (fileName: string): FileFormat => (/\.xlsx$/i.test(fileName) ? "xlsx" : "csv");

/**
 * Reads a file into sheets of text in a worker thread, within the shared limits (see table.ts),
 * refusing with UnreadableFileError: a file over the size limit, one that cannot be read, or one
 * that passes a limit on rows, cells, lines or a workbook's unpacked size.
 */
export async function readTable(content: Uint8Array, format: FileFormat): Promise<Sheet[]> {
  const sheets: Sheet[] = [];
  await read({ content, format }, (message) => {
    if ("sheet" in message) sheets.push({ ...message.sheet, rows: [] });
    else if ("rows" in message) sheets.at(-1)?.rows.push(...message.rows);
  });
  return sheets;
}

/** Reads a values file and checks its rows against the measures, in the worker; throws UnreadableFileError as readTable does. */
export async function readCheckedValues(content: Uint8Array, format: FileFormat, measures: MeasureShape[]): Promise<CheckedValues> {
  const checked: CheckedValues = { rows: [], problems: [], moreProblems: 0, warnings: [], moreWarnings: 0 };
  await read({ content, format, measures }, (message) => {
    if ("checked" in message) Object.assign(checked, message.checked);
    else if ("values" in message) checked.rows.push(...message.values);
  });
  return checked;
}

async function read(job: ReaderJob, take: (message: ReaderMessage) => void): Promise<void> {
  if (job.content.byteLength > fileBytes) throw new UnreadableFileError(`The file is ${megabytes(job.content.byteLength)}; files must be under ${megabytes(fileBytes)}`);
  if (job.content.byteLength === 0) throw new UnreadableFileError("The file is empty");
  await turn();
  try {
    await inWorker(job, take);
  } finally {
    next();
  }
}

let reading = 0;
const waiting: (() => void)[] = [];
const turn = () => (reading < readersAtOnce ? Promise.resolve(void (reading += 1)) : new Promise<void>((resolve) => waiting.push(resolve)));
const next = () => {
  const resume = waiting.shift();
  if (resume) resume();
  else reading -= 1;
};

function inWorker(job: ReaderJob, take: (message: ReaderMessage) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = takeWorker();
    const ask = (request: WorkerRequest) => worker.postMessage(request);
    let settled = false;
    /** Ends this read: a worker that answered goes back to wait for the next file; one that failed or ran over is stopped. */
    const settle = (outcome: () => void, reusable = false) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      worker.off("message", onMessage);
      worker.off("error", onError);
      worker.off("exit", onExit);
      if (reusable) giveBack(worker);
      else void worker.terminate();
      outcome();
    };
    const timer = setTimeout(() => settle(() => reject(new UnreadableFileError(`The file took more than ${String(readingSeconds)} seconds to read: split it into smaller files`))), readingSeconds * 1000);
    const onMessage = (message: ReaderMessage) => {
      if ("done" in message) return settle(resolve, true);
      if ("refused" in message) return settle(() => reject(new UnreadableFileError(message.refused)), true);
      if ("failed" in message) return settle(() => reject(new Error(`The file reader failed: ${message.failed}`)));
      take(message);
      // The next batch, once this one is taken in.
      ask("next");
    };
    const onError = (error: Error & { code?: string }) =>
      settle(() =>
        error.code === "ERR_WORKER_OUT_OF_MEMORY" ? reject(new UnreadableFileError("The file needs more memory to read than an import may take: split it into smaller files")) : reject(error),
      );
    const onExit = (code: number) => settle(() => reject(new Error(`The file reader stopped (exit ${String(code)}) without an answer`)));
    worker.on("message", onMessage);
    worker.once("error", onError);
    worker.once("exit", onExit);
    ask({ job });
  });
}
