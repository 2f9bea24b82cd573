import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { run } from "./main.ts";

describe("the waymark command", () => {
  let dataDir: string;
  let errors: string[];
  let output: string[];

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), "waymark-cli-"));
    vi.stubEnv("WAYMARK_DATA_DIR", join(dataDir, "db"));
    vi.stubEnv("DATABASE_URL", "");
    errors = [];
    output = [];
    vi.spyOn(console, "error").mockImplementation((line: string) => void errors.push(line));
    vi.spyOn(console, "log").mockImplementation((line: string) => void output.push(line));
    process.exitCode = undefined;
  });

  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
    process.exitCode = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("names an unknown command and shows the usage", async () => {
    await run(["frobnicate"]);
    expect(process.exitCode).toBe(2);
    expect(errors.join("\n")).toMatch(/There is no command "frobnicate"[\s\S]*load-plan FOLDER/);
  });

  it("asks for the folder when load-plan is given none", async () => {
    await run(["load-plan"]);
    expect(process.exitCode).toBe(2);
    expect(errors.join("\n")).toContain("load-plan needs the folder");
  });

  it("reports every problem in a plan folder and creates no database", async () => {
    await run(["load-plan", join(dataDir, "no-such-plan")]);
    expect(process.exitCode).toBe(2);
    expect(errors.join("\n")).toContain("plan.yaml: the file cannot be read");
    expect(errors.join("\n")).toContain("priorities/: there are no priority files");
    expect(() => rmSync(join(dataDir, "db"))).toThrow(/ENOENT/);
  });

  it("says how reminders are sent when given anything but send, and opens no database", async () => {
    await run(["reminders", "sendall"]);
    expect(process.exitCode).toBe(2);
    expect(errors.join("\n")).toContain("waymark reminders send");
    expect(() => rmSync(join(dataDir, "db"))).toThrow(/ENOENT/);
  });

  it("lists what is wrong with the configuration", async () => {
    vi.stubEnv("PORT", "not-a-port");
    await run(["migrate"]);
    expect(process.exitCode).toBe(2);
    expect(errors.join("\n")).toMatch(/configuration is wrong:\n {2}- PORT/);
  });
});
