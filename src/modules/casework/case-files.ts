import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { basename } from "node:path";
import { dayNumberOf } from "../../core/working-days.ts";
import { UnreadableFileError } from "../../core/file-problems.ts";
import { megabytes } from "../../core/upload-limits.ts";
import { londonDateOf } from "../../core/values-as-at.ts";
import type { CaseFileProblems } from "./case-file-problems.ts";

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

/**
 * The table a file holds, by its name: the table's name alone or with a prefix or suffix
 * (`episodes.csv`, `903_episodes.csv`, `879_ssd_cin_episodes_2025-04-30.csv`), in any case. The
 * longest name that fits wins, so `sw_episodes` is not taken for `episodes`.
 */
export function tableNamedIn(fileName: string, tableNames: readonly string[]): string | undefined {
  const stem = basename(fileName).replace(/\.[^.]*$/, "").toLowerCase().replace(/[^a-z0-9]+/g, "_");
  const longestFirst = [...tableNames].sort((a, b) => b.length - a.length);
  return longestFirst.find((name) => stem === name || stem.startsWith(`${name}_`) || stem.endsWith(`_${name}`) || stem.includes(`_${name}_`));
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

/**
 * The council and extract date an analyst gives for files that do not say them (Annex A, an SSD
 * extract): the council is required; the date, given as YYYY-MM-DD, is the day of the import in
 * London when not given. A missing council or a date that is not one is a problem of the import's
 * settings, named for `what` the files are.
 */
export function councilAndDate(settings: { laCode?: string | null; extractDate?: string | null }, file: string, what: string, problems: CaseFileProblems): { laCode: string; extractDate: string } {
  const place = { file, place: "import settings" };
  const laCode = settings.laCode?.trim() ?? "";
  if (!laCode) problems.add({ ...place, field: "council", message: `${what} does not say which council it is from: choose the council before importing it` });
  let extractDate = londonDateOf(new Date());
  if (settings.extractDate) {
    const given = isoDate(settings.extractDate);
    if (given) extractDate = given;
    else problems.add({ ...place, field: "extract date", message: `${asWritten(settings.extractDate)} is not a date: give it as YYYY-MM-DD` });
  }
  return { laCode, extractDate };
}
