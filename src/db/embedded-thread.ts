import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Worker } from "node:worker_threads";
import pg from "pg";
import { startThread } from "../threads.ts";
import type { EmbeddedServerMessage, EmbeddedServerRequest, EmbeddedServerStart } from "./embedded-server.ts";

/**
 * The embedded database served from a worker thread, for `waymark serve` and `waymark worker`:
 * PGlite runs WebAssembly on the thread that calls it, so in the web server's thread every query
 * would hold up rendering and every other request. In a thread of its own (embedded-server.ts) it
 * answers PostgreSQL's wire protocol on a Unix socket in the data directory, and this thread talks
 * to it through a node-postgres pool, as it talks to a PostgreSQL server.
 */

/**
 * Connections the pool keeps to the thread: one. PGlite has a single session, so more connections
 * only move the queue from this thread into that one; timed over HTTP at 10 connections, 2 and 4
 * answered the scorecard, measure, plan and priority pages no faster than 1 (most often slower).
 * And with more than one, the socket server can take a message of one connection's statement
 * between two of another's when that statement is too large to arrive in one read, binding the
 * other's parameters to it: a query answered with another query's rows.
 */
const embeddedConnections = 1;

/** The socket's name, as PostgreSQL names its own: node-postgres connects to `<folder>/.s.PGSQL.<port>`. */
const socketPort = 5432;
const socketName = `.s.PGSQL.${String(socketPort)}`;
/** A Unix socket's path must be short (108 bytes on Linux, 104 on macOS). */
const longestSocketPath = 100;

export interface EmbeddedThread {
  pool: pg.Pool;
  /** Closes the pool, stops the thread (which closes the database) and removes the socket. */
  close(): Promise<void>;
}

/** Where the thread listens: the socket's folder (for node-postgres) and what the thread is told. */
interface Place {
  listen: EmbeddedServerStart["listen"];
  host: string;
  /** Removes the socket (and a folder made for it). */
  remove(): void;
}

/**
 * Removes the socket a process that ended without closing (killed, or the machine stopped) left in
 * a data directory this process has just locked: PGlite cannot dump a directory holding one, so
 * `waymark backup` would fail.
 */
export function removeLeftSocket(dataDir: string): void {
  rmSync(join(dataDir, socketName), { force: true });
}

/**
 * A Unix socket in the data directory, whose permissions guard it; where that path is too long, in
 * a folder of its own in the temporary directory (made readable by this user only); on Windows,
 * whose node-postgres cannot use a named pipe, a port on 127.0.0.1.
 */
function placeFor(dataDir: string): Place {
  if (process.platform === "win32") return { listen: { port: 0 }, host: "127.0.0.1", remove: () => undefined };
  const inDataDir = join(resolve(dataDir), socketName);
  if (inDataDir.length <= longestSocketPath) {
    return { listen: { path: inDataDir }, host: resolve(dataDir), remove: () => rmSync(inDataDir, { force: true }) };
  }
  const folder = mkdtempSync(join(tmpdir(), "waymark-db-"));
  return { listen: { path: join(folder, socketName) }, host: folder, remove: () => rmSync(folder, { recursive: true, force: true }) };
}

/**
 * Starts the thread on a data directory this process has locked (the lock stays with this
 * thread) and answers once it takes connections. `failed` is told if the thread stops or fails
 * while open: the database is gone, and the process should say so and end.
 */
export async function startEmbeddedThread(dataDir: string, failed: (error: Error) => void): Promise<EmbeddedThread> {
  const place = placeFor(dataDir);
  // One more than the pool keeps, for a connection the pool opens while one it dropped is closing.
  const start: EmbeddedServerStart = { dataDir, listen: place.listen, connections: embeddedConnections + 1 };
  const worker = startThread(import.meta.url, "./embedded-server", { workerData: start });
  let port: number | null;
  try {
    ({ port } = await readyOf(worker));
  } catch (error) {
    await worker.terminate();
    place.remove();
    throw error;
  }

  let closing = false;
  const fail = (error: Error) => {
    if (closing) return;
    closing = true;
    place.remove();
    failed(error);
  };
  worker.on("error", fail);
  worker.on("exit", (code) => fail(new Error(`The embedded database's thread stopped (exit code ${String(code)})`)));

  // Its connection is kept while idle (idleTimeoutMillis 0): opening one costs the thread a round of its work.
  const pool = new pg.Pool({ host: place.host, port: port ?? socketPort, user: "postgres", database: "postgres", ssl: false, max: embeddedConnections, idleTimeoutMillis: 0 });
  // A connection the thread drops is replaced on next use; a thread that stops is reported above.
  pool.on("error", () => undefined);

  const close = async () => {
    if (closing) return;
    closing = true;
    try {
      await pool.end();
      await stopped(worker);
    } finally {
      place.remove();
    }
  };
  return { pool, close };
}

/** The thread's first word: ready, or the error that stopped it starting. */
function readyOf(worker: Worker): Promise<{ port: number | null }> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number) => reject(new Error(`The embedded database's thread stopped while starting (exit code ${String(code)})`));
    worker.once("error", reject);
    worker.once("exit", onExit);
    worker.once("message", (message: EmbeddedServerMessage) => {
      worker.off("error", reject);
      worker.off("exit", onExit);
      if ("ready" in message) resolve({ port: message.port });
      else reject(new Error("The embedded database's thread stopped while starting"));
    });
  });
}

/** Asks the thread to close the database, and waits for it to end. */
function stopped(worker: Worker): Promise<void> {
  return new Promise((resolve, reject) => {
    worker.once("error", reject);
    worker.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`The embedded database's thread stopped with exit code ${String(code)}`))));
    worker.postMessage("stop" satisfies EmbeddedServerRequest);
  });
}
