import { describe, expect, it } from "vitest";
import { csv, publishedCsv } from "../../../test/support/tables.ts";
import type { Sheet } from "./file-reading/read-table.ts";
import { parseDfeCsv, readDfeSheet, yearOfPeriod, type BenchmarkMapping, type PublishedRow } from "./dfe.ts";

const published = (name: string) => publishedCsv(name);
const parseDfe = (file: string | Sheet, mapping: BenchmarkMapping) => parseDfeCsv(typeof file === "string" ? csv(file) : file, mapping);
const find = (rows: PublishedRow[], year: number, areaCode: string) => rows.find((r) => r.year === year && r.areaCode === areaCode);

const REREFERRALS: BenchmarkMapping = { column: "rereferral_percent", numeratorColumn: "rereferral_count", denominatorColumn: "referral_count" };
const CLA_RATE: BenchmarkMapping = { column: "rate_per_10000", filters: { population_type: "Children looked after on 31 March each year" } };

const HEADER = "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,new_la_code,la_name,referral_count,rereferral_count,rereferral_percent";
const plymouth = (percent: string, count = "729", referrals = "2806") =>
  `2025,Reporting year,Local authority,E92000001,England,E12000009,South West,879,E06000026,Plymouth,${referrals},${count},${percent}`;

describe("published cells", () => {
  it.each([
    ["26", 26, null],
    [" 22.6 ", 22.6, null],
    ["0", 0, null],
    ["c", null, "c"],
    ["C", null, "c"],
    ["z", null, "z"],
    ["k", null, "k"],
    ["x", null, "x"],
    ["low", null, "low"],
    ["u", null, "u"],
  ])("reads %j as value %j, symbol %j", (raw, value, symbol) => {
    const { rows, problems } = parseDfe([HEADER, plymouth(raw)].join("\n"), REREFERRALS);
    expect(problems).toEqual([]);
    expect(rows[0]).toMatchObject({ value, symbol });
  });

  it("reads a count written with thousands separators", () => {
    const { rows } = parseDfe([HEADER, plymouth("26", "729", '"2,806"')].join("\n"), REREFERRALS);
    expect(rows[0]).toMatchObject({ numerator: 729, denominator: 2806 });
  });

  it.each(["", "n/a", '"12,34"', "26%", "0c"])("reports %j as a problem, not a zero", (raw) => {
    const { rows, problems } = parseDfe([HEADER, plymouth(raw)].join("\n"), REREFERRALS);
    expect(rows).toEqual([]);
    expect(problems).toEqual([{ row: 2, column: "rereferral_percent", message: expect.any(String) }]);
  });
});

describe("time periods", () => {
  it.each([
    ["2025", 2025],
    ["202425", 2025],
    ["199900", 2000],
    ["202426", null],
    ["25", null],
    ["2024/25", null],
  ])("reads %j as the year %j", (period, year) => {
    expect(yearOfPeriod(period)).toBe(year);
  });
});

describe("a wide file: re-referrals (c1)", () => {
  const { rows, problems } = parseDfe(published("c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"), REREFERRALS);

  it("reads the whole file without a problem", () => {
    expect(problems).toEqual([]);
  });

  it("reads Plymouth's 2025 re-referrals with their numerator and denominator", () => {
    expect(find(rows, 2025, "879")).toEqual({
      year: 2025,
      level: "local",
      areaCode: "879",
      newLaCode: "E06000026",
      areaName: "Plymouth",
      regionCode: "E12000009",
      value: 26,
      symbol: null,
      numerator: 729,
      denominator: 2806,
    });
  });

  it("reads England's 2025 rate from the national row", () => {
    expect(find(rows, 2025, "E92000001")).toMatchObject({ level: "national", areaName: "England", regionCode: null, newLaCode: null, value: 22.6 });
  });

  it("reads the South West's 2025 rate from the regional row", () => {
    expect(find(rows, 2025, "E12000009")).toMatchObject({ level: "regional", areaName: "South West", regionCode: "E12000009", value: 22.1 });
  });

  it("keeps a suppressed value as its symbol, not a zero (Isles of Scilly 2024)", () => {
    expect(find(rows, 2024, "420")).toMatchObject({ value: null, symbol: "c", numerator: null, denominator: 22 });
  });

  it("keeps a value of low reliability as u (Hampshire 2024)", () => {
    expect(find(rows, 2024, "850")).toMatchObject({ value: null, symbol: "u" });
  });
});

describe("a long file with filters: children looked after per 10,000", () => {
  const { rows, problems } = parseDfe(published("cla_number_and_rate_per_10k_children.csv"), CLA_RATE);

  it("reads the file, UTF-8 byte order mark and all, without a problem", () => {
    expect(problems).toEqual([]);
    expect(rows.length).toBeGreaterThan(0);
  });

  it("keeps only the rows the filter picks out", () => {
    expect(rows.filter((r) => r.year === 2025 && r.areaCode === "879")).toHaveLength(1);
  });

  it("reads Plymouth's 2025 rate of children looked after at 31 March", () => {
    expect(find(rows, 2025, "879")).toMatchObject({ value: 101, symbol: null, newLaCode: "E06000026", regionCode: "E12000009" });
  });

  it("reads England's 2025 rate", () => {
    expect(find(rows, 2025, "E92000001")?.value).toBe(67);
  });

  it("keeps the City of London's suppressed 2025 rate as c, not 0", () => {
    expect(find(rows, 2025, "201")).toMatchObject({ value: null, symbol: "c" });
  });
});

describe("an academic-year file: persistent absence of children in need", () => {
  const { rows, problems } = parseDfe(published("absence_la.csv"), {
    column: "pt_pupils_pa_10_exact",
    filters: { social_care_group: "CINO at 31 March", phase_type_grouping: "Total" },
  });

  it("dates 2024/25 (202425) as 2025, the year it ends", () => {
    expect(problems).toEqual([]);
    expect(find(rows, 2025, "879")?.value).toBe(51.5);
  });
});

describe("problems in a file", () => {
  const header = HEADER;
  const line = (la: string, percent: string) => `2025,Reporting year,Local authority,E92000001,England,E12000009,South West,${la},E06000000,Somewhere,100,20,${percent}`;

  it("reports a value that is neither a number nor a symbol, with its line and column", () => {
    const text = [header, line("879", "26"), line("880", "n/a"), line("881", "20")].join("\n");
    const { rows, problems } = parseDfe(text, REREFERRALS);
    expect(problems).toEqual([{ row: 3, column: "rereferral_percent", message: expect.stringContaining('"n/a"') }]);
    expect(rows.map((r) => r.areaCode)).toEqual(["879", "881"]);
  });

  it("reports a missing mapped column once, on the header line", () => {
    const text = [header, line("879", "26")].join("\n");
    const { rows, problems } = parseDfe(text, { ...REREFERRALS, denominatorColumn: "referrals" });
    expect(problems).toEqual([{ row: 1, column: "referrals", message: "the file has no referrals column" }]);
    expect(rows).toEqual([]);
  });

  it("reports a missing filter column", () => {
    const { problems } = parseDfe([header, line("879", "26")].join("\n"), { ...REREFERRALS, filters: { characteristic: "Total" } });
    expect(problems.map((p) => p.column)).toEqual(["characteristic"]);
  });

  it("reports a row with the wrong number of cells", () => {
    const { problems } = parseDfe([header, `${line("879", "26")},extra`].join("\n"), REREFERRALS);
    expect(problems).toEqual([{ row: 2, column: "", message: "the row has 14 cells; the header has 13" }]);
  });

  it("counts lines from the file, not records, when a cell spans two lines", () => {
    const text = [header, line("879", "26").replace("Somewhere", '"Some\nwhere"'), line("880", "?")].join("\n");
    expect(parseDfe(text, REREFERRALS).problems).toEqual([{ row: 4, column: "rereferral_percent", message: expect.any(String) }]);
  });

  it("skips rows at other geographic levels", () => {
    const text = [header, line("879", "26").replace("Local authority", "Local authority district")].join("\n");
    expect(parseDfe(text, REREFERRALS)).toEqual({ rows: [], problems: [], moreProblems: 0 });
  });
});

describe("reading a large file a part at a time", () => {
  it("gives the same rows and problems as reading it whole", async () => {
    const sheet = published("c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv");
    expect(sheet.rows.length).toBeGreaterThan(2_000);
    const broken = { ...sheet, rows: sheet.rows.map((row, i) => (i % 700 === 0 ? { ...row, cells: row.cells.slice(0, 3) } : row)) };
    expect(await readDfeSheet(broken, REREFERRALS)).toEqual(parseDfeCsv(broken, REREFERRALS));
  });
});
