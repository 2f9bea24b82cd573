import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { sharedPath } from "../../test/support/shared.ts";
import { run } from "./main.ts";

/** `waymark import ssda903` and `waymark import cin` (the shared sample returns), `waymark bank-holidays` and `waymark compute`, on an embedded database of the test's own. */
describe("importing case records from the command line", () => {
  let dir: string;
  let printed: string[];
  let errors: string[];
  const returns = sharedPath("data", "ssda903");
  const episodes = readdirSync(returns)
    .filter((name) => name.endsWith(".csv"))
    .map((name) => join(returns, name));
  const census = (name: string) => sharedPath("data", "cin-census", name);

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "waymark-import-casework-"));
    vi.stubEnv("WAYMARK_DATA_DIR", join(dir, "db"));
    vi.stubEnv("DATABASE_URL", "");
    vi.stubEnv("CASEWORK_KEY", "");
  });

  afterAll(() => {
    vi.unstubAllEnvs();
    rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    printed = [];
    errors = [];
    vi.spyOn(console, "log").mockImplementation((line: string) => void printed.push(line));
    vi.spyOn(console, "error").mockImplementation((line: string) => void errors.push(line));
    process.exitCode = undefined;
  });

  afterEach(() => {
    vi.restoreAllMocks();
    process.exitCode = undefined;
  });

  it("refuses a 903 return with its problems by file, row and field, and status 1", async () => {
    await run(["import", "ssda903", ...episodes, "--year", "2018", "--la", "879"]);
    expect(process.exitCode).toBe(1);
    const said = errors.join("\n");
    expect(said).toContain("were not imported; nothing has changed. 108 problems (import the rest with --valid-rows):");
    expect(said).toContain('header.csv row 1273, MOTHER: "1.0" is not one of the codes the return allows (0, 1)');
  });

  it("imports the valid rows when asked, saying what was dropped and left out, and changes nothing the second time", async () => {
    await run(["import", "ssda903", ...episodes, "--year", "2018", "--la", "879", "--valid-rows"]);
    expect(process.exitCode).toBe(0);
    const said = printed.join("\n");
    expect(said).toContain("for council 879, records as at 31 March 2018");
    expect(said).toContain("ssd_cla_episodes: 4,987 added, 0 changed, 0 already held");
    expect(said).toContain("UPN (2,675)");
    expect(said).toContain("108 rows with problems left out:");
    printed = [];
    await run(["import", "ssda903", ...episodes, "--year", "2018", "--la", "879", "--valid-rows"]);
    expect(printed.join("\n")).toContain("these files were imported already");
  });

  it("needs a 903 return's collection year, and says so with status 2", async () => {
    await run(["import", "ssda903", ...episodes, "--la", "879"]);
    expect(process.exitCode).toBe(2);
    expect(errors.join("\n")).toContain("An SSDA903 return needs its collection year: the year it ends, 2025 for April 2024 to March 2025 (--year)");
  });

  it("loads a downloaded copy of the bank holidays feed, and refuses a file that is not one with status 2", async () => {
    const events = [["2028-01-03", "New Year's Day"], ["2028-12-25", "Christmas Day"], ["2028-12-26", "Boxing Day"]].map(([date, title]) => ({ title, date, notes: "", bunting: true }));
    const feed = join(dir, "bank-holidays.json");
    writeFileSync(feed, JSON.stringify({ "england-and-wales": { division: "england-and-wales", events } }));
    await run(["bank-holidays", feed]);
    const said = printed.join("\n");
    expect(said).toContain("Loaded the England and Wales bank holidays for 2028 from bank-holidays.json: working days are now counted for 2010 to 2028.");
    // The measures of the return imported before count working days: they are computed again by the new bank holidays.
    expect(said).toMatch(/Council 879, records as at 31 March 2018: \d+ measures computed again/);
    const notFeed = join(dir, "notes.json");
    writeFileSync(notFeed, "[]");
    await run(["bank-holidays", notFeed]);
    expect(process.exitCode).toBe(2);
    expect(errors.join("\n")).toContain("(the whole feed): expected the GOV.UK bank holidays feed: an object with a division for each country");
  });

  it("computes the measures again only where what they read has changed, and needs a council's three-digit code", async () => {
    await run(["compute"]);
    expect(process.exitCode).toBe(0);
    expect(printed.join("\n")).toMatch(/^Council 879, records as at 31 March 2018: \d+ measures unchanged, as nothing they read has changed/);
    expect(printed.join("\n")).not.toContain("computed again");
    await run(["compute", "--la", "Plymouth"]);
    expect(process.exitCode).toBe(2);
    expect(errors.join("\n")).toContain("--la must be a council's three-digit DfE code, like 879");
  });

  it("imports a census for the council its header names, and refuses the invalid 2026 sample by element path even for its valid rows", async () => {
    await run(["import", "cin", census("fake_CIN_data.xml"), "--valid-rows"]);
    expect(printed.join("\n")).toContain("Imported fake_CIN_data.xml for council 975, records as at 21 July 2022");
    await run(["import", "cin", census("CIN_Census_2026.xml"), "--valid-rows"]);
    expect(process.exitCode).toBe(1);
    const said = errors.join("\n");
    expect(said).toContain("CIN_Census_2026.xml was not imported; nothing has changed. 8 problems, and no row can be imported until those in the header are put right:");
    expect(said).toContain("CIN_Census_2026.xml Children/Child[1]/CINdetails[1]/Assessments[1], AssessmentActualStartDate: 2028-04-28 is after the census reference date, 2024-03-31");
  });
});
