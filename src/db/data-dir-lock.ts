import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { formatDateTime } from "../core/format.ts";
import { UserError } from "../core/problems.ts";

/**
 * Only one process may open an embedded database: two PGlite instances on one directory each
 * keep their own buffers and overwrite each other's pages, so rows vanish and indexes stop
 * matching their tables. A process takes this lock before it opens the directory and lets it go
 * when it closes the database or exits.
 */
export const lockFileName = "waymark.lock";

/** Another process has the embedded database open: said in words, printed without a stack trace. */
export class DatabaseInUseError extends UserError {
  constructor(message: string) {
    super("in-use", message);
    this.name = "DatabaseInUseError";
  }
}

export interface DataDirLock {
  /** The lock file's path. */
  readonly path: string;
  /** Lets the directory go; safe to call more than once. */
  release(): void;
}

interface Holder {
  pid: number;
  command: string;
  since: string;
}

/** The lock files this process holds, so a second open in the same process is refused too. */
const heldHere = new Set<string>();

/** Takes the lock on an embedded database's directory (which must exist), or refuses naming who holds it. */
export function lockDataDir(dataDir: string): DataDirLock {
  const path = join(resolve(dataDir), lockFileName);
  const text = `${JSON.stringify({ pid: process.pid, command: describeThisCommand(), since: new Date().toISOString() } satisfies Holder)}\n`;
  // Written whole to a file of our own, then linked into place: linking fails if the lock
  // exists, so no other process ever reads a half-written lock.
  const draft = `${path}.${process.pid}.new`;
  writeFileSync(draft, text);
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      if (linkUnlessExists(draft, path)) return hold(path, text);
      const found = readIfThere(path);
      if (found === null) continue;
      const holder = parseHolder(found);
      if (holder && isRunning(holder, path)) throw new DatabaseInUseError(inUseMessage(dataDir, holder));
      setAsideIfUnchanged(path, found);
    }
  } finally {
    unlinkSync(draft);
  }
  throw new DatabaseInUseError(`The database in ${dataDir} could not be locked for this process: another process keeps replacing ${lockFileName}. Try again.`);
}

function hold(path: string, text: string): DataDirLock {
  heldHere.add(path);
  const release = () => {
    if (!heldHere.delete(path)) return;
    process.removeListener("exit", release);
    // Remove the lock only if it is still ours: a lock someone replaced is theirs now.
    if (readIfThere(path) === text) unlinkSync(path);
  };
  process.on("exit", release);
  return { path, release };
}

function linkUnlessExists(from: string, to: string): boolean {
  try {
    linkSync(from, to);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
}

function readIfThere(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

function parseHolder(text: string): Holder | null {
  try {
    const value = JSON.parse(text) as Partial<Holder>;
    if (typeof value.pid !== "number" || !Number.isInteger(value.pid) || value.pid <= 0) return null;
    return { pid: value.pid, command: String(value.command ?? "unknown command"), since: String(value.since ?? "") };
  } catch {
    return null;
  }
}

/**
 * Whether the process that wrote a lock still runs. Our own process id means either this process
 * holds the lock already, or the lock outlived an earlier process that had the same id (a
 * container's first process always has id 1).
 */
function isRunning(holder: Holder, path: string): boolean {
  if (holder.pid === process.pid) return heldHere.has(path);
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Moves a stale lock out of the way. If, between reading and moving, another process replaced it
 * with a lock of its own, that one is put back.
 */
function setAsideIfUnchanged(path: string, staleText: string): void {
  const aside = `${path}.${process.pid}.stale`;
  try {
    renameSync(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  if (readIfThere(aside) !== staleText) linkUnlessExists(aside, path);
  unlinkSync(aside);
}

function inUseMessage(dataDir: string, holder: Holder): string {
  const since = Number.isNaN(Date.parse(holder.since)) ? "" : `, since ${formatDateTime(new Date(holder.since))}`;
  const who = holder.pid === process.pid ? "is already open in this process" : `is open in another Waymark process (process ${holder.pid}, "${holder.command}"${since})`;
  return (
    `The database in ${dataDir} ${who}. Only one process at a time can open an embedded database: ` +
    "stop that one first (or wait for it to finish), or use PostgreSQL (DATABASE_URL) to run commands beside the app."
  );
}

/** "waymark serve", "waymark import values june.csv": how the running command was called, for the message. */
function describeThisCommand(): string {
  const [, script, ...args] = process.argv;
  const name = script ? basename(script).replace(/\.js$/, "") : "node";
  const words = [name, ...args].join(" ");
  return words.length > 120 ? `${words.slice(0, 117)}...` : words;
}
