import { readFileSync } from "node:fs";
import { csvSheet, parseFile, type Sheet, decodeText } from "../../src/modules/measures/index.ts";
import { sharedPath } from "./shared.ts";

/** CSV text (or bytes) read as the importers read it, in this thread: for tests of what reads a sheet. */
export const csv = (content: string | Uint8Array): Sheet => csvSheet(decodeText(typeof content === "string" ? Buffer.from(content) : content));

/** A published DfE file from the shared data, read as a sheet. */
export const publishedCsv = (name: string): Sheet => csv(readFileSync(sharedPath("data", "dfe-ees", name)));

/** A workbook read as the importers read it, in this thread. */
export const workbook = (content: Uint8Array): Promise<Sheet[]> => parseFile("xlsx", content);
