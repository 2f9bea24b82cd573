import { parentPort, workerData } from "node:worker_threads";
import { UnreadableFileError } from "../../../core/file-problems.ts";
import { parseFile, type FileFormat } from "./table.ts";

/** Reads one file in a worker thread, so the web server goes on answering while it does. */
const { format, content } = workerData as { format: FileFormat; content: Uint8Array };
try {
  parentPort?.postMessage({ sheets: await parseFile(format, content) });
} catch (error) {
  parentPort?.postMessage(error instanceof UnreadableFileError ? { refused: error.message } : { failed: String((error as Error).stack ?? error) });
}
