import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { demoPlanFolder } from "../demo/index.ts";
import { readMappingFolder } from "../modules/measures/index.ts";
import { readPlanFolder } from "../modules/plan/index.ts";
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

  it("lists the problems of a plan's files and its mapping files together, and creates no database", async () => {
    const folder = join(dataDir, "bad-plan");
    mkdirSync(join(folder, "mappings"), { recursive: true });
    writeFileSync(join(folder, "mappings", "BAD.yaml"), "measure: { code: BAD }\nmapping: { file: cla.csv, column: rate, scale: 0 }\n");
    writeFileSync(join(folder, "mappings", "CLA-RATE.yaml"), "measure: { code: CLA-RATE }\nmapping: { file: cla.csv, column: rate }\n");
    writeFileSync(join(folder, "mappings", "OTHER.yaml"), "measure: { code: CLA-RATE }\nmapping: { file: cla.csv, column: rate }\n");
    await run(["load-plan", folder]);
    expect(process.exitCode).toBe(2);
    const printed = errors.join("\n");
    expect(printed).toContain("plan.yaml: the file cannot be read");
    expect(printed).toContain("mappings/BAD.yaml: mapping › scale: The scale must be at least 1");
    expect(printed).toContain("mappings/OTHER.yaml: measure › code: CLA-RATE already has its mapping in mappings/CLA-RATE.yaml");
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

  // Each command opens an embedded database, and a new one is made on first opening: slow on a busy machine.
  it("writes the loaded plan's files with export-plan, which load-plan reads into another database", async () => {
    await run(["load-plan", demoPlanFolder]);
    const folder = join(dataDir, "exported");
    output = [];
    await run(["export-plan", folder]);
    expect(process.exitCode).toBe(0);
    const printed = output.join("\n");
    expect(printed).toContain(`Wrote the plan "Achieving Excellence" (achieving-excellence) to ${folder}:`);
    expect(printed).toContain("  plan.yaml\n  priorities/01.yaml");
    expect(printed).toContain("  priorities/10.yaml\n  mappings/CIN-PERSISTENT-ABSENCE.yaml");
    expect(printed).toContain(`Load it with: waymark load-plan ${folder}`);
    expect(await readPlanFolder(folder)).toEqual(await readPlanFolder(demoPlanFolder));
    // The demo's mapping files were loaded with the plan (adding their measures), and are written back as they were.
    const mappings = await readMappingFolder(demoPlanFolder);
    expect(mappings).toHaveLength(8);
    for (const { label } of mappings) expect(readFileSync(join(folder, label), "utf8"), label).toBe(readFileSync(join(demoPlanFolder, label), "utf8"));
    expect(readdirSync(join(folder, "mappings"))).toHaveLength(8);

    vi.stubEnv("WAYMARK_DATA_DIR", join(dataDir, "another-db"));
    output = [];
    await run(["load-plan", folder]);
    expect(process.exitCode).toBe(0);
    expect(output.join("\n")).toBe('Loaded the plan "Achieving Excellence" (achieving-excellence): 10 priorities. Set 8 benchmark mappings from mappings/.');
    output = [];
    await run(["mapping", "show", "CLA-RATE"]);
    expect(output.join("\n")).toBe(readFileSync(join(demoPlanFolder, "mappings", "CLA-RATE.yaml"), "utf8").trimEnd());
  }, 120_000);

  it("refuses to export into a folder that holds files, and with --force replaces the plan's files only", async () => {
    await run(["load-plan", demoPlanFolder]);
    const folder = join(dataDir, "plan");
    mkdirSync(join(folder, "priorities"), { recursive: true });
    writeFileSync(join(folder, "notes.txt"), "Our own notes");
    writeFileSync(join(folder, "priorities", "11.yaml"), "number: 11");
    mkdirSync(join(folder, "mappings"));
    writeFileSync(join(folder, "mappings", "OLD-MEASURE.yaml"), "measure: { code: OLD-MEASURE }");
    await run(["export-plan", folder]);
    expect(process.exitCode).toBe(2);
    expect(errors.join("\n")).toContain(`${folder} is not empty: give a new or empty folder, or add --force`);
    expect(existsSync(join(folder, "plan.yaml"))).toBe(false);

    output = [];
    await run(["export-plan", folder, "--force"]);
    expect(process.exitCode).toBe(0);
    expect(output.join("\n")).toContain("Removed, as the plan no longer has them: priorities/11.yaml, mappings/OLD-MEASURE.yaml");
    expect(existsSync(join(folder, "priorities", "11.yaml"))).toBe(false);
    expect(readFileSync(join(folder, "notes.txt"), "utf8")).toBe("Our own notes");
    await expect(readPlanFolder(folder)).resolves.toBeDefined();
  }, 120_000);

  it("says so when there is no plan to export, and writes nothing", async () => {
    await run(["export-plan", join(dataDir, "nothing")]);
    expect(process.exitCode).toBe(2);
    expect(errors.join("\n")).toContain("There is no plan to export: load one first");
    expect(existsSync(join(dataDir, "nothing"))).toBe(false);
  }, 60_000);

  it("shows how to use export-plan when it is given no folder", async () => {
    await run(["export-plan"]);
    expect(process.exitCode).toBe(2);
    expect(errors.join("\n")).toContain("Usage: waymark export-plan FOLDER [--force]");
  });
});
