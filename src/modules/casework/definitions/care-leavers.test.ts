import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../db/client.ts";
import { holdCaseRecords, type CaseTables } from "../../../../test/support/case-records.ts";
import { engines } from "../../../../test/support/databases.ts";
import { testContext } from "../../../../test/support/demo.ts";
import * as repository from "../computation-repository.ts";
import { computeMeasures } from "../computing.ts";
import { figureCasesUnrecorded } from "../figures.ts";

const la = "879";

/** Care leaver records, written short: [id, person, eligibility, in touch, latest contact, activity, pathway plan review]. */
const leavers = (...rows: [string, string, string, string | null, string | null, string | null, string | null][]) =>
  rows.map(([id, person, eligibility, inTouch, contact, activity, review]) => ({
    clea_table_id: id,
    clea_person_id: person,
    clea_care_leaver_eligibility: eligibility,
    clea_care_leaver_in_touch: inTouch,
    clea_care_leaver_latest_contact: contact,
    clea_care_leaver_activity: activity,
    clea_pathway_plan_review_date: review,
  }));

const born = (...rows: [string, string | null][]) => rows.map(([person, dob]) => ({ pers_person_id: person, pers_dob: dob }));

describe.each(engines)("care leavers ($name)", (engine) => {
  let handle: DatabaseHandle;
  const tables: CaseTables = {
    // The records begin with this referral: periods are computed from April 2023.
    ssd_cin_episodes: [{ cine_referral_id: "R0", cine_person_id: "P0", cine_referral_date: "2023-04-01" }],
    ssd_person: [
      ...born(["P1", "2005-06-01"], ["P2", "2005-06-01"], ["P3", "2005-06-01"], ["P4", "2005-06-01"], ["P5", "2005-06-01"], ["P6", "2005-06-01"], ["P7", "2006-06-01"], ["P8", "2002-06-01"]),
      ...born(["Q1", "2005-01-01"], ["Q2", "2005-01-01"], ["Q3", "2005-01-01"], ["Q4", "2005-01-01"], ["Q5", "2006-06-01"], ["Q6", null], ["Q7", "2007-06-01"], ["Q8", "2005-01-01"], ["Q9", "2005-01-01"]),
      { pers_person_id: "Q10", pers_dob: "2005-01-01", pers_death_date: "2025-02-01" },
    ],
    ssd_care_leavers: leavers(
      // Pathway plans.
      ["C1", "P1", "Former Relevant", "YES", "2025-01-15", "F2", "2025-01-10"],
      ["C2", "P2", "Former Relevant", "YES", "2025-02-01", "F2", "2025-01-31"],
      ["C3", "P3", "Former Relevant", "YES", "2025-02-01", "F2", "2025-01-30"],
      ["C4", "P4", "Qualifying", "YES", "2025-01-15", "F2", "2025-01-10"],
      ["C5", "P5", "Former Relevant", "DIED", "2025-01-15", null, "2025-01-10"],
      ["C6", "P6", "Former Relevant", "YES", "2025-01-15", "F2", null],
      ["C7a", "P7", "Relevant", "YES", "2024-06-01", "F1", "2024-05-01"],
      ["C7b", "P7", "Former Relevant", "YES", "2025-02-01", "F1", "2025-01-20"],
      ["C8", "P8", "Former Relevant", "YES", "2023-06-01", "F1", "2023-05-01"],
      // Education, employment or training now.
      ["D1", "Q1", "Former Relevant", "YES", "2025-03-01", "P5", null],
      ["D2", "Q2", "Former Relevant", "YES", "2025-03-01", "G6", null],
      ["D3", "Q3", "Former Relevant", "YES", "2025-03-01", null, null],
      ["D4", "Q4", "Former Relevant", "RHOM", "2025-03-01", "F1", null],
      ["D5", "Q5", "Former Relevant", "YES", "2025-03-01", "F1", null],
      ["D6", "Q6", "Former Relevant", "YES", "2025-03-01", "F1", null],
      ["D7", "Q7", "Relevant", "YES", "2025-03-01", "F1", null],
      ["D8", "Q8", "Former Relevant", "YES", "2025-03-01", "F3", null],
      ["D9a", "Q9", "Former Relevant", "YES", "2024-06-01", "F1", null],
      ["D9b", "Q9", "Former Relevant", "NO", "2025-01-10", "G4", null],
      ["D10", "Q10", "Former Relevant", "YES", "2025-01-10", "F1", null],
    ),
  };
  beforeAll(async () => {
    handle = await engine.open();
    await holdCaseRecords(handle.db, la, "2025-08-31", tables);
    await computeMeasures(handle.db, testContext, la, ["CL-PATHWAY-UTD", "CL-EET-NOW"]);
  });
  afterAll(() => handle.close());

  async function figure(code: string, kind: "month" | "year", end: string) {
    const found = (await repository.currentFigures(handle.db, la, code)).find((f) => f.periodKind === kind && f.periodEnd === end);
    if (!found) throw new Error(`no ${code} figure for the ${kind} to ${end}`);
    return found;
  }
  async function caseOf(code: string, kind: "month" | "year", end: string, person: string) {
    const rows = (await figureCasesUnrecorded(handle.db, (await figure(code, kind, end)).id)).filter((c) => c.personId === person);
    if (rows.length > 1) throw new Error(`${person} has ${rows.length} rows in ${code} to ${end}`);
    return rows[0];
  }

  it.each([
    ["2025-06-30", "P1", { inNumerator: true, eventDate: "2025-01-10", dueDate: "2025-07-10" }],
    ["2025-07-31", "P1", { inNumerator: false, dueDate: "2025-07-10" }],
    ["2025-07-31", "P2", { inNumerator: true, dueDate: "2025-07-31" }],
    ["2025-07-31", "P3", { inNumerator: false, dueDate: "2025-07-30" }],
    ["2025-03-31", "P4", undefined],
    ["2025-03-31", "P5", { inDenominator: false, reason: "DIED" }],
    ["2025-03-31", "P6", { inNumerator: false, eventDate: null, dueDate: null }],
    ["2024-07-31", "P7", { inNumerator: true, recordId: "C7a", eventDate: "2024-05-01", dueDate: "2024-11-01" }],
    ["2025-03-31", "P7", { inNumerator: true, recordId: "C7b", eventDate: "2025-01-20" }],
    ["2024-03-31", "P8", { inNumerator: false, eventDate: "2023-05-01" }],
    ["2024-06-30", "P8", undefined],
    ["2025-01-31", "Q1", undefined],
  ])("pathway plans at %s: %s", async (month, person, expected) => {
    const found = await caseOf("CL-PATHWAY-UTD", "month", month, person);
    if (expected === undefined) expect(found).toBeUndefined();
    else expect(found).toMatchObject({ inDenominator: true, ...expected });
  });

  it.each([
    ["Q1", { inDenominator: true, inNumerator: true, eventDate: "2025-03-01" }],
    ["Q2", { inDenominator: true, inNumerator: false }],
    ["Q3", { inDenominator: true, inNumerator: false }],
    ["Q4", { inDenominator: false, reason: "RHOM" }],
    ["Q5", { inDenominator: false, reason: "OUT_OF_AGE" }],
    ["Q6", { inDenominator: false, reason: "DATA_MISSING_DATE" }],
    ["Q7", undefined],
    ["Q8", { inDenominator: true, inNumerator: true }],
    ["Q9", { inDenominator: true, inNumerator: false, recordId: "D9b" }],
    ["Q10", { inDenominator: false, reason: "DIED" }],
  ])("in education, employment or training at 31 March 2025: %s", async (person, expected) => {
    const found = await caseOf("CL-EET-NOW", "year", "2025-03-31", person);
    if (expected === undefined) expect(found).toBeUndefined();
    else expect(found).toMatchObject({ inNumerator: false, ...expected });
  });

  it("gives the share of care leavers in education, employment or training", async () => {
    // Q1 to Q10 above, and the pathway plan cases aged 19 (P1, P2, P3 and P6 in F2; P5 died; P7 is 18).
    expect(await figure("CL-EET-NOW", "year", "2025-03-31")).toMatchObject({ numerator: 6, denominator: 9, excluded: { RHOM: 1, OUT_OF_AGE: 2, DATA_MISSING_DATE: 1, DIED: 2 } });
    // Before Q9's second contact, the record in force said F1.
    expect(await caseOf("CL-EET-NOW", "month", "2024-12-31", "Q9")).toMatchObject({ inNumerator: true, recordId: "D9a" });
  });
});
