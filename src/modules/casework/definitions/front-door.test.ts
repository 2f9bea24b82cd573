import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../db/client.ts";
import { holdCaseRecords } from "../../../../test/support/case-records.ts";
import { engines } from "../../../../test/support/databases.ts";
import { testContext } from "../../../../test/support/demo.ts";
import * as repository from "../computation-repository.ts";
import { computeMeasures } from "../computing.ts";

const la = "879";

/** The figure a measure has for the month ending `month`, and the case it gave for a record in it. */
async function monthOf(db: DatabaseHandle["db"], code: string, month: string) {
  const figure = (await repository.currentFigures(db, la, code)).find((f) => f.periodKind === "month" && f.periodEnd === month);
  if (!figure) throw new Error(`no ${code} figure for ${month}`);
  return { figure, cases: await repository.figureCases(db, figure.id) };
}

const referral = (id: string, person: string, date: string, more: Record<string, string | null> = {}) => ({
  cine_referral_id: id,
  cine_person_id: person,
  cine_referral_date: date,
  cine_referral_nfa: "N",
  ...more,
});
const cinVisit = (id: string, person: string, date: string, seen = "Y") => ({ cinv_cin_visit_id: id, cinv_person_id: person, cinv_cin_visit_date: date, cinv_cin_visit_seen: seen });

describe.each(engines)("children seen after referral ($name)", (engine) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await engine.open();
    await holdCaseRecords(handle.db, la, "2025-06-30", {
      ssd_person: [
        { pers_person_id: "P5", pers_expected_dob: "2025-03-01", pers_dob: null },
        { pers_person_id: "P6", pers_expected_dob: "2025-01-08", pers_dob: "2025-01-09" },
        { pers_person_id: "P7", pers_dob: "2015-01-01", pers_death_date: "2025-01-10" },
      ],
      ssd_cin_episodes: [
        // The records begin with this referral: periods are computed from December 2024.
        referral("R0", "P0", "2024-12-01"),
        // Christmas: due on Friday 3 January 2025 (5) or Friday 10 January (10).
        referral("R1", "P1", "2024-12-24"),
        referral("R2", "P2", "2024-12-24"),
        // Seen only before the referral.
        referral("R3", "P3", "2025-01-06"),
        referral("R4", "P4", "2025-01-06", { cine_referral_nfa: "Y" }),
        referral("R5", "P5", "2025-01-07"),
        referral("R6", "P6", "2025-01-07"),
        referral("R7", "P7", "2025-01-07"),
        referral("R8", "P8", "2025-01-07", { cine_close_date: "2025-01-09" }),
        referral("R9", "P9", "2025-01-07", { cine_close_date: "2025-01-09" }),
        referral("R10", "P10", "2025-01-07", { cine_close_date: "2025-01-08" }),
        // Due after the records were taken.
        referral("R11", "P11", "2025-06-27"),
        referral("R12", "P12", "2025-06-20"),
        referral("R13a", "P13", "2025-01-08"),
        referral("R13b", "P13", "2025-01-08"),
        referral("R14", "P14", "2025-01-08", { cine_close_date: "2025-01-02" }),
      ],
      ssd_cin_visits: [
        cinVisit("V1", "P1", "2025-01-06"),
        cinVisit("V2a", "P2", "2025-01-03", "N"),
        cinVisit("V3", "P3", "2025-01-03"),
        cinVisit("V4", "P4", "2025-01-06"),
        cinVisit("V9", "P9", "2025-01-08"),
        cinVisit("V10", "P10", "2025-01-10"),
        cinVisit("V11", "P11", "2025-06-27"),
        cinVisit("V13", "P13", "2025-01-08"),
      ],
      ssd_cp_visits: [{ cppv_cp_visit_id: "V2b", cppv_person_id: "P2", cppv_cp_visit_date: "2025-01-08", cppv_cp_visit_seen: "Y" }],
      ssd_cla_visits: [{ clav_cla_visit_id: "V6", clav_person_id: "P6", clav_cla_visit_date: "2025-01-10", clav_cla_visit_seen: "Y" }],
    });
    await computeMeasures(handle.db, testContext, la, ["FD-REFERRAL-VISIT-5WD", "FD-REFERRAL-VISIT-10WD"]);
  });
  afterAll(() => handle.close());

  // [record, month, within 5: met, due, within 10: met, due, seen, working days, reason]
  it.each([
    ["R1", "2024-12-31", false, "2025-01-03", true, "2025-01-10", "2025-01-06", 6, null],
    ["R2", "2024-12-31", false, "2025-01-03", true, "2025-01-10", "2025-01-08", 8, null],
    ["R3", "2025-01-31", false, "2025-01-13", false, "2025-01-20", null, null, null],
    ["R6", "2025-01-31", true, "2025-01-14", true, "2025-01-21", "2025-01-10", 3, null],
    ["R9", "2025-01-31", true, "2025-01-14", true, "2025-01-21", "2025-01-08", 1, null],
    ["R4", "2025-01-31", false, "2025-01-13", false, "2025-01-20", "2025-01-06", 0, "NFA_AT_REFERRAL"],
    ["R5", "2025-01-31", false, "2025-01-14", false, "2025-01-21", null, null, "UNBORN"],
    ["R7", "2025-01-31", false, "2025-01-14", false, "2025-01-21", null, null, "DIED"],
    ["R8", "2025-01-31", false, "2025-01-14", false, "2025-01-21", null, null, "CLOSED_BEFORE_DUE"],
    ["R10", "2025-01-31", false, "2025-01-14", false, "2025-01-21", null, null, "CLOSED_BEFORE_DUE"],
    ["R13b", "2025-01-31", false, "2025-01-15", false, "2025-01-22", "2025-01-08", 0, "DATA_DUPLICATE"],
    ["R14", "2025-01-31", false, "2025-01-15", false, "2025-01-22", null, null, "DATA_END_BEFORE_START"],
    ["R11", "2025-06-30", false, "2025-07-04", false, "2025-07-11", "2025-06-27", 0, "PENDING"],
  ])("%s (referred in the month to %s): within 5 %s by %s, within 10 %s by %s, seen %s", async (record, month, met5, due5, met10, due10, seen, days, reason) => {
    for (const [code, met, due] of [["FD-REFERRAL-VISIT-5WD", met5, due5], ["FD-REFERRAL-VISIT-10WD", met10, due10]] as const) {
      const found = (await monthOf(handle.db, code, month)).cases.find((c) => c.recordId === record);
      expect(found, code).toMatchObject({ inDenominator: reason === null, inNumerator: met, reason, dueDate: due, eventDate: seen, workingDays: days });
    }
  });

  it("counts a referral due within the records for 5 working days but pending for 10", async () => {
    const in5 = (await monthOf(handle.db, "FD-REFERRAL-VISIT-5WD", "2025-06-30")).cases.find((c) => c.recordId === "R12");
    const in10 = (await monthOf(handle.db, "FD-REFERRAL-VISIT-10WD", "2025-06-30")).cases.find((c) => c.recordId === "R12");
    expect(in5).toMatchObject({ inDenominator: true, inNumerator: false, dueDate: "2025-06-27", reason: null });
    expect(in10).toMatchObject({ inDenominator: false, reason: "PENDING", dueDate: "2025-07-04" });
  });

  it("gives January 2025's figures from the referrals due to be seen", async () => {
    const { figure } = await monthOf(handle.db, "FD-REFERRAL-VISIT-5WD", "2025-01-31");
    expect(figure).toMatchObject({
      numerator: 3,
      denominator: 4,
      value: 75,
      excluded: { NFA_AT_REFERRAL: 1, UNBORN: 1, DIED: 1, CLOSED_BEFORE_DUE: 2, DATA_DUPLICATE: 1, DATA_END_BEFORE_START: 1 },
    });
    expect((await monthOf(handle.db, "FD-REFERRAL-VISIT-10WD", "2024-12-31")).figure).toMatchObject({ numerator: 2, denominator: 3 });
  });
});
