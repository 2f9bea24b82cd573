import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../db/client.ts";
import { holdCaseRecords, type CaseTables } from "../../../../test/support/case-records.ts";
import { engines } from "../../../../test/support/databases.ts";
import { testContext } from "../../../../test/support/demo.ts";
import * as repository from "../computation-repository.ts";
import { computeMeasures } from "../computing.ts";
import { figureCasesUnrecorded } from "../figures.ts";
import { placementGroups } from "./looked-after.ts";

const la = "879";

/** Episodes of care, written short: [id, person, start, start reason, ceased, ceased reason, placement]. */
type Episode = [string, string, string, string | null, string | null, string | null, string?];
const episodes = (...rows: Episode[]) =>
  rows.map(([id, person, start, startReason, ceased, ceasedReason, placement]) => ({
    clae_cla_episode_id: id,
    clae_person_id: person,
    clae_cla_episode_start_date: start,
    clae_cla_episode_start_reason: startReason,
    clae_cla_episode_ceased_date: ceased,
    clae_cla_episode_ceased_reason: ceasedReason,
    clae_cla_placement_id: placement ?? null,
  }));

/**
 * Holds the cases a test describes as one extract (taken on 30 June 2025 unless another day is
 * given), with a referral on 1 April 2023, where the records begin; computes the measures named;
 * and gives what they made.
 */
function computed(codes: readonly string[], tables: CaseTables, extractDate = "2025-06-30") {
  const found: { handle?: DatabaseHandle } = {};
  const db = () => {
    if (!found.handle) throw new Error("the records are not held yet");
    return found.handle.db;
  };
  return {
    async open(engine: (typeof engines)[number]) {
      const handle = await engine.open();
      await holdCaseRecords(handle.db, la, extractDate, { ssd_cin_episodes: [{ cine_referral_id: "R0", cine_person_id: "P0", cine_referral_date: "2023-04-01" }], ...tables });
      await computeMeasures(handle.db, testContext, la, codes);
      found.handle = handle;
      return handle;
    },
    async figure(code: string, kind: "month" | "year", end: string) {
      const figure = (await repository.currentFigures(db(), la, code)).find((f) => f.periodKind === kind && f.periodEnd === end);
      if (!figure) throw new Error(`no ${code} figure for the ${kind} to ${end}`);
      return figure;
    },
    async cases(code: string, kind: "month" | "year", end: string) {
      const figure = await this.figure(code, kind, end);
      return figureCasesUnrecorded(db(), figure.id);
    },
    async caseOf(code: string, kind: "month" | "year", end: string, person: string) {
      const rows = (await this.cases(code, kind, end)).filter((c) => c.personId === person);
      if (rows.length > 1) throw new Error(`${person} has ${rows.length} rows in ${code} to ${end}`);
      return rows[0];
    },
    db,
    close: () => found.handle?.close(),
  };
}

describe.each(engines)("children starting and ceasing to be looked after ($name)", (engine) => {
  const run = computed(["CLA-STARTED", "CLA-CEASED"], {
    ssd_cla_episodes: episodes(
      // Came into care twice in 2024/25: one starter, and one ceaser (the second period is still open).
      ["E1a", "P1", "2024-04-10", "S", "2024-06-01", "E4A"],
      ["E1b", "P1", "2025-01-02", "S", null, null],
      // Moved placement (X1 ends the first episode) and left in October.
      ["E2a", "P2", "2024-05-01", "S", "2024-08-01", "X1"],
      ["E2b", "P2", "2024-08-01", "P", "2024-10-01", "E4A"],
      // A short break.
      ["E3", "P3", "2024-06-01", "S", "2024-06-05", "E8"],
      // An episode ended with no reason and the next one beginning that day: care went on.
      ["E4a", "P4", "2024-07-01", "S", "2024-09-01", null],
      ["E4b", "P4", "2024-09-01", "P", null, null],
      // An episode ended with no reason and nothing after: care ended.
      ["E5", "P5", "2024-07-01", "S", "2024-09-01", null],
      // Started on the last day of 2023/24.
      ["E6", "P6", "2024-03-31", "S", null, null],
    ),
    ssd_legal_status: [{ lega_legal_status_id: "L3", lega_person_id: "P3", lega_legal_status: "V3", lega_legal_status_start_date: "2024-06-01", lega_legal_status_end_date: "2024-06-05" }],
  });
  beforeAll(() => run.open(engine));
  afterAll(() => run.close());

  it.each([
    ["P1", { inNumerator: true, recordId: "E1a", eventDate: "2024-04-10" }],
    ["P2", { inNumerator: true, eventDate: "2024-05-01" }],
    ["P3", { inDenominator: false, inNumerator: false, reason: "SHORT_BREAK" }],
    ["P4", { inNumerator: true }],
    ["P5", { inNumerator: true }],
    ["P6", undefined],
  ])("starters in 2024/25: %s", async (person, expected) => {
    const found = await run.caseOf("CLA-STARTED", "year", "2025-03-31", person);
    if (expected === undefined) expect(found).toBeUndefined();
    else expect(found).toMatchObject(expected);
  });

  it("counts each child once in a year, a short break not at all, and a start on 31 March in the year it ends", async () => {
    expect(await run.figure("CLA-STARTED", "year", "2025-03-31")).toMatchObject({ numerator: 4, value: 4, excluded: { SHORT_BREAK: 1 } });
    expect(await run.figure("CLA-STARTED", "year", "2024-03-31")).toMatchObject({ numerator: 1 });
    expect(await run.figure("CLA-STARTED", "month", "2025-01-31")).toMatchObject({ numerator: 1 });
  });

  it.each([
    ["P1", { inNumerator: true, recordId: "E1a", eventDate: "2024-06-01" }],
    ["P2", { inNumerator: true, recordId: "E2b", eventDate: "2024-10-01" }],
    ["P3", { inDenominator: false, reason: "SHORT_BREAK" }],
    ["P4", undefined],
    ["P5", { inNumerator: true, eventDate: "2024-09-01" }],
  ])("ceasers in 2024/25: %s", async (person, expected) => {
    const found = await run.caseOf("CLA-CEASED", "year", "2025-03-31", person);
    if (expected === undefined) expect(found).toBeUndefined();
    else expect(found).toMatchObject(expected);
  });

  it("does not count an X1 ending as leaving care", async () => {
    expect(await run.cases("CLA-CEASED", "month", "2024-08-31")).toEqual([]);
    expect(await run.figure("CLA-CEASED", "year", "2025-03-31")).toMatchObject({ numerator: 3, excluded: { SHORT_BREAK: 1 } });
  });
});

/** Health checks, written short: [id, person, type, date, status]. */
const checks = (...rows: [string, string, string, string, string][]) =>
  rows.map(([id, person, type, date, status]) => ({ clah_health_check_id: id, clah_person_id: person, clah_health_check_type: type, clah_health_check_date: date, clah_health_check_status: status }));

describe.each(engines)("initial health assessments within 20 working days ($name)", (engine) => {
  const run = computed(
    ["CLA-IHA-20WD"],
    {
      ssd_cla_episodes: episodes(
        ["E1", "P1", "2025-02-03", "S", null, null],
        ["E2", "P2", "2025-02-03", "S", null, null],
        ["E3", "P3", "2025-04-14", "S", null, null],
        ["E4", "P4", "2025-04-14", "S", "2025-04-25", "E4A"],
        ["E5", "P5", "2025-04-14", "S", "2025-04-25", "E4A"],
        ["E6", "P6", "2025-05-26", "S", null, null],
        ["E7", "P7", "2025-02-03", "S", "2025-02-10", "E8"],
        ["E8", "P8", "2025-02-03", "S", null, null],
        // Came into care, left, and came back: only the assessment of the second period counts for it.
        ["E9a", "P9", "2025-01-06", "S", "2025-01-20", "E4A"],
        ["E9b", "P9", "2025-02-03", "S", null, null],
      ),
      ssd_legal_status: [{ lega_legal_status_id: "L7", lega_person_id: "P7", lega_legal_status: "V4", lega_legal_status_start_date: "2025-02-03", lega_legal_status_end_date: "2025-02-10" }],
      ssd_cla_health: checks(
        ["H1", "P1", "IHA", "2025-03-03", "Completed"],
        ["H2", "P2", "IHA", "2025-03-04", "Completed"],
        ["H3", "P3", "Initial Health Assessment", "2025-05-15", "completed"],
        ["H5", "P5", "IHA", "2025-04-22", "Completed"],
        ["H6", "P6", "IHA", "2025-06-10", "Completed"],
        ["H8a", "P8", "IHA", "2025-02-20", "Refused"],
        ["H8b", "P8", "RHA", "2025-02-21", "Completed"],
        ["H9", "P9", "IHA", "2025-01-10", "Completed"],
      ),
    },
    "2025-06-20",
  );
  beforeAll(() => run.open(engine));
  afterAll(() => run.close());

  it.each([
    ["2025-03-31", "P1", { inDenominator: true, inNumerator: true, startDate: "2025-02-03", dueDate: "2025-03-03", eventDate: "2025-03-03", workingDays: 20 }],
    ["2025-03-31", "P2", { inDenominator: true, inNumerator: false, dueDate: "2025-03-03", workingDays: 21 }],
    ["2025-03-31", "P7", { inDenominator: false, inNumerator: false, reason: "SHORT_BREAK" }],
    ["2025-03-31", "P8", { inDenominator: true, inNumerator: false, eventDate: null }],
    ["2025-03-31", "P9", { inDenominator: true, inNumerator: false, startDate: "2025-02-03", eventDate: null }],
    ["2025-05-31", "P3", { inDenominator: true, inNumerator: true, dueDate: "2025-05-15", eventDate: "2025-05-15" }],
    ["2025-05-31", "P4", { inDenominator: false, inNumerator: false, reason: "CEASED_BEFORE_DUE", dueDate: "2025-05-15" }],
    ["2025-05-31", "P5", { inDenominator: true, inNumerator: true, eventDate: "2025-04-22" }],
    ["2025-06-30", "P6", { inDenominator: false, inNumerator: false, reason: "PENDING", dueDate: "2025-06-23", eventDate: "2025-06-10" }],
  ])("in the month to %s: %s", async (month, person, expected) => {
    expect(await run.caseOf("CLA-IHA-20WD", "month", month, person)).toMatchObject(expected);
  });

  it("puts each period of care in the month its assessment fell due", async () => {
    expect(await run.figure("CLA-IHA-20WD", "month", "2025-03-31")).toMatchObject({ numerator: 1, denominator: 4, value: 25, excluded: { SHORT_BREAK: 1 } });
    expect(await run.figure("CLA-IHA-20WD", "month", "2025-05-31")).toMatchObject({ numerator: 2, denominator: 2, excluded: { CEASED_BEFORE_DUE: 1 } });
    expect((await run.cases("CLA-IHA-20WD", "month", "2025-04-30")).map((c) => c.personId)).toEqual([]);
  });
});

/** Placements, written short: [id, person, start, end, type, provider]. */
const placements = (...rows: [string, string, string, string | null, string, string | null][]) =>
  rows.map(([id, person, start, end, type, provider]) => ({
    clap_cla_placement_id: id,
    clap_person_id: person,
    clap_cla_placement_start_date: start,
    clap_cla_placement_end_date: end,
    clap_cla_placement_type: type,
    clap_cla_placement_provider: provider,
  }));

describe.each(engines)("placements of children looked after ($name)", (engine) => {
  const people = ["P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8", "P9", "P10", "P11", "P12"];
  const run = computed(
    placementGroups.map((group) => `CLA-PL-${group.group}`),
    {
      ssd_cla_episodes: episodes(...people.map((person): Episode => [`E${person}`, person, "2024-06-01", "S", null, null])),
      ssd_cla_placement: placements(
        ["PL1", "P1", "2024-06-01", null, "U5", "PR4"],
        ["PL2", "P2", "2024-06-01", null, "U2", "PR1"],
        ["PL3", "P3", "2024-06-01", null, "K3", "PR4"],
        ["PL4", "P4", "2024-06-01", null, "U4", "PR1"],
        ["PL5", "P5", "2024-06-01", null, "U6", "PR2"],
        ["PL6", "P6", "2024-06-01", null, "K1", "PR1"],
        ["PL7", "P7", "2024-06-01", null, "P1", "PR0"],
        ["PL8", "P8", "2024-06-01", null, "A5", "PR1"],
        ["PL9", "P9", "2024-06-01", null, "R1", "PR3"],
        // P10 has no placement recorded.
        ["PL11a", "P11", "2024-06-01", "2025-03-31", "U4", "PR1"],
        ["PL11b", "P11", "2025-03-31", null, "K2", "PR4"],
        ["PL12", "P12", "2024-06-01", null, "U4", "PR1"],
      ),
      ssd_legal_status: [{ lega_legal_status_id: "L12", lega_person_id: "P12", lega_legal_status: "V3", lega_legal_status_start_date: "2024-06-01" }],
    },
  );
  beforeAll(() => run.open(engine));
  afterAll(() => run.close());

  it.each([
    ["P1", "FOSTER-IFA"],
    ["P2", "FOSTER-CONNECTED"],
    ["P3", "SUPPORTED"],
    ["P4", "FOSTER-INHOUSE"],
    ["P5", "FOSTER-OTHER"],
    ["P6", "CHILDRENS-HOME"],
    ["P7", "WITH-PARENTS"],
    ["P8", "ADOPTION"],
    ["P9", "OTHER-RES"],
    ["P10", "OTHER"],
    ["P11", "CHILDRENS-HOME"],
  ])("at 31 March 2025 %s is counted in %s and no other group", async (person, expected) => {
    const counted: string[] = [];
    for (const group of placementGroups) {
      const found = await run.caseOf(`CLA-PL-${group.group}`, "year", "2025-03-31", person);
      expect(found).toMatchObject({ inDenominator: true });
      if (found?.inNumerator) counted.push(group.group);
    }
    expect(counted).toEqual([expected]);
  });

  it("leaves a child on a short break out of every group and of the children counted", async () => {
    for (const group of placementGroups) {
      expect(await run.caseOf(`CLA-PL-${group.group}`, "year", "2025-03-31", "P12")).toMatchObject({ inDenominator: false, inNumerator: false, reason: "SHORT_BREAK" });
    }
    const figures = await Promise.all(placementGroups.map((group) => run.figure(`CLA-PL-${group.group}`, "year", "2025-03-31")));
    expect(figures.map((figure) => figure.denominator)).toEqual(placementGroups.map(() => 11));
    expect(figures.reduce((sum, figure) => sum + figure.numerator, 0)).toBe(11);
    expect(await run.figure("CLA-PL-CHILDRENS-HOME", "year", "2025-03-31")).toMatchObject({ numerator: 2, value: (2 / 11) * 100 });
  });

  it("takes the placement open on the day, not one that ended on it", async () => {
    expect(await run.caseOf("CLA-PL-FOSTER-INHOUSE", "month", "2025-02-28", "P11")).toMatchObject({ inNumerator: true, startDate: "2024-06-01" });
    expect(await run.caseOf("CLA-PL-CHILDRENS-HOME", "year", "2025-03-31", "P11")).toMatchObject({ inNumerator: true, startDate: "2025-03-31" });
  });
});

describe.each(engines)("three or more placements in the year ($name)", (engine) => {
  const run = computed(["CLA-STAB-3PLUS"], {
    ssd_cla_episodes: episodes(
      // MEASURES.md's case: in foster care on 1 April, moved to an agency carer, moved house with that carer, then to a children's home.
      ["E1a", "P1", "2024-01-01", "S", "2024-08-01", "X1", "PL1a"],
      ["E1b", "P1", "2024-08-01", "P", "2024-10-01", "X1", "PL1b"],
      ["E1c", "P1", "2024-10-01", "T", "2025-02-01", "X1", "PL1c"],
      ["E1d", "P1", "2025-02-01", "P", null, null, "PL1d"],
      // Came into care, then a change of legal status only.
      ["E2a", "P2", "2024-05-01", "S", "2024-09-01", "X1", "PL2"],
      ["E2b", "P2", "2024-09-01", "L", null, null, "PL2"],
      // The first placement ended on 1 April 2024, so is not counted: two.
      ["E3a", "P3", "2023-06-01", "S", "2024-04-01", "X1", "PL3a"],
      ["E3b", "P3", "2024-04-01", "P", "2024-09-01", "X1", "PL3b"],
      ["E3c", "P3", "2024-09-01", "P", null, null, "PL3c"],
      // A week with a temporary carer, back to the same foster carer, then a children's home: two.
      ["E4a", "P4", "2024-05-01", "S", "2024-07-01", "X1", "PL4a"],
      ["E4b", "P4", "2024-07-01", "P", "2024-07-10", "X1", "PL4b"],
      ["E4c", "P4", "2024-07-10", "P", "2025-01-10", "X1", "PL4c"],
      ["E4d", "P4", "2025-01-10", "P", null, null, "PL4d"],
      // Moved to an agency carer, then placed for adoption with that carer: two.
      ["E5a", "P5", "2024-05-01", "S", "2024-06-01", "X1", "PL5a"],
      ["E5b", "P5", "2024-06-01", "P", "2024-09-01", "X1", "PL5b"],
      ["E5c", "P5", "2024-09-01", "P", null, null, "PL5c"],
      // The same, placed for adoption with new carers: three.
      ["E6a", "P6", "2024-05-01", "S", "2024-06-01", "X1", "PL6a"],
      ["E6b", "P6", "2024-06-01", "P", "2024-09-01", "X1", "PL6b"],
      ["E6c", "P6", "2024-09-01", "P", null, null, "PL6c"],
      // Three placements, but on a short break on 31 March.
      ["E7a", "P7", "2024-05-01", "S", "2024-06-01", "X1", "PL7a"],
      ["E7b", "P7", "2024-06-01", "P", "2024-09-01", "X1", "PL7b"],
      ["E7c", "P7", "2024-09-01", "B", null, null, "PL7c"],
    ),
    ssd_cla_placement: placements(
      ["PL1a", "P1", "2024-01-01", "2024-08-01", "U6", "PR1"],
      ["PL1b", "P1", "2024-08-01", "2024-10-01", "U5", "PR4"],
      ["PL1c", "P1", "2024-10-01", "2025-02-01", "U5", "PR4"],
      ["PL1d", "P1", "2025-02-01", null, "K2", "PR4"],
      ["PL2", "P2", "2024-05-01", null, "U4", "PR1"],
      ["PL3a", "P3", "2023-06-01", "2024-04-01", "U4", "PR1"],
      ["PL3b", "P3", "2024-04-01", "2024-09-01", "K2", "PR4"],
      ["PL3c", "P3", "2024-09-01", null, "U5", "PR4"],
      ["PL4a", "P4", "2024-05-01", "2024-07-01", "U4", "PR1"],
      ["PL4b", "P4", "2024-07-01", "2024-07-10", "T1", "PR1"],
      ["PL4c", "P4", "2024-07-10", "2025-01-10", "U4", "PR1"],
      ["PL4d", "P4", "2025-01-10", null, "K2", "PR4"],
      ["PL5a", "P5", "2024-05-01", "2024-06-01", "U4", "PR1"],
      ["PL5b", "P5", "2024-06-01", "2024-09-01", "U5", "PR4"],
      ["PL5c", "P5", "2024-09-01", null, "A5", "PR1"],
      ["PL6a", "P6", "2024-05-01", "2024-06-01", "U4", "PR1"],
      ["PL6b", "P6", "2024-06-01", "2024-09-01", "U5", "PR4"],
      ["PL6c", "P6", "2024-09-01", null, "A6", "PR1"],
      ["PL7a", "P7", "2024-05-01", "2024-06-01", "U4", "PR1"],
      ["PL7b", "P7", "2024-06-01", "2024-09-01", "U5", "PR4"],
      ["PL7c", "P7", "2024-09-01", null, "K2", "PR4"],
    ),
    ssd_legal_status: [{ lega_legal_status_id: "L7", lega_person_id: "P7", lega_legal_status: "V4", lega_legal_status_start_date: "2024-09-01" }],
  });
  beforeAll(() => run.open(engine));
  afterAll(() => run.close());

  it.each([
    ["P1", { inDenominator: true, inNumerator: true, startDate: "2024-01-01", eventDate: "2025-02-01" }],
    ["P2", { inDenominator: true, inNumerator: false, startDate: "2024-05-01", eventDate: "2024-05-01" }],
    ["P3", { inDenominator: true, inNumerator: false, startDate: "2024-04-01" }],
    ["P4", { inDenominator: true, inNumerator: false, eventDate: "2025-01-10" }],
    ["P5", { inDenominator: true, inNumerator: false, eventDate: "2024-06-01" }],
    ["P6", { inDenominator: true, inNumerator: true, eventDate: "2024-09-01" }],
    ["P7", { inDenominator: false, inNumerator: false, reason: "SHORT_BREAK" }],
  ])("at 31 March 2025: %s", async (person, expected) => {
    expect(await run.caseOf("CLA-STAB-3PLUS", "year", "2025-03-31", person)).toMatchObject(expected);
  });

  it("gives the year's share, and counts only the 12 months to each month's end", async () => {
    expect(await run.figure("CLA-STAB-3PLUS", "year", "2025-03-31")).toMatchObject({ numerator: 2, denominator: 6, excluded: { SHORT_BREAK: 1 } });
    // By 31 January 2025 the children's home move had not happened: P1 had two placements.
    expect(await run.caseOf("CLA-STAB-3PLUS", "month", "2025-01-31", "P1")).toMatchObject({ inNumerator: false });
    // Computed from April 2024, once 12 months of records are held.
    expect((await repository.currentFigures(run.db(), la, "CLA-STAB-3PLUS")).find((f) => f.periodKind === "month")?.periodEnd).toBe("2024-04-30");
  });
});

describe.each(engines)("health assessments and dental checks in the year ($name)", (engine) => {
  const since2023 = (person: string): Episode => [`E${person}`, person, "2023-01-01", "S", null, null];
  const run = computed(["CLA-HEALTH-ANNUAL", "CLA-DENTAL-ANNUAL"], {
    ssd_person: [
      { pers_person_id: "P1", pers_dob: "2021-06-01" },
      { pers_person_id: "P2", pers_dob: "2021-06-01" },
      { pers_person_id: "P3", pers_dob: "2014-06-01" },
      { pers_person_id: "P4", pers_dob: "2014-06-01" },
      { pers_person_id: "P8", pers_dob: "2021-06-01" },
      // Five on 31 March 2025: one assessment is enough.
      { pers_person_id: "P9", pers_dob: "2020-03-31" },
    ],
    ssd_cla_episodes: episodes(
      since2023("P1"),
      since2023("P2"),
      since2023("P3"),
      since2023("P4"),
      ["EP5", "P5", "2024-04-02", "S", null, null],
      ["EP5b", "P5b", "2024-04-01", "S", null, null],
      since2023("P6"),
      // Left care in July 2024 and came back in August.
      ["EP7a", "P7", "2023-01-01", "S", "2024-07-01", "E4A"],
      ["EP7b", "P7", "2024-08-01", "S", null, null],
      since2023("P8"),
      since2023("P9"),
    ),
    ssd_legal_status: [{ lega_legal_status_id: "L6", lega_person_id: "P6", lega_legal_status: "V3", lega_legal_status_start_date: "2024-06-01", lega_legal_status_end_date: "2024-06-10" }],
    ssd_cla_health: checks(
      ["H1a", "P1", "RHA", "2024-05-10", "Completed"],
      ["H1b", "P1", "RHA", "2025-01-20", "Completed"],
      ["H1c", "P1", "Dental", "2024-06-01", "Refused"],
      ["H2", "P2", "RHA", "2024-05-10", "Completed"],
      ["H2d", "P2", "Dental Check", "2024-05-10", "Completed"],
      ["H3", "P3", "RHA", "2024-04-01", "Completed"],
      ["H3d", "P3", "Dental", "2025-03-31", "Completed"],
      ["H4", "P4", "RHA", "2024-03-31", "Completed"],
      ["H4d", "P4", "Dental", "2024-03-31", "Completed"],
      ["H5b", "P5b", "IHA", "2024-04-20", "Completed"],
      ["H8a", "P8", "RHA", "2024-09-01", "Completed"],
      ["H8b", "P8", "Health Assessment", "2024-09-01", "Completed"],
      ["H9", "P9", "RHA", "2024-09-01", "Completed"],
    ),
  });
  beforeAll(() => run.open(engine));
  afterAll(() => run.close());

  it.each([
    ["P1", { inNumerator: true, startDate: "2024-05-10", eventDate: "2025-01-20" }, { inNumerator: false }],
    ["P2", { inNumerator: false }, { inNumerator: true, eventDate: "2024-05-10" }],
    ["P3", { inNumerator: true }, { inNumerator: true, eventDate: "2025-03-31" }],
    ["P4", { inNumerator: false, eventDate: null }, { inNumerator: false }],
    ["P5", undefined, undefined],
    ["P5b", { inNumerator: true }, { inNumerator: false }],
    ["P6", { inDenominator: false, reason: "SHORT_BREAK" }, { inDenominator: false, reason: "SHORT_BREAK" }],
    ["P7", undefined, undefined],
    ["P8", { inNumerator: false }, { inNumerator: false }],
    ["P9", { inNumerator: true }, { inNumerator: false }],
  ])("at 31 March 2025: %s", async (person, health, dental) => {
    const assessed = await run.caseOf("CLA-HEALTH-ANNUAL", "year", "2025-03-31", person);
    const teeth = await run.caseOf("CLA-DENTAL-ANNUAL", "year", "2025-03-31", person);
    if (health === undefined) expect(assessed).toBeUndefined();
    else expect(assessed).toMatchObject({ inDenominator: true, ...health });
    if (dental === undefined) expect(teeth).toBeUndefined();
    else expect(teeth).toMatchObject({ inDenominator: true, ...dental });
  });

  it("gives the year's shares", async () => {
    expect(await run.figure("CLA-HEALTH-ANNUAL", "year", "2025-03-31")).toMatchObject({ numerator: 4, denominator: 7, excluded: { SHORT_BREAK: 1 } });
    expect(await run.figure("CLA-DENTAL-ANNUAL", "year", "2025-03-31")).toMatchObject({ numerator: 2, denominator: 7 });
  });
});

describe.each(engines)("care plans up to date ($name)", (engine) => {
  const plan = (person: string, start: string) => ({ lacp_table_id: `CP${person}`, lacp_person_id: person, lacp_cla_care_plan_start_date: start });
  const review = (id: string, person: string, date: string, cancelled = "N") => ({ clar_cla_review_id: id, clar_person_id: person, clar_cla_review_date: date, clar_cla_review_cancelled: cancelled });
  const run = computed(["CLA-PLAN-UTD"], {
    ssd_person: [{ pers_person_id: "P6", pers_death_date: "2025-03-15" }],
    ssd_cla_episodes: [
      ...episodes(
        ["E1", "P1", "2025-02-03", "S", null, null],
        ["E2", "P2", "2025-02-03", "S", null, null],
        ["E3", "P3", "2025-02-03", "S", null, null],
        ["E4", "P4", "2025-02-03", "S", null, null],
        ["E6", "P6", "2025-02-03", "S", null, null],
        ["E7", "P7", "2025-02-03", "S", null, null],
        // A change of legal status since coming into care: reviews are counted from 3 February.
        ["E8a", "P8", "2025-02-03", "S", "2025-02-20", "X1"],
        ["E8b", "P8", "2025-02-20", "L", null, null],
      ),
      { clae_cla_episode_id: "E5", clae_person_id: "P5", clae_cla_episode_start_date: "2024-02-01", clae_cla_episode_start_reason: "L", clae_entered_care_date: "2023-01-01" },
    ],
    ssd_legal_status: [{ lega_legal_status_id: "L7", lega_person_id: "P7", lega_legal_status: "V4", lega_legal_status_start_date: "2025-02-03" }],
    ssd_cla_care_plan: [plan("P1", "2025-02-05"), plan("P3", "2025-02-05"), plan("P4", "2025-02-05"), plan("P5", "2023-01-10"), plan("P6", "2025-02-05"), plan("P7", "2025-02-05"), plan("P8", "2025-02-05")],
    ssd_cla_reviews: [
      review("V1", "P1", "2025-03-03"),
      review("V2", "P2", "2025-03-03"),
      review("V3", "P3", "2025-03-03", "Y"),
      review("V4", "P4", "2025-03-10"),
      review("V5a", "P5", "2024-06-01"),
      review("V5b", "P5", "2024-12-01"),
      review("V8", "P8", "2025-03-03"),
    ],
  });
  beforeAll(() => run.open(engine));
  afterAll(() => run.close());

  it.each([
    ["2025-02-28", "P1", { inNumerator: true, startDate: "2025-02-03", eventDate: null, dueDate: "2025-03-03" }],
    ["2025-03-31", "P1", { inNumerator: true, eventDate: "2025-03-03", dueDate: "2025-06-03" }],
    ["2025-05-31", "P1", { inNumerator: true, dueDate: "2025-06-03" }],
    ["2025-06-30", "P1", { inNumerator: false, dueDate: "2025-06-03" }],
    ["2025-02-28", "P2", { inNumerator: false, dueDate: "2025-03-03" }],
    ["2025-03-31", "P3", { inNumerator: false, eventDate: null, dueDate: "2025-03-03" }],
    ["2025-02-28", "P4", { inNumerator: true }],
    ["2025-03-31", "P4", { inNumerator: true, dueDate: "2025-06-10" }],
    ["2025-05-31", "P5", { inNumerator: true, startDate: "2023-01-01", eventDate: "2024-12-01", dueDate: "2025-06-01" }],
    ["2025-06-30", "P5", { inNumerator: false }],
    ["2025-03-31", "P8", { inNumerator: true, startDate: "2025-02-03" }],
  ])("at %s: %s", async (month, person, expected) => {
    expect(await run.caseOf("CLA-PLAN-UTD", "month", month, person)).toMatchObject({ inDenominator: true, ...expected });
  });

  it("leaves out children who have died and children on a short break", async () => {
    expect(await run.caseOf("CLA-PLAN-UTD", "month", "2025-03-31", "P6")).toMatchObject({ inDenominator: false, inNumerator: false, reason: "DIED" });
    expect(await run.caseOf("CLA-PLAN-UTD", "month", "2025-02-28", "P6")).toMatchObject({ inDenominator: true, inNumerator: true });
    expect(await run.caseOf("CLA-PLAN-UTD", "month", "2025-03-31", "P7")).toMatchObject({ inDenominator: false, reason: "SHORT_BREAK" });
    expect(await run.figure("CLA-PLAN-UTD", "year", "2025-03-31")).toMatchObject({ numerator: 4, denominator: 6, excluded: { DIED: 1, SHORT_BREAK: 1 } });
  });
});

describe.each(engines)("long-term placement stability ($name)", (engine) => {
  const run = computed(["CLA-STAB-LONG"], {
    // The records begin in April 2020: 30 months of them come before October 2022.
    ssd_cin_episodes: [{ cine_referral_id: "R0", cine_person_id: "P0", cine_referral_date: "2020-04-01" }],
    ssd_person: ["P1", "P2", "P3", "P4", "P5", "P8"].map((person) => ({ pers_person_id: person, pers_dob: "2015-01-01" })).concat([{ pers_person_id: "P6", pers_dob: "2009-03-31" }]),
    ssd_cla_episodes: episodes(
      // MEASURES.md's case: with the same carer since 1 March 2023, who moved house in 2024.
      ["E1a", "P1", "2022-06-01", "S", "2023-03-01", "X1", "PL1a"],
      ["E1b", "P1", "2023-03-01", "P", "2024-06-01", "X1", "PL1b"],
      ["E1c", "P1", "2024-06-01", "T", null, null, "PL1c"],
      // In care since 1 November 2022: not two and a half years.
      ["E2", "P2", "2022-11-01", "S", null, null, "PL2"],
      // Moved on 1 April 2023: a day short of two years.
      ["E3a", "P3", "2022-06-01", "S", "2023-04-01", "X1", "PL3a"],
      ["E3b", "P3", "2023-04-01", "P", null, null, "PL3b"],
      // Moved on 31 March 2023: two years to the day.
      ["E4a", "P4", "2022-06-01", "S", "2023-03-31", "X1", "PL4a"],
      ["E4b", "P4", "2023-03-31", "P", null, null, "PL4b"],
      // Placed for adoption with new carers in 2024, after two years and more with foster carers.
      ["E5a", "P5", "2022-06-01", "S", "2024-09-01", "X1", "PL5a"],
      ["E5b", "P5", "2024-09-01", "P", null, null, "PL5b"],
      // Sixteen on 31 March 2025.
      ["E6", "P6", "2022-06-01", "S", null, null, "PL6"],
      // No date of birth.
      ["E7", "P7", "2022-06-01", "S", null, null, "PL7"],
      // In the same placement since 2022, on a short break on 31 March.
      ["E8", "P8", "2022-06-01", "S", null, null, "PL8"],
    ),
    ssd_cla_placement: placements(
      ["PL1a", "P1", "2022-06-01", "2023-03-01", "U4", "PR1"],
      ["PL1b", "P1", "2023-03-01", "2024-06-01", "U5", "PR4"],
      ["PL1c", "P1", "2024-06-01", null, "U5", "PR4"],
      ["PL2", "P2", "2022-11-01", null, "U4", "PR1"],
      ["PL3a", "P3", "2022-06-01", "2023-04-01", "U4", "PR1"],
      ["PL3b", "P3", "2023-04-01", null, "U5", "PR4"],
      ["PL4a", "P4", "2022-06-01", "2023-03-31", "U4", "PR1"],
      ["PL4b", "P4", "2023-03-31", null, "U5", "PR4"],
      ["PL5a", "P5", "2022-06-01", "2024-09-01", "U4", "PR1"],
      ["PL5b", "P5", "2024-09-01", null, "A6", "PR1"],
      ["PL6", "P6", "2022-06-01", null, "U4", "PR1"],
      ["PL7", "P7", "2022-06-01", null, "U4", "PR1"],
      ["PL8", "P8", "2022-06-01", null, "U4", "PR1"],
    ),
    ssd_legal_status: [{ lega_legal_status_id: "L8", lega_person_id: "P8", lega_legal_status: "V3", lega_legal_status_start_date: "2025-03-01" }],
  });
  beforeAll(() => run.open(engine));
  afterAll(() => run.close());

  it.each([
    ["P1", { inDenominator: true, inNumerator: true, startDate: "2022-06-01", eventDate: "2023-03-01" }],
    ["P2", undefined],
    ["P3", { inDenominator: true, inNumerator: false, eventDate: "2023-04-01" }],
    ["P4", { inDenominator: true, inNumerator: true, eventDate: "2023-03-31" }],
    ["P5", { inDenominator: true, inNumerator: true, eventDate: "2024-09-01" }],
    ["P6", { inDenominator: false, reason: "OUT_OF_AGE" }],
    ["P7", { inDenominator: false, reason: "DATA_MISSING_DATE" }],
    ["P8", { inDenominator: false, reason: "SHORT_BREAK" }],
  ])("at 31 March 2025: %s", async (person, expected) => {
    const found = await run.caseOf("CLA-STAB-LONG", "year", "2025-03-31", person);
    if (expected === undefined) expect(found).toBeUndefined();
    else expect(found).toMatchObject(expected);
  });

  it("gives the year's share", async () => {
    expect(await run.figure("CLA-STAB-LONG", "year", "2025-03-31")).toMatchObject({ numerator: 3, denominator: 4, value: 75 });
  });
});
