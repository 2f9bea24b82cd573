import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../db/client.ts";
import { selectRows } from "../../db/rows.ts";
import { holdCaseRecords } from "../../../test/support/case-records.ts";
import { figureCasesUnrecorded } from "./figures.ts";
import { engines } from "../../../test/support/databases.ts";
import { testContext } from "../../../test/support/demo.ts";
import * as repository from "./computation-repository.ts";
import { computationInWords, computeEveryCouncil, computeMeasures } from "./computing.ts";
import { currentCalendar } from "./calendar.ts";

const la = "879";

/** The case a definition gave for a record in a period (`month` is the period's last day). */
async function caseOf(db: DatabaseHandle["db"], code: string, month: string, recordId: string) {
  const figure = (await repository.currentFigures(db, la, code)).find((f) => f.periodKind === "month" && f.periodEnd === month);
  if (!figure) throw new Error(`no ${code} figure for ${month}`);
  return (await figureCasesUnrecorded(db, figure.id)).find((c) => c.recordId === recordId);
}

describe.each(engines)("working days in the definitions' SQL ($name)", (engine) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await engine.open();
    const { calendar, sha256, source } = await currentCalendar(handle.db);
    await handle.db.transaction((tx) => repository.useCalendar(tx, calendar, sha256, source));
  });
  afterAll(() => handle.close());

  // MEASURES.md §3's cases, and the moved and one-off bank holidays.
  it.each([
    ["2024-12-20", 1, "2024-12-23"],
    ["2022-06-01", 1, "2022-06-06"],
    ["2020-05-07", 1, "2020-05-11"],
    ["2022-09-16", 1, "2022-09-20"],
    ["2023-05-05", 1, "2023-05-09"],
    ["2025-01-06", 45, "2025-03-10"],
    ["2024-11-15", 45, "2025-01-22"],
    ["2024-12-24", 5, "2025-01-03"],
    ["2024-12-24", 10, "2025-01-10"],
    ["2025-03-27", 15, "2025-04-17"],
    ["2022-09-12", 15, "2022-10-04"],
    ["2024-12-21", 1, "2024-12-23"],
    ["2024-12-21", 0, "2024-12-21"],
  ])("wd_due(%s, %i) is %s", async (start, n, due) => {
    const [row] = await selectRows(handle.db, sql`select casework.wd_due(${start}::date, ${n}::int)::text as due`);
    expect(row?.due).toBe(due);
  });

  it.each([
    ["2024-12-21", "2024-12-23", 1],
    ["2025-01-06", "2025-03-11", 46],
    ["2025-01-06", "2025-01-06", 0],
    ["2022-09-16", "2022-09-20", 1],
    ["2024-12-24", "2024-12-30", 2],
  ])("wd_elapsed(%s, %s) is %i", async (start, end, elapsed) => {
    const [row] = await selectRows(handle.db, sql`select casework.wd_elapsed(${start}::date, ${end}::date) as n`);
    expect(Number(row?.n)).toBe(elapsed);
  });

  it("stops with the date named when the bank holidays held do not cover it", async () => {
    await expect(handle.db.execute(sql`select casework.wd_elapsed('2029-01-02'::date, '2029-01-05'::date)`)).rejects.toThrow();
    const error = await handle.db.execute(sql`select casework.wd_due('2027-12-20'::date, 20)`).then(
      () => null,
      (e: unknown) => e,
    );
    expect(String((error as Error).cause ?? error)).toMatch(/20 December 2027/);
  });
});

describe.each(engines)("measures computed from case records ($name)", (engine) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await engine.open();
    await holdCaseRecords(handle.db, la, "2025-06-30", {
      ssd_cin_episodes: [
        // The records begin with this referral: periods are computed from April 2024.
        { cine_referral_id: "R0", cine_person_id: "P0", cine_referral_date: "2023-04-01" },
        // Re-referral within 12 months, to the day.
        { cine_referral_id: "R1a", cine_person_id: "P1", cine_referral_date: "2024-05-10" },
        { cine_referral_id: "R1b", cine_person_id: "P1", cine_referral_date: "2025-05-10" },
        // A day too late to count.
        { cine_referral_id: "R2a", cine_person_id: "P2", cine_referral_date: "2024-05-09" },
        { cine_referral_id: "R2b", cine_person_id: "P2", cine_referral_date: "2025-05-10" },
        // An earlier referral that led to no further action still counts.
        { cine_referral_id: "R3a", cine_person_id: "P3", cine_referral_date: "2024-11-01", cine_referral_nfa: "Y" },
        { cine_referral_id: "R3b", cine_person_id: "P3", cine_referral_date: "2025-05-20" },
        // The same child referred twice on one day: the second is a duplicate.
        { cine_referral_id: "R4a", cine_person_id: "P4", cine_referral_date: "2025-05-21" },
        { cine_referral_id: "R4b", cine_person_id: "P4", cine_referral_date: "2025-05-21" },
      ],
      ssd_cin_assessments: [
        { cina_assessment_id: "A1", cina_person_id: "P1", cina_assessment_start_date: "2025-01-06", cina_assessment_auth_date: "2025-03-10" },
        { cina_assessment_id: "A2", cina_person_id: "P2", cina_assessment_start_date: "2025-01-06", cina_assessment_auth_date: "2025-03-11" },
        { cina_assessment_id: "A3", cina_person_id: "P3", cina_assessment_start_date: null, cina_assessment_auth_date: "2025-03-12" },
        { cina_assessment_id: "A4", cina_person_id: "P4", cina_assessment_start_date: "2025-03-20", cina_assessment_auth_date: "2025-03-13" },
      ],
      ssd_cla_episodes: [
        { clae_cla_episode_id: "E1", clae_person_id: "P1", clae_cla_episode_start_date: "2024-06-01", clae_cla_episode_ceased_date: "2025-03-31", clae_cla_episode_start_reason: "S" },
        { clae_cla_episode_id: "E2", clae_person_id: "P2", clae_cla_episode_start_date: "2025-03-31", clae_cla_episode_start_reason: "S" },
        { clae_cla_episode_id: "E3", clae_person_id: "P3", clae_cla_episode_start_date: "2024-09-01", clae_cla_episode_start_reason: "S" },
        { clae_cla_episode_id: "E4a", clae_person_id: "P4", clae_cla_episode_start_date: "2024-09-01", clae_cla_episode_start_reason: "S" },
      ],
      ssd_legal_status: [{ lega_legal_status_id: "L3", lega_person_id: "P3", lega_legal_status: "V4", lega_legal_status_start_date: "2024-09-01" }],
    });
    await computeMeasures(handle.db, testContext, la);
  });
  afterAll(() => handle.close());

  it.each([
    ["R1b", true, "2024-05-10"],
    ["R2b", false, null],
    ["R3b", true, "2024-11-01"],
  ])("re-referrals: %s counted %s", async (record, counted, earlier) => {
    const found = await caseOf(handle.db, "CIN-REREFERRAL-12M", "2025-05-31", record);
    expect(found).toMatchObject({ inDenominator: true, inNumerator: counted, startDate: earlier });
  });

  it("leaves the second of two referrals on one day out as a duplicate, and counts the first", async () => {
    expect(await caseOf(handle.db, "CIN-REREFERRAL-12M", "2025-05-31", "R4b")).toMatchObject({ inDenominator: false, inNumerator: false, reason: "DATA_DUPLICATE" });
    expect(await caseOf(handle.db, "CIN-REREFERRAL-12M", "2025-05-31", "R4a")).toMatchObject({ inDenominator: true, inNumerator: false });
  });

  it("gives May 2025's re-referral rate from its counts", async () => {
    const [may] = (await repository.currentFigures(handle.db, la, "CIN-REREFERRAL-12M")).filter((f) => f.periodKind === "month" && f.periodEnd === "2025-05-31");
    expect(may).toMatchObject({ numerator: 2, denominator: 4, value: 50, excluded: { DATA_DUPLICATE: 1 } });
  });

  it("leaves every council's figures as they are, unaudited, when nothing they read has changed", async () => {
    const audited = async () => (await selectRows(handle.db, sql`select count(*)::int as n from audit_events where action = 'casework.compute'`))[0]?.n;
    const before = { events: await audited(), figures: await repository.currentFigures(handle.db, la, "CLA-COUNT") };
    const [outcome, ...others] = await computeEveryCouncil(handle.db, testContext);
    expect(others).toEqual([]);
    expect(outcome?.measures.map((measure) => measure.outcome).filter((kind) => kind !== "too-short")).toEqual(expect.arrayContaining(["unchanged"]));
    expect(outcome?.measures.some((measure) => measure.outcome === "computed")).toBe(false);
    expect(outcome && computationInWords(outcome)).toMatch(/^Council \d{3}, records as at 30 June 2025: \d+ measures unchanged, as nothing they read has changed/);
    expect(await audited()).toBe(before.events);
    expect((await repository.currentFigures(handle.db, la, "CLA-COUNT")).map((figure) => figure.id)).toEqual(before.figures.map((figure) => figure.id));
  });

  it("computes re-referrals only from April 2024, once 12 months of referrals are held", async () => {
    const figures = await repository.currentFigures(handle.db, la, "CIN-REREFERRAL-12M");
    expect(figures.filter((f) => f.periodKind === "month").at(0)?.periodEnd).toBe("2024-04-30");
    expect(figures.filter((f) => f.periodKind === "month").at(-1)?.periodEnd).toBe("2025-06-30");
  });

  it.each([
    ["A1", true, "2025-03-10", 45, null],
    ["A2", false, "2025-03-10", 46, null],
    ["A3", false, null, null, "DATA_MISSING_DATE"],
    ["A4", false, null, null, "DATA_END_BEFORE_START"],
  ])("assessments in 45 working days: %s met %s, due %s, on working day %s", async (record, met, due, days, reason) => {
    const found = await caseOf(handle.db, "CIN-ASSESS-45WD", "2025-03-31", record);
    expect(found).toMatchObject({ inDenominator: reason === null, inNumerator: met, dueDate: due, workingDays: days, reason });
  });

  it.each([
    ["P1", undefined],
    ["P2", { inNumerator: true }],
    ["P3", { inNumerator: false, reason: "SHORT_BREAK" }],
    ["P4", { inNumerator: true }],
  ])("children looked after at 31 March 2025: %s", async (person, expected) => {
    const figure = (await repository.currentFigures(handle.db, la, "CLA-COUNT")).find((f) => f.periodKind === "year" && f.periodEnd === "2025-03-31");
    const found = (await figureCasesUnrecorded(handle.db, figure?.id ?? 0)).find((c) => c.personId === person);
    if (expected === undefined) expect(found).toBeUndefined();
    else expect(found).toMatchObject(expected);
    expect(figure).toMatchObject({ value: 2, numerator: 2 });
  });
});
