import type { Database } from "../../db/client.ts";
import type { ChangeContext } from "../access/index.ts";
import type { CaseFile } from "./case-files.ts";
import { caseworkKey, type CaseworkKeySource } from "./casework-key.ts";
import { loadExtract, type LoadOutcome, type PreparedExtract } from "./loading.ts";
import { Pseudonyms } from "./pseudonyms.ts";
import { prepareAnnexA } from "./annex-a.ts";
import { prepareCinCensus } from "./cin-census.ts";
import { prepareSsdExtract } from "./ssd-extract.ts";
import { prepareSsda903 } from "./ssda903.ts";

/**
 * The kinds of case file Waymark imports, by the name the command line and the web form give them:
 * what each is called, and whether its files say which council they are from (otherwise the
 * import is for the plan's council, or the one the analyst names).
 */
export const caseImportKinds = {
  ssda903: { words: "SSDA903 return (CSV files or XML)", hint: "header.csv, episodes.csv, reviews.csv and the rest, for one collection year, all sent together; or the return as one XML file", namesCouncil: false },
  cin: { words: "Children in need census return (XML)", hint: "The census file as sent to DfE; it names its council and reference date", namesCouncil: true },
  "annex-a": { words: "Ofsted Annex A lists (workbook)", hint: "The .xlsx workbook with lists 1 to 11", namesCouncil: false },
  ssd: { words: "Standard Safeguarding Dataset extract (CSV files)", hint: "One file for each ssd_ table (ssd_person.csv, ssd_cin_episodes.csv and the rest), all sent together", namesCouncil: false },
} as const;

export type CaseImportKind = keyof typeof caseImportKinds;

export const isCaseImportKind = (kind: string): kind is CaseImportKind => Object.hasOwn(caseImportKinds, kind);

/** What an analyst asks to import: the kind, the files, and what the files do not say themselves. */
export interface CaseImportRequest {
  kind: CaseImportKind;
  files: CaseFile[];
  /** The council, for files that do not name it; a return that names its own must agree. */
  laCode: string | null;
  /** The collection year a return is for (2025 for 2024/25), for returns that do not say. */
  collectionYear: number | null;
  /** The day the records were taken from the case system, for files that do not say (Annex A, SSD extracts); the day of the import when not given. */
  extractDate?: string | null;
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
      if (request.laCode === null) throw new CaseImportRequestError("la", "An SSDA903 return does not say which council it is from: choose the council");
      return prepareSsda903(request.files, { laCode: request.laCode, collectionYear: request.collectionYear });
    case "cin":
      if (request.files.length !== 1) throw new CaseImportRequestError("file", "A children in need census return is one XML file");
      return prepareCinCensus(request.files, { laCode: request.laCode });
    case "annex-a":
      if (request.files.length !== 1) throw new CaseImportRequestError("file", "Annex A is one workbook (.xlsx)");
      return prepareAnnexA(request.files, { laCode: request.laCode, extractDate: request.extractDate ?? null });
    case "ssd":
      if (request.laCode === null) throw new CaseImportRequestError("la", "An SSD extract does not say which council it is from: choose the council");
      return prepareSsdExtract(request.files, { laCode: request.laCode, extractDate: request.extractDate ?? null });
  }
}

/** The steps of an import, as the page that follows it names them. */
export const importSteps = ["Checking every row", "Saving the rows"] as const;

/**
 * Reads, checks and loads case files as one extract: all or nothing, with one audit event; the
 * same files again change nothing. Ids become pseudonyms under the council's casework key.
 * `step` is told as each step begins, never while the saving transaction is open (on the embedded
 * database a second connection would wait for it).
 */
export async function importCaseFiles(db: Database, context: ChangeContext, key: CaseworkKeySource, request: CaseImportRequest, step: (name: (typeof importSteps)[number], index: number) => Promise<void> = async () => undefined): Promise<LoadOutcome> {
  const pseudonyms = new Pseudonyms(caseworkKey(key));
  await step(importSteps[0], 0);
  const prepared = await prepare(request);
  await step(importSteps[1], 1);
  return loadExtract(db, context, pseudonyms, prepared, { validRowsOnly: request.validRowsOnly });
}
