import { bigint, bigserial, pgTable, text } from "drizzle-orm/pg-core";

/**
 * A counter for each set of data that is cached: triggers on the set's tables bump it in the
 * same transaction as every change, so an app instance compares it with the version its cache
 * was built at and knows whether the cache still holds, however many instances share the database.
 */
export const dataVersions = pgTable("data_versions", {
  name: text("name").primaryKey(),
  version: bigint("version", { mode: "number" }).notNull().default(0),
});

/**
 * A change waiting for its transaction to commit: the first statement of a transaction that
 * changes a cached set writes one row here, and a trigger deferred to commit bumps the set's
 * version and removes the row. The counter's row is then locked only while the transaction
 * commits, never for the length of a long import.
 */
export const dataVersionBumps = pgTable("data_version_bumps", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  name: text("name").notNull(),
});
