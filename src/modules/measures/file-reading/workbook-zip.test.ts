import ExcelJS from "exceljs";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { checkWorkbookZip } from "./workbook-zip.ts";

const limits = { rows: 1_000, workbookPartBytes: 1024 * 1024, workbookBytes: 2 * 1024 * 1024 };

async function workbookOf(rows: number): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Values");
  for (let i = 0; i <= rows; i++) sheet.addRow(["REREFERRALS", "2025-11-30", i]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A workbook with one part of `bytes` spaces: a zip bomb, small packed and large unpacked. */
async function bomb(bytes: number, part = "xl/worksheets/sheet2.xml"): Promise<Buffer> {
  const zip = await JSZip.loadAsync(await workbookOf(1));
  zip.file(part, " ".repeat(bytes));
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
}

/** Rewrites the unpacked size every directory entry of `name` states, as a lying zip does. */
function claim(zip: Buffer, name: string, size: number): Buffer {
  const copy = Buffer.from(zip);
  for (let at = copy.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); at >= 0; at = copy.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at + 4)) {
    const nameLength = copy.readUInt16LE(at + 28);
    if (copy.toString("utf8", at + 46, at + 46 + nameLength) === name) copy.writeUInt32LE(size, at + 24);
  }
  return copy;
}

describe("checking a workbook before it is opened", () => {
  it("passes an ordinary workbook", async () => {
    const zip = await workbookOf(100);
    expect(() => checkWorkbookZip(zip, limits)).not.toThrow();
  });

  it("refuses a part larger unpacked than the limit, from the zip's directory", async () => {
    const zip = await bomb(3 * 1024 * 1024);
    expect(zip.length).toBeLessThan(50_000);
    expect(() => checkWorkbookZip(zip, limits)).toThrow("The workbook is too large: the part xl/worksheets/sheet2.xml would be 3 MB unpacked; the limit for one part is 1 MB");
  });

  it("refuses a workbook whose parts together pass the limit", async () => {
    const zip = await JSZip.loadAsync(await bomb(900 * 1024));
    zip.file("xl/worksheets/sheet3.xml", " ".repeat(900 * 1024));
    zip.file("xl/media/image1.png", " ".repeat(900 * 1024));
    const packed = await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
    expect(() => checkWorkbookZip(packed, limits)).toThrow("its parts would be over 2 MB unpacked");
  });

  it("refuses a part that unpacks to more than its directory entry claims, without unpacking the rest", async () => {
    const lying = claim(await bomb(3 * 1024 * 1024), "xl/worksheets/sheet2.xml", 1000);
    expect(() => checkWorkbookZip(lying, limits)).toThrow("the part xl/worksheets/sheet2.xml unpacks to more than the 1000 bytes it claims");
  });

  it("refuses a sheet of more rows than an import takes", async () => {
    const zip = await workbookOf(1_001);
    expect(() => checkWorkbookZip(zip, limits)).toThrow("The workbook is too long: its sheet sheet1.xml has 1,002 rows; the limit is 1,000 rows below the header");
  });

  it.each([
    ["a CSV file", Buffer.from("measure_code,period_end,value\n")],
    ["a zip cut short", Buffer.from("PK\u0003\u0004 and then nothing more than this")],
    ["nothing", Buffer.alloc(0)],
  ])("refuses %s as not a workbook", (_, bytes) => {
    expect(() => checkWorkbookZip(bytes, limits)).toThrow("This is not an Excel workbook (.xlsx)");
  });
});
