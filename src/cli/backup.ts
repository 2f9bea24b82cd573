import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile, rename, rm, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import type { Config } from "../config.ts";
import {
  BackupRefused,
  dumpDataDir,
  hasAuditTrail,
  holdsDatabase,
  holdsTables,
  isPostgresDump,
  pgDump,
  pgRestore,
  readDataDirDump,
  restoreDataDir,
} from "../db/backup.ts";
import { openDatabase, type DatabaseHandle } from "../db/client.ts";
import { migrateDatabase } from "../db/migrate.ts";
import { recordChange } from "../modules/access/index.ts";
import { commandLineContext } from "./context.ts";

export const backupUsage = `Usage: waymark backup FILE [--force]
       waymark restore FILE [--force]

backup writes the whole database to FILE: the embedded database's data directory as a gzipped
tar (stop the app first: only one process at a time can open it), or PostgreSQL through pg_dump
in its custom format. --force replaces a FILE that exists.

restore makes the database from such a FILE. It refuses to replace a database that holds data
unless given --force; then everything in that database is replaced by the backup.`;

function readArgs(args: string[]): { file: string; force: boolean } {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, strict: true, options: { force: { type: "boolean" } } });
  const [file, ...more] = positionals;
  if (!file || more.length > 0) throw new BackupRefused(backupUsage);
  return { file, force: values.force === true };
}

/** `waymark backup FILE`: the database, whole, into one file; the backup is in the audit trail. */
export async function backupCommand(config: Config, args: string[]): Promise<string> {
  const { file, force } = readArgs(args);
  if (existsSync(file) && !force) throw new BackupRefused(`${file} already exists: give another name, or add --force to replace it.`);
  // Written beside the file first and moved into place, so a failed backup never leaves half a file under its name.
  const partial = `${file}.partial`;
  let handle: DatabaseHandle | undefined;
  try {
    if (config.databaseUrl) {
      await pgDump(config.databaseUrl, partial);
      handle = await openDatabase({ databaseUrl: config.databaseUrl });
    } else {
      if (!holdsDatabase(config.dataDir)) throw new BackupRefused(`There is no database in ${config.dataDir} to back up.`);
      handle = await openDatabase({ dataDir: config.dataDir });
      await writeFile(partial, await dumpDataDir(handle));
    }
    await rename(partial, file);
    const written = await describeFile(file);
    if (await hasAuditTrail(handle.db)) {
      await recordChange(handle.db, commandLineContext(), { action: "back up", recordType: "database", recordId: handle.location, after: written });
    }
    return `Backed up the ${describe(handle)} to ${file} (${formatSize(written.bytes)}).`;
  } catch (error) {
    await rm(partial, { force: true });
    throw unwritable(error, file);
  } finally {
    await handle?.close();
  }
}

/** `waymark restore FILE`: the database made from a backup; the restore is in the restored database's audit trail. */
export async function restoreCommand(config: Config, args: string[]): Promise<string> {
  const { file, force } = readArgs(args);
  const content = await readFile(file).catch(() => {
    throw new BackupRefused(`The file ${file} cannot be read.`);
  });
  const dump = readDataDirDump(content);
  let handle: DatabaseHandle;
  if (config.databaseUrl) {
    if (!isPostgresDump(content)) {
      throw new BackupRefused(dump ? `${file} is a backup of an embedded database: restore it with DATABASE_URL unset, into WAYMARK_DATA_DIR.` : notABackup(file));
    }
    if (!force && (await holdsTables(config.databaseUrl))) {
      throw new BackupRefused("The PostgreSQL database already holds tables, and restoring would replace them. Back it up first if it may be wanted, then run the restore again with --force.");
    }
    await pgRestore(config.databaseUrl, file, force);
    handle = await openDatabase({ databaseUrl: config.databaseUrl });
  } else {
    if (!dump) {
      throw new BackupRefused(isPostgresDump(content) ? `${file} is a backup of a PostgreSQL database: set DATABASE_URL to restore it into PostgreSQL.` : notABackup(file));
    }
    handle = await restoreDataDir(config.dataDir, dump, force);
  }
  try {
    // A backup from an earlier version of Waymark is brought up to date, as at every start.
    await migrateDatabase(handle);
    const restored = { file: resolve(file), bytes: content.length, sha256: sha256(content) };
    await recordChange(handle.db, commandLineContext(), { action: "restore", recordType: "database", recordId: handle.location, after: restored });
    return `Restored ${file} (${formatSize(content.length)}) into the ${describe(handle)}.`;
  } finally {
    await handle.close();
  }
}

function notABackup(file: string): string {
  return `${file} is not a Waymark backup: give a file that waymark backup wrote (or pg_dump --format=custom, for PostgreSQL). Nothing was restored.`;
}

function describe(handle: DatabaseHandle): string {
  return handle.kind === "embedded" ? `database in ${handle.location}` : `PostgreSQL database ${handle.location}`;
}

function unwritable(error: unknown, file: string): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT" || code === "EACCES" || code === "EISDIR" || code === "ENOSPC") {
    return new BackupRefused(`${file} cannot be written (${code === "ENOSPC" ? "the disk is full" : "check the folder exists and may be written to"}). No backup was made.`);
  }
  return error;
}

async function describeFile(file: string): Promise<{ file: string; bytes: number; sha256: string }> {
  const content = await readFile(file);
  return { file: resolve(file), bytes: content.length, sha256: sha256(content) };
}

function sha256(content: Buffer): string {
  return createHash("sha256").update(content).digest("hex");
}

/** "812 bytes", "14.2 KB", "3.1 MB", "1.2 GB". */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ["KB", "MB", "GB", "TB"];
  let size = bytes / 1024;
  let unit = 0;
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024;
    unit++;
  }
  return `${size.toFixed(1)} ${units[unit]}`;
}
