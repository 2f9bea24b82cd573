/**
 * How much the app reads from anyone who sends it something: the limits the web server, the
 * importers and the messages that refuse a file all take from here.
 */

/** The largest form (without a file) the app reads. */
export const formBytes = 1024 * 1024;

/** The largest file the app imports, uploaded or from the command line. */
export const fileBytes = 10 * 1024 * 1024;

/** What one imported file may hold: beyond any of these it is refused whole, before it is checked row by row. */
export interface FileLimits {
  rows: number;
  cellCharacters: number;
  lineCharacters: number;
  workbookPartBytes: number;
  workbookBytes: number;
}

export const fileLimits: FileLimits = {
  /** Rows of data below the header (a year of monthly values for 8,000 measures). */
  rows: 100_000,
  /** Characters in one cell. */
  cellCharacters: 10_000,
  /** Characters in one line of a CSV file (one record, if a quoted cell runs over lines). */
  lineCharacters: 100_000,
  /** Bytes one part of a workbook (a sheet, its shared text) takes unpacked. */
  workbookPartBytes: 50 * 1024 * 1024,
  /** Bytes a whole workbook takes unpacked. */
  workbookBytes: 100 * 1024 * 1024,
};

/** Problems listed for a refused file; the rest are counted. */
export const problemsListed = 100;

/** A size as people write it: "10 MB", "118.6 MB", "977 KB", "12 bytes". */
export function megabytes(bytes: number): string {
  if (bytes < 1024) return `${String(bytes)} bytes`;
  if (bytes < 1024 * 1024) return `${String(Math.round(bytes / 1024))} KB`;
  const mb = bytes / (1024 * 1024);
  return `${Number.isInteger(mb) ? String(mb) : mb.toFixed(1)} MB`;
}

/** A count with thousands separators: "100,000". */
export const counted = (n: number) => n.toLocaleString("en-GB");
