import type { CaseRow, CaseRows, PreparedExtract, StoreTableName } from "../../modules/casework/index.ts";

export type { CaseRows, PreparedExtract, StoreTableName };

/** A generated row's values, by the store's column names (ids as the case system would give them). */
export type StoreValues = Record<string, string | number | null>;

/** Rows are handed to the loader in batches of at most this many, one table to a batch. */
export const batchSize = 2_000;

/**
 * The generated rows of one council, gathered by table and handed on a batch at a time as each
 * fills, so that a hundred councils' worth never sit in memory at once.
 */
export class RecordBatches {
  readonly #filling = new Map<StoreTableName, CaseRow[]>();
  readonly #counted = new Map<StoreTableName, number>();
  #full: CaseRows[] = [];

  add(table: StoreTableName, values: StoreValues): void {
    const number = (this.#counted.get(table) ?? 0) + 1;
    this.#counted.set(table, number);
    const rows = this.#filling.get(table) ?? [];
    rows.push({ ...values, file: "synthetic records", place: `${table} ${String(number)}` });
    if (rows.length >= batchSize) {
      this.#full.push({ table, rows });
      this.#filling.delete(table);
    } else {
      this.#filling.set(table, rows);
    }
  }

  /** The batches filled since last asked. */
  takeFull(): CaseRows[] {
    const full = this.#full;
    this.#full = [];
    return full;
  }

  /** Every batch left, full or not: for the end. */
  takeAll(): CaseRows[] {
    const all = [...this.takeFull(), ...[...this.#filling].map(([table, rows]) => ({ table, rows }))];
    this.#filling.clear();
    return all;
  }
}

/**
 * The case system's ids for one council's worth of people: `S1-P000123` is the 123rd person of
 * the first copy. Each copy at a larger scale has its own prefix, so ten councils' worth are ten
 * sets of people who never share an id (the loader turns each into a pseudonym).
 */
export class CaseIds {
  readonly #next = new Map<string, number>();

  constructor(readonly prefix: string) {}

  /** The next id of a kind: P person, R referral, A assessment, W worker… */
  next(kind: string): string {
    const number = (this.#next.get(kind) ?? 0) + 1;
    this.#next.set(kind, number);
    return `${this.prefix}-${kind}${String(number).padStart(6, "0")}`;
  }
}
