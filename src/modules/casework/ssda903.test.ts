import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/client.ts";
import { selectRows } from "../../db/rows.ts";
import { engines } from "../../../test/support/databases.ts";
import { testContext } from "../../../test/support/demo.ts";
import { storedRowCounts } from "../../../test/support/casework.ts";
import { sharedPath } from "../../../test/support/shared.ts";
import { problemLine } from "./case-file-problems.ts";
import { loadExtract } from "./loading.ts";
import { Pseudonyms } from "./pseudonyms.ts";
import { prepareSsda903 } from "./ssda903.ts";
import { storeTables } from "./store-repository.ts";

const sampleDir = sharedPath("data", "ssda903");
const sample = readdirSync(sampleDir)
  .filter((name) => name.endsWith(".csv"))
  .map((name) => ({ name, path: join(sampleDir, name) }));
const settings = { laCode: "879", collectionYear: 2018 };
const pseudonyms = new Pseudonyms(Buffer.alloc(32, 3));

/** A sample file's rows below its heading, counted here from the file itself. */
const rowsOf = (name: string) => readFileSync(join(sampleDir, name), "utf8").split(/\r?\n/).slice(1).filter((line) => line.trim() !== "").length;
/** A column of a sample file, as written. */
const columnOf = (name: string, heading: string) => {
  const [head = "", ...lines] = readFileSync(join(sampleDir, name), "utf8").replace(/^\uFEFF/, "").split(/\r?\n/).filter((line) => line.trim() !== "");
  const index = head.split(",").indexOf(heading);
  return lines.map((line) => line.split(",")[index] ?? "");
};

describe("reading the sample SSDA903 return", () => {
  it("lists each of its deliberate errors by file, row and field", async () => {
    const prepared = await prepareSsda903(sample, settings);
    expect(prepared.rowCount).toBe(sample.reduce((sum, file) => sum + rowsOf(file.name), 0));
    const lines = prepared.problems.listed.map(problemLine);
    expect(prepared.problems.count).toBe(94);
    expect(lines).toContain('header.csv row 1273, MOTHER: "1.0" is not one of the codes the return allows (0, 1)');
    expect(lines).toContain("episodes.csv row 313, DECOM: begins before the child's episode from row 312 ended");
    expect(lines).toContain("episodes.csv row 1460, DEC: the episode runs on past the start of the child's episode from row 1459");
    expect(lines).toContain('placed_for_adoption.csv row 2, REASON_PLACED_CEASED: "XXX" is not one of the codes the return allows (E11, E12, RD1, RD2, RD3, RD4)');
    expect(lines).toContain('sw_episodes.csv row 2, SW_REASON: "SWLAZY" is not one of the codes the return allows (CHCHAN, FCLOSE, MANAGE, ORGRST, OTHER, SWLEFT, UNKNOWN)');
  });

  it("drops every UPN and postcode, and says how many it dropped", async () => {
    const prepared = await prepareSsda903(sample, settings);
    expect(prepared.dropped).toEqual({
      UPN: columnOf("header.csv", "UPN").filter(Boolean).length,
      HOME_POST: columnOf("episodes.csv", "HOME_POST").filter(Boolean).length,
      PL_POST: columnOf("episodes.csv", "PL_POST").filter(Boolean).length,
      MC_DOB: 1,
      DOLO_START: 1,
      DOLO_END: 1,
    });
  });
});

describe("reading the sample SSDA903 return in its XML form", () => {
  const xml = [{ name: "fake_903.xml", path: join(sampleDir, "fake_903.xml") }];
  const xmlText = readFileSync(join(sampleDir, "fake_903.xml"), "utf8");
  /** How many elements of a name the sample holds, counted here from the file itself. */
  const elements = (name: string) => xmlText.split(`<${name}>`).length - 1;

  it("checks it by the same rules, naming each problem by its element's path", async () => {
    const prepared = await prepareSsda903(xml, settings);
    const lines = prepared.problems.listed.map(problemLine);
    expect(prepared.problems.count).toBe(8);
    expect(lines).toContain("fake_903.xml CHILD[37]/EPISODE[2], DECOM: begins before the child's episode from CHILD[37]/EPISODE[1] ended");
    expect(lines).toContain('fake_903.xml CHILD[146]/HEADER/AD_PLACED[1], REASON_PLACED_CEASED: "XXX" is not one of the codes the return allows (E11, E12, RD1, RD2, RD3, RD4)');
    expect(prepared.dropped).toEqual({ UPN: elements("UPN"), PL_POST: elements("PL_POST"), HOME_POST: elements("HOME_POST") });
  });

  it("gives each of its rows to the table the CSV files would put it in", async () => {
    const prepared = await prepareSsda903(xml, settings);
    const counts: Record<string, number> = {};
    for await (const batch of prepared.rows()) counts[batch.table] = (counts[batch.table] ?? 0) + batch.rows.length;
    // Each child's header, episodes (less the 5 that overlap), reviews, UASC, care leaver, adoption (less the 3 with a code the return does not have) and missing rows.
    expect(counts).toEqual({
      ssd_person: elements("CHILD"),
      ssd_cla_episodes: elements("EPISODE") - 5,
      ssd_cla_placement: elements("EPISODE") - 5,
      ssd_legal_status: elements("EPISODE") - 5,
      ssd_cla_reviews: elements("AREVIEW"),
      ssd_immigration_status: elements("DUC"),
      ssd_care_leavers: elements("IN_TOUCH"),
      ssd_permanence: elements("DATE_INT"),
      ssd_cla_previous_permanence: elements("PERMANENCE"),
      ssda903_oc2: elements("OC2"),
      ssd_missing: elements("AMISSING"),
    });
  });
});

describe("reading an SSDA903 file's rows", () => {
  const dir = mkdtempSync(join(tmpdir(), "waymark-903-"));
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return { name, path: join(dir, name) };
  };
  const header = write("header.csv", "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nA1,1,27/03/2008,WBRI,A123456789012,,\n");
  const problemsOf = async (name: string, text: string) => (await prepareSsda903([header, write(name, text)], settings)).problems.listed.map(problemLine);

  it.each([
    ["a date that is not a day", "episodes.csv", "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC\nA1,31/02/2018,S,C2,N1,U1,PR1,,\n", 'episodes.csv row 2, DECOM: "31/02/2018" is not a date written as dd/mm/yyyy'],
    ["a date written the other way", "episodes.csv", "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC\nA1,2018-01-02,S,C2,N1,U1,PR1,,\n", 'episodes.csv row 2, DECOM: "2018-01-02" is not a date written as dd/mm/yyyy'],
    ["an episode ending before it began", "episodes.csv", "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC\nA1,02/01/2018,S,C2,N1,U1,PR1,01/01/2018,E11\n", "episodes.csv row 2, DEC: ends before DECOM"],
    ["a code the return does not have", "episodes.csv", "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC\nA1,02/01/2018,Q,C2,N1,U1,PR1,,\n", 'episodes.csv row 2, RNE: "Q" is not one of the codes the return allows (S, P, L, T, U, B)'],
    ["a required field left empty", "reviews.csv", "CHILD,DOB,REVIEW,REVIEW_CODE\nA1,27/03/2008,,PN1\n", "reviews.csv row 2, REVIEW: is required"],
    ["a required column missing", "reviews.csv", "CHILD,DOB,REVIEW_CODE\nA1,27/03/2008,PN1\n", "reviews.csv row 1, REVIEW: this column is missing"],
    ["an accommodation code that does not say if it is suitable", "oc3.csv", "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\nA1,27/03/2008,YES,F1,B3\n", 'oc3.csv row 2, ACCOM: "B3" is not an accommodation code: a letter for the kind of accommodation, then 1 if it is suitable or 2 if not'],
    ["a file that is not a 903 table", "placements.csv", "CHILD\nA1\n", "placements.csv : is not one of the SSDA903 tables: header.csv, episodes.csv, reviews.csv, uasc.csv, oc2.csv, oc3.csv, ad1.csv, placed_for_adoption.csv, previous_permanence.csv, missing.csv, sw_episodes.csv, dolo.csv, or the return as one XML file"],
  ])("names %s by its file, row and field", async (_case, name, text, expected) => {
    expect(await problemsOf(name, text)).toEqual([expected]);
  });

  it("reads an empty table as no rows, and a table sent twice as a problem", async () => {
    expect(await problemsOf("missing.csv", "")).toEqual([]);
    const again = await prepareSsda903([header, write("903_header.csv", "CHILD,SEX,DOB\nA2,2,01/01/2010\n")], settings);
    expect(again.problems.listed.map(problemLine)).toEqual(["903_header.csv : holds the header table, as another file does: send each table once"]);
  });

  it("refuses a return without its header, which holds each child's birth date", async () => {
    const prepared = await prepareSsda903([write("uasc.csv", "CHILD,SEX,DOB,DUC\nA1,1,27/03/2008,27/03/2026\n")], settings);
    expect(prepared.problems.listed.map(problemLine)).toEqual(["header.csv : is needed: it holds each child's date of birth and sex"]);
  });
});

describe.each(engines)("loading the sample SSDA903 return on $name", (engine) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await engine.open();
  });
  afterAll(async () => handle?.close());

  const storedRows = () => storedRowCounts(handle.db);

  it("refuses the return with its errors, loading nothing, unless asked for the valid rows", async () => {
    const refused = await loadExtract(handle.db, testContext, pseudonyms, await prepareSsda903(sample, settings));
    // 94 problems in the rows, and 14 reviews that repeat another of the child's on the same day: the first 100 listed.
    expect(refused).toMatchObject({ kind: "refused", more: 8 });
    if (refused.kind === "refused") expect(refused.problems.map(problemLine)).toContain("reviews.csv row 2825, CHILD and REVIEW: repeats the record at row 2824: each record may appear once");
    expect(await storedRows()).toEqual({});

    const loaded = await loadExtract(handle.db, testContext, pseudonyms, await prepareSsda903(sample, settings), { validRowsOnly: true });
    if (loaded.kind !== "loaded") throw new Error(`expected the valid rows to load, not ${loaded.kind}`);
    expect(loaded.extract).toMatchObject({ laCode: "879", source: "ssda903", collectionYear: 2018, extractDate: "2018-03-31", rowsLeftOut: { count: 108 } });
    // Each table holds its file's rows less those with problems: header row 1273, 63 episodes
    // that overlap another of the child's, the 29 placed-for-adoption rows (each with a code the
    // return does not have), the one social worker's episode, and the 14 repeated reviews.
    expect(await storedRows()).toEqual({
      ssd_person: rowsOf("header.csv") - 1,
      ssd_cla_episodes: rowsOf("episodes.csv") - 63,
      ssd_cla_placement: rowsOf("episodes.csv") - 63,
      ssd_legal_status: rowsOf("episodes.csv") - 63,
      ssd_cla_reviews: rowsOf("reviews.csv") - 14,
      ssd_immigration_status: rowsOf("uasc.csv"),
      ssda903_oc2: rowsOf("oc2.csv"),
      ssd_care_leavers: rowsOf("oc3.csv"),
      ssd_permanence: rowsOf("ad1.csv") + rowsOf("placed_for_adoption.csv") - 29,
      ssd_cla_previous_permanence: rowsOf("previous_permanence.csv"),
      ssd_missing: rowsOf("missing.csv"),
    });
  });

  it("keeps no UPN, postcode or case-system id anywhere in the store", async () => {
    const secrets = new Set([...columnOf("header.csv", "UPN"), ...columnOf("header.csv", "CHILD"), ...columnOf("episodes.csv", "HOME_POST"), ...columnOf("episodes.csv", "PL_POST")].filter((value) => value.length > 3));
    for (const name of storeTables.keys()) {
      const rows = await selectRows(handle.db, sql.raw(`select t::text as line from casework."${name}" t`));
      for (const { line } of rows) {
        const fields = String(line).replace(/^\(|\)$/g, "").split(",").map((field) => field.replace(/^"|"$/g, ""));
        const found = fields.find((field) => secrets.has(field));
        if (found) throw new Error(`casework.${name} holds ${found}: ${String(line)}`);
      }
    }
  });

  it("changes nothing when the same files come again", async () => {
    const again = await loadExtract(handle.db, testContext, pseudonyms, await prepareSsda903(sample, settings), { validRowsOnly: true });
    expect(again.kind).toBe("already");
  });
});
