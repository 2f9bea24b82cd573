import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import type { CaseFile } from "./case-files.ts";
import { openWorkbook, sheetRows, workbookSheets, type SheetRow, type WorkbookLimits } from "./workbook-stream.ts";

const scratch = mkdtempSync(join(tmpdir(), "waymark-workbook-stream-"));

/** A workbook written with exceljs, as a council's spreadsheet would be: sheets by name, each a list of rows. */
async function workbookBytes(sheets: Record<string, unknown[][]>): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) book.addWorksheet(name).addRows(rows);
  return Buffer.from(await book.xlsx.writeBuffer());
}

function fileOf(name: string, bytes: Buffer): CaseFile {
  writeFileSync(join(scratch, name), bytes);
  return { name, path: join(scratch, name) };
}

/** Every sheet's rows, in the order the reader gives them. */
async function readAll(file: CaseFile, limits?: WorkbookLimits): Promise<{ name: string; rows: SheetRow[] }[]> {
  const workbook = await openWorkbook(file, limits);
  const sheets = [];
  for (const { name, part } of await workbookSheets(workbook)) {
    const rows: SheetRow[] = [];
    for await (const row of sheetRows(workbook, part)) rows.push(row);
    sheets.push({ name, rows });
  }
  return sheets;
}

describe("reading a workbook as a stream", () => {
  it("gives the sheets in the order Excel shows them, not the order their parts are stored in", async () => {
    const zip = await JSZip.loadAsync(await workbookBytes({ "List 1": [["first"]], "List 3": [["second"]], Notes: [["third"]] }));
    // Move the last sheet to the front of the workbook's own list, as a user dragging its tab does.
    const xml = (await zip.file("xl/workbook.xml")?.async("string")) ?? "";
    const tabs = /<sheet [^>]*\/>/g;
    const [first, second, third] = xml.match(tabs) ?? [];
    let n = 0;
    zip.file("xl/workbook.xml", xml.replace(tabs, () => [third, first, second][n++] ?? ""));
    const file = fileOf("moved.xlsx", await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));

    const sheets = await readAll(file);
    expect(sheets.map((sheet) => [sheet.name, sheet.rows[0]?.cells[0]])).toEqual([
      ["Notes", "third"],
      ["List 1", "first"],
      ["List 3", "second"],
    ]);
  });

  it("looks up shared text, a styled run of it joined into one, and keeps each cell in its column and row", async () => {
    const file = fileOf(
      "shared.xlsx",
      await workbookBytes({
        "List 3": [
          ["Child Unique ID", "Allocated Team", "Referral NFA?"],
          ["C1", { richText: [{ text: "Multi Agency " }, { text: "Safeguarding Hub", font: { bold: true } }] }, "No"],
          [],
          ["C2", null, "No"],
        ],
      }),
    );
    const [sheet] = await readAll(file);
    expect(sheet?.rows.map((row) => row.number)).toEqual([1, 2, 4]);
    expect(sheet?.rows[1]?.cells).toEqual(["C1", "Multi Agency Safeguarding Hub", "No"]);
    expect(sheet?.rows[2]?.cells).toEqual(["C2", undefined, "No"]);
  });

  it("gives a date as Excel's serial number of days, and a formula as its last result", async () => {
    const file = fileOf(
      "dates.xlsx",
      await workbookBytes({
        "List 1": [
          [new Date(Date.UTC(2024, 0, 15)), { formula: "A1+1", result: new Date(Date.UTC(2024, 0, 16)) }, 3, true, { error: "#REF!" }],
        ],
      }),
    );
    const [sheet] = await readAll(file);
    const serial = (year: number, month: number, day: number) => (Date.UTC(year, month - 1, day) - Date.UTC(1899, 11, 30)) / 86_400_000;
    expect(sheet?.rows[0]?.cells).toEqual([serial(2024, 1, 15), serial(2024, 1, 16), 3, true, { error: "#REF!" }]);
  });

  describe("refusing a workbook too large unpacked, from its zip's directory", () => {
    const longSheet = async () => fileOf("long.xlsx", await workbookBytes({ "List 1": Array.from({ length: 2_000 }, (_, i) => [`C${String(i)}`, "01/02/2024", "q) 6: Police"]) }));

    it.each([
      ["a part over the limit for one part", { workbookPartBytes: 50 * 1024, workbookBytes: 10 * 1024 * 1024 }, /^long\.xlsx is too large: the part xl\/worksheets\/sheet1\.xml would be \d+ KB unpacked; the limit for one part is 50 KB\.$/],
      ["parts together over the limit for a workbook", { workbookPartBytes: 10 * 1024 * 1024, workbookBytes: 50 * 1024 }, /^long\.xlsx is too large: its parts would be over 50 KB unpacked, the limit for a workbook\.$/],
    ])("%s", async (_case, limits, message) => {
      await expect(readAll(await longSheet(), limits)).rejects.toThrow(message);
    });

    it("reads the same workbook within the limits", async () => {
      const [sheet] = await readAll(await longSheet());
      expect(sheet?.rows).toHaveLength(2_000);
      expect(sheet?.rows.at(-1)?.cells).toEqual(["C1999", "01/02/2024", "q) 6: Police"]);
    });
  });

  it("refuses a file that is not a zip in one sentence", async () => {
    await expect(openWorkbook(fileOf("list1.xlsx", Buffer.from("Child Unique ID,Date of Contact\nC1,01/02/2024\n")))).rejects.toThrow(
      "list1.xlsx is not an Excel workbook (.xlsx), or it is damaged: save it from Excel as an .xlsx file and try again.",
    );
  });
});
