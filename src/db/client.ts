import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import pg from "pg";
import { lockDataDir, lockFileName, type DataDirLock } from "./data-dir-lock.ts";
import * as schema from "./schema/index.ts";
import { embeddedStartParams } from "./embedded-settings.ts";
import { removeLeftSocket, startEmbeddedThread } from "./embedded-thread.ts";
import { copyTemplate, defaultTemplateDir } from "./template.ts";

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
  /**
   * The embedded database itself, for what only it can do (a dump of its data directory); not
   * there when it is served from a thread of its own.
   */
  embedded?: PGlite;
  /** A new embedded data directory's start: the closed data directory it was copied from. */
  copiedFrom?: string;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** A PostgreSQL address; when set, the embedded database is not used. */
  databaseUrl?: string | undefined;
  /** The embedded database's directory, or "memory" for a throwaway one (a temporary directory, removed on close). */
  dataDir?: string;
  /** Where the template a new embedded database starts from is kept (see template.ts). */
  templateDir?: string;
  /**
   * For "memory" or a new embedded data directory: a closed data directory to copy instead of the
   * migrated template (a test's prepared data, or the demonstration ready loaded).
   */
  copyOf?: string | undefined;
  /**
   * For the long-running commands: the embedded database runs in a worker thread of its own
   * (embedded-thread.ts) and is reached through node-postgres, as PostgreSQL is, so its queries do
   * not hold up the thread that serves pages. `failed` is told if that thread stops while the
   * database is open. Without it, PGlite runs in this thread and the handle holds it (`embedded`).
   */
  thread?: { failed(error: Error): void } | undefined;
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl);
  return openEmbedded(options.dataDir ?? "memory", options.templateDir ?? defaultTemplateDir, options);
}

async function openPostgres(url: string): Promise<DatabaseHandle> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection the server closes (a restart, a failover) is replaced by the pool on
  // next use; without a listener its error would stop the process.
  pool.on("error", () => undefined);
  const location = redactPassword(url);
  return { db: poolDatabase(pool), kind: "postgres", location, close: () => pool.end() };
}

/** The app's database over a node-postgres pool: PostgreSQL's, or the embedded database's thread. */
function poolDatabase(pool: pg.Pool): Database {
  return drizzlePostgres(pool, { schema }) as unknown as Database;
}

async function openEmbedded(dataDir: string, templateDir: string, { copyOf, thread }: DatabaseOptions): Promise<DatabaseHandle> {
  if (dataDir === "memory") return openThrowaway(templateDir, copyOf, thread);
  mkdirSync(dataDir, { recursive: true });
  const lock = lockDataDir(dataDir);
  removeLeftSocket(dataDir);
  // A new (empty) directory starts from the migrated template (or `copyOf`) rather than from
  // nothing; a directory that holds anything is opened as it is.
  let copiedFrom: string | undefined;
  try {
    if (readdirSync(dataDir).every((name) => name.startsWith(lockFileName))) {
      if (copyOf) cpSync(copyOf, dataDir, { recursive: true });
      else await copyTemplate(dataDir, templateDir);
      copiedFrom = copyOf ?? templateDir;
    }
  } catch (error) {
    lock.release();
    throw error;
  }
  const handle = thread ? await openThreaded(dataDir, dataDir, lock.release, thread) : await openLockedDataDir(dataDir, lock);
  return copiedFrom ? { ...handle, copiedFrom } : handle;
}

/** A database for one run (tests, timings): a copy of the template (or of `copyOf`) in a temporary directory, removed on close. */
async function openThrowaway(templateDir: string, copyOf: string | undefined, thread: DatabaseOptions["thread"]): Promise<DatabaseHandle> {
  const dir = mkdtempSync(join(tmpdir(), "waymark-db-"));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    if (copyOf) cpSync(copyOf, dir, { recursive: true });
    else await copyTemplate(dir, templateDir);
    if (thread) return await openThreaded(dir, "memory", remove, thread);
    const client = new PGlite(dir, { startParams: embeddedStartParams });
    await client.waitReady;
    return embeddedHandle(client, "memory", async () => {
      try {
        await client.close();
      } finally {
        remove();
      }
    });
  } catch (error) {
    remove();
    throw error;
  }
}

/**
 * Opens the embedded database in a directory this process has locked, or, given a dump, makes it
 * from that dump (the directory must then hold no database). Closing the handle lets the lock go.
 */
export async function openLockedDataDir(dataDir: string, lock: DataDirLock, fromDump?: Blob): Promise<DatabaseHandle> {
  try {
    const client = new PGlite(dataDir, { startParams: embeddedStartParams, ...(fromDump ? { loadDataDir: fromDump } : {}) });
    await client.waitReady;
    return embeddedHandle(client, dataDir, async () => {
      try {
        await client.close();
      } finally {
        lock.release();
      }
    });
  } catch (error) {
    lock.release();
    throw error;
  }
}

/**
 * Opens the embedded database in `dir` in a thread of its own (see DatabaseOptions.thread);
 * `release` lets the directory go once the thread has closed it, or if it does not start.
 */
async function openThreaded(dir: string, location: string, release: () => void, { failed }: NonNullable<DatabaseOptions["thread"]>): Promise<DatabaseHandle> {
  try {
    const thread = await startEmbeddedThread(dir, failed);
    const close = async () => {
      try {
        await thread.close();
      } finally {
        release();
      }
    };
    return { db: poolDatabase(thread.pool), kind: "embedded", location, close };
  } catch (error) {
    release();
    throw error;
  }
}

function embeddedHandle(client: PGlite, location: string, close: () => Promise<void>): DatabaseHandle {
  const db = drizzlePglite(client, { schema }) as unknown as Database;
  return { db, kind: "embedded", location, embedded: client, close };
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
