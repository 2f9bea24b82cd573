import { closeSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import type { CaseImportRequest, CaseRows } from "../../src/modules/casework/index.ts";

/**
 * Case records written as the files a council sends: a Standard Safeguarding Dataset extract, one
 * CSV file per `ssd_` table (`ssd_cin_episodes.csv`), headed by the store's column names, which
 * are the SSD's own. Rows are written a batch at a time, so a hundred councils' worth never sit
 * in memory at once.
 */

/** What a row carries for the loader (the file and row it came from), never a column of the file. */
const whereFrom = new Set(["file", "place"]);

/** A cell as CSV writes it: empty for no value, quoted when it holds a comma, a quote or a line break. */
function cellOf(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One table's file while it is written: its headings, taken from the table's first row. */
interface TableFile {
  fd: number;
  headings: string[];
  headed: Set<string>;
  rows: number;
}

export interface WrittenExtract {
  /** The files, as the SSD importer takes them. */
  files: CaseImportRequest["files"];
  /** The rows written to each table's file. */
  rows: Record<string, number>;
}

/**
 * Writes `batches` of case records into `folder` as an SSD extract, one file per table. A row
 * holding a column its table's first row did not have is refused rather than silently lost.
 */
export async function writeSsdExtract(folder: string, batches: AsyncIterable<CaseRows>): Promise<WrittenExtract> {
  const tables = new Map<string, TableFile>();
  try {
    for await (const { table, rows } of batches) {
      const [first] = rows;
      if (!first) continue;
      let file = tables.get(table);
      if (!file) {
        const headings = Object.keys(first).filter((column) => !whereFrom.has(column));
        file = { fd: openSync(join(folder, `${table}.csv`), "w"), headings, headed: new Set(headings), rows: 0 };
        writeSync(file.fd, `${headings.join(",")}\n`);
        tables.set(table, file);
      }
      const { headings, headed } = file;
      const lines = rows.map((row) => {
        const unheaded = Object.keys(row).find((column) => !whereFrom.has(column) && !headed.has(column));
        if (unheaded) throw new Error(`a row of ${table} has ${unheaded}, which its file's headings lack`);
        return headings.map((heading) => cellOf(row[heading])).join(",");
      });
      writeSync(file.fd, `${lines.join("\n")}\n`);
      file.rows += rows.length;
    }
  } finally {
    for (const { fd } of tables.values()) closeSync(fd);
  }
  return {
    files: [...tables.keys()].map((table) => ({ name: `${table}.csv`, path: join(folder, `${table}.csv`) })),
    rows: Object.fromEntries([...tables].map(([table, { rows }]) => [table, rows])),
  };
}
