import type { Database } from "../../db/client.ts";
import type { ChangeContext } from "../access/index.ts";
import type { CaseFile } from "./case-files.ts";
import { caseworkKey, type CaseworkKeySource } from "./casework-key.ts";
import { loadExtract, type LoadOutcome, type PreparedExtract } from "./loading.ts";
import { Pseudonyms } from "./pseudonyms.ts";
import { prepareSsda903 } from "./ssda903.ts";

/** The kinds of case file Waymark imports, by the name the command line and the web form give them. */
export const caseImportKinds = {
  ssda903: "SSDA903 return (CSV files)",
} as const;

export type CaseImportKind = keyof typeof caseImportKinds;

export const isCaseImportKind = (kind: string): kind is CaseImportKind => Object.hasOwn(caseImportKinds, kind);

/** What an analyst asks to import: the kind, the files, and what the files do not say themselves. */
export interface CaseImportRequest {
  kind: CaseImportKind;
  files: CaseFile[];
  /** The council, for files that do not name it. */
  laCode: string;
  /** The collection year a return is for (2025 for 2024/25), for returns that do not say. */
  collectionYear: number | null;
  /** Load the valid rows and list the rest, rather than refusing the files. */
  validRowsOnly: boolean;
}

/** A problem with what was asked, before any file is read: a return without its year. */
export class CaseImportRequestError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = "CaseImportRequestError";
  }
}

function prepare(request: CaseImportRequest): Promise<PreparedExtract> {
  switch (request.kind) {
    case "ssda903":
      if (request.collectionYear === null) throw new CaseImportRequestError("year", "An SSDA903 return needs its collection year: the year it ends, 2025 for April 2024 to March 2025");
      return prepareSsda903(request.files, { laCode: request.laCode, collectionYear: request.collectionYear });
  }
}

/**
 * Reads, checks and loads case files as one extract: all or nothing, with one audit event; the
 * same files again change nothing. Ids become pseudonyms under the council's casework key.
 */
export async function importCaseFiles(db: Database, context: ChangeContext, key: CaseworkKeySource, request: CaseImportRequest, progress?: (done: number, total: number) => Promise<void>): Promise<LoadOutcome> {
  const pseudonyms = new Pseudonyms(caseworkKey(key));
  const prepared = await prepare(request);
  return loadExtract(db, context, pseudonyms, prepared, { validRowsOnly: request.validRowsOnly, ...(progress ? { progress } : {}) });
}
