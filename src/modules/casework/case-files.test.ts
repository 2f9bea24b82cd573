import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DroppedFields, fileSha256, isoDate, ukDate } from "./case-files.ts";

describe("dates as case files write them", () => {
  it.each([
    ["27/03/2008", "2008-03-27"],
    ["1/4/2024", "2024-04-01"],
    ["29/02/2024", "2024-02-29"],
    [" 31/12/2025 ", "2025-12-31"],
    ["29/02/2023", null],
    ["31/04/2024", null],
    ["2024-04-01", null],
    ["01/13/2024", null],
    ["", null],
  ])("reads %j in a 903 file as %j", (text, expected) => {
    expect(ukDate(text)).toBe(expected);
  });

  it.each([
    ["2019-12-06", "2019-12-06"],
    ["2022-07-21T10:12:28Z", "2022-07-21"],
    ["2023-05-23T11:14:05", "2023-05-23"],
    ["2024-03-31 00:00:00.000", "2024-03-31"],
    ["2028-02-30", null],
    ["06/12/2019", null],
    ["2019-12-6", null],
    ["", null],
  ])("reads %j in an XML or SSD file as %j", (text, expected) => {
    expect(isoDate(text)).toBe(expected);
  });
});

describe("what a case file importer keeps track of", () => {
  it("counts the values of each field it drops, never the empty ones", () => {
    const dropped = new DroppedFields();
    for (const value of ["A123456789123", "", "  ", null, "B123456789123"]) dropped.drop("UPN", value);
    dropped.drop("HOME_POST", "PL1 2AA");
    expect(dropped.counts).toEqual({ UPN: 2, HOME_POST: 1 });
  });

  it("hashes a file as a stream, and refuses one that is not there by its name", async () => {
    const dir = mkdtempSync(join(tmpdir(), "waymark-case-files-"));
    writeFileSync(join(dir, "header.csv"), "CHILD,SEX\n1,2\n");
    expect(await fileSha256({ name: "header.csv", path: join(dir, "header.csv") })).toBe("737f776c017fb743e8392d7fa9a773ae25793fca843bf63497166ee066461aa0");
    await expect(fileSha256({ name: "episodes.csv", path: join(dir, "episodes.csv") })).rejects.toThrow("episodes.csv cannot be read.");
  });
});
