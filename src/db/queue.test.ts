import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createScratchPostgres } from "../../test/support/databases.ts";
import { openDatabase, type DatabaseHandle } from "./client.ts";
import { migrateDatabase } from "./migrate.ts";
import { JobQueue, type JobDefinition } from "./queue.ts";
import { jobProgress } from "./schema/index.ts";

/** A database that can be closed and opened again, as across a restart. */
interface Restartable {
  name: string;
  make(): Promise<{ open(): Promise<DatabaseHandle>; drop(): Promise<void> }>;
}

const postgresUrl = process.env.TEST_DATABASE_URL;
const restartables: Restartable[] = [
  {
    name: "PGlite",
    async make() {
      const dir = mkdtempSync(join(tmpdir(), "waymark-queue-"));
      return { open: () => openDatabase({ dataDir: join(dir, "data") }), drop: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  },
  ...(postgresUrl
    ? [
        {
          name: "PostgreSQL",
          async make() {
            const scratch = await createScratchPostgres(postgresUrl);
            return { open: () => openDatabase({ databaseUrl: scratch.url }), drop: scratch.drop };
          },
        },
      ]
    : []),
];

/**
 * A job that counts to its number, saying how far it has got, and fails when asked to. Each test
 * sends it under a name of its own: a queue does only the jobs of the names registered with it, so
 * tests sharing a database see only their own jobs.
 */
const counting = (name: string): JobDefinition<{ upTo: number; fail?: boolean }, { counted: number }> => ({
  name,
  async run({ upTo, fail }, job) {
    for (let n = 1; n <= upTo; n += 1) await job.progress(`Counting ${String(n)}`, n, upTo);
    if (fail) throw new Error("The count could not be finished");
    return { counted: upTo };
  },
});

describe.each(restartables)("the job queue on $name", (engine) => {
  const cleanUp: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const step of cleanUp.splice(0).reverse()) await step();
  });

  /** The database the tests share, as opening one takes a second; the restart test makes its own. */
  let shared: { handle: DatabaseHandle; drop(): Promise<void> };
  beforeAll(async () => {
    const made = await engine.make();
    const handle = await made.open();
    await migrateDatabase(handle);
    shared = { handle, drop: made.drop };
  }, 120_000);
  afterAll(async () => {
    await shared?.handle.close();
    await shared?.drop();
  });

  /** A queue of its own on `handle` (the shared database's unless given), doing `name`'s jobs. */
  function queueFor(name: string, handle = shared.handle): JobQueue {
    const queue = new JobQueue(handle.db);
    queue.register(counting(name));
    cleanUp.push(() => queue.stop());
    return queue;
  }

  it("does a job sent before a restart after it, keeping its progress and answer", async () => {
    const made = await engine.make();
    cleanUp.push(made.drop);
    const opened = async () => {
      const handle = await made.open();
      await migrateDatabase(handle);
      return handle;
    };
    const first = await opened();
    const before = new JobQueue(first.db);
    before.register(counting("counting"));
    const id = await before.send("counting", { upTo: 3 });
    expect((await before.job("counting", id))?.state).toBe("waiting");
    await before.stop();
    await first.close();

    const second = await opened();
    cleanUp.push(() => second.close());
    const after = queueFor("counting", second);
    expect(await after.runPending()).toBe(1);
    expect(await after.job("counting", id)).toMatchObject({ state: "done", output: { counted: 3 }, error: null, progress: { step: "Counting 3", done: 3, total: 3 } });
    expect(await after.runPending()).toBe(0);
  }, 120_000);

  it("keeps a failure's words and does not try the job again", async () => {
    const queue = queueFor("failing");
    const id = await queue.send("failing", { upTo: 2, fail: true });
    expect(await queue.runPending()).toBe(1);
    expect(await queue.job("failing", id)).toMatchObject({ state: "failed", error: "The count could not be finished", output: null, progress: { done: 2, total: 2 } });
    expect(await queue.runPending()).toBe(0);
  }, 120_000);

  it("sends a job inside a transaction only if the transaction commits", async () => {
    const { db } = shared.handle;
    const queue = queueFor("in-transaction");
    await queue.start({ workers: false });
    await expect(
      db.transaction(async (tx) => {
        await queue.send("in-transaction", { upTo: 1 }, { tx });
        throw new Error("the change is refused");
      }),
    ).rejects.toThrow("the change is refused");
    expect(await queue.runPending()).toBe(0);
    const id = await db.transaction((tx) => queue.send("in-transaction", { upTo: 1 }, { tx }));
    expect(await queue.runPending()).toBe(1);
    expect((await queue.job("in-transaction", id))?.state).toBe("done");
  }, 120_000);

  it("has its workers do a job sent while it runs", async () => {
    let finish: (upTo: number) => void = () => undefined;
    const done = new Promise<number>((resolve) => (finish = resolve));
    const queue = new JobQueue(shared.handle.db);
    queue.register({ name: "worked", run: async ({ upTo }: { upTo: number }) => (finish(upTo), { counted: upTo }) });
    await queue.start({ workers: true });
    cleanUp.push(() => queue.stop());
    await queue.send("worked", { upTo: 5 });
    expect(await done).toBe(5);
  }, 120_000);

  it("forgets the progress of jobs that ended more than a fortnight ago as later jobs report theirs", async () => {
    const { db } = shared.handle;
    const queue = queueFor("forgetting");
    const old = await queue.send("forgetting", { upTo: 1 });
    const recent = await queue.send("forgetting", { upTo: 1 });
    expect(await queue.runPending()).toBe(2);
    await db.update(jobProgress).set({ updatedAt: new Date(Date.now() - 15 * 24 * 3_600_000) }).where(eq(jobProgress.jobId, old));
    await db.update(jobProgress).set({ updatedAt: new Date(Date.now() - 13 * 24 * 3_600_000) }).where(eq(jobProgress.jobId, recent));
    await queue.send("forgetting", { upTo: 1 });
    await queue.runPending();
    expect((await queue.job("forgetting", old))?.progress).toBeNull();
    expect((await queue.job("forgetting", recent))?.progress).toEqual({ step: "Counting 1", done: 1, total: 1 });
  }, 120_000);

  it("answers no job for an id it does not hold, or one that is not an id", async () => {
    const queue = queueFor("looked-up");
    expect(await queue.job("looked-up", "6f1c1e1e-0000-4000-8000-000000000000")).toBeNull();
    expect(await queue.job("looked-up", "1 or 1=1")).toBeNull();
    await expect(queue.send("no-such-job", {})).rejects.toThrow("no job called no-such-job");
  }, 120_000);

  it("keeps its jobs in the database's pgboss schema, beside the app's tables", async () => {
    const queue = queueFor("kept");
    await queue.send("kept", { upTo: 1 });
    const rows = await shared.handle.db.execute(sql`select count(*)::int as jobs from pgboss.job where name = 'kept'`);
    expect(Number((rows as unknown as { rows: { jobs: number }[] }).rows[0]?.jobs)).toBe(1);
  }, 120_000);
});
