import type { Database } from "../../db/client.ts";
import * as repository from "./repository.ts";

interface Entry<T> {
  version: bigint;
  value: T;
}

/**
 * Keeps a value built from the database until the data under it changes. The database keeps a
 * version for the data (`data_versions`, bumped by triggers on its tables in the same transaction
 * as each change), so every read first asks for the version — one tiny query — and builds again
 * only when it has moved. Correct with several app instances on one database: each compares the
 * version its own copy was built at. The version is read before the data, so a copy is never
 * older than the version it is kept under.
 *
 * Copies are kept per database object (tests open many), never across them; two requests that
 * find the same new version share one build.
 */
export function cachedByDataVersion<T>(name: string, build: (db: Database) => Promise<T>): (db: Database) => Promise<T> {
  const built = new WeakMap<Database, Entry<T>>();
  const building = new WeakMap<Database, { version: bigint; promise: Promise<T> }>();
  return async (db) => {
    const text = await repository.readDataVersion(db, name);
    // No version kept for this data (a database not yet migrated to keep one): build every time.
    if (text === null) return build(db);
    const version = BigInt(text);
    const entry = built.get(db);
    if (entry && entry.version === version) return entry.value;
    const pending = building.get(db);
    if (pending && pending.version === version) return pending.promise;
    const promise = build(db);
    building.set(db, { version, promise });
    try {
      const value = await promise;
      // A slower build of an older version never replaces a newer one.
      const latest = built.get(db);
      if (!latest || latest.version <= version) built.set(db, { version, value });
      return value;
    } finally {
      if (building.get(db)?.promise === promise) building.delete(db);
    }
  };
}
