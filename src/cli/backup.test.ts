import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { openDatabase, type DatabaseHandle } from "../db/client.ts";
import { lockFileName } from "../db/data-dir-lock.ts";
import { migrateDatabase } from "../db/migrate.ts";
import { selectRows } from "../db/rows.ts";
import { createScratchPostgres } from "../../test/support/databases.ts";
import { loadDemoPlan } from "../../test/support/demo.ts";
import { fingerprint } from "../../test/support/fingerprint.ts";
import { formatSize } from "./backup.ts";
import { run } from "./main.ts";

/** Where a database lives for these tests: the environment that points the command at it, and how to open it. */
interface Place {
  env: Record<string, string>;
  open(): Promise<DatabaseHandle>;
  drop(): Promise<void>;
}

let folder: string;
let places = 0;

const embedded = async (): Promise<Place> => {
  const dataDir = join(folder, `data-${++places}`);
  return { env: { WAYMARK_DATA_DIR: dataDir, DATABASE_URL: "" }, open: () => openDatabase({ dataDir }), drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
};

const postgresUrl = process.env.TEST_DATABASE_URL;
const postgres = async (): Promise<Place> => {
  const scratch = await createScratchPostgres(postgresUrl ?? "");
  return { env: { DATABASE_URL: scratch.url }, open: () => openDatabase({ databaseUrl: scratch.url }), drop: () => scratch.drop() };
};

const engines = [{ name: "the embedded database", place: embedded }, ...(postgresUrl ? [{ name: "PostgreSQL", place: postgres }] : [])];

let output: string[];
let errors: string[];

/** Runs `waymark ARGS` in this process against a place, as a council officer would at the keyboard. */
async function waymark(place: Place, ...args: string[]): Promise<number | undefined> {
  vi.unstubAllEnvs();
  for (const [name, value] of Object.entries(place.env)) vi.stubEnv(name, value);
  output = [];
  errors = [];
  process.exitCode = undefined;
  await run(args);
  const status = process.exitCode;
  process.exitCode = undefined;
  vi.unstubAllEnvs();
  return status === undefined ? undefined : Number(status);
}

async function readAuditAfter(handle: DatabaseHandle, id: number) {
  return selectRows(handle.db, sql`select action, username, record_type, after from audit_events where id > ${id} order by id`);
}

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), "waymark-backup-"));
});

afterAll(() => rmSync(folder, { recursive: true, force: true }));

beforeEach(() => {
  vi.spyOn(console, "log").mockImplementation((line: string) => void output.push(line));
  vi.spyOn(console, "error").mockImplementation((line: string) => void errors.push(line));
  return () => vi.restoreAllMocks();
});

describe.each(engines)("backing up and restoring $name", ({ place }) => {
  it("restores every table row for row, the sequences where they were, and audits both", async () => {
    const source = await place();
    const target = await place();
    const file = join(folder, `backup-${places}.waymark`);
    try {
      const loading = await source.open();
      await migrateDatabase(loading);
      await loadDemoPlan(loading);
      const before = await fingerprint(loading.db);
      await loading.close();
      expect(Object.keys(before).length).toBeGreaterThan(20);
      const auditPosition = Number(before["sequence audit_events_id_seq"]?.split(" ")[0]);

      expect(await waymark(source, "backup", file)).toBe(0);
      const size = statSync(file).size;
      expect(output).toEqual([expect.stringMatching(new RegExp(`^Backed up the .+ to ${file} \\(${formatSize(size).replace(".", "\\.")}\\)\\.$`))]);
      const backedUp = await source.open();
      expect(await readAuditAfter(backedUp, auditPosition)).toEqual([
        { action: "back up", username: expect.stringMatching(/^command line/), record_type: "database", after: expect.objectContaining({ file, bytes: size }) },
      ]);
      await backedUp.close();

      // The backup, restored where there was nothing, holds what the database held then, and the restore is audited there.
      const expected = { ...before, "sequence audit_events_id_seq": `${auditPosition + 1} true` };
      expect(await waymark(target, "restore", file)).toBe(0);
      expect(output).toEqual([expect.stringMatching(new RegExp(`^Restored ${file} \\(${formatSize(size).replace(".", "\\.")}\\) into the .+\\.$`))]);
      // The lock the backup was taken under did not come back with it: the restored directory is free.
      if (target.env.WAYMARK_DATA_DIR) expect(existsSync(join(target.env.WAYMARK_DATA_DIR, lockFileName))).toBe(false);
      let restored = await target.open();
      expect(await fingerprint(restored.db, { audit_events: auditPosition })).toEqual(expected);
      expect(await readAuditAfter(restored, auditPosition)).toEqual([
        { action: "restore", username: expect.stringMatching(/^command line/), record_type: "database", after: expect.objectContaining({ file, bytes: size }) },
      ]);
      await restored.close();

      // A database that holds data is replaced only when asked to.
      expect(await waymark(target, "restore", file)).toBe(2);
      expect(errors.join("\n")).toMatch(/already holds (data|tables), and restoring would replace/);
      expect(await waymark(target, "restore", file, "--force")).toBe(0);
      restored = await target.open();
      expect(await fingerprint(restored.db, { audit_events: auditPosition })).toEqual(expected);
      expect(await readAuditAfter(restored, auditPosition)).toHaveLength(1);
      await restored.close();
    } finally {
      await source.drop();
      await target.drop();
    }
  }, 180_000);

  it("refuses a file that is not a backup, and will not write over a file unless told to", async () => {
    const target = await place();
    try {
      const notBackup = join(folder, "values.csv");
      writeFileSync(notBackup, "measure_code,period_end,value\nMASH-REFERRALS,2025-01-31,200\n");
      expect(await waymark(target, "restore", notBackup)).toBe(2);
      expect(errors).toEqual([`${notBackup} is not a Waymark backup: give a file that waymark backup wrote (or pg_dump --format=custom, for PostgreSQL). Nothing was restored.`]);

      expect(await waymark(target, "backup", notBackup)).toBe(2);
      expect(errors).toEqual([`${notBackup} already exists: give another name, or add --force to replace it.`]);

      expect(await waymark(target, "restore", join(folder, "no-such-backup"))).toBe(2);
      expect(errors).toEqual([`The file ${join(folder, "no-such-backup")} cannot be read.`]);

      expect(await waymark(target, "backup")).toBe(2);
      expect(errors.join("\n")).toContain("Usage: waymark backup FILE [--force]");
    } finally {
      await target.drop();
    }
  });
});

describe("backing up the embedded database", () => {
  it("says when there is no database, and refuses while the database is open elsewhere", async () => {
    const place = await embedded();
    const file = join(folder, "never-written.waymark");
    try {
      expect(await waymark(place, "backup", file)).toBe(2);
      expect(errors).toEqual([`There is no database in ${place.env.WAYMARK_DATA_DIR} to back up.`]);

      const open = await place.open();
      try {
        expect(await waymark(place, "backup", file)).toBe(2);
        expect(errors.join("\n")).toContain("is already open in this process");
        expect(() => statSync(file)).toThrow(/ENOENT/);
        expect(() => statSync(`${file}.partial`)).toThrow(/ENOENT/);
      } finally {
        await open.close();
      }
    } finally {
      await place.drop();
    }
  }, 60_000);

  it("tells a PostgreSQL backup from an embedded one", async () => {
    const place = await embedded();
    const file = join(folder, "council.dump");
    writeFileSync(file, Buffer.concat([Buffer.from("PGDMP"), Buffer.alloc(100)]));
    expect(await waymark(place, "restore", file)).toBe(2);
    expect(errors).toEqual([`${file} is a backup of a PostgreSQL database: set DATABASE_URL to restore it into PostgreSQL.`]);
  });
});
