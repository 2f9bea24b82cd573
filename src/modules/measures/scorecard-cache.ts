import type { Database } from "../../db/client.ts";
import * as repository from "./repository.ts";

/** How rows kept by measure are made: what every row is built with, and the rows of some measures. */
export interface RowSource<Basis, Row> {
  /** What every row is built with, whatever its measure: read again whenever the global version moves. */
  basis(db: Database): Promise<Basis>;
  /** The rows of these measures (of every measure when none are given), by measure id; a measure no longer there has none. */
  rows(db: Database, basis: Basis, measureIds?: readonly number[]): Promise<ReadonlyMap<number, Row>>;
}

/** The versions a copy was built at: the global one and its measure's own (0 for the basis). */
interface Versions {
  global: bigint;
  version: bigint;
}

interface Kept<T> extends Versions {
  value: Promise<T>;
}

interface Copies<Basis, Row, Whole> {
  basis?: Kept<Basis>;
  rows: Map<number, Kept<Row | undefined>>;
  whole?: { key: string; value: Promise<Whole> };
}

export interface CachedByMeasure<Basis, Row, Whole> {
  /** Every measure's row, in code order, made into one whole: the same object while nothing has changed. */
  all(db: Database): Promise<Whole>;
  /** The row of the measure with this code, and the basis it was built with; null when there is no such measure. */
  one(db: Database, code: string): Promise<{ basis: Basis; row: Row } | null>;
}

/** Is `a` older than `b`: at or before it in both versions, and not the same? */
const older = (a: Versions, b: Versions) => a.global <= b.global && a.version <= b.version && (a.global !== b.global || a.version !== b.version);

/** Forgets a copy whose build failed, unless another has taken its place, so the next read builds it again. */
function forgetOnFailure<T>(value: Promise<T>, forget: () => void): void {
  value.catch(forget);
}

/**
 * Keeps rows built from the database, one for each measure, until the data under them changes.
 * The database keeps versions (`data_versions`, bumped as each change commits): a global one for
 * what every row depends on (the plan, its priorities, the RAG rule, neighbour sets), and each
 * measure's own for its values, targets, commentary, baselines, benchmarks and definition. Every
 * read first asks for the versions it needs in one small query and rebuilds only the rows whose
 * versions moved: a new value for one measure rebuilds that measure's row and no other. Correct
 * with several app instances on one database: each compares the versions its own copies were
 * built at. Versions are read before the data, so a copy is never older than the versions it is
 * kept under.
 *
 * Copies are kept per database object (tests open many), never across them; two reads that find
 * the same new versions share one build, and rows that need building together are built in one go.
 */
export function cachedByMeasure<Basis, Row, Whole>(source: RowSource<Basis, Row>, assemble: (rows: Row[], basis: Basis) => Whole): CachedByMeasure<Basis, Row, Whole> {
  const copies = new WeakMap<Database, Copies<Basis, Row, Whole>>();
  const copiesOf = (db: Database) => {
    const found = copies.get(db);
    if (found) return found;
    const made: Copies<Basis, Row, Whole> = { rows: new Map() };
    copies.set(db, made);
    return made;
  };

  const basisAt = (db: Database, kept: Copies<Basis, Row, Whole>, global: bigint): Promise<Basis> => {
    if (kept.basis?.global === global) return kept.basis.value;
    const entry = { global, version: 0n, value: source.basis(db) };
    if (!kept.basis || !older(entry, kept.basis)) kept.basis = entry;
    forgetOnFailure(entry.value, () => {
      if (kept.basis === entry) delete kept.basis;
    });
    return entry.value;
  };

  /** The rows at these versions: those kept, and the rest built in one go. `every`: these are every measure's. */
  const rowsAt = (db: Database, kept: Copies<Basis, Row, Whole>, global: bigint, wanted: readonly { id: number; version: bigint }[], every = false): Promise<(Row | undefined)[]> => {
    const isKept = (w: { id: number; version: bigint }) => {
      const entry = kept.rows.get(w.id);
      return entry !== undefined && entry.global === global && entry.version === w.version;
    };
    const stale = wanted.filter((w) => !isKept(w));
    const built = new Map<number, Promise<Row | undefined>>();
    if (stale.length > 0) {
      // Every measure's rows at once are read without a list of ids: the cheaper query.
      const ids = every && stale.length === wanted.length ? undefined : stale.map((w) => w.id);
      const batch = basisAt(db, kept, global).then((basis) => source.rows(db, basis, ids));
      for (const { id, version } of stale) {
        const entry = { global, version, value: batch.then((rows) => rows.get(id)) };
        built.set(id, entry.value);
        const current = kept.rows.get(id);
        // A slower read of older versions never replaces a newer copy.
        if (!current || !older(entry, current)) kept.rows.set(id, entry);
        forgetOnFailure(entry.value, () => {
          if (kept.rows.get(id) === entry) kept.rows.delete(id);
        });
      }
    }
    return Promise.all(wanted.map((w) => built.get(w.id) ?? kept.rows.get(w.id)?.value));
  };

  /** With no version kept (a database not yet migrated to keep them): built every time. */
  const uncached = async (db: Database, ids: readonly number[], every: boolean) => {
    const basis = await source.basis(db);
    const rows = await source.rows(db, basis, every ? undefined : ids);
    return { basis, rows: ids.flatMap((id) => rows.get(id) ?? []) };
  };

  return {
    async all(db) {
      const versions = await repository.readScorecardVersions(db);
      if (versions.global === null) {
        const { basis, rows } = await uncached(db, versions.measures.map((m) => m.id), true);
        return assemble(rows, basis);
      }
      const global = BigInt(versions.global);
      const wanted = versions.measures.map((m) => ({ id: m.id, version: BigInt(m.version) }));
      const key = `${String(global)}|${wanted.map((w) => `${String(w.id)}:${String(w.version)}`).join(",")}`;
      const kept = copiesOf(db);
      if (kept.whole?.key === key) return kept.whole.value;
      // Rows of measures no longer there are forgotten.
      const ids = new Set(wanted.map((w) => w.id));
      for (const id of kept.rows.keys()) if (!ids.has(id)) kept.rows.delete(id);
      const whole = { key, value: Promise.all([basisAt(db, kept, global), rowsAt(db, kept, global, wanted, true)]).then(([basis, rows]) => assemble(rows.filter((r) => r !== undefined), basis)) };
      kept.whole = whole;
      forgetOnFailure(whole.value, () => {
        if (kept.whole === whole) delete kept.whole;
      });
      return whole.value;
    },

    async one(db, code) {
      const versions = await repository.readScorecardVersions(db, code);
      const measure = versions.measures[0];
      if (!measure) return null;
      if (versions.global === null) {
        const { basis, rows } = await uncached(db, [measure.id], false);
        return rows[0] ? { basis, row: rows[0] } : null;
      }
      const global = BigInt(versions.global);
      const kept = copiesOf(db);
      const [basis, [row]] = await Promise.all([basisAt(db, kept, global), rowsAt(db, kept, global, [{ id: measure.id, version: BigInt(measure.version) }])]);
      return row ? { basis, row } : null;
    },
  };
}
