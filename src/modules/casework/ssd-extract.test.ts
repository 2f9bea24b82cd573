import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import type { DatabaseHandle } from "../../db/client.ts";
import { selectRows } from "../../db/rows.ts";
import { engines } from "../../../test/support/databases.ts";
import { testContext } from "../../../test/support/demo.ts";
import { storedRowCounts } from "../../../test/support/casework.ts";
import { sharedPath } from "../../../test/support/shared.ts";
import type { CaseFile } from "./case-files.ts";
import { problemLine } from "./case-file-problems.ts";
import { loadExtract, type CaseRow, type PreparedExtract } from "./loading.ts";
import { Pseudonyms } from "./pseudonyms.ts";
import { prepareSsdExtract } from "./ssd-extract.ts";
import { storeTable, storeTables, type StoreTableName } from "./store-repository.ts";

const pseudonyms = new Pseudonyms(Buffer.alloc(32, 1));
const settings = { laCode: "879", extractDate: "2025-04-30" };

/** A cell as a CSV writes it: quoted when it holds a comma or a quote. */
const cellOf = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
const csv = (headings: readonly string[], rows: readonly Record<string, string>[]) => [headings, ...rows.map((row) => headings.map((heading) => row[heading] ?? ""))].map((cells) => cells.map(cellOf).join(",")).join("\r\n") + "\r\n";

/** Files written for one test, each set in a folder of its own. */
function folder() {
  const dir = mkdtempSync(join(tmpdir(), "waymark-ssd-"));
  return (name: string, text: string): CaseFile => {
    writeFileSync(join(dir, name), text);
    return { name, path: join(dir, name) };
  };
}

/** A table's headings as an SSD extract writes them: the store's columns, less the ones it lacks, and the extra ones it has. */
const headingsOf = (table: StoreTableName, extra: readonly string[] = [], without: readonly string[] = []) => [...storeTable(table).columns.map((column) => column.name).filter((name) => !without.includes(name)), ...extra];

/** The files of a small extract: three children, their referrals, a period of care with its placement and review, two workers. */
function extractFiles(changes: { closeR3?: string } = {}) {
  const write = folder();
  const people: Record<string, string>[] = [
    { pers_person_id: "P-70001", pers_dob: "2015-03-27", pers_sex: "M", pers_ethnicity: "WBRI", pers_common_child_id: "9434765919", pers_legacy_id: "OLD-5501", pers_surname: "Trelawny", pers_religion: "None" },
    { pers_person_id: "P-70002", pers_dob: "2019-12-06 00:00:00.000", pers_sex: "F", pers_common_child_id: "9434765870", pers_legacy_id: "OLD-5502", pers_surname: "Penhallow" },
    { pers_person_id: "P-70003", pers_dob: "2011-07-14T00:00:00Z", pers_sex: "F", pers_is_mother: "N", pers_common_child_id: "9434765846", pers_legacy_id: "OLD-5503", pers_surname: "Kernow", pers_religion: "Christian" },
  ];
  const referrals: Record<string, string>[] = [
    { cine_referral_id: "R-80001", cine_person_id: "P-70001", cine_referral_date: "2024-05-10 09:30:00.000", cine_referral_nfa: "N", cine_referral_team: "MASH", cine_referral_worker_id: "W-1" },
    { cine_referral_id: "R-80002", cine_person_id: "P-70001", cine_referral_date: "2025-01-02T10:00:00Z", cine_referral_nfa: "N" },
    { cine_referral_id: "R-80003", cine_person_id: "P-70002", cine_referral_date: "2025-02-03", cine_referral_nfa: "Y", cine_close_date: changes.closeR3 ?? "2025-03-01", cine_close_reason: "RC8" },
    { cine_referral_id: "R-80004", cine_person_id: "P-70003", cine_referral_date: "2025-03-04", cine_cin_primary_need_code: "N1" },
  ];
  return [
    write("879_ssd_person_2025-04-30.csv", csv(headingsOf("ssd_person", ["pers_common_child_id", "pers_legacy_id", "pers_surname", "pers_religion"]), people)),
    write("ssd_cin_episodes.csv", csv(headingsOf("ssd_cin_episodes"), referrals)),
    write("ssd_cla_episodes.csv", csv(headingsOf("ssd_cla_episodes"), [{ clae_cla_episode_id: "E-1", clae_person_id: "P-70003", clae_cla_id: "CLA-1", clae_cla_episode_start_date: "2025-03-10", clae_cla_episode_start_reason: "S", clae_entered_care_date: "2025-03-10" }])),
    // As the SSD has it: a review names its period of care, not its child.
    write("ssd_cla_reviews.csv", csv(headingsOf("ssd_cla_reviews", [], ["clar_person_id"]), [{ clar_cla_review_id: "RV-1", clar_cla_id: "CLA-1", clar_cla_review_due_date: "2025-04-07", clar_cla_review_date: "2025-04-04", clar_cla_review_cancelled: "N" }])),
    write("ssd_cla_placement.csv", csv(headingsOf("ssd_cla_placement", ["clap_cla_placement_postcode"], ["clap_cla_placement_la"]), [{ clap_cla_placement_id: "PL-1", clap_person_id: "P-70003", clap_cla_id: "CLA-1", clap_cla_placement_start_date: "2025-03-10", clap_cla_placement_type: "U1", clap_cla_placement_distance: "4.2", clap_cla_placement_postcode: "PL4 6DX" }])),
    write(
      "ssd_professionals.csv",
      csv(headingsOf("ssd_professionals", ["prof_staff_id", "prof_professional_name", "prof_social_worker_registration_no"], ["prof_social_worker_registered"]), [
        { prof_professional_id: "W-1", prof_staff_id: "STAFF-17", prof_professional_name: "Pascoe, Jo", prof_social_worker_registration_no: "SW123456", prof_professional_job_title: "Social Worker", prof_professional_caseload: "20", prof_full_time_equivalency: "1.0", prof_agency_worker_flag: "N" },
        { prof_professional_id: "W-2", prof_staff_id: "STAFF-18", prof_professional_name: "Kitto, Sam", prof_professional_job_title: "Family Support Worker", prof_professional_caseload: "8", prof_full_time_equivalency: "0.5", prof_agency_worker_flag: "PLACEHOLDER_DATA" },
      ]),
    ),
    write("ssd_involvements.csv", csv(headingsOf("ssd_involvements"), [{ invo_involvements_id: "I-1", invo_professional_id: "W-1", invo_person_id: "P-70001", invo_referral_id: "R-80001", invo_involvement_start_date: "2024-05-10" }])),
    write(
      "ssd_address.csv",
      csv(["addr_table_id", "addr_person_id", "addr_address_json", "addr_address_postcode"], [
        { addr_table_id: "A-1", addr_person_id: "P-70001", addr_address_json: '{"line1": "1 Armada Way"}', addr_address_postcode: "PL1 2AA" },
        { addr_table_id: "A-2", addr_person_id: "P-70002", addr_address_json: '{"line1": "2 Notte Street"}', addr_address_postcode: "PL1 2AB" },
      ]),
    ),
    write("ssd_linked_identifiers.csv", csv(["link_table_id", "link_person_id", "link_identifier_type", "link_identifier_value"], [{ link_table_id: "L-1", link_person_id: "P-70001", link_identifier_type: "Unique Pupil Number", link_identifier_value: "A123456789012" }])),
    write(
      "ssd_version_log.csv",
      csv(["version_number", "release_date", "description", "is_current"], [
        { version_number: "1.2.2", release_date: "2025-01-10", description: "earlier", is_current: "0" },
        { version_number: "1.2.3", release_date: "2025-03-02", description: "current", is_current: "1" },
      ]),
    ),
  ];
}

/** What the extract's files hold that must never reach the store: the case system's ids, names, postcodes, NHS and other numbers. */
const secrets = ["P-70001", "P-70002", "P-70003", "R-80001", "R-80003", "CLA-1", "RV-1", "W-1", "W-2", "I-1", "9434765919", "OLD-5501", "Trelawny", "Penhallow", "Pascoe", "Kitto", "STAFF-17", "SW123456", "PL4 6DX", "PL1 2AA", "Armada", "A123456789012"];

async function rowsOf(prepared: PreparedExtract): Promise<Map<string, CaseRow[]>> {
  const tables = new Map<string, CaseRow[]>();
  for await (const batch of prepared.rows()) tables.set(batch.table, [...(tables.get(batch.table) ?? []), ...batch.rows]);
  return tables;
}

const linesOf = async (files: CaseFile[], given: { laCode: string; extractDate?: string | null } = settings) => (await prepareSsdExtract(files, given)).problems.listed.map(problemLine);

describe("reading an SSD extract's files", () => {
  it.each(["ssd_cin_episodes.csv", "879_ssd_cin_episodes_2025-04-30.csv", "SSD_CIN_EPISODES.CSV", "Plymouth ssd_cin_episodes.csv"])("finds the table in a file named %s", async (name) => {
    const write = folder();
    const prepared = await prepareSsdExtract([write(name, "cine_referral_id,cine_person_id,cine_referral_date\nR1,P1,2025-01-02\nR2,P1,2025-02-03\n")], settings);
    expect(prepared.problems.listed).toEqual([]);
    expect((await rowsOf(prepared)).get("ssd_cin_episodes")?.map((row) => row.cine_referral_id)).toEqual(["R1", "R2"]);
  });

  it("knows every table of the Standard Safeguarding Dataset, whether the store keeps it or not", async () => {
    const schema = readdirSync(sharedPath("data", "ssd-schema")).filter((name) => /^ssd_.*\.yml$/.test(name));
    expect(schema.length).toBeGreaterThan(40);
    const write = folder();
    // Empty files: each is a table with no rows, so only a table the importer does not know is a problem.
    expect(await linesOf(schema.map((name) => write(name.replace(/\.yml$/, ".csv"), "")))).toEqual([]);
  });

  it("checks every Y/N flag of the SSD's tables that the store keeps", async () => {
    const flags: [StoreTableName, string][] = [];
    for (const name of readdirSync(sharedPath("data", "ssd-schema")).filter((file) => file.endsWith(".yml") && file.startsWith("ssd_"))) {
      const { nodes } = parseYaml(readFileSync(sharedPath("data", "ssd-schema", name), "utf8")) as { nodes: { name: string; fields: { name: string; type?: string }[] }[] };
      for (const node of nodes) {
        const table = storeTables.get(node.name);
        for (const field of node.fields) {
          // The SSD types its review participation nchar, but it holds a code (PN0 to PN7), not Y or N.
          const kept = table?.columns.some((column) => column.name === field.name) ?? false;
          if (kept && field.type?.toLowerCase() === "nchar" && field.name !== "cppr_cp_review_participation") flags.push([node.name as StoreTableName, field.name]);
        }
      }
    }
    expect(flags.length).toBeGreaterThan(20);
    for (const [name, column] of flags) {
      const table = storeTable(name);
      const headings = [...new Set([...table.key, ...(table.person ? [table.person] : []), column])];
      const write = folder();
      const lines = await linesOf([write(`${name}.csv`, csv(headings, [Object.fromEntries(headings.map((heading) => [heading, heading === column ? "Yes" : "X1"]))]))]);
      expect(lines, column).toEqual([`${name}.csv row 2, ${column}: must be Y or N (or empty); it is "Yes"`]);
    }
  });

  const referralHeadings = "cine_referral_id,cine_person_id,cine_referral_date,cine_referral_nfa,cine_close_date";
  it.each([
    ["a date that is not a day", "ssd_cin_episodes.csv", `${referralHeadings}\nR1,P1,2025-02-30,N,\n`, 'ssd_cin_episodes.csv row 2, cine_referral_date: "2025-02-30" is not a date written as YYYY-MM-DD (a time may follow it)'],
    ["a date written day first", "ssd_cin_episodes.csv", `${referralHeadings}\nR1,P1,03/02/2025,N,\n`, 'ssd_cin_episodes.csv row 2, cine_referral_date: "03/02/2025" is not a date written as YYYY-MM-DD (a time may follow it)'],
    ["a date with words after it", "ssd_cin_episodes.csv", `${referralHeadings}\nR1,P1,2025-02-03 9am,N,\n`, 'ssd_cin_episodes.csv row 2, cine_referral_date: "2025-02-03 9am" is not a date written as YYYY-MM-DD (a time may follow it)'],
    ["a flag that is not Y or N", "ssd_cin_episodes.csv", `${referralHeadings}\nR1,P1,2025-02-03,y,\n`, 'ssd_cin_episodes.csv row 2, cine_referral_nfa: must be Y or N (or empty); it is "y"'],
    ["a referral closed before it was made", "ssd_cin_episodes.csv", `${referralHeadings}\nR1,P1,2025-02-03,N,2025-02-02 17:00:00\n`, 'ssd_cin_episodes.csv row 2, cine_close_date: "2025-02-02 17:00:00" is before cine_referral_date ("2025-02-03"): a record cannot end before it begins'],
    ["a plan that ends before it starts", "ssd_cin_plans.csv", "cinp_cin_plan_id,cinp_person_id,cinp_cin_plan_start_date,cinp_cin_plan_end_date\nC1,P1,2025-02-03,2025-01-31\n", 'ssd_cin_plans.csv row 2, cinp_cin_plan_end_date: "2025-01-31" is before cinp_cin_plan_start_date ("2025-02-03"): a record cannot end before it begins'],
    ["a period of care that ceases before it starts", "ssd_cla_episodes.csv", "clae_cla_episode_id,clae_person_id,clae_cla_episode_start_date,clae_cla_episode_ceased_date\nE1,P1,2025-02-03,2025-02-01\n", 'ssd_cla_episodes.csv row 2, clae_cla_episode_ceased_date: "2025-02-01" is before clae_cla_episode_start_date ("2025-02-03"): a record cannot end before it begins'],
    ["a caseload that is not a whole number", "ssd_professionals.csv", "prof_professional_id,prof_professional_caseload\nW1,12.5\n", 'ssd_professionals.csv row 2, prof_professional_caseload: "12.5" is not a whole number'],
    ["a full-time equivalency that is not a number", "ssd_professionals.csv", "prof_professional_id,prof_full_time_equivalency\nW1,half\n", 'ssd_professionals.csv row 2, prof_full_time_equivalency: "half" is not a number'],
    ["a record without its id", "ssd_cin_episodes.csv", `${referralHeadings}\n,P1,2025-02-03,N,\n`, "ssd_cin_episodes.csv row 2, cine_referral_id: is required"],
    ["a record without its child", "ssd_cin_episodes.csv", `${referralHeadings}\nR1,,2025-02-03,N,\n`, "ssd_cin_episodes.csv row 2, cine_person_id: is required"],
    ["a file without its id column", "ssd_contacts.csv", "cont_person_id,cont_contact_date\nP1,2025-02-03\n", "ssd_contacts.csv row 1, cont_contact_id: this column is missing"],
    ["a file without its child column", "ssd_contacts.csv", "cont_contact_id,cont_contact_date\nK1,2025-02-03\n", "ssd_contacts.csv row 1, cont_person_id: this column is missing"],
    ["reviews without their periods of care", "ssd_cla_reviews.csv", "clar_cla_review_id,clar_cla_id,clar_cla_review_date\nRV1,CLA1,2025-02-03\n", "ssd_cla_reviews.csv row 1, clar_person_id: this column is missing, and without ssd_cla_episodes.csv the child reviewed cannot be found from clar_cla_id"],
    ["a file that is not an SSD table", "referrals.csv", "cine_referral_id\nR1\n", "referrals.csv : is not a Standard Safeguarding Dataset table: its name should hold the table's, like ssd_cin_episodes.csv"],
  ])("names %s by its file, row and column", async (_case, name, text, expected) => {
    expect(await linesOf([folder()(name, text)])).toEqual([expected]);
  });

  it("finds a review's child through its period of care, and names a review whose period of care is not in the extract", async () => {
    const write = folder();
    const prepared = await prepareSsdExtract(
      [write("ssd_cla_episodes.csv", "clae_cla_episode_id,clae_person_id,clae_cla_id,clae_cla_episode_start_date\nE1,P1,CLA1,2025-01-06\nE2,P1,CLA1,2025-02-10\n"), write("ssd_cla_reviews.csv", "clar_cla_review_id,clar_cla_id,clar_cla_review_date\nRV1,CLA1,2025-02-03\nRV2,CLA9,2025-02-04\n")],
      settings,
    );
    expect(prepared.problems.listed.map(problemLine)).toEqual(['ssd_cla_reviews.csv row 3, clar_cla_id: no row of ssd_cla_episodes.csv has this clae_cla_id ("CLA9"), so the child reviewed is not known']);
    expect((await rowsOf(prepared)).get("ssd_cla_reviews")).toEqual([{ file: "ssd_cla_reviews.csv", place: "row 2", clar_cla_review_id: "RV1", clar_cla_id: "CLA1", clar_cla_review_date: "2025-02-03", clar_person_id: "P1" }]);
  });

  it.each(["2025-04-30", "2025-04-30 09:15:00", "2025-04-30 09:15:00.123", "2025-04-30T09:15:00Z", "2025-04-30T09:15:00+01:00"])("reads %s as the day it names", async (written) => {
    const prepared = await prepareSsdExtract([folder()("ssd_contacts.csv", `cont_contact_id,cont_person_id,cont_contact_date\nK1,P1,${written}\n`)], settings);
    expect(prepared.problems.listed).toEqual([]);
    expect((await rowsOf(prepared)).get("ssd_contacts")?.[0]?.cont_contact_date).toBe("2025-04-30");
  });

  it("reads headings whatever their case, and names a problem by the heading as the file writes it", async () => {
    const prepared = await prepareSsdExtract([folder()("ssd_contacts.csv", "CONT_CONTACT_ID,Cont_Person_Id,CONT_CONTACT_DATE\nK1,P1,2025-04-30\nK2,P1,2025-04-31\n")], settings);
    expect(prepared.problems.listed.map(problemLine)).toEqual(['ssd_contacts.csv row 3, CONT_CONTACT_DATE: "2025-04-31" is not a date written as YYYY-MM-DD (a time may follow it)']);
    expect((await rowsOf(prepared)).get("ssd_contacts")).toEqual([{ file: "ssd_contacts.csv", place: "row 2", cont_contact_id: "K1", cont_person_id: "P1", cont_contact_date: "2025-04-30" }]);
  });

  it("reads an empty file as a table with no rows, and a table sent twice as a problem", async () => {
    const write = folder();
    expect(await linesOf([write("ssd_missing.csv", "")])).toEqual([]);
    const twice = [write("ssd_person.csv", "pers_person_id\nP1\n"), write("879_ssd_person.csv", "pers_person_id\nP2\n")];
    expect(await linesOf(twice)).toEqual(["879_ssd_person.csv : holds the ssd_person table, as ssd_person.csv does: send each table once"]);
  });

  it("needs the council, and an extract date that is a date; without one the extract is dated the day it is imported, in England", async () => {
    const person = folder()("ssd_person.csv", "pers_person_id\nP1\n");
    expect(await linesOf([person], { laCode: " " })).toEqual(["SSD extract import settings, council: An SSD extract does not say which council it is from: choose the council before importing it"]);
    expect(await linesOf([person], { laCode: "879", extractDate: "30/04/2025" })).toEqual(['SSD extract import settings, extract date: "30/04/2025" is not a date: give it as YYYY-MM-DD']);
    expect((await prepareSsdExtract([person], settings)).extractDate).toBe("2025-04-30");
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
    expect((await prepareSsdExtract([person], { laCode: "879" })).extractDate).toBe(today);
  });

  it("names the SSD version in the extract's label, and counts the tables it does not keep", async () => {
    const prepared = await prepareSsdExtract(extractFiles(), settings);
    expect(prepared.label).toMatch(/^SSD extract v1\.2\.3: 879_ssd_person_2025-04-30\.csv, ssd_cin_episodes\.csv, /);
    expect(prepared.rowCount).toBe(3 + 4 + 1 + 1 + 1 + 2 + 1);
    expect(prepared.dropped).toEqual({
      pers_common_child_id: 3,
      pers_legacy_id: 3,
      pers_surname: 3,
      "pers_religion (not kept)": 2,
      clap_cla_placement_postcode: 1,
      prof_staff_id: 2,
      prof_professional_name: 2,
      prof_social_worker_registration_no: 1,
      "ssd_address.csv (not kept)": 2,
      "ssd_linked_identifiers.csv (not kept)": 1,
    });
  });
});

describe.each(engines)("loading an SSD extract on $name", (engine) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await engine.open();
  });
  afterAll(async () => handle?.close());

  const storedRows = () => storedRowCounts(handle.db);
  const person = (id: string) => pseudonyms.of("879", "person", id);

  it("stores each kept table's rows under pseudonyms, with the dropped columns counted", async () => {
    const outcome = await loadExtract(handle.db, testContext, pseudonyms, await prepareSsdExtract(extractFiles(), settings));
    if (outcome.kind !== "loaded") throw new Error(`expected the extract to load, not ${outcome.kind}`);
    expect(outcome.extract).toMatchObject({ laCode: "879", source: "ssd", extractDate: "2025-04-30", collectionYear: null, dropped: { pers_common_child_id: 3, prof_professional_name: 2, "ssd_address.csv (not kept)": 2 } });
    expect(outcome.extract.label).toMatch(/^SSD extract v1\.2\.3: /);
    expect(await storedRows()).toEqual({ ssd_person: 3, ssd_cin_episodes: 4, ssd_cla_episodes: 1, ssd_cla_reviews: 1, ssd_cla_placement: 1, ssd_professionals: 2, ssd_involvements: 1 });
    expect(await selectRows(handle.db, sql`select clar_person_id as child from casework.ssd_cla_reviews`)).toEqual([{ child: person("P-70003") }]);
    expect(await selectRows(handle.db, sql`select cine_person_id as child, cine_referral_date::text as date from casework.ssd_cin_episodes where cine_person_id = ${person("P-70001")} order by 2`)).toEqual([
      { child: person("P-70001"), date: "2024-05-10" },
      { child: person("P-70001"), date: "2025-01-02" },
    ]);
    const workers = await selectRows(handle.db, sql`select prof_professional_id as id, prof_social_worker_registered as registered, prof_agency_worker_flag as agency, prof_full_time_equivalency as fte from casework.ssd_professionals order by fte`);
    expect(workers).toEqual([
      { id: pseudonyms.of("879", "staff", "W-2"), registered: "N", agency: null, fte: 0.5 },
      { id: pseudonyms.of("879", "staff", "W-1"), registered: "Y", agency: "N", fte: 1 },
    ]);
  });

  it("keeps no case-system id, name, postcode or identifying number anywhere in the store", async () => {
    for (const name of storeTables.keys()) {
      const rows = await selectRows(handle.db, sql.raw(`select t::text as line from casework."${name}" t`));
      for (const { line } of rows) {
        const found = secrets.find((secret) => String(line).includes(secret));
        if (found) throw new Error(`casework.${name} holds ${found}: ${String(line)}`);
      }
    }
  });

  it("changes nothing when the same files come again", async () => {
    const again = await loadExtract(handle.db, testContext, pseudonyms, await prepareSsdExtract(extractFiles(), settings));
    expect(again.kind).toBe("already");
  });

  it("updates the one referral a later extract changes, and keeps the rest", async () => {
    const outcome = await loadExtract(handle.db, testContext, pseudonyms, await prepareSsdExtract(extractFiles({ closeR3: "2025-03-14" }), settings));
    if (outcome.kind !== "loaded") throw new Error(`expected the extract to load, not ${outcome.kind}`);
    expect(outcome.extract.rowCounts).toEqual({
      ssd_person: { added: 0, changed: 0, unchanged: 3 },
      ssd_cin_episodes: { added: 0, changed: 1, unchanged: 3 },
      ssd_cla_episodes: { added: 0, changed: 0, unchanged: 1 },
      ssd_cla_reviews: { added: 0, changed: 0, unchanged: 1 },
      ssd_cla_placement: { added: 0, changed: 0, unchanged: 1 },
      ssd_professionals: { added: 0, changed: 0, unchanged: 2 },
      ssd_involvements: { added: 0, changed: 0, unchanged: 1 },
    });
    expect(await selectRows(handle.db, sql`select cine_close_date::text as closed from casework.ssd_cin_episodes where cine_person_id = ${person("P-70002")}`)).toEqual([{ closed: "2025-03-14" }]);
  });

  it("refuses an extract that holds a record twice, naming both rows by the table's id", async () => {
    const files = [folder()("ssd_cin_episodes.csv", "cine_referral_id,cine_person_id,cine_referral_date\nR-80007,P-70003,2025-04-01\nR-80007,P-70003,2025-04-02\n")];
    expect(await loadExtract(handle.db, testContext, pseudonyms, await prepareSsdExtract(files, settings))).toEqual({
      kind: "refused",
      problems: [{ file: "ssd_cin_episodes.csv", place: "row 3", field: "cine_referral_id", message: "repeats the record at row 2: each record may appear once" }],
      more: 0,
      validRowsCanLoad: true,
    });
  });

  it("refuses an extract with a bad row, or loads the valid rows and lists the bad one when asked", async () => {
    const write = folder();
    const files = [write("ssd_cin_episodes.csv", `cine_referral_id,cine_person_id,cine_referral_date\nR-80005,P-70003,2025-04-31\nR-80006,P-70003,2025-04-22\n`)];
    const expected = { file: "ssd_cin_episodes.csv", place: "row 2", field: "cine_referral_date", message: '"2025-04-31" is not a date written as YYYY-MM-DD (a time may follow it)' };
    expect(await loadExtract(handle.db, testContext, pseudonyms, await prepareSsdExtract(files, settings))).toEqual({ kind: "refused", problems: [expected], more: 0, validRowsCanLoad: true });
    const outcome = await loadExtract(handle.db, testContext, pseudonyms, await prepareSsdExtract(files, settings), { validRowsOnly: true });
    if (outcome.kind !== "loaded") throw new Error(`expected the valid rows to load, not ${outcome.kind}`);
    expect(outcome.extract.rowsLeftOut).toEqual({ count: 1, listed: [expected] });
    expect(outcome.extract.rowCounts).toEqual({ ssd_cin_episodes: { added: 1, changed: 0, unchanged: 0 } });
    const ids = await selectRows(handle.db, sql`select cine_referral_id as id from casework.ssd_cin_episodes where cine_person_id = ${person("P-70003")} order by cine_referral_date`);
    expect(ids.map((row) => row.id)).toEqual([pseudonyms.of("879", "record", "R-80004"), pseudonyms.of("879", "record", "R-80006")]);
  });
});
