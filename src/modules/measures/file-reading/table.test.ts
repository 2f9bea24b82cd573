import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { fileLimits } from "../../../core/upload-limits.ts";
import { csvSheet, parseFile } from "./table.ts";

const small = { ...fileLimits, rows: 3, cellCharacters: 10, lineCharacters: 40 };
const csv = (text: string) => parseFile("csv", Buffer.from(text), small);

describe("reading a CSV file", () => {
  it("gives each row with the line it is on, keeping ragged rows for the importer to name", () => {
    expect(csvSheet(' code , value \n\nA,"1\n2"\nB\nC,3,4\n')).toEqual({
      name: "CSV",
      header: ["code", "value"],
      rows: [
        { line: 3, cells: ["A", "1\n2"] },
        { line: 5, cells: ["B"] },
        { line: 6, cells: ["C", "3", "4"] },
      ],
    });
  });

  it.each([
    ["a quote never closed", 'a,b\n1,"2\n3,4\n', 'The file cannot be read as CSV: a quote (") opened on or before line'],
    ["a quote in the middle of a cell", 'a,b\n1,"2"x\n', 'line 2 has a quote (") in the middle of a cell'],
    ["a line longer than the limit", `a,b\n1,${"2".repeat(50)}\n`, "line 2 is longer than 40 characters, the most one line may have"],
    ["more rows than the limit", "a\n1\n2\n3\n4\n", "The file has more than 3 rows below the header, the most one import takes"],
    ["a cell longer than the limit", "a,b\n1,12345678901\n", "Row 2, b: the cell has 11 characters; the limit is 10"],
  ])("refuses %s, saying which limit or line", async (_, text, message) => {
    await expect(csv(text)).rejects.toThrow(message);
  });

  it("takes as many rows as the limit", async () => {
    expect((await csv("a\n1\n2\n3\n"))[0]?.rows).toHaveLength(3);
  });
});

describe("reading a workbook", () => {
  it("gives each sheet's cells as text: dates as YYYY-MM-DD, formulas as their results, rich text as its words", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Values");
    sheet.addRow(["code", "date", "sum", "text"]);
    sheet.addRow(["A", new Date(Date.UTC(2025, 2, 31)), { formula: "1+1", result: 2 }, { richText: [{ text: "Very " }, { text: "close" }] }]);
    sheet.addRow([]);
    sheet.addRow(["B", null, null, "x"]);
    const [read] = await parseFile("xlsx", Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(read).toEqual({
      name: "Values",
      header: ["code", "date", "sum", "text"],
      rows: [
        { line: 2, cells: ["A", "2025-03-31", "2", "Very close"] },
        { line: 4, cells: ["B", "", "", "x"] },
      ],
    });
  });

  it("refuses a zip that is not a workbook", async () => {
    const JSZip = (await import("jszip")).default;
    const zip = new JSZip();
    zip.file("readme.txt", "hello");
    await expect(parseFile("xlsx", await zip.generateAsync({ type: "nodebuffer" }))).rejects.toThrow("This is not an Excel workbook (.xlsx), or it is damaged");
  });
});
