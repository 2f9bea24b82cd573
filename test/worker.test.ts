import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "../src/db/client.ts";
import { migrateDatabase } from "../src/db/migrate.ts";
import { JobQueue } from "../src/db/queue.ts";
import { sessions } from "../src/db/schema/index.ts";
import { accessJobs, sessionCleanUpJobName, startSession } from "../src/modules/access/index.ts";
import { createScratchPostgres } from "./support/databases.ts";
import { finished, startWaymark } from "./support/waymark-process.ts";

const postgresUrl = process.env.TEST_DATABASE_URL;

/** `waymark worker`, a process of its own beside the app, does the jobs the app sends. */
describe.runIf(postgresUrl)("waymark worker on PostgreSQL", () => {
  let scratch: { url: string; drop(): Promise<void> };
  let handle: DatabaseHandle;
  let queue: JobQueue;

  beforeAll(async () => {
    scratch = await createScratchPostgres(postgresUrl ?? "");
    handle = await openDatabase({ databaseUrl: scratch.url });
    await migrateDatabase(handle);
    // The app's side: it sends jobs and does none (as serve with WORKERS=off).
    queue = new JobQueue(handle.db);
    queue.register(...accessJobs({ db: handle.db, limits: { idleMinutes: 30, absoluteHours: 12 } }));
    await queue.start({ workers: false });
  }, 60_000);

  afterAll(async () => {
    await queue?.stop();
    await handle?.close();
    await scratch?.drop();
  });

  it("does a job sent by the app, and stops when told to", async () => {
    const { row } = await startSession(handle.db, null);
    await handle.db.update(sessions).set({ lastSeenAt: new Date(Date.now() - 60 * 60_000) }).where(eq(sessions.idHash, row.idHash));
    const id = await queue.send(sessionCleanUpJobName, {});

    const worker = startWaymark(["worker"], { DATABASE_URL: scratch.url, WORKERS: "off" });
    const ended = finished(worker);
    try {
      // The worker polls the queue every two seconds: wait for it to report the job done.
      let state = (await queue.job(sessionCleanUpJobName, id))?.state;
      for (const deadline = Date.now() + 60_000; state !== "done" && state !== "failed" && Date.now() < deadline; state = (await queue.job(sessionCleanUpJobName, id))?.state) {
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(state).toBe("done");
      expect(await handle.db.select().from(sessions).where(eq(sessions.idHash, row.idHash))).toEqual([]);
    } finally {
      worker.kill("SIGTERM");
    }
    const { status, stderr } = await ended;
    expect(stderr).toBe("");
    expect(status).toBe(0);
  }, 90_000);
});
