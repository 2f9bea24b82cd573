import { sql, type SQL } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import { copierFor, copyLine, type CopyInto, type CopyValue } from "../../db/copy.ts";
import { selectRows } from "../../db/rows.ts";
import type { CaseFileProblem } from "./case-file-problems.ts";
import type { StoreColumn, StoreTable } from "./store-repository.ts";

/**
 * The only place the casework store is read and written. An extract is loaded in one
 * transaction: its rows go to a staging table per store table (temporary, dropped at commit; by
 * COPY where the connection allows it, see db/copy.ts),
 * are checked there for rows that say the same thing twice, and move to the store in one
 * statement per table, each row replacing the one it updates only where something changed.
 */

const name = (identifier: string) => sql.raw(`"${identifier.replaceAll('"', '""')}"`);
const list = (items: SQL[]) => sql.join(items, sql`, `);
const stageName = (table: StoreTable) => `stage_${table.name}`;
const stageOf = (table: StoreTable) => name(stageName(table));
const storeOf = (table: StoreTable) => sql`casework.${name(table.name)}`;
const sqlType = (column: StoreColumn) => sql.raw(column.type === "number" ? "double precision" : column.type);

/**
 * A row on its way to the store: its columns' values in the table's order, then the file it came
 * from, its place there and its order among the rows loaded (see `stagedFields`).
 */
export type StagedRow = CopyValue[];

/** Where a row was in the files it came from: "episodes.csv", "row 12". */
export interface SourcePlace {
  file: string;
  place: string;
}

const sourceFields: [string, SQL][] = [
  ["source_file", sql.raw("text")],
  ["source_place", sql.raw("text")],
  ["source_order", sql.raw("bigint")],
];

/** A staging table's columns and their types, in the order a staged row gives its values. */
const stagedFields = (table: StoreTable): [string, SQL][] => [...table.columns.map((column): [string, SQL] => [column.name, sqlType(column)]), ...sourceFields];

async function createStage(tx: Executor, table: StoreTable): Promise<void> {
  const columns = stagedFields(table).map(([field, type]) => sql`${name(field)} ${type}${sourceFields.some(([source]) => source === field) ? sql` not null` : sql``}`);
  await tx.execute(sql`create temp table ${stageOf(table)} (${list(columns)}) on commit drop`);
}

/** Rows sent in one INSERT where COPY cannot be used. */
const insertBatch = 2_000;
/** How much of a table's rows, as COPY text, is held before it is sent. */
const copyBatchChars = 1 << 20;

/**
 * Rows staged for the store in a transaction, a staging table per store table (made when its first
 * rows come). With COPY (copy.ts), each table's rows are held as COPY text until about a
 * megabyte has gathered, then sent while the next rows are read; otherwise they are inserted
 * two thousand at a time. `finish` sends what is held and waits for it.
 */
export class Staging {
  readonly tables = new Set<StoreTable>();
  readonly #tx: Executor;
  readonly #copy: CopyInto | null;
  readonly #held = new Map<StoreTable, { lines: string[]; chars: number }>();
  #sending: Promise<void> = Promise.resolve();

  private constructor(tx: Executor, copy: CopyInto | null) {
    this.#tx = tx;
    this.#copy = copy;
  }

  static async open(tx: Executor): Promise<Staging> {
    return new Staging(tx, await copierFor(tx));
  }

  async add(table: StoreTable, rows: readonly StagedRow[]): Promise<void> {
    if (!this.tables.has(table)) {
      await this.#sending;
      await createStage(this.#tx, table);
      this.tables.add(table);
    }
    if (!this.#copy) {
      for (let start = 0; start < rows.length; start += insertBatch) await insertRows(this.#tx, table, rows.slice(start, start + insertBatch));
      return;
    }
    const held = this.#held.get(table) ?? { lines: [], chars: 0 };
    this.#held.set(table, held);
    for (const row of rows) {
      const line = copyLine(row);
      held.lines.push(line);
      held.chars += line.length;
    }
    if (held.chars >= copyBatchChars) await this.#send(table);
  }

  async finish(): Promise<void> {
    for (const table of this.#held.keys()) await this.#send(table);
    await this.#sending;
  }

  /** Sends a table's held rows once the rows sent before have gone in, and waits only for those. */
  async #send(table: StoreTable): Promise<void> {
    const held = this.#held.get(table);
    if (!this.#copy || !held || held.lines.length === 0) return;
    const lines = held.lines.join("");
    this.#held.set(table, { lines: [], chars: 0 });
    await this.#sending;
    this.#sending = this.#copy(stageName(table), stagedFields(table).map(([field]) => field), lines);
    // Waited for by the next send or `finish`; a failure meanwhile must not go unhandled.
    this.#sending.catch(() => undefined);
  }
}

async function insertRows(tx: Executor, table: StoreTable, rows: readonly StagedRow[]): Promise<void> {
  if (rows.length === 0) return;
  const fields = stagedFields(table);
  // Each row as an array, not an object: the column names are not repeated in every row sent.
  const cells = fields.map(([, type], index) => sql`(r->>${sql.raw(String(index))})::${type}`);
  await tx.execute(sql`insert into ${stageOf(table)} (${list(fields.map(([field]) => name(field)))}) select ${list(cells)} from jsonb_array_elements(${JSON.stringify(rows)}::jsonb) as r`);
}

/**
 * Rows of one staged table that share a key: each set's places in the files, in file order, the
 * first `limit` sets by where they begin, and how many sets there are. The keys are grouped alone
 * first, so the places are gathered only for the sets listed.
 */
export async function stagedDuplicates(tx: Executor, table: StoreTable, limit: number): Promise<{ sets: SourcePlace[][]; count: number }> {
  const keys = list(table.key.map(name));
  const found = await selectRows(
    tx,
    sql`with sets as (select ${keys}, min(source_order) as first from ${stageOf(table)} group by ${keys} having count(*) > 1),
             listed as (select * from sets order by first limit ${limit})
        select (select count(*) from sets)::int as count, listed.first,
               array_agg(json_build_object('file', staged.source_file, 'place', staged.source_place) order by staged.source_order) as places
        from listed join ${stageOf(table)} as staged using (${keys}) group by listed.first order by listed.first`,
  );
  const places = (value: unknown): SourcePlace[] => (typeof value === "string" ? (JSON.parse(value) as SourcePlace[]) : (value as SourcePlace[]));
  return { sets: found.map((row) => places(row.places)), count: Number(found[0]?.count ?? 0) };
}

export interface Moved {
  added: number;
  changed: number;
  unchanged: number;
}

/**
 * Brings the planner's statistics up to date for the store tables an import changed: the measures
 * computed straight after it read them, and the embedded database has no autovacuum to do it.
 * Without them, the first computation after a large import plans its joins for empty tables.
 */
export async function refreshStatistics(tx: Executor, tables: readonly StoreTable[]): Promise<void> {
  for (const table of tables) await tx.execute(sql.raw(`analyze casework.${table.name}`));
}

/**
 * Moves a staged table into the store for a council and extract: new rows are added, rows that
 * differ replace the stored ones (and now belong to this extract), rows the same as stored are
 * left alone. Where two staged rows share a key (`repeats`: only when the analyst asked for the
 * valid rows), the first in the files wins; without repeats the staged rows are moved as they are,
 * with no sort. Where the council has nothing stored in the table yet, the rows are simply
 * inserted: there is no stored row to meet or compare.
 */
export async function moveStaged(tx: Executor, table: StoreTable, laCode: string, extractId: number, repeats: boolean): Promise<Moved> {
  const keys = list(table.key.map(name));
  const columns = table.columns.map((column) => name(column.name));
  const staged = repeats ? sql`select distinct on (${keys}) * from ${stageOf(table)} order by ${keys}, source_order` : sql`select * from ${stageOf(table)}`;
  const [held] = await selectRows(tx, sql`select exists (select 1 from ${storeOf(table)} where la_code = ${laCode}) as held`);
  if (!held?.held) {
    // Nothing of the council's is stored here yet: every staged row is new, with nothing to compare it to.
    const [moved] = await selectRows(
      tx,
      sql`with moved as (insert into ${storeOf(table)} (la_code, extract_id, ${list(columns)}) select ${laCode}, ${extractId}, ${list(columns)} from (${staged}) as staged returning 1)
          select count(*)::int as added from moved`,
    );
    return { added: Number(moved?.added ?? 0), changed: 0, unchanged: 0 };
  }
  const values = table.columns.filter((column) => !table.key.includes(column.name)).map((column) => name(column.name));
  const changedWhen = values.length === 0 ? sql`false` : sql`(${list(values.map((v) => sql`${storeOf(table)}.${v}`))}) is distinct from (${list(values.map((v) => sql`excluded.${v}`))})`;
  const updates = list([...values.map((v) => sql`${v} = excluded.${v}`), sql`extract_id = excluded.extract_id`]);
  const [counts] = await selectRows(
    tx,
    sql`with staged as (${staged}),
      moved as (
        insert into ${storeOf(table)} (la_code, extract_id, ${list(columns)})
        select ${laCode}, ${extractId}, ${list(columns)} from staged
        on conflict (la_code, ${keys}) do update set ${updates} where ${changedWhen}
        returning (xmax = 0) as added
      )
      select (select count(*) from staged)::int as staged, count(*) filter (where added)::int as added, count(*) filter (where not added)::int as changed from moved`,
  );
  const added = Number(counts?.added ?? 0);
  const changed = Number(counts?.changed ?? 0);
  return { added, changed, unchanged: Number(counts?.staged ?? 0) - added - changed };
}

export interface ExtractRecord {
  id: number;
  laCode: string;
  source: string;
  label: string;
  sha256: string;
  extractDate: string;
  collectionYear: number | null;
  recordsFrom: string | null;
  rowCounts: Record<string, Moved>;
  dropped: Record<string, number>;
  /** Rows left out when the analyst asked for the valid rows only: how many, and the first 100 with why. */
  rowsLeftOut: { count: number; listed: CaseFileProblem[] };
  synthetic: boolean;
  importedAt: Date;
  importedBy: string;
}

const extractColumns = sql`id, la_code, source, label, sha256, extract_date::text as extract_date, collection_year, records_from::text as records_from, row_counts, dropped, rows_left_out, synthetic, imported_at, imported_by`;

function extractOf(row: Record<string, unknown>): ExtractRecord {
  return {
    id: Number(row.id),
    laCode: String(row.la_code),
    source: String(row.source),
    label: String(row.label),
    sha256: String(row.sha256),
    extractDate: String(row.extract_date),
    collectionYear: row.collection_year === null ? null : Number(row.collection_year),
    recordsFrom: (row.records_from as string | null) ?? null,
    rowCounts: row.row_counts as Record<string, Moved>,
    dropped: row.dropped as Record<string, number>,
    rowsLeftOut: row.rows_left_out as ExtractRecord["rowsLeftOut"],
    synthetic: Boolean(row.synthetic),
    importedAt: new Date(row.imported_at as string | Date),
    importedBy: String(row.imported_by),
  };
}

export async function findExtractByFiles(db: Executor, laCode: string, source: string, sha256: string): Promise<ExtractRecord | undefined> {
  const [row] = await selectRows(db, sql`select ${extractColumns} from casework.extracts where la_code = ${laCode} and source = ${source} and sha256 = ${sha256}`);
  return row ? extractOf(row) : undefined;
}

export async function findExtract(db: Executor, id: number): Promise<ExtractRecord | undefined> {
  const [row] = await selectRows(db, sql`select ${extractColumns} from casework.extracts where id = ${id}`);
  return row ? extractOf(row) : undefined;
}

export async function listExtracts(db: Executor): Promise<ExtractRecord[]> {
  return (await selectRows(db, sql`select ${extractColumns} from casework.extracts order by imported_at desc, id desc`)).map(extractOf);
}

/** An extract as it is first recorded, before its rows are counted. */
export type NewExtract = Omit<ExtractRecord, "id" | "rowCounts" | "importedAt">;

export async function insertExtract(tx: Executor, extract: NewExtract): Promise<number> {
  const [row] = await selectRows(
    tx,
    sql`insert into casework.extracts (la_code, source, label, sha256, extract_date, collection_year, records_from, row_counts, dropped, rows_left_out, synthetic, imported_by)
        values (${extract.laCode}, ${extract.source}, ${extract.label}, ${extract.sha256}, ${extract.extractDate}, ${extract.collectionYear}, ${extract.recordsFrom}, '{}'::jsonb,
                ${JSON.stringify(extract.dropped)}::jsonb, ${JSON.stringify(extract.rowsLeftOut)}::jsonb, ${extract.synthetic}, ${extract.importedBy})
        returning id`,
  );
  return Number(row?.id);
}

export async function setExtractCounts(tx: Executor, id: number, counts: Record<string, Moved>): Promise<void> {
  await tx.execute(sql`update casework.extracts set row_counts = ${JSON.stringify(counts)}::jsonb where id = ${id}`);
}

/** A child's rows in one table of the store, oldest first by the table's first date. */
export async function personRows(db: Executor, table: StoreTable, laCode: string, personId: string): Promise<Record<string, unknown>[]> {
  if (!table.person) return [];
  const firstDate = table.columns.find((column) => column.type === "date");
  const dated = table.columns.map((column) => (column.type === "date" ? sql`${name(column.name)}::text as ${name(column.name)}` : name(column.name)));
  const order = firstDate ? sql`${name(firstDate.name)} nulls last, ` : sql``;
  return selectRows(db, sql`select ${list(dated)}, extract_id from ${storeOf(table)} where la_code = ${laCode} and ${name(table.person)} = ${personId} order by ${order}${list(table.key.map(name))}`);
}

/** Whether a table holds a row about this person in this council's records. */
export async function holdsPerson(db: Executor, table: StoreTable, laCode: string, personId: string): Promise<boolean> {
  if (!table.person) return false;
  const rows = await selectRows(db, sql`select 1 from ${storeOf(table)} where la_code = ${laCode} and ${name(table.person)} = ${personId} limit 1`);
  return rows.length > 0;
}

/** The extracts some rows came from, by id. */
export async function extractsByIds(db: Executor, ids: readonly number[]): Promise<ExtractRecord[]> {
  if (ids.length === 0) return [];
  return (await selectRows(db, sql`select ${extractColumns} from casework.extracts where id in (${list(ids.map((id) => sql`${id}`))}) order by id`)).map(extractOf);
}
