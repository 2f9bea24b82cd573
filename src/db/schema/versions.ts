import { bigint, pgTable, text } from "drizzle-orm/pg-core";

/**
 * A counter for each set of data that is cached: triggers on the set's tables bump it in the
 * same transaction as every change, so an app instance compares it with the version its cache
 * was built at and knows whether the cache still holds, however many instances share the database.
 */
export const dataVersions = pgTable("data_versions", {
  name: text("name").primaryKey(),
  version: bigint("version", { mode: "number" }).notNull().default(0),
});
