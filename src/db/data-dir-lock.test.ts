import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "./client.ts";
import { DatabaseInUseError, lockDataDir, lockFileName } from "./data-dir-lock.ts";
import { runWaymark } from "../../test/support/waymark-process.ts";

describe("one process at a time on an embedded database", () => {
  let folder: string;
  let dataDir: string;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), "waymark-lock-"));
    dataDir = join(folder, "data");
    // A real database in the directory, made once: the opens below find it and resume.
    await (await openDatabase({ dataDir })).close();
  });

  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it("refuses a command while another process has the database open, and lets it in once that one closes", async () => {
    const first = await openDatabase({ dataDir });
    try {
      const refused = await runWaymark(["migrate"], { WAYMARK_DATA_DIR: dataDir });
      expect(refused.status).toBe(2);
      expect(refused.stderr).toContain(`The database in ${dataDir} is open in another Waymark process (process ${process.pid}, `);
      expect(refused.stderr).toContain("stop that one first");
      expect(refused.stderr).not.toMatch(/\n\s+at /);
      expect(refused.stdout).not.toContain("up to date");

      await expect(openDatabase({ dataDir })).rejects.toThrow(/is already open in this process/);
    } finally {
      await first.close();
    }
    expect(existsSync(join(dataDir, lockFileName))).toBe(false);

    const allowed = await runWaymark(["migrate"], { WAYMARK_DATA_DIR: dataDir });
    expect(allowed.stderr).toBe("");
    expect(allowed.stdout).toContain("The database is up to date.");
    expect(allowed.status).toBe(0);
    expect(existsSync(join(dataDir, lockFileName))).toBe(false);
  }, 60_000);

  it("names the process that holds the lock, and takes the lock once that process has ended", async () => {
    const other = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
    const pid = other.pid ?? 0;
    const since = "2026-02-06T14:05:00Z";
    writeFileSync(join(dataDir, lockFileName), JSON.stringify({ pid, command: "waymark serve", since }));

    await expect(openDatabase({ dataDir })).rejects.toThrow(
      new DatabaseInUseError(
        `The database in ${dataDir} is open in another Waymark process (process ${pid}, "waymark serve", since 6 February 2026 at 14:05). ` +
          "Only one process at a time can open an embedded database: stop that one first (or wait for it to finish), or use PostgreSQL (DATABASE_URL) to run commands beside the app.",
      ),
    );

    await new Promise((done) => other.once("exit", done).kill());
    const handle = await openDatabase({ dataDir });
    try {
      expect(JSON.parse(readFileSync(join(dataDir, lockFileName), "utf8"))).toMatchObject({ pid: process.pid });
    } finally {
      await handle.close();
    }
  }, 60_000);

  it("takes over a lock left by a process that died, or one that cannot be read", () => {
    const ended = spawnSync(process.execPath, ["-e", "process.exit(0)"]);
    const lockDir = join(folder, "stale");
    mkdirSync(lockDir);
    for (const leftOver of [JSON.stringify({ pid: ended.pid, command: "waymark import values june.csv", since: "2026-02-06T14:05:00Z" }), "", "not a lock"]) {
      writeFileSync(join(lockDir, lockFileName), leftOver);
      const lock = lockDataDir(lockDir);
      expect(JSON.parse(readFileSync(lock.path, "utf8"))).toMatchObject({ pid: process.pid });
      expect(() => lockDataDir(lockDir)).toThrow(/already open in this process/);
      lock.release();
      expect(existsSync(lock.path)).toBe(false);
    }
  });

  it("leaves a lock alone that another process took after this one's was removed", () => {
    const lockDir = join(folder, "replaced");
    mkdirSync(lockDir);
    const lock = lockDataDir(lockDir);
    const theirs = JSON.stringify({ pid: 1, command: "waymark serve", since: new Date().toISOString() });
    writeFileSync(lock.path, theirs);
    lock.release();
    expect(readFileSync(lock.path, "utf8")).toBe(theirs);
  });
});
