import { readFileSync } from "node:fs";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { sharedPath } from "../../../test/support/shared.ts";
import { workbook as readWorkbook } from "../../../test/support/tables.ts";
import { goodOrOutstanding, parseOfstedOverview as parseSheets, type OfstedGrade } from "./ofsted-grades.ts";

const parseOfstedOverview = async (content: Uint8Array) => parseSheets(await readWorkbook(content));

const workbookFile = () => readFileSync(sharedPath("data", "ofsted", "ofsted_csc_ilacs_overview.xlsx"));

/** A one-sheet workbook in the overview's layout, for the cases the real file does not have. */
async function overview(rows: (string | Date)[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("ofsted_cs_inspections_overview");
  sheet.addRow(["la_code", "ltla23cd", "local_authority", "overall_effectiveness_grade", "publication_date"]);
  rows.forEach((row) => sheet.addRow(row));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe("the Ofsted ILACS overview workbook", () => {
  let grades: OfstedGrade[];
  beforeAll(async () => {
    grades = await parseOfstedOverview(workbookFile());
  });

  it("gives Plymouth's latest judgement in Ofsted's words", () => {
    expect(grades.find((g) => g.oldLaCode === "879")).toEqual({
      laName: "plymouth",
      oldLaCode: "879",
      newLaCode: "E06000026",
      judgement: "Requires improvement to be good",
      publishedOn: "2024-03-15",
    });
  });

  it("leaves out the councils whose latest inspection has no grade yet (Brent, Somerset)", () => {
    expect(grades).toHaveLength(151);
    expect(grades.map((g) => g.oldLaCode)).not.toContain("304");
    expect(grades.map((g) => g.oldLaCode)).not.toContain("933");
  });

  it("counts the councils judged good or outstanding", () => {
    expect(goodOrOutstanding(grades).size).toBe(109);
    expect(goodOrOutstanding(grades).has("879")).toBe(false);
  });

});

describe("reading grades", () => {
  it.each([
    ["outstanding", "Outstanding"],
    ["Good", "Good"],
    ["requires improvement", "Requires improvement to be good"],
    ["Requires improvement to be good", "Requires improvement to be good"],
    ["INADEQUATE", "Inadequate"],
  ])("reads %j as %j", async (written, judgement) => {
    const [grade] = await parseOfstedOverview(await overview([["879", "E06000026", "plymouth", written, "15/03/24"]]));
    expect(grade?.judgement).toBe(judgement);
  });

  it("refuses a grade that is not one of Ofsted's four", async () => {
    await expect(parseOfstedOverview(await overview([["879", "E06000026", "plymouth", "satisfactory", ""]]))).rejects.toThrow(/row 2: "satisfactory" is not an Ofsted judgement/);
  });

  it("reads a publication date cell as well as dd/mm/yy text", async () => {
    const [grade] = await parseOfstedOverview(await overview([["879", "E06000026", "plymouth", "good", new Date(Date.UTC(2024, 2, 15))]]));
    expect(grade?.publishedOn).toBe("2024-03-15");
  });

  it("keys a council without an la_code by its name", async () => {
    const grades = await parseOfstedOverview(await overview([["nan", "E06000026", "plymouth", "good", "15/03/24"]]));
    expect(grades[0]?.oldLaCode).toBeNull();
    expect(goodOrOutstanding(grades)).toEqual(new Set(["plymouth"]));
  });

  it("refuses a workbook without the overview's columns", async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("Sheet1").addRow(["name", "grade"]);
    await expect(parseOfstedOverview(Buffer.from(await workbook.xlsx.writeBuffer()))).rejects.toThrow(/not the Ofsted ILACS overview/);
  });
});
