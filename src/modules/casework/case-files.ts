import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { dayNumberOf } from "../../core/working-days.ts";
import { UnreadableFileError } from "../../core/file-problems.ts";
import { megabytes } from "../../core/upload-limits.ts";

/**
 * What every case-file importer shares: the files it is given (on disk, read as streams, never
 * whole), their hashes, the fields it drops, and the rules for the dates and codes it checks.
 */

/** A file to import: its name as the analyst knows it, and where it is on disk. */
export interface CaseFile {
  name: string;
  path: string;
}

/** The largest case file read: a council's biggest table for six years is well under this. */
export const caseFileBytes = 2 * 1024 * 1024 * 1024;

/** A file's SHA-256, read as a stream; a file that cannot be read, or is over the limit, is refused in one sentence. */
export async function fileSha256(file: CaseFile): Promise<string> {
  const size = await stat(file.path).then(
    (found) => found.size,
    () => {
      throw new UnreadableFileError(`${file.name} cannot be read.`);
    },
  );
  if (size > caseFileBytes) throw new UnreadableFileError(`${file.name} is ${megabytes(size)}; case files must be under ${megabytes(caseFileBytes)}.`);
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file.path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/**
 * The fields an importer met and did not store (names, UPNs, postcodes, NHS numbers…), with how
 * many values each held: the extract's summary says so, never what the values were.
 */
export class DroppedFields {
  readonly counts: Record<string, number> = {};

  /** Notes a value of a field that is not kept; empty values are not counted. */
  drop(field: string, value: string | null | undefined): void {
    if (value === null || value === undefined || value.trim() === "") return;
    this.counts[field] = (this.counts[field] ?? 0) + 1;
  }
}

/** "27/03/2008" (as 903 files write dates) as an ISO date, or null when it is not a real day. */
export function ukDate(text: string): string | null {
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text.trim());
  if (!match) return null;
  const iso = `${match[3] ?? ""}-${(match[2] ?? "").padStart(2, "0")}-${(match[1] ?? "").padStart(2, "0")}`;
  return dayNumberOf(iso) === null ? null : iso;
}

/** "2008-03-27" (as XML and SSD extracts write dates, perhaps with a time after it) as an ISO date, or null when it is not a real day. */
export function isoDate(text: string): string | null {
  const match = /^(\d{4}-\d{2}-\d{2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(text.trim());
  if (!match?.[1]) return null;
  return dayNumberOf(match[1]) === null ? null : match[1];
}

/** How a date the analyst wrote is shown back in a problem: as written, cut short if long. */
export const asWritten = (text: string) => `"${text.length > 40 ? `${text.slice(0, 40)}…` : text}"`;
