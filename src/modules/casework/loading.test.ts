import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/client.ts";
import { selectRows } from "../../db/rows.ts";
import { engines } from "../../../test/support/databases.ts";
import { testContext } from "../../../test/support/demo.ts";
import { CaseFileProblems } from "./case-file-problems.ts";
import { loadExtract, type CaseRows, type PreparedExtract } from "./loading.ts";
import { Pseudonyms } from "./pseudonyms.ts";

const pseudonyms = new Pseudonyms(Buffer.alloc(32, 7));

/** A small extract made in the test: two children and their referrals, as an importer would give them. */
function extract(sha256: string, referrals: [string, string, string][], problems = new CaseFileProblems()): PreparedExtract {
  const batches: CaseRows[] = [
    {
      table: "ssd_person",
      rows: [
        { file: "person.csv", place: "row 2", pers_person_id: "C1", pers_dob: "2015-03-27", pers_sex: "1" },
        { file: "person.csv", place: "row 3", pers_person_id: "C2", pers_dob: "2019-12-06", pers_sex: "2" },
      ],
    },
    {
      table: "ssd_cin_episodes",
      rows: referrals.map(([id, person, date], index) => ({ file: "cin_episodes.csv", place: `row ${String(index + 2)}`, cine_referral_id: id, cine_person_id: person, cine_referral_date: date, cine_referral_team: "MASH" })),
    },
  ];
  return {
    laCode: "879",
    source: "ssd",
    label: "person.csv, cin_episodes.csv",
    sha256,
    extractDate: "2025-04-30",
    collectionYear: null,
    synthetic: false,
    dropped: { pers_common_child_id: 2 },
    problems,
    rowCount: 2 + referrals.length,
    sameRecord: (table) => (table === "ssd_cin_episodes" ? "cine_referral_id" : "pers_person_id"),
    async *rows() {
      yield* batches;
    },
  };
}

describe.each(engines)("loading case records on $name", (engine) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await engine.open();
  });
  afterAll(async () => handle?.close());

  const referralsOf = async (person: string) =>
    selectRows(handle.db, sql`select cine_referral_date::text as date, cine_referral_team as team, extract_id from casework.ssd_cin_episodes where cine_person_id = ${pseudonyms.of("879", "person", person)} order by cine_referral_date`);

  it("stores each row under pseudonyms, with its council and extract, and one audit event for the import", async () => {
    const outcome = await loadExtract(handle.db, testContext, pseudonyms, extract("a".repeat(64), [["R1", "C1", "2024-05-10"], ["R2", "C1", "2025-05-10"], ["R3", "C2", "2025-01-02"]]));
    expect(outcome.kind).toBe("loaded");
    if (outcome.kind !== "loaded") return;
    expect(outcome.extract.rowCounts).toEqual({ ssd_person: { added: 2, changed: 0, unchanged: 0 }, ssd_cin_episodes: { added: 3, changed: 0, unchanged: 0 } });
    expect(await referralsOf("C1")).toEqual([
      { date: "2024-05-10", team: "MASH", extract_id: outcome.extract.id },
      { date: "2025-05-10", team: "MASH", extract_id: outcome.extract.id },
    ]);
    const ids = await selectRows(handle.db, sql`select cine_referral_id as id, cine_person_id as person from casework.ssd_cin_episodes`);
    // The case system's ids are nowhere in the store: each is a 24-character keyed hash.
    for (const row of ids) {
      expect(String(row.id)).toMatch(/^[0-9a-f]{24}$/);
      expect(["R1", "R2", "R3", "C1", "C2"]).not.toContain(row.person);
    }
    const events = await selectRows(handle.db, sql`select action, after from audit_events where record_type = 'casework extract'`);
    expect(events).toHaveLength(1);
    expect(events[0]?.after).toMatchObject({ label: "person.csv, cin_episodes.csv", rows: { ssd_cin_episodes: { added: 3 } }, dropped: { pers_common_child_id: 2 } });
  });

  it("recognises the same files sent again and changes nothing", async () => {
    const before = await selectRows(handle.db, sql`select count(*)::int as n from audit_events`);
    const outcome = await loadExtract(handle.db, testContext, pseudonyms, extract("a".repeat(64), [["R1", "C1", "2024-05-10"]]));
    expect(outcome.kind).toBe("already");
    expect(await selectRows(handle.db, sql`select count(*)::int as n from audit_events`)).toEqual(before);
  });

  it("updates the records a later extract changes, keeps those it repeats, and adds the new", async () => {
    const outcome = await loadExtract(handle.db, testContext, pseudonyms, extract("b".repeat(64), [["R1", "C1", "2024-05-10"], ["R2", "C1", "2025-05-12"], ["R4", "C2", "2025-03-01"]]));
    if (outcome.kind !== "loaded") throw new Error(`expected the extract to load, not ${outcome.kind}`);
    expect(outcome.extract.rowCounts).toEqual({ ssd_person: { added: 0, changed: 0, unchanged: 2 }, ssd_cin_episodes: { added: 1, changed: 1, unchanged: 1 } });
    const referrals = await referralsOf("C1");
    expect(referrals.map((r) => r.date)).toEqual(["2024-05-10", "2025-05-12"]);
    // The unchanged referral still belongs to the extract that brought it; the changed one to the new extract.
    expect(referrals.map((r) => r.extract_id)).toEqual([outcome.extract.id - 1, outcome.extract.id]);
  });

  it("refuses files that hold the same record twice, naming both rows, and loads nothing", async () => {
    const counted = async () => selectRows(handle.db, sql`select (select count(*) from casework.extracts)::int as extracts, (select count(*) from casework.ssd_cin_episodes)::int as referrals`);
    const before = await counted();
    const outcome = await loadExtract(handle.db, testContext, pseudonyms, extract("c".repeat(64), [["R9", "C1", "2025-06-01"], ["R9", "C1", "2025-06-02"]]));
    expect(outcome).toEqual({
      kind: "refused",
      problems: [{ file: "cin_episodes.csv", place: "row 3", field: "cine_referral_id", message: "repeats the record at row 2: each record may appear once" }],
      more: 0,
      validRowsCanLoad: true,
    });
    expect(await counted()).toEqual(before);
  });

  it("refuses files with problems, or loads the valid rows and lists the rest when asked", async () => {
    const problems = new CaseFileProblems();
    problems.add({ file: "cin_episodes.csv", place: "row 4", field: "cine_referral_date", message: "31/02/2025 is not a date" });
    const prepared = extract("d".repeat(64), [["R10", "C2", "2025-07-01"]], problems);
    expect(await loadExtract(handle.db, testContext, pseudonyms, prepared)).toMatchObject({ kind: "refused", problems: problems.listed });
    const outcome = await loadExtract(handle.db, testContext, pseudonyms, prepared, { validRowsOnly: true });
    if (outcome.kind !== "loaded") throw new Error(`expected the valid rows to load, not ${outcome.kind}`);
    expect(outcome.extract.rowsLeftOut).toEqual({ count: 1, listed: problems.listed });
    expect((await referralsOf("C2")).map((r) => r.date)).toEqual(["2025-01-02", "2025-03-01", "2025-07-01"]);
  });

  it("keeps text that COPY would misread exactly as it was sent: tabs, newlines, backslashes, quotes, \\N", async () => {
    const teams = ["Team\tA", "Team\nB", "Team\r\nC", "C:\\teams\\D", `"E" and 'E'`, "\\N", "\\.", ""];
    const prepared: PreparedExtract = {
      ...extract("e".repeat(64), []),
      rowCount: teams.length,
      async *rows() {
        yield {
          table: "ssd_cin_episodes",
          rows: teams.map((team, index) => ({ file: "cin_episodes.csv", place: `row ${String(index + 2)}`, cine_referral_id: `H\t${String(index)}\\`, cine_person_id: "C\n3", cine_referral_date: "2025-08-01", cine_referral_team: team })),
        };
      },
    };
    const outcome = await loadExtract(handle.db, testContext, pseudonyms, prepared);
    if (outcome.kind !== "loaded") throw new Error(`expected the extract to load, not ${outcome.kind}`);
    const stored = await selectRows(handle.db, sql`select cine_referral_id as id, cine_referral_team as team from casework.ssd_cin_episodes where cine_person_id = ${pseudonyms.of("879", "person", "C\n3")}`);
    const teamOf = new Map(stored.map((row) => [row.id, row.team]));
    expect(teams.map((_, index) => teamOf.get(pseudonyms.of("879", "record", `H\t${String(index)}\\`)))).toEqual(teams);
  });

  it("with the valid rows asked for, stores a repeated record once, as its first row says, and lists each repeat", async () => {
    const referrals: [string, string, string][] = [["R1", "C1", "2025-01-01"], ["R2", "C1", "2025-02-01"], ["R1", "C1", "2025-03-01"], ["R2", "C1", "2025-04-01"], ["R1", "C1", "2025-05-01"]];
    // A council with nothing stored yet, so the rows go in without meeting stored ones.
    const outcome = await loadExtract(handle.db, testContext, pseudonyms, { ...extract("f".repeat(64), referrals), laCode: "880" }, { validRowsOnly: true });
    if (outcome.kind !== "loaded") throw new Error(`expected the valid rows to load, not ${outcome.kind}`);
    const repeat = (row: number, of: number) => ({ file: "cin_episodes.csv", place: `row ${String(row)}`, field: "cine_referral_id", message: `repeats the record at row ${String(of)}: each record may appear once` });
    expect(outcome.extract.rowsLeftOut).toEqual({ count: 3, listed: [repeat(4, 2), repeat(6, 2), repeat(5, 3)] });
    expect(outcome.extract.rowCounts.ssd_cin_episodes).toEqual({ added: 2, changed: 0, unchanged: 0 });
    const stored = await selectRows(handle.db, sql`select cine_referral_date::text as date from casework.ssd_cin_episodes where la_code = '880' order by cine_referral_date`);
    expect(stored.map((row) => row.date)).toEqual(["2025-01-01", "2025-02-01"]);
  });

  it("loads two extracts of a council sent at the same time, the second comparing its rows with the first's", async () => {
    const first = { ...extract("1".repeat(64), [["R1", "C1", "2025-01-01"], ["R2", "C2", "2025-02-01"]]), laCode: "881" };
    const second = { ...extract("2".repeat(64), [["R1", "C1", "2025-01-01"], ["R3", "C2", "2025-03-01"]]), laCode: "881" };
    const outcomes = await Promise.all([loadExtract(handle.db, testContext, pseudonyms, first), loadExtract(handle.db, testContext, pseudonyms, second)]);
    const counts = outcomes.map((outcome) => (outcome.kind === "loaded" ? outcome.extract.rowCounts : outcome.kind));
    // Whichever went first added its rows; the other added only its new referral and kept R1 as stored.
    expect(counts).toContainEqual({ ssd_person: { added: 2, changed: 0, unchanged: 0 }, ssd_cin_episodes: { added: 2, changed: 0, unchanged: 0 } });
    expect(counts).toContainEqual({ ssd_person: { added: 0, changed: 0, unchanged: 2 }, ssd_cin_episodes: { added: 1, changed: 0, unchanged: 1 } });
  });
});
