import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/client.ts";
import { JobQueue } from "../../db/queue.ts";
import { sessions } from "../../db/schema/index.ts";
import { engines } from "../../../test/support/databases.ts";
import { accessJobs, sessionCleanUpJobName } from "./jobs.ts";
import { startSession } from "./sessions.ts";

const limits = { idleMinutes: 30, absoluteHours: 12 };
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);

describe.each(engines)("clearing sessions that can no longer be used, on $name", (engine) => {
  let handle: DatabaseHandle;
  let queue: JobQueue;

  beforeAll(async () => {
    handle = await engine.open();
    queue = new JobQueue(handle.db);
    queue.register(...accessJobs({ db: handle.db, limits }));
  }, 120_000);

  afterAll(async () => {
    await queue?.stop();
    await handle?.close();
  });

  /** A session started and last used the given number of minutes ago. */
  async function sessionOf(startedMinutesAgo: number, lastUsedMinutesAgo: number): Promise<string> {
    const { row } = await startSession(handle.db, null);
    await handle.db.update(sessions).set({ createdAt: minutesAgo(startedMinutesAgo), lastSeenAt: minutesAgo(lastUsedMinutesAgo) }).where(eq(sessions.idHash, row.idHash));
    return row.idHash;
  }

  it("removes sessions idle past the limit or past their lifetime, and keeps the ones still in use", async () => {
    const kept = { justUsed: await sessionOf(5, 1), nearlyIdle: await sessionOf(60, 29), longButLive: await sessionOf(11 * 60, 2) };
    const removed = { idle: await sessionOf(90, 31), longIdle: await sessionOf(600, 400), pastLifetime: await sessionOf(12 * 60 + 1, 1) };
    const id = await queue.send(sessionCleanUpJobName, {});
    expect(await queue.runPending()).toBe(1);
    expect(await queue.job(sessionCleanUpJobName, id)).toMatchObject({ state: "done", output: { removed: 3 } });
    const left = new Set((await handle.db.select({ idHash: sessions.idHash }).from(sessions)).map((s) => s.idHash));
    for (const [name, idHash] of Object.entries(kept)) expect(left.has(idHash), name).toBe(true);
    for (const [name, idHash] of Object.entries(removed)) expect(left.has(idHash), name).toBe(false);
  });

  it("is sent every hour once a queue with workers has started", async () => {
    const workers = new JobQueue(handle.db);
    workers.register(...accessJobs({ db: handle.db, limits }));
    await workers.start({ workers: true });
    try {
      const result = await handle.db.execute(sql`select cron from pgboss.schedule where name = ${sessionCleanUpJobName}`);
      expect((result as unknown as { rows: { cron: string }[] }).rows.map((r) => r.cron)).toEqual(["0 * * * *"]);
    } finally {
      await workers.stop();
    }
  });
});
