import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { openDatabase, openLockedDataDir, type Database, type DatabaseHandle } from "./client.ts";
import { lockDataDir, lockFileName } from "./data-dir-lock.ts";
import { selectRows } from "./rows.ts";
import { UserError } from "../core/problems.ts";

/**
 * Backing up and restoring either database: the embedded one as a dump of its data directory (a
 * gzipped tar that PGlite reads back), PostgreSQL through its own pg_dump and pg_restore.
 */

/** A backup or restore that cannot go ahead, said in words; nothing has been changed. */
export class BackupRefused extends UserError {
  constructor(message: string) {
    super("refused", message);
    this.name = "BackupRefused";
  }
}

// The embedded database

/** Whether a data directory holds an embedded database. */
export function holdsDatabase(dataDir: string): boolean {
  return existsSync(join(dataDir, "PG_VERSION"));
}

/**
 * The open database's data directory as a gzipped tar. A checkpoint first writes every change
 * to its files; the lock file is left out, so a restored directory is not locked by a process
 * that ran long ago.
 */
export async function dumpDataDir(handle: DatabaseHandle): Promise<Buffer> {
  if (!handle.embedded) throw new Error("Only the embedded database has a data directory to dump");
  await handle.embedded.exec("checkpoint");
  const tar = new Uint8Array(await (await handle.embedded.dumpDataDir("none")).arrayBuffer());
  return gzipSync(withoutLockFiles(tar));
}

/**
 * A backup file read as a dump of a data directory, ready for PGlite, or null when it is not one.
 * Lock files in it (a dump made by other means) are left out.
 */
export function readDataDirDump(content: Buffer): Blob | null {
  let tar: Uint8Array = content;
  if (content[0] === 0x1f && content[1] === 0x8b) {
    try {
      tar = gunzipSync(content);
    } catch {
      return null;
    }
  }
  const entries = tarEntries(tar);
  if (!entries?.some((entry) => entry.name === "PG_VERSION")) return null;
  return new Blob([withoutLockFiles(tar)], { type: "application/x-tar" });
}

/**
 * Makes the embedded database in a directory from a dump, holding the directory's lock
 * throughout. A directory that already holds anything is replaced only when asked to. The dump is
 * opened in memory first, so a damaged or foreign file is refused before anything is removed.
 */
export async function restoreDataDir(dataDir: string, dump: Blob, replace: boolean): Promise<DatabaseHandle> {
  mkdirSync(dataDir, { recursive: true });
  const lock = lockDataDir(dataDir);
  try {
    const present = readdirSync(dataDir).filter((name) => !name.startsWith(lockFileName));
    if (present.length > 0 && !replace) {
      throw new BackupRefused(
        `The database in ${dataDir} already holds data, and restoring would replace all of it. ` +
          "Back it up first if it may be wanted, then run the restore again with --force.",
      );
    }
    await checkOpens(dump);
    for (const name of present) rmSync(join(dataDir, name), { recursive: true, force: true });
  } catch (error) {
    lock.release();
    throw error;
  }
  return openLockedDataDir(dataDir, lock, dump);
}

async function checkOpens(dump: Blob): Promise<void> {
  let probe: PGlite | undefined;
  try {
    probe = new PGlite({ loadDataDir: dump });
    await probe.waitReady;
    const found = await probe.query<{ waymark: boolean }>("select to_regclass('public.audit_events') is not null as waymark");
    if (!found.rows[0]?.waymark) throw new BackupRefused("The backup holds a database, but not a Waymark one: nothing was restored.");
  } catch (error) {
    if (error instanceof BackupRefused) throw error;
    throw new BackupRefused(`The backup cannot be opened as a database (${(error as Error).message}): nothing was restored.`);
  } finally {
    await probe?.close().catch(() => undefined);
  }
}

/** A tar file's entries, as PGlite writes them (ustar headers, names without a leading "/"), or null if it is not a tar. */
function tarEntries(tar: Uint8Array): { name: string; start: number; end: number }[] | null {
  const entries: { name: string; start: number; end: number }[] = [];
  const text = (from: number, length: number) => new TextDecoder().decode(tar.subarray(from, from + length)).replace(/\0[\s\S]*$/, "");
  let offset = 0;
  while (offset + 512 <= tar.length && tar[offset] !== 0) {
    const size = Number.parseInt(text(offset + 124, 12).trim() || "0", 8);
    if (!Number.isInteger(size) || size < 0) return null;
    const prefix = text(offset + 345, 155);
    const name = `${prefix ? `${prefix}/` : ""}${text(offset, 100)}`.replace(/^\.?\/+/, "");
    const end = offset + 512 + Math.ceil(size / 512) * 512;
    if (end > tar.length) return null;
    entries.push({ name, start: offset, end });
    offset = end;
  }
  return entries;
}

function withoutLockFiles(tar: Uint8Array): Uint8Array<ArrayBuffer> {
  const kept = (tarEntries(tar) ?? []).filter((entry) => !entry.name.startsWith(lockFileName));
  // Two empty blocks end a tar: the new array's last 1024 bytes are left as zeros.
  const result = new Uint8Array(kept.reduce((length, entry) => length + entry.end - entry.start, 1024));
  let at = 0;
  for (const entry of kept) {
    result.set(tar.subarray(entry.start, entry.end), at);
    at += entry.end - entry.start;
  }
  return result;
}

// PostgreSQL

/** Whether a backup file is PostgreSQL's custom format, which pg_dump -Fc writes and pg_restore reads. */
export function isPostgresDump(content: Buffer): boolean {
  return content.subarray(0, 5).toString("latin1") === "PGDMP";
}

/** Writes a PostgreSQL database to a file with pg_dump, in its custom format. */
export async function pgDump(databaseUrl: string, file: string): Promise<void> {
  await runClientProgram("pg_dump", ["--format=custom", `--file=${file}`], databaseUrl);
}

/**
 * Restores a pg_dump file into a PostgreSQL database in one transaction: if anything fails, the
 * database is as it was. Replacing drops the backup's tables first.
 */
export async function pgRestore(databaseUrl: string, file: string, replace: boolean): Promise<void> {
  await runClientProgram("pg_restore", ["--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", ...(replace ? ["--clean", "--if-exists"] : []), file], databaseUrl);
}

/** Whether a PostgreSQL database has any tables in its public schema. */
export async function holdsTables(databaseUrl: string): Promise<boolean> {
  const handle = await openDatabase({ databaseUrl });
  try {
    const [found] = await selectRows(handle.db, sql`select count(*)::int as tables from information_schema.tables where table_schema = 'public'`);
    return Number(found?.tables ?? 0) > 0;
  } finally {
    await handle.close();
  }
}

/**
 * Runs one of PostgreSQL's client programs with no shell between. The password goes in the
 * environment, not on the command line where other users of the machine could read it.
 */
function runClientProgram(program: "pg_dump" | "pg_restore", args: string[], databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = "";
  const env = { ...process.env, ...(password ? { PGPASSWORD: password } : {}) };
  return new Promise((resolve, reject) => {
    execFile(program, [`--dbname=${url.toString()}`, ...args], { env, maxBuffer: 16 * 1024 * 1024 }, (error, _stdout, stderr) => {
      if (!error) return resolve();
      if ((error as NodeJS.ErrnoException).code === "ENOENT") {
        return reject(
          new BackupRefused(
            `${program} is not installed on this machine. It comes with PostgreSQL's client programs (on Debian and Ubuntu, the postgresql-client package): ` +
              `install the version of your PostgreSQL server, or run ${program} yourself as the README describes.`,
          ),
        );
      }
      reject(new BackupRefused(`${program} could not finish: ${stderr.trim() || error.message}`));
    });
  });
}

// Both

/** Whether a database has its audit trail yet (a database never migrated has not). */
export async function hasAuditTrail(db: Database): Promise<boolean> {
  const [found] = await selectRows(db, sql`select to_regclass('public.audit_events') is not null as present`);
  return found?.present === true;
}
