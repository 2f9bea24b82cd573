import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, type DatabaseHandle } from "../../src/db/client.ts";
import { migrateDatabase } from "../../src/db/migrate.ts";
import { loadDemoPlan, openDemoDatabase } from "./demo.ts";

/**
 * The engines repository tests run on: PGlite always, PostgreSQL when TEST_DATABASE_URL is set.
 * Each PostgreSQL test file gets a database of its own, dropped when it closes.
 */
export interface Engine {
  name: string;
  /** A migrated database with nothing in it. */
  open(): Promise<TestHandle>;
  /** A database holding the demonstration: on PGlite a copy of the run's demo template, on PostgreSQL loaded afresh. */
  openDemo(): Promise<TestHandle>;
}

/** A test database; on PostgreSQL with its address, so a test can connect to it a second time. */
export type TestHandle = DatabaseHandle & { url?: string };

const postgresUrl = process.env.TEST_DATABASE_URL;

export const engines: Engine[] = [
  // An in-memory PGlite is a copy of the migrated template: no initdb, no migrations to run.
  { name: "PGlite", open: () => openDatabase({ dataDir: "memory" }), openDemo: openDemoDatabase },
  ...(postgresUrl ? [{ name: "PostgreSQL", open: () => openScratchPostgres(postgresUrl), openDemo: () => openScratchPostgresDemo(postgresUrl) }] : []),
];

/** A new, empty PostgreSQL database beside TEST_DATABASE_URL's, and how to drop it. */
export async function createScratchPostgres(url: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `waymark_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();

  const scratch = new URL(url);
  scratch.pathname = `/${name}`;
  return {
    url: scratch.toString(),
    async drop() {
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

async function openScratchPostgres(url: string): Promise<TestHandle> {
  const scratch = await createScratchPostgres(url);
  const handle = await openDatabase({ databaseUrl: scratch.url });
  await migrateDatabase(handle);
  return {
    ...handle,
    url: scratch.url,
    async close() {
      await handle.close();
      await scratch.drop();
    },
  };
}

async function openScratchPostgresDemo(url: string): Promise<TestHandle> {
  const handle = await openScratchPostgres(url);
  try {
    await loadDemoPlan(handle);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}
