import { readlinkSync } from "node:fs";
import { setPriority } from "node:os";
import { parentPort } from "node:worker_threads";
import { UnreadableFileError } from "../../../core/file-problems.ts";
import { checkValues, valuesFile, type CheckedValues, type MeasureShape } from "../value-rows.ts";
import { parseFile, type FileFormat, type Sheet } from "./table.ts";

/**
 * Reads files in a worker thread, one at a time, so the web server goes on answering while it
 * does; a values file is checked here too, against the measures it is sent with. Rows go
 * back a batch at a time, each when the server asks for it: taking in 100,000 rows in one message
 * would itself hold the server up. The worker stays for the next file, so starting it is paid once.
 */
export type ReaderMessage =
  | { sheet: Omit<Sheet, "rows"> }
  | { rows: Sheet["rows"] }
  | { checked: Omit<CheckedValues, "rows"> }
  | { values: CheckedValues["rows"] }
  | { done: true }
  | { refused: string }
  | { failed: string };

export interface ReaderJob {
  format: FileFormat;
  content: Uint8Array;
  /** For a values file: the measures there are, with the unit and decimal places their values are checked by. */
  measures?: MeasureShape[];
}

/** What the server sends: a file to read, or a request for the next batch of the one being read. */
export type WorkerRequest = { job: ReaderJob } | "next";

const rowsInBatch = 2_000;

/**
 * On Linux a thread has its own priority: this one yields the processor to the request thread
 * when both want it, so the server answers promptly even on a busy machine. Elsewhere it runs as is.
 */
function yieldToRequests(): void {
  try {
    const thread = Number(readlinkSync("/proc/thread-self").split("/").pop());
    if (Number.isInteger(thread) && thread > 0) setPriority(thread, 10);
  } catch {
    // Not Linux, or not allowed: the reader keeps the process's priority.
  }
}
yieldToRequests();
const port = parentPort;

function inBatches<T>(items: T[], message: (batch: T[]) => ReaderMessage): ReaderMessage[] {
  const batches: ReaderMessage[] = [];
  for (let at = 0; at < items.length; at += rowsInBatch) batches.push(message(items.slice(at, at + rowsInBatch)));
  return batches;
}

async function batchesOf({ format, content, measures }: ReaderJob): Promise<ReaderMessage[]> {
  const sheets = await parseFile(format, content);
  const batches: ReaderMessage[] = [];
  if (measures) {
    const file = valuesFile(sheets[0]);
    const { rows, ...checked } = checkValues(file.records, measures, file);
    batches.push({ checked }, ...inBatches(rows, (values) => ({ values })));
  } else {
    for (const { rows, ...sheet } of sheets) batches.push({ sheet }, ...inBatches(rows, (batch) => ({ rows: batch })));
  }
  return batches;
}

/** The batches of the file being read, and the next to send. */
let pending: ReaderMessage[] = [];
let next = 0;
const send = () => {
  const message = pending[next++];
  if (message) return port?.postMessage(message);
  pending = [];
  port?.postMessage({ done: true });
};

port?.on("message", (message: WorkerRequest) => {
  if (message === "next") return send();
  batchesOf(message.job).then(
    (batches) => {
      pending = batches;
      next = 0;
      send();
    },
    (error: unknown) => port.postMessage(error instanceof UnreadableFileError ? { refused: error.message } : { failed: String((error as Error).stack ?? error) }),
  );
});
