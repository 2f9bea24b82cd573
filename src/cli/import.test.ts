import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { demoPlanFolder } from "../demo/index.ts";
import { sharedPath } from "../../test/support/shared.ts";
import { run } from "./main.ts";

/** `waymark import` with bad files: a message and status 2 for a file it cannot read, rows and status 1 for bad rows; never a stack trace. */
describe("importing a bad file from the command line", () => {
  let dir: string;
  let errors: string[];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "waymark-import-"));
    vi.stubEnv("WAYMARK_DATA_DIR", join(dir, "db"));
    vi.stubEnv("DATABASE_URL", "");
  });

  afterAll(() => {
    vi.unstubAllEnvs();
    rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    errors = [];
    vi.spyOn(console, "error").mockImplementation((line: string) => void errors.push(line));
    vi.spyOn(console, "log").mockImplementation(() => undefined);
    process.exitCode = undefined;
  });

  afterEach(() => {
    vi.restoreAllMocks();
    process.exitCode = undefined;
  });

  const file = (name: string, content: string | Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  it.each([
    ["neighbours", "binary.csv", Buffer.from([0x00, 0xff, 0xfe, 0x13, 0x37, 0x00]), ["--year", "2025"], "binary.csv was not imported; nothing has changed. The file is not UTF-8 text"],
    ["neighbours", "unclosed.csv", 'old_la_code,la_name\n"879,Plymouth\n', ["--year", "2025"], 'The file cannot be read as CSV: a quote (") opened on or before line 2 is never closed'],
    ["values", "latin1.csv", Buffer.from("measure_code,period_end,value,note\nREREFERRALS,2025-11-30,1,Café\n", "latin1"), [], "latin1.csv was not imported; nothing has changed. The file is not UTF-8 text"],
    ["ofsted", "empty.xlsx", "", [], "empty.xlsx was not imported; nothing has changed. The file is empty"],
  ])("refuses %s from %s with a message and status 2", async (kind, name, content, options, message) => {
    await run(["import", kind, file(name, content), ...options]);
    expect(process.exitCode).toBe(2);
    expect(errors.join("\n")).toContain(message);
    expect(errors.join("\n")).not.toMatch(/\n\s+at /);
  });

  it("sets a mapping from its file, then imports a DfE file through it and says what it could not compute", async () => {
    const output: string[] = [];
    vi.spyOn(console, "log").mockImplementation((line: string) => void output.push(line));
    const mappingFile = file("cpp-repeat.yaml", readFileSync(join(demoPlanFolder, "mappings", "CPP-REPEAT.yaml"), "utf8"));
    await run(["mapping", "import", mappingFile]);
    expect(errors).toEqual([]);
    expect(output).toEqual(["Added the measure CPP-REPEAT and set CPP-REPEAT's benchmark mapping from cpp-repeat.yaml: d3_cpps_subsequent_plan_2013_to_2025.csv."]);
    output.length = 0;
    await run(["import", "dfe", sharedPath("data", "dfe-ees", "d3_cpps_subsequent_plan_2013_to_2025.csv"), "--measure", "cpp-repeat"]);
    expect(process.exitCode).toBe(0);
    expect(output.join("\n").split("\n")).toEqual([
      expect.stringMatching(/^Imported \d+ published values for CPP-REPEAT \(2013, .*2025\) from d3_cpps_subsequent_plan_2013_to_2025\.csv\.$/),
      "Not computed:",
      "  The plan names no council (its old LA code), so no quartile band, rank or good-or-outstanding mean was computed",
    ]);
  }, 60_000);

  it("lists a model's bad rows with their row and column, and exits with status 1", async () => {
    const header = ["old_la_code", "la_name", "region_ind", "region_name", ...Array.from({ length: 10 }, (_, i) => [`SN_${i + 1}`, `SN_${i + 1}P`]).flat()].join(",");
    const row = (code: string) => [code, "Plymouth", "4", "South West", ...Array.from({ length: 10 }, (_, i) => [String(800 + i), "Close"]).flat()].join(",");
    await run(["import", "neighbours", file("bad-codes.csv", `${header}\n${row("=1+1")}\n${row("")}\n`), "--year", "2025"]);
    expect(process.exitCode).toBe(1);
    expect(errors.join("\n").split("\n")).toEqual([
      "bad-codes.csv was not imported; nothing has changed. 2 problems:",
      '  row 2, old_la_code: "=1+1" is not a council code: an old_la_code is three digits, like 879',
      "  row 3, old_la_code: the council's old_la_code is empty",
    ]);
  });
});
