import { createReadStream } from "node:fs";
import { parse } from "csv-parse";
import { UnreadableFileError } from "../../core/file-problems.ts";
import { fileLimits } from "../../core/upload-limits.ts";
import type { CaseFile } from "./case-files.ts";

/** A row of a CSV case file: its cells by column heading, and the row a spreadsheet shows it on (the heading is row 1). */
export interface CsvRecord {
  row: number;
  cells: Record<string, string>;
}

/** A CSV file's column headings, as written (trimmed, a byte-order mark removed). */
export async function csvHeadings(file: CaseFile): Promise<string[]> {
  for await (const record of parseFile(file, 1)) return record.map((heading) => heading.trim());
  return [];
}

/**
 * A CSV case file's rows, streamed: each with its cells by heading. A line longer than the shared
 * limit, or a file that is not CSV, is refused in one sentence naming the file.
 */
export async function* csvRecords(file: CaseFile): AsyncGenerator<CsvRecord> {
  let headings: string[] | null = null;
  let row = 0;
  for await (const record of parseFile(file)) {
    row += 1;
    if (!headings) {
      headings = record.map((heading) => heading.trim());
      continue;
    }
    if (record.every((cell) => cell.trim() === "")) continue;
    const cells: Record<string, string> = {};
    headings.forEach((heading, index) => {
      cells[heading] = (record[index] ?? "").trim();
    });
    yield { row, cells };
  }
}

async function* parseFile(file: CaseFile, toLine?: number): AsyncGenerator<string[]> {
  const parser = createReadStream(file.path).pipe(parse({ bom: true, relax_column_count: true, max_record_size: fileLimits.lineCharacters, ...(toLine ? { to_line: toLine } : {}) }));
  try {
    for await (const record of parser) yield record as string[];
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^Invalid Record Length: |^Invalid Closing Quote: /, "") : String(error);
    throw new UnreadableFileError(`${file.name} cannot be read as CSV: ${reason}`);
  }
}
