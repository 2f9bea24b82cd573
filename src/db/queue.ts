import { PGlite } from "@electric-sql/pglite";
import { eq, lt, sql } from "drizzle-orm";
import pg from "pg";
import { PgBoss, fromDrizzle, fromPglite, type ConstructorOptions, type Job } from "pg-boss";
import type { Logger } from "pino";
import type { Database, Executor } from "./client.ts";
import { jobProgress } from "./schema/index.ts";

/**
 * Background work (issuing reports, clearing idle sessions) on pg-boss, a queue kept in the
 * database: PostgreSQL's, or the embedded one's (pg-boss runs on PGlite too). A job sent is in a
 * table until a worker has done it, so it survives a restart; any instance with workers may do it.
 */

/** Where a job has got to, in the words a page uses. */
export type JobState = "waiting" | "running" | "done" | "failed";

export interface JobProgress {
  /** The step in words ("Printing the PDF"). */
  step: string;
  done: number;
  total: number;
}

export interface JobStatus<Data = unknown, Output = unknown> {
  id: string;
  state: JobState;
  data: Data;
  progress: JobProgress | null;
  /** What the job answered, once done. */
  output: Output | null;
  /** Why it failed, in the words its handler gave. */
  error: string | null;
}

/** What a handler is given besides its data: its id, and a way to say how far it has got. */
export interface JobRun {
  id: string;
  progress(step: string, done: number, total: number): Promise<void>;
}

/** A kind of job: its name, what it does, and whether it recurs. Modules export these; the app registers them. */
export interface JobDefinition<Data extends object = never, Output extends object = object> {
  name: string;
  run(data: Data, job: JobRun): Promise<Output>;
  /** Tries again after a failure; none for a job someone waits on and can start again. */
  retries?: number;
  /** A cron expression (in UTC) to send the job on, for recurring work: "0 * * * *" is hourly. */
  schedule?: string;
}

export interface QueueOptions {
  logger?: Pick<Logger, "error" | "warn">;
}

/** pg-boss's states in the four a person needs. */
const stateOf: Record<string, JobState> = { created: "waiting", retry: "waiting", active: "running", completed: "done", failed: "failed", cancelled: "failed" };

/** How long a job's progress is kept after its last step: longer than pg-boss keeps the job. */
const progressKeptMs = 14 * 24 * 3_600_000;

const uuidShape = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * pg-boss's connection: the app's own, so the queue shares the app's database. A node-postgres
 * pool (PostgreSQL's, or the embedded database's in its own thread, as `serve` and `worker` open
 * it), or the PGlite instance itself where the database runs in this thread (commands, tests).
 */
function connectionOf(db: Database): ConstructorOptions {
  const client = (db as unknown as { $client: unknown }).$client;
  if (client instanceof PGlite) return { db: fromPglite(client), backend: "pglite" };
  if (client instanceof pg.Pool) return { db: { executeSql: (text: string, values?: unknown[]) => client.query(text, values) } };
  throw new Error("the job queue runs on PGlite or a PostgreSQL pool");
}

/**
 * Makes pg-boss's tables in an embedded database and closes them again: the template a new
 * embedded database is copied from holds them, so a first start does not make them.
 */
export async function prepareQueueTables(client: PGlite): Promise<void> {
  const boss = new PgBoss({ db: fromPglite(client), backend: "pglite", supervise: false, schedule: false, registerInstance: false });
  await boss.start();
  await boss.stop({ graceful: true, timeout: 30_000 });
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export class JobQueue {
  readonly #db: Database;
  readonly #logger: QueueOptions["logger"];
  readonly #definitions = new Map<string, JobDefinition<object>>();
  #boss: Promise<PgBoss> | null = null;

  constructor(db: Database, { logger }: QueueOptions = {}) {
    this.#db = db;
    this.#logger = logger;
  }

  /** Adds kinds of job; before `start`, so their queues exist and workers are started for them. */
  register(...definitions: JobDefinition<never>[]): void {
    if (this.#boss) throw new Error("jobs are registered before the queue is started");
    for (const definition of definitions) this.#definitions.set(definition.name, definition as unknown as JobDefinition<object>);
  }

  /**
   * Opens the queue (making pg-boss's tables on first use). With workers it also does the jobs
   * registered, sends the recurring ones on their schedules and keeps the queue tidy; without, it
   * only sends and reads jobs, for a web app whose jobs a `waymark worker` does.
   */
  async start({ workers }: { workers: boolean }): Promise<void> {
    if (this.#boss) throw new Error("the job queue is already started");
    this.#boss = this.#open(workers);
    await this.#boss;
  }

  async #open(workers: boolean): Promise<PgBoss> {
    const boss = new PgBoss({ ...connectionOf(this.#db), supervise: workers, schedule: workers, registerInstance: workers });
    boss.on("error", (error) => this.#logger?.error({ err: error }, "the job queue failed"));
    // Its words only: a warning's data can carry the statement it is about.
    boss.on("warning", (warning) => this.#logger?.warn({ warning: warning.message }, "the job queue warns"));
    await boss.start();
    for (const definition of this.#definitions.values()) {
      await boss.createQueue(definition.name, { retryLimit: definition.retries ?? 0 });
    }
    if (workers) {
      for (const definition of this.#definitions.values()) {
        await boss.work<object>(definition.name, { batchSize: 1 }, async ([job]) => (job ? this.#run(definition, job) : undefined));
        if (definition.schedule) await boss.schedule(definition.name, definition.schedule);
      }
    }
    return boss;
  }

  /** The queue, opened without workers on first use if nothing started it. */
  #ready(): Promise<PgBoss> {
    this.#boss ??= this.#open(false);
    return this.#boss;
  }

  /**
   * Opens the queue without workers if nothing has started it: before sending a job inside a
   * transaction on PGlite, whose one connection opening the queue needs and the transaction holds.
   */
  async ready(): Promise<void> {
    await this.#ready();
  }

  async #run(definition: JobDefinition<object>, job: Job<object>): Promise<object> {
    const run: JobRun = {
      id: job.id,
      progress: async (step, done, total) => {
        const row = { jobId: job.id, step, done, total, updatedAt: new Date() };
        await this.#db.insert(jobProgress).values(row).onConflictDoUpdate({ target: jobProgress.jobId, set: { step, done, total, updatedAt: row.updatedAt } });
        // pg-boss forgets finished jobs after a week; their progress goes a week after that.
        await this.#db.delete(jobProgress).where(lt(jobProgress.updatedAt, new Date(row.updatedAt.getTime() - progressKeptMs)));
      },
    };
    try {
      return await definition.run(job.data, run);
    } catch (error) {
      this.#logger?.error({ err: error, job: definition.name, jobId: job.id }, "a job failed");
      throw error;
    }
  }

  /**
   * Sends a job and answers its id. Given a transaction, the job is sent in it: it exists only if
   * the transaction commits. (Start the queue before sending inside a transaction on the embedded
   * database, whose one connection the transaction holds.)
   */
  async send(name: string, data: object, { tx }: { tx?: Executor } = {}): Promise<string> {
    if (!this.#definitions.has(name)) throw new Error(`no job called ${name} is registered`);
    const boss = await this.#ready();
    const id = await boss.send(name, data, tx ? { db: fromDrizzle(tx as never, sql as never) } : {});
    if (!id) throw new Error(`the queue did not take the ${name} job`);
    return id;
  }

  /** A job's state, progress, answer and error; null for an id the queue does not hold. */
  async job<Data = unknown, Output = unknown>(name: string, id: string): Promise<JobStatus<Data, Output> | null> {
    if (!uuidShape.test(id) || !this.#definitions.has(name)) return null;
    const boss = await this.#ready();
    const [job] = await boss.findJobs<Data>(name, { id });
    if (!job) return null;
    const state = stateOf[job.state] ?? "waiting";
    const [progress] = await this.#db.select().from(jobProgress).where(eq(jobProgress.jobId, id));
    const output = (job.output ?? null) as (Output & { message?: unknown }) | null;
    return {
      id,
      state,
      data: job.data,
      progress: progress ? { step: progress.step, done: progress.done, total: progress.total } : null,
      output: state === "done" ? output : null,
      error: state === "failed" ? String(output?.message ?? "The job stopped without saying why") : null,
    };
  }

  /**
   * Does the jobs waiting now, one at a time in this process, until none is left (jobs they send
   * included), and answers how many it did: for tests, which then need no workers or waiting.
   */
  async runPending(): Promise<number> {
    const boss = await this.#ready();
    let count = 0;
    for (let found = true; found; ) {
      found = false;
      for (const definition of this.#definitions.values()) {
        const [job] = await boss.fetch<object>(definition.name, { batchSize: 1 });
        if (!job) continue;
        found = true;
        count += 1;
        try {
          await boss.complete(definition.name, job.id, await this.#run(definition, job));
        } catch (error) {
          await boss.fail(definition.name, job.id, { message: messageOf(error) });
        }
      }
    }
    return count;
  }

  /** Stops the workers, letting a job in hand finish first, and closes the queue. */
  async stop(): Promise<void> {
    const opened = this.#boss;
    this.#boss = null;
    if (opened) await (await opened).stop({ graceful: true, timeout: 30_000 });
  }
}
