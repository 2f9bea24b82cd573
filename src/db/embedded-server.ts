import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { embeddedStartParams } from "./embedded-settings.ts";

/**
 * The embedded database in a thread of its own (see embedded-thread.ts): PGlite on the data
 * directory, answering PostgreSQL's wire protocol on a socket, so the web server's thread spends no
 * time in it and talks to it as it talks to a PostgreSQL server. PGlite has one session: the
 * socket server takes the connections' messages in turn, and while a connection has a transaction
 * open it answers only that connection.
 */

/** What the thread is started with. */
export interface EmbeddedServerStart {
  dataDir: string;
  /** A Unix socket's path, or a port on 127.0.0.1 (0 for any free one). */
  listen: { path: string } | { port: number };
  /** The most connections it takes at once. */
  connections: number;
}

/** What the thread says: that it answers (and on which port, for 127.0.0.1), or that it has closed the database. */
export type EmbeddedServerMessage = { ready: true; port: number | null } | { stopped: true };

/** What the web server's thread says: stop answering and close the database. */
export type EmbeddedServerRequest = "stop";

const start = workerData as EmbeddedServerStart;
const port = parentPort;
if (!port) throw new Error("embedded-server.ts runs as a worker thread");

const database = new PGlite(start.dataDir, { startParams: embeddedStartParams });
await database.waitReady;
const server = new PGLiteSocketServer({
  db: database,
  maxConnections: start.connections,
  ...("path" in start.listen ? { path: start.listen.path } : { host: "127.0.0.1", port: start.listen.port }),
});
await server.start();
const listening = server.getServerConn();
port.postMessage({ ready: true, port: "path" in start.listen ? null : Number(listening.slice(listening.lastIndexOf(":") + 1)) } satisfies EmbeddedServerMessage);

port.on("message", (message: EmbeddedServerRequest) => {
  if (message !== "stop") return;
  void (async () => {
    await server.stop();
    await database.close();
    port.postMessage({ stopped: true } satisfies EmbeddedServerMessage);
    port.close();
  })();
});
