import type { Database } from "../../db/client.ts";
import { recordAccess, type ChangeContext } from "../access/index.ts";
import { columnHeading, tableHeadings } from "./record-words.ts";
import * as repository from "./repository.ts";
import type { ExtractRecord } from "./repository.ts";
import { storeTable, storeTables, type StoreTableName } from "./store-repository.ts";

export type { ExtractRecord } from "./repository.ts";

/** Every import of case records, newest first: what came in, never a child's rows. */
export async function listExtracts(db: Database): Promise<ExtractRecord[]> {
  return repository.listExtracts(db);
}

export async function findExtract(db: Database, id: number): Promise<ExtractRecord | undefined> {
  return repository.findExtract(db, id);
}

/**
 * Whether the case records hold a child by this pseudonymous id for the council, so that a page
 * may link to their record: nothing of the child's is read, and nothing is recorded.
 */
export async function holdsChild(db: Database, laCode: string, personId: string): Promise<boolean> {
  return repository.holdsPerson(db, storeTable("ssd_person"), laCode, personId);
}

/** One table of a child's record: its heading, its columns in words and its rows. */
export interface RecordSection {
  table: StoreTableName;
  heading: string;
  columns: { name: string; heading: string; type: string }[];
  rows: Record<string, unknown>[];
}

export interface ChildRecord {
  laCode: string;
  personId: string;
  sections: RecordSection[];
  /** The extracts the rows came from; a synthetic one says so. */
  extracts: ExtractRecord[];
  synthetic: boolean;
}

/**
 * A child's case records, every table that holds rows about them, for someone allowed to see
 * child-level data: the view is recorded (who, when, which child, why) before anything is shown,
 * so there is no view without its record. Undefined when the store holds nobody by that id.
 */
export async function childRecord(db: Database, viewer: ChangeContext & { userId: number }, laCode: string, personId: string, purpose: string): Promise<ChildRecord | undefined> {
  const sections: RecordSection[] = [];
  for (const table of storeTables.values()) {
    const rows = await repository.personRows(db, table, laCode, personId);
    if (rows.length === 0) continue;
    const columns = table.columns.filter((column) => column.name !== table.person).map((column) => ({ name: column.name, heading: columnHeading(column.name), type: column.type }));
    sections.push({ table: table.name as StoreTableName, heading: tableHeadings[table.name as StoreTableName], columns, rows });
  }
  if (sections.length === 0) return undefined;
  await recordAccess(db, viewer, { recordType: "child", recordId: `${laCode}/${personId}`, purpose });
  const extracts = await repository.extractsByIds(db, [...new Set(sections.flatMap((section) => section.rows.map((row) => Number(row.extract_id))))]);
  return { laCode, personId, sections, extracts, synthetic: extracts.some((extract) => extract.synthetic) };
}
