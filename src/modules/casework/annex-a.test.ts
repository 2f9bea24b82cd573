import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/client.ts";
import { selectRows } from "../../db/rows.ts";
import { londonDateOf } from "../../core/values-as-at.ts";
import { engines } from "../../../test/support/databases.ts";
import { testContext } from "../../../test/support/demo.ts";
import { sharedPath } from "../../../test/support/shared.ts";
import { prepareAnnexA } from "./annex-a.ts";
import type { CaseFile } from "./case-files.ts";
import { loadExtract, type CaseRow, type PreparedExtract } from "./loading.ts";
import { Pseudonyms } from "./pseudonyms.ts";

const pseudonyms = new Pseudonyms(Buffer.alloc(32, 1));
const settings = { laCode: "879", extractDate: "2024-01-31" };
const samples = ["Annex_A.xlsx", "Annex_A_2024_Jan.xlsx"];
const sample = (name: string): CaseFile => ({ name, path: sharedPath("data", "annex-a", name) });

/** A sample's sheet as exceljs reads it whole: the header's words and the rows below it, for counting what the importer should find. */
async function sheetOf(name: string, sheet: string): Promise<{ header: string[]; rows: unknown[][] }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(sample(name).path);
  const rows: unknown[][] = [];
  workbook.getWorksheet(sheet)?.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  const [header = [], ...below] = rows;
  return { header: header.map(String), rows: below };
}

/** The values of one column of a sample's sheet, as text. */
async function columnOf(name: string, sheet: string, header: string): Promise<string[]> {
  const found = await sheetOf(name, sheet);
  const at = found.header.indexOf(header);
  return found.rows.map((row) => row[at]).filter((value) => value !== null && value !== undefined && value !== "").map(String);
}

async function rowsOf(prepared: PreparedExtract): Promise<Map<string, CaseRow[]>> {
  const tables = new Map<string, CaseRow[]>();
  for await (const batch of prepared.rows()) tables.set(batch.table, [...(tables.get(batch.table) ?? []), ...batch.rows]);
  return tables;
}

const scratch = mkdtempSync(join(tmpdir(), "waymark-annex-a-"));
let written = 0;

/** A small workbook written for a test: sheets by name, each a list of rows (the header first). */
async function workbook(sheets: Record<string, unknown[][]>): Promise<CaseFile> {
  const book = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) book.addWorksheet(name).addRows(rows);
  const name = `annex-a-${String((written += 1))}.xlsx`;
  await book.xlsx.writeFile(join(scratch, name));
  return { name, path: join(scratch, name) };
}

describe("the Annex A samples", () => {
  it.each(samples)("%s: each mistake is named by its sheet, row and column", async (name) => {
    const prepared = await prepareAnnexA([sample(name)], settings);
    expect(prepared.problems.count).toBe(22);
    expect(prepared.problems.listed).toEqual(
      expect.arrayContaining([
        { file: `${name}, List 4`, place: "row 2", field: "Was the child assessed as requiring LA children's social care support?", message: 'must be one of Yes, No or Unknown; it is "CS Assessment Updated"' },
        { file: `${name}, List 6`, place: "row 2", field: "Primary Need Code", message: 'must be one of the need codes N0 to N9 (such as N1 - Abuse or neglect); it is "PSRMEM - Support with memory and cogniti…"' },
        { file: `${name}, List 6`, place: "row 3", field: "Allocated Team", message: "the cell shows the Excel error #N/A: put the value in, or leave the cell empty" },
        { file: `${name}, List 10`, place: "row 2", field: "Date of Birth", message: "13 February 2002 here but 7 August 2002 in List 9 row 2: a child's date of birth must be the same in every list" },
      ]),
    );
    // Every List 4 row has the free-text answer, every List 6 row an #N/A team, and every List 10 child differs from List 9.
    const places = (sheet: string) => new Set(prepared.problems.listed.filter((problem) => problem.file === `${name}, ${sheet}`).map((problem) => problem.place));
    expect(places("List 4").size).toBe((await sheetOf(name, "List 4")).rows.length);
    expect(places("List 6").size).toBe((await sheetOf(name, "List 6")).rows.length);
    expect(places("List 10").size).toBe((await sheetOf(name, "List 10")).rows.length);
  });

  it.each(samples)("%s: staff names and placement postcodes are dropped and counted, and the lists not stored are counted", async (name) => {
    const prepared = await prepareAnnexA([sample(name)], settings);
    let workers = 0;
    for (const sheet of ["List 3", "List 4", "List 5", "List 6", "List 7", "List 8", "List 9"]) workers += (await columnOf(name, sheet, "Allocated Worker")).filter((worker) => !worker.includes("error")).length;
    expect(prepared.dropped).toEqual({
      "Allocated Worker": workers,
      "Placement postcode": (await columnOf(name, "List 8", "Placement postcode")).length,
      "List 2": (await sheetOf(name, "List 2")).rows.length,
      "List 11": (await sheetOf(name, "List 11")).rows.length,
    });
  });

  it("reads the 2024 layout's extra and moved columns to the same records as the older one", async () => {
    const [older, newer] = await Promise.all(samples.map(async (name) => rowsOf(await prepareAnnexA([sample(name)], settings))));
    const withoutPlace = (tables: Map<string, CaseRow[]> | undefined) => new Map([...(tables ?? [])].map(([table, rows]) => [table, rows.map(({ file: _file, place: _place, ...values }) => values)]));
    expect(withoutPlace(newer)).toEqual(withoutPlace(older));
  });
});

describe.each(engines)("loading the Annex A samples on $name", (engine) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await engine.open();
  });
  afterAll(async () => handle?.close());

  const count = async (table: string) => Number((await selectRows(handle.db, sql`select count(*)::int as n from ${sql.raw(`casework.${table}`)}`))[0]?.n);

  it("refuses the workbook while it has problems, then loads the rows without them", async () => {
    const prepared = await prepareAnnexA([sample("Annex_A.xlsx")], settings);
    expect(await loadExtract(handle.db, testContext, pseudonyms, prepared)).toMatchObject({ kind: "refused", more: 0 });
    expect(await count("ssd_person")).toBe(0);

    const outcome = await loadExtract(handle.db, testContext, pseudonyms, prepared, { validRowsOnly: true });
    if (outcome.kind !== "loaded") throw new Error(`expected the valid rows to load, not ${outcome.kind}`);
    const rows = async (sheet: string) => (await sheetOf("Annex_A.xlsx", sheet)).rows.length;
    const filled = async (sheet: string, header: string) => (await columnOf("Annex_A.xlsx", sheet, header)).length;
    const added = Object.fromEntries(Object.entries(outcome.extract.rowCounts).map(([table, moved]) => [table, moved.added]));
    expect(added).toEqual({
      ssd_contacts: await rows("List 1"),
      ssd_cin_episodes: await rows("List 3"),
      ssd_s47_enquiry: await rows("List 5"),
      ssd_initial_cp_conference: await filled("List 5", "Date of Initial Child Protection Conference"),
      ssd_cp_plans: await rows("List 7"),
      ssd_cp_visits: await filled("List 7", "Date of the Last Statutory Visit"),
      ssd_cp_reviews: await filled("List 7", "Date of latest review conference"),
      ssd_cla_episodes: await rows("List 8"),
      ssd_legal_status: await filled("List 8", "Start date of current legal status"),
      ssd_cla_placement: await filled("List 8", "Start Date of Most Recent Placement"),
      ssd_cla_reviews: await filled("List 8", "Date of Latest Statutory Review"),
      ssd_cla_visits: await filled("List 8", "Date of Last Social Work Visit"),
      ssd_care_leavers: await rows("List 9"),
      // Counted by hand: the distinct children of Lists 1, 3, 5, 7, 8 and 9 (one is in Lists 3 and 5), and those of them whose disability is answered.
      ssd_person: 33,
      ssd_disability: 23,
    });
    expect(outcome.extract).toMatchObject({ laCode: "879", source: "annex-a", extractDate: "2024-01-31", collectionYear: null, rowsLeftOut: { count: 22 } });
  });

  it("stores no staff name, postcode or child's id as the workbook wrote them", async () => {
    const never = new Set<string>();
    for (const sheet of ["List 1", "List 3", "List 5", "List 7", "List 8", "List 9"]) for (const id of await columnOf("Annex_A.xlsx", sheet, "Child Unique ID")) never.add(id);
    for (const sheet of ["List 3", "List 5", "List 7", "List 8", "List 9"]) for (const worker of await columnOf("Annex_A.xlsx", sheet, "Allocated Worker")) never.add(worker);
    for (const postcode of await columnOf("Annex_A.xlsx", "List 8", "Placement postcode")) never.add(postcode);
    expect(never.size).toBeGreaterThan(50);
    const columns = await selectRows(handle.db, sql`select table_name, column_name from information_schema.columns where table_schema = 'casework' and data_type = 'text'`);
    const stored = new Set<string>();
    for (const { table_name: table, column_name: column } of columns) {
      for (const row of await selectRows(handle.db, sql`select distinct ${sql.identifier(String(column))}::text as value from ${sql.identifier("casework")}.${sql.identifier(String(table))}`)) stored.add(String(row.value));
    }
    expect([...never].filter((value) => stored.has(value))).toEqual([]);
    expect(stored.has("Multi Agency Safeguarding Hub")).toBe(true);
  });

  it("changes nothing when the same workbook is imported again", async () => {
    const before = await count("ssd_cin_episodes");
    const outcome = await loadExtract(handle.db, testContext, pseudonyms, await prepareAnnexA([sample("Annex_A.xlsx")], settings), { validRowsOnly: true });
    expect(outcome.kind).toBe("already");
    expect(await count("ssd_cin_episodes")).toBe(before);
  });

  it("finds every record of the 2024 workbook already held from the older one", async () => {
    const outcome = await loadExtract(handle.db, testContext, pseudonyms, await prepareAnnexA([sample("Annex_A_2024_Jan.xlsx")], settings), { validRowsOnly: true });
    if (outcome.kind !== "loaded") throw new Error(`expected the workbook to load, not ${outcome.kind}`);
    for (const moved of Object.values(outcome.extract.rowCounts)) expect(moved).toMatchObject({ added: 0, changed: 0 });
  });
});

describe("checking an Annex A workbook's cells", () => {
  const contact = (cells: unknown[]) => ({ "List 1": [["Child Unique ID", "Gender", "Date of Contact", "Contact Source"], cells] });
  it.each([
    ["a date that is not a day", contact(["C1", "a) Male", "31/02/2024", "q) 6: Police"]), "Date of Contact", '"31/02/2024" is not a date: enter a date, or write it as dd/mm/yyyy'],
    ["a gender Annex A does not list", contact(["C1", "x) Other", "01/02/2024", "6"]), "Gender", 'must be one of a) Male, b) Female, c) Not stated/recorded or d) Neither; it is "x) Other"'],
    ["a source Annex A does not list", contact(["C1", "b) Female", "01/02/2024", "11: Neighbour"]), "Contact Source", 'must be one of the CIN census sources 1A to 10 (such as q) 6: Police); it is "11: Neighbour"'],
    ["no child's id", contact(["", "b) Female", "01/02/2024", "6"]), "Child Unique ID", "is empty: every row needs the child's id"],
    ["no key date", contact(["C1", "b) Female", "", "6"]), "Date of Contact", "is empty: every row of this list needs it"],
    ["a yes/no column answered otherwise", { "List 3": [["Child Unique ID", "Date of Referral", "Referral NFA?"], ["C1", "01/02/2024", "Maybe"]] }, "Referral NFA?", 'must be one of Yes or No; it is "Maybe"'],
    [
      "a plan that ends before it starts",
      { "List 7": [["Child Unique ID", "Child Protection Plan Start Date", "Child Protection Plan End Date"], ["C1", "01/03/2024", "01/02/2024"]] },
      "Child Protection Plan End Date",
      "1 February 2024 is before the Child Protection Plan Start Date, 1 March 2024",
    ],
    ["an Excel error", { "List 3": [["Child Unique ID", "Date of Referral", "Allocated Team"], ["C1", "01/02/2024", { error: "#REF!" }]] }, "Allocated Team", "the cell shows the Excel error #REF!: put the value in, or leave the cell empty"],
  ])("reports %s with its sheet, row and column, and keeps the row out", async (_case, sheets, field, message) => {
    const file = await workbook(sheets);
    const prepared = await prepareAnnexA([file], settings);
    const sheet = Object.keys(sheets)[0] ?? "";
    expect(prepared.problems.listed).toEqual([{ file: `${file.name}, ${sheet}`, place: "row 2", field, message }]);
    expect(await rowsOf(prepared)).toEqual(new Map());
  });

  it("reads a list whatever order and spelling its headers have, below a title, with dates as Excel dates, formulas or dd/mm/yyyy", async () => {
    const file = await workbook({
      "List 1 - Contacts": [
        ["Contacts in the last six months"],
        ["contact source", " DATE OF CONTACT ", "Date of Birth (dd/mm/yyyy)", "child unique id", "Gender", "Child's name"],
        ["b) 1B: Individual", new Date(Date.UTC(2024, 0, 15)), "27/03/2015", 1234567, "Female", "Jo Bloggs"],
        ["3D", { formula: "B3+1", result: new Date(Date.UTC(2024, 0, 16)) }, "", "C2", "c) Not stated/recorded", ""],
      ],
    });
    const prepared = await prepareAnnexA([file], settings);
    expect(prepared.problems.listed).toEqual([]);
    expect(prepared.dropped).toEqual({ "Child's name": 1 });
    const tables = await rowsOf(prepared);
    expect(tables.get("ssd_contacts")).toEqual([
      { file: `${file.name}, List 1 - Contacts`, place: "row 3", cont_contact_id: "1234567|contact|2024-01-15", cont_person_id: "1234567", cont_contact_date: "2024-01-15", cont_contact_source_code: "1B", cont_contact_source_desc: "Individual" },
      { file: `${file.name}, List 1 - Contacts`, place: "row 4", cont_contact_id: "C2|contact|2024-01-16", cont_person_id: "C2", cont_contact_date: "2024-01-16", cont_contact_source_code: "3D", cont_contact_source_desc: null },
    ]);
    expect(tables.get("ssd_person")?.map(({ pers_person_id, pers_dob, pers_sex, pers_gender }) => ({ pers_person_id, pers_dob, pers_sex, pers_gender }))).toEqual([
      { pers_person_id: "1234567", pers_dob: "2015-03-27", pers_sex: "F", pers_gender: "02" },
      { pers_person_id: "C2", pers_dob: null, pers_sex: "U", pers_gender: "00" },
    ]);
  });

  it("makes a referral in List 3 and the same child's open case in List 6 one episode, with List 6's need and closure", async () => {
    const file = await workbook({
      "List 3": [["Child Unique ID", "Date of Referral", "Referral Source", "Allocated Team"], ["C1", "02/09/2024", "q) 6: Police", "MASH"]],
      "List 6": [
        ["Child Unique ID", "CIN Start Date", "Primary Need Code", "Date Child Was Last Seen", "CIN Closure Date", "Reason for Closure"],
        ["C1", "02/09/2024", "N4 - Family in acute stress", "10/09/2024", "01/12/2024", "RC7 - Services ceased"],
        ["C2", "05/05/2023", "N1 - Abuse or neglect", "", "", ""],
      ],
    });
    const tables = await rowsOf(await prepareAnnexA([file], settings));
    expect(tables.get("ssd_cin_episodes")?.map(({ file: _file, ...values }) => values)).toEqual([
      { place: "row 2", cine_referral_id: "C1|referral|2024-09-02", cine_person_id: "C1", cine_referral_date: "2024-09-02", cine_referral_source_code: "6", cine_referral_source_desc: "Police", cine_referral_nfa: null, cine_referral_team: "MASH", cine_cin_primary_need_code: "N4", cine_close_date: "2024-12-01", cine_close_reason: "RC7" },
      { place: "row 3", cine_referral_id: "C2|referral|2023-05-05", cine_person_id: "C2", cine_referral_date: "2023-05-05", cine_referral_team: null, cine_cin_primary_need_code: "N1", cine_close_date: null, cine_close_reason: null },
    ]);
    expect(tables.get("ssd_cin_visits")?.map((row) => row.cinv_cin_visit_date)).toEqual(["2024-09-10"]);
  });

  it("names a list without its key date's column once, at its header", async () => {
    const file = await workbook({ "List 3": [["Child Unique ID", "Referral Source"], ["C1", "6"], ["C2", "7"]] });
    const prepared = await prepareAnnexA([file], settings);
    expect(prepared.problems.listed).toEqual([{ file: `${file.name}, List 3`, place: "row 1", field: "Date of Referral", message: 'List 3 has no "Date of Referral" column, which Annex A requires: none of its rows can be read' }]);
  });

  it("asks for the council, and takes the extract date from the settings or else today in England", async () => {
    const file = await workbook(contact(["C1", "a) Male", "01/02/2024", "6"]));
    const unnamed = await prepareAnnexA([file], {});
    expect(unnamed.problems.listed).toEqual([{ file: file.name, place: "import settings", field: "council", message: "Annex A does not say which council it is from: choose the council before importing it" }]);
    expect(unnamed.extractDate).toBe(londonDateOf(new Date()));
    const misdated = await prepareAnnexA([file], { laCode: "879", extractDate: "31/01/2024" });
    expect(misdated.problems.listed.map((problem) => problem.message)).toEqual(['"31/01/2024" is not a date: give it as YYYY-MM-DD']);
  });

  it("says so when a workbook holds none of the lists", async () => {
    const file = await workbook({ Sheet1: [["Child Unique ID"], ["C1"]] });
    const prepared = await prepareAnnexA([file], settings);
    expect(prepared.problems.listed.map((problem) => problem.message)).toEqual([`${file.name} holds none of the Annex A lists: its sheets should be named "List 1" to "List 11"`]);
  });
});

describe("refusing what is not an Annex A workbook", () => {
  const fileOf = (name: string, content: Buffer | string): CaseFile => {
    writeFileSync(join(scratch, name), content);
    return { name, path: join(scratch, name) };
  };

  /** A workbook whose zip says its first sheet unpacks to `size` bytes. */
  async function claiming(size: number): Promise<CaseFile> {
    const real = readFileSync((await workbook({ "List 1": [["Child Unique ID", "Date of Contact"], ["C1", "01/02/2024"]] })).path);
    const name = Buffer.from("xl/worksheets/sheet1.xml");
    for (let at = 0; at < real.length - 46; at++) {
      if (real.readUInt32LE(at) === 0x02014b50 && real.subarray(at + 46, at + 46 + name.length).equals(name)) real.writeUInt32LE(size, at + 24);
    }
    return fileOf(`claiming-${String(size)}.xlsx`, real);
  }

  it.each([
    ["an empty file", () => fileOf("empty.xlsx", ""), "empty.xlsx is not an Excel workbook (.xlsx), or it is damaged"],
    ["a CSV file named .xlsx", () => fileOf("list1.xlsx", "Child Unique ID,Date of Contact\nC1,01/02/2024\n"), "list1.xlsx is not an Excel workbook (.xlsx), or it is damaged"],
    ["a part that unpacks to more than it claims", () => claiming(10), "claiming-10.xlsx is too large: the part xl/worksheets/sheet1.xml unpacks to more than the 10 bytes it claims"],
    ["a part over the limit unpacked", () => claiming(60 * 1024 * 1024), "claiming-62914560.xlsx is too large: the part xl/worksheets/sheet1.xml would be 60 MB unpacked; the limit for one part is 50 MB"],
  ])("refuses %s in one sentence", async (_case, make, message) => {
    await expect(prepareAnnexA([await make()], settings)).rejects.toThrow(message);
  });

  it("takes one workbook at a time", async () => {
    await expect(prepareAnnexA([sample("Annex_A.xlsx"), sample("Annex_A_2024_Jan.xlsx")], settings)).rejects.toThrow("An Annex A import takes one workbook (.xlsx); 2 files were given.");
  });
});
