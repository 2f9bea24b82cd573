import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { signedIn, type Client } from "../../../test/support/session.ts";
import { figureFormat } from "./exports.ts";
import { useTestApp } from "../../../test/support/app.ts";

const testApp = useTestApp({ data: "demo" });
let viewer: Client;

beforeAll(async () => {
  viewer = await signedIn(testApp.app, "viewer");
});

async function workbookFrom(url: string) {
  const response = await viewer.get(url);
  expect(response.headers["content-type"]).toContain("spreadsheetml");
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
  return workbook;
}

/** A sheet's rows as header name → cell, for reading a measure's row by column. */
function rowsOf(sheet: ExcelJS.Worksheet) {
  const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  const rows: Map<string, ExcelJS.Cell>[] = [];
  sheet.eachRow((row, number) => {
    if (number > 1) rows.push(new Map(header.map((name, i) => [name, row.getCell(i + 1)])));
  });
  return { header, rows };
}

describe("the scorecard in Excel", () => {
  it("writes figures as numbers with the measure's number format, its numerator and denominator in their own columns", async () => {
    const sheet = (await workbookFrom("/measures.xlsx")).getWorksheet("Scorecard");
    if (!sheet) throw new Error("no Scorecard sheet");
    const { header, rows } = rowsOf(sheet);
    expect(header).toEqual(expect.arrayContaining(["code", "latest", "numerator", "denominator", "target", "england", "rank"]));
    const row = (code: string) => rows.find((r) => r.get("code")?.value === code);

    // 22% (48/211): a percentage with no decimal places.
    const vacancies = row("SW-VACANCY-RATE");
    expect(vacancies?.get("latest")?.type).toBe(ExcelJS.ValueType.Number);
    expect(vacancies?.get("latest")?.value).toBeCloseTo(0.22, 10);
    expect(vacancies?.get("latest")?.numFmt).toBe("0%");
    expect(vacancies?.get("numerator")?.value).toBe(48);
    expect(vacancies?.get("denominator")?.value).toBe(211);
    expect(vacancies?.get("numerator")?.numFmt).toBe("#,##0");

    // 43.3% (88/203): one decimal place.
    const careLeavers = row("CARE-LEAVERS-EET");
    expect(careLeavers?.get("latest")?.value).toBe(0.433);
    expect(careLeavers?.get("latest")?.numFmt).toBe("0.0%");
    expect([careLeavers?.get("numerator")?.value, careLeavers?.get("denominator")?.value]).toEqual([88, 203]);

    // Every figure and count in the sheet is a number with a format, never text such as "88.5% (177/200)".
    const numeric = ["latest", "numerator", "denominator", "target", "england", "statistical_neighbours", "neighbours_with_value", "rank", "rank_of"];
    const written = rows.flatMap((r) => numeric.map((name) => r.get(name)).filter((cell) => cell && cell.value !== null));
    expect(written.length).toBeGreaterThan(rows.length);
    for (const cell of written) {
      expect(cell?.type, `${cell?.address ?? ""}: ${String(cell?.value)}`).toBe(ExcelJS.ValueType.Number);
      expect(cell?.numFmt, cell?.address).toBeTruthy();
    }
  });

  it("puts the licence in a Notes sheet, not in a row of the scorecard", async () => {
    const workbook = await workbookFrom("/measures.xlsx");
    const scorecard = workbook.getWorksheet("Scorecard");
    const notes = workbook.getWorksheet("Notes");
    if (!scorecard || !notes) throw new Error("the workbook needs a Scorecard sheet and a Notes sheet");
    const texts = (sheet: ExcelJS.Worksheet) => {
      const found: string[] = [];
      sheet.eachRow((row) => row.eachCell((cell) => void found.push(cell.text)));
      return found;
    };
    expect(texts(notes).some((t) => t.includes("Open Government Licence"))).toBe(true);
    expect(texts(scorecard).some((t) => t.includes("Open Government Licence"))).toBe(false);
    // Every row of the scorecard below the header is a measure.
    const { rows } = rowsOf(scorecard);
    for (const r of rows) expect(String(r.get("code")?.value)).toMatch(/^[A-Z0-9-]+$/);
  });

  it("keeps the page's filters", async () => {
    const all = rowsOf((await workbookFrom("/measures.xlsx")).getWorksheet("Scorecard") as ExcelJS.Worksheet).rows;
    const seventh = rowsOf((await workbookFrom("/measures.xlsx?priority=7")).getWorksheet("Scorecard") as ExcelJS.Worksheet).rows;
    expect(seventh.length).toBeGreaterThan(0);
    expect(seventh.length).toBeLessThan(all.length);
    for (const r of seventh) expect(String(r.get("priorities")?.value).split(" ")).toContain("7");
  });
});

describe("the scorecard as CSV", () => {
  it("writes the latest value, its numerator and its denominator as plain numbers in columns of their own", async () => {
    const csv = (await viewer.get("/measures.csv")).body;
    const [columns = [], ...lines] = parse(csv, { relaxColumnCount: true }) as string[][];
    const cells = lines.find((l) => l[0] === "CARE-LEAVERS-EET") ?? [];
    const at = (name: string) => cells[columns.indexOf(name)];
    expect([at("unit"), at("latest"), at("numerator"), at("denominator")]).toEqual(["percentage", "43.3", "88", "203"]);
    expect(csv).toContain("Open Government Licence");
  });
});

describe("Excel number formats", () => {
  it.each([
    ["percentage", 0, "0%"],
    ["percentage", 1, "0.0%"],
    ["count", 0, "#,##0"],
    ["rate-per-10000", 1, "#,##0.0"],
    ["money", 0, '"£"#,##0'],
    ["days", 2, "#,##0.00"],
  ] as const)("a %s with %i decimal places is written %s", (unit, decimals, format) => {
    expect(figureFormat(unit, decimals)).toBe(format);
  });
});
