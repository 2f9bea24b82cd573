import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import pg from "pg";
import * as schema from "./schema/index.ts";

export type Schema = typeof schema;
/** The one database type the app codes against, whichever engine is underneath. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle: the same API as the database. */
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
/** Either: for reads and writes that may run inside or outside a transaction. */
export type Executor = Database | Transaction;

export type DatabaseKind = "embedded" | "postgres";

export interface DatabaseHandle {
  db: Database;
  kind: DatabaseKind;
  /** Where the data lives, for logs: a directory, "memory", or the server (without password). */
  location: string;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** A PostgreSQL address; when set, the embedded database is not used. */
  databaseUrl?: string | undefined;
  /** The embedded database's directory, or "memory" for a throwaway one. */
  dataDir?: string;
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl);
  return openEmbedded(options.dataDir ?? "memory");
}

async function openPostgres(url: string): Promise<DatabaseHandle> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection the server closes (a restart, a failover) is replaced by the pool on
  // next use; without a listener its error would stop the process.
  pool.on("error", () => undefined);
  const db = drizzlePostgres(pool, { schema }) as unknown as Database;
  const location = redactPassword(url);
  return { db, kind: "postgres", location, close: () => pool.end() };
}

async function openEmbedded(dataDir: string): Promise<DatabaseHandle> {
  let client: PGlite;
  if (dataDir === "memory") {
    client = new PGlite();
  } else {
    mkdirSync(dataDir, { recursive: true });
    client = new PGlite(dataDir);
  }
  await client.waitReady;
  const db = drizzlePglite(client, { schema }) as unknown as Database;
  return { db, kind: "embedded", location: dataDir, close: () => client.close() };
}

/** Answers whether the database responds, for the health check. */
export async function databaseAnswers(db: Database): Promise<boolean> {
  try {
    await db.execute(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}

function redactPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "****";
    return parsed.toString();
  } catch {
    return "postgres";
  }
}
