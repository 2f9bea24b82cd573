import { createHash } from "node:crypto";
import type { Database } from "../../db/client.ts";
import { takeTurns } from "../../db/locks.ts";
import { problemsListed } from "../../core/upload-limits.ts";
import { recordChange, type ChangeContext } from "../access/index.ts";
import { CaseFileProblems, type CaseFileProblem } from "./case-file-problems.ts";
import type { Pseudonyms } from "./pseudonyms.ts";
import * as repository from "./repository.ts";
import type { ExtractRecord, Moved, SourcePlace, StagedRow } from "./repository.ts";
import { storeTable, storeTables, type StoreTableName } from "./store-repository.ts";

/** Where case records come from. */
export const extractSources = {
  ssd: "Standard Safeguarding Dataset extract",
  ssda903: "SSDA903 return (children looked after)",
  "cin-census": "Children in need census return",
  "annex-a": "Ofsted Annex A lists",
  synthetic: "Synthetic case records for the demonstration",
} as const;

export type ExtractSource = keyof typeof extractSources;

/** A row read from a file for a store table: its values (ids as the case system gives them) and where it was. */
export type CaseRow = Record<string, string | number | null> & SourcePlace;

/** Some rows for one store table. */
export interface CaseRows {
  table: StoreTableName;
  rows: CaseRow[];
}

/**
 * A set of case files read and checked, ready to load: what they are, what was dropped from them,
 * and their rows, read again from the files as they are loaded (never all held at once).
 */
export interface PreparedExtract {
  laCode: string;
  source: ExtractSource;
  /** The files' names, as the analyst will recognise them. */
  label: string;
  sha256: string;
  extractDate: string;
  collectionYear: number | null;
  /** The first day the records are whole from, where the files say; a return's is the first day of its collection year. */
  recordsFrom?: string | null;
  synthetic: boolean;
  /** Fields met and not stored (names, UPNs, postcodes…), with how many values each had. */
  dropped: Record<string, number>;
  /** Problems found in the files: when any remain and the analyst did not ask for the valid rows only, nothing is loaded. */
  problems: CaseFileProblems;
  /** How many rows the files hold. */
  rowCount: number;
  /** False when the problems leave nothing that can load (a return whose header is wrong): refused even when the valid rows are asked for. */
  loadable?: boolean;
  /** What makes two rows of a table the same record, in the files' own words ("CHILD and DECOM"). */
  sameRecord(table: StoreTableName): string;
  rows(): AsyncIterable<CaseRows>;
}

export interface LoadOptions {
  /** Load the rows without problems and list the rest, rather than refusing the files. */
  validRowsOnly?: boolean;
}

export type LoadOutcome =
  | { kind: "loaded"; extract: ExtractRecord }
  | { kind: "already"; extract: ExtractRecord }
  /** Refused with its problems; `validRowsCanLoad` says whether asking for the valid rows would load the rest. */
  | { kind: "refused"; problems: CaseFileProblem[]; more: number; validRowsCanLoad: boolean };

/** The SHA-256 of a set of files, taken in name order, that recognises the same files sent again. */
export function filesHash(files: readonly { name: string; sha256: string }[]): string {
  const hash = createHash("sha256");
  for (const file of [...files].sort((a, b) => a.name.localeCompare(b.name))) hash.update(`${file.name}\u0000${file.sha256}\n`);
  return hash.digest("hex");
}

/**
 * Loads a prepared extract into the casework store, all or nothing, in one transaction with one
 * audit event (the files, their hash and the rows each table gained, changed and kept). Ids become
 * pseudonyms on the way in. Files already loaded for the council are recognised and change nothing;
 * files with problems change nothing either, unless the analyst asked for the valid rows, when
 * those are loaded and the rest listed with the extract. Rows that repeat a record are found once
 * the rows are staged, so a refusal lists them with the files' other problems.
 */
export async function loadExtract(db: Database, context: ChangeContext, pseudonyms: Pseudonyms, prepared: PreparedExtract, options: LoadOptions = {}): Promise<LoadOutcome> {
  const already = await repository.findExtractByFiles(db, prepared.laCode, prepared.source, prepared.sha256);
  if (already) return { kind: "already", extract: already };
  if (prepared.loadable === false) return { kind: "refused", problems: prepared.problems.listed, more: prepared.problems.more, validRowsCanLoad: false };
  const refusal = new Refusal();
  const pseudonymOf = recentPseudonyms(pseudonyms);
  try {
    const extractId = await db.transaction(async (tx) => {
      const leftOut = new CaseFileProblems();
      for (const problem of prepared.problems.listed) leftOut.add(problem);
      leftOut.more += prepared.problems.more;
      const staging = await repository.Staging.open(tx);
      let order = 0;
      for await (const batch of prepared.rows()) {
        const table = storeTable(batch.table);
        await staging.add(table, batch.rows.map((row) => stagedRow(row, table.columns, prepared.laCode, pseudonymOf, (order += 1))));
      }
      await staging.finish();
      const staged = new Set([...staging.tables].map((table) => table.name as StoreTableName));
      const repeated = new Set<StoreTableName>();
      for (const name of staged) {
        const duplicates = await repository.stagedDuplicates(tx, storeTable(name), problemsListed);
        if (duplicates.count > 0) repeated.add(name);
        for (const [first, ...rest] of duplicates.sets) {
          for (const place of rest) leftOut.add({ ...place, field: prepared.sameRecord(name), message: `repeats the record at ${first?.file === place.file ? first.place : `${first?.file ?? ""} ${first?.place ?? ""}`}: each record may appear once` });
        }
        leftOut.more += Math.max(0, duplicates.count - duplicates.sets.length);
      }
      if (leftOut.count > 0 && !options.validRowsOnly) throw refusal.with(leftOut);
      // Imports for one council take turns from here: each compares its rows with what the one before stored.
      await takeTurns(tx, `casework store ${prepared.laCode}`);
      const id = await repository.insertExtract(tx, {
        laCode: prepared.laCode,
        source: prepared.source,
        label: prepared.label,
        sha256: prepared.sha256,
        extractDate: prepared.extractDate,
        collectionYear: prepared.collectionYear,
        recordsFrom: prepared.recordsFrom ?? (prepared.collectionYear ? `${String(prepared.collectionYear - 1)}-04-01` : null),
        dropped: prepared.dropped,
        rowsLeftOut: { count: leftOut.count, listed: leftOut.listed },
        synthetic: prepared.synthetic,
        importedBy: context.username,
      });
      const counts: Record<string, Moved> = {};
      for (const name of [...storeTables.keys()].filter((table) => staged.has(table as StoreTableName))) {
        counts[name] = await repository.moveStaged(tx, storeTable(name as StoreTableName), prepared.laCode, id, repeated.has(name as StoreTableName));
      }
      await repository.setExtractCounts(tx, id, counts);
      await repository.refreshStatistics(
        tx,
        Object.entries(counts).flatMap(([name, moved]) => (moved.added + moved.changed > 0 ? [storeTable(name as StoreTableName)] : [])),
      );
      await recordChange(tx, context, {
        action: "casework.import",
        recordType: "casework extract",
        recordId: id,
        after: { label: prepared.label, source: prepared.source, laCode: prepared.laCode, sha256: prepared.sha256, extractDate: prepared.extractDate, rows: counts, dropped: prepared.dropped, rowsLeftOut: leftOut.count },
      });
      return id;
    });
    const extract = await repository.findExtract(db, extractId);
    if (!extract) throw new Error(`extract ${String(extractId)} was not found after it was loaded`);
    return { kind: "loaded", extract };
  } catch (error) {
    if (error === refusal && refusal.problems) return { kind: "refused", problems: refusal.problems.listed, more: refusal.problems.more, validRowsCanLoad: true };
    throw error;
  }
}

/** Thrown inside the loading transaction to roll it back when staged rows repeat each other. */
class Refusal extends Error {
  problems: CaseFileProblems | null = null;

  with(problems: CaseFileProblems): this {
    this.problems = problems;
    return this;
  }
}

/** How many pseudonyms made lately are kept for the rows that follow. */
const recentIds = 10_000;

/**
 * Pseudonyms made lately, remembered: an id recurs in the rows close to it (an SSDA903 episode's
 * id in its episode, placement and legal status; a child's in each of its episodes), and each
 * HMAC is costly at a million rows. Forgotten all at once when full, so it never grows with the file.
 */
function recentPseudonyms(pseudonyms: Pseudonyms): Pseudonyms["of"] {
  const recent = new Map<string, string>();
  return (laCode, kind, id) => {
    const key = `${laCode}\u0000${kind}\u0000${id}`;
    let pseudonym = recent.get(key);
    if (pseudonym === undefined) {
      if (recent.size >= recentIds) recent.clear();
      pseudonym = pseudonyms.of(laCode, kind, id);
      recent.set(key, pseudonym);
    }
    return pseudonym;
  };
}

function stagedRow(row: CaseRow, columns: ReturnType<typeof storeTable>["columns"], laCode: string, pseudonymOf: Pseudonyms["of"], order: number): StagedRow {
  const staged: StagedRow = columns.map((column) => {
    const value = row[column.name] ?? null;
    return column.id && typeof value === "string" && value !== "" ? pseudonymOf(laCode, column.id, value) : value;
  });
  staged.push(row.file, row.place, order);
  return staged;
}
