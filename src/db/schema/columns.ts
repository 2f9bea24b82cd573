import { customType } from "drizzle-orm/pg-core";

/** File contents kept in the database, so a kept file travels with a backup of it. */
export const bytes = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (value) => Buffer.from(value),
});
