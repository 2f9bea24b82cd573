import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll } from "vitest";
import { buildApp, type AppOptions } from "../../src/app/app.ts";
import { openDatabase, type Database, type DatabaseHandle } from "../../src/db/client.ts";
import { JobQueue } from "../../src/db/queue.ts";
import { openDemoDatabase } from "./demo.ts";

/** What a route test works with: the app, its database, and the job queue its forms send work to. */
export interface TestApp {
  app: FastifyInstance;
  handle: DatabaseHandle;
  db: Database;
  /** The app's queue, with no workers: `queue.runPending()` does the jobs sent so far, in the test. */
  queue: JobQueue;
  close(): Promise<void>;
}

export interface TestAppOptions extends Omit<AppOptions, "db" | "queue"> {
  /**
   * "demo" for a copy of the demonstration; "empty" (the default) for a migrated database with
   * nothing in it; or how to open the database (an engine's, see databases.ts).
   */
  data?: "demo" | "empty" | (() => Promise<DatabaseHandle>);
}

/** Opens a database of the file's own, builds the app on it, and closes both (and the queue) together. */
export async function openTestApp({ data = "empty", ...options }: TestAppOptions = {}): Promise<TestApp> {
  const handle = data === "demo" ? await openDemoDatabase() : data === "empty" ? await openDatabase({ dataDir: "memory" }) : await data();
  const queue = new JobQueue(handle.db);
  let app: FastifyInstance;
  try {
    app = await buildApp({ ...options, db: handle.db, queue });
  } catch (error) {
    await handle.close();
    throw error;
  }
  return {
    app,
    handle,
    db: handle.db,
    queue,
    async close() {
      try {
        await app.close();
        await queue.stop();
      } finally {
        await handle.close();
      }
    },
  };
}

/**
 * The test app for a file: opened before its first test and closed after its last. Its fields
 * are read inside tests and hooks (they are not there before the file's tests start).
 */
export function useTestApp(options: TestAppOptions = {}): TestApp {
  let opened: TestApp | undefined;
  const current = (): TestApp => {
    if (!opened) throw new Error("the test app is opened before the file's first test; read it inside a test or hook");
    return opened;
  };
  beforeAll(async () => {
    opened = await openTestApp(options);
  });
  afterAll(async () => {
    await opened?.close();
  });
  return {
    get app() {
      return current().app;
    },
    get handle() {
      return current().handle;
    },
    get db() {
      return current().db;
    },
    get queue() {
      return current().queue;
    },
    close: () => current().close(),
  };
}
