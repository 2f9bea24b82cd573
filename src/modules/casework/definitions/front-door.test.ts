import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../db/client.ts";
import { holdCaseRecords } from "../../../../test/support/case-records.ts";
import { figureCasesUnrecorded } from "../figures.ts";
import { engines } from "../../../../test/support/databases.ts";
import { testContext } from "../../../../test/support/demo.ts";
import * as repository from "../computation-repository.ts";
import { computeMeasures } from "../computing.ts";

const la = "879";

/** The figure a measure has for the month ending `month`, and the case it gave for a record in it. */
async function monthOf(db: DatabaseHandle["db"], code: string, month: string) {
  const figure = (await repository.currentFigures(db, la, code)).find((f) => f.periodKind === "month" && f.periodEnd === month);
  if (!figure) throw new Error(`no ${code} figure for ${month}`);
  return { figure, cases: await figureCasesUnrecorded(db, figure.id) };
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

const enquiry = (id: string, person: string, referralId: string | null, date: string) => ({ s47e_s47_enquiry_id: id, s47e_person_id: person, s47e_referral_id: referralId, s47e_s47_start_date: date });
const conference = (id: string, person: string, enquiryId: string | null, date: string, transferIn = "N") => ({
  icpc_icpc_id: id,
  icpc_person_id: person,
  icpc_s47_enquiry_id: enquiryId,
  icpc_icpc_date: date,
  icpc_icpc_transfer_in: transferIn,
});
const flagged = JSON.stringify({ STRATEGY_DISCUSSION_FLAG: "Y" });

describe.each(engines)("strategy discussions and initial conferences ($name)", (engine) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await engine.open();
    await holdCaseRecords(handle.db, la, "2025-06-30", {
      ssd_cin_episodes: [
        // The records begin with this referral: periods are computed from September 2022.
        referral("RS0", "P0", "2022-09-01"),
        // Referred on the Friday before the State Funeral.
        referral("RS1", "P1", "2022-09-16", { cine_referral_outcome_json: flagged }),
        // The outcome as an SSD extract writes it: every key, most of them empty.
        referral("RS2", "P2", "2024-12-24", { cine_referral_outcome_json: '{"SINGLE_ASSESSMENT_FLAG": "", "STRATEGY_DISCUSSION_FLAG": "Y", "CLA_REQUEST_FLAG": "", "CP_CONFERENCE_FLAG": ""}' }),
        referral("RS3", "P3", "2025-01-06", { cine_referral_outcome_json: '{"OUTCOME_NFA_FLAG":"N","OUTCOME_STRATEGY_DISCUSSION_FLAG":"Y"}' }),
        referral("RS4", "P4", "2025-01-07", { cine_referral_outcome_json: '{"SINGLE_ASSESSMENT_FLAG": "Y", "STRATEGY_DISCUSSION_FLAG": "N"}' }),
        referral("RS6", "P6", "2025-01-10", { cine_referral_outcome_json: flagged }),
        referral("RS7", "P7", "2025-01-09", { cine_referral_outcome_json: "Strategy discussion held" }),
      ],
      ssd_s47_enquiry: [
        enquiry("E1", "P1", "RS1", "2022-09-20"),
        enquiry("E2", "P2", "RS2", "2024-12-30"),
        enquiry("E3a", "P3", "RS3", "2025-01-06"),
        enquiry("E3b", "P3", "RS3", "2025-01-20"),
        enquiry("E4", "P4", "RS4", "2025-01-07"),
        enquiry("E5", "P5", null, "2025-01-08"),
        enquiry("E6", "P6", "RS6", "2025-01-09"),
        enquiry("E7", "P7", "RS7", "2025-01-09"),
        enquiry("E8", "P8", null, "2025-03-27"),
        enquiry("E9", "P9", null, "2025-03-27"),
        enquiry("E10", "P10", null, "2022-09-12"),
        enquiry("E11", "P11", null, "2025-04-25"),
      ],
      ssd_initial_cp_conference: [
        conference("K1", "P8", "E8", "2025-04-17"),
        conference("K2", "P9", "E9", "2025-04-22"),
        conference("K3", "P10", "E10", "2022-10-04"),
        conference("K4", "P12", null, "2025-04-10", "Y"),
        conference("K5", "P13", null, "2025-04-11"),
        conference("K6", "P8", "E8", "2025-04-17"),
        conference("K7", "P11", "E11", "2025-04-24"),
      ],
    });
    await computeMeasures(handle.db, testContext, la, ["CP-STRAT-1WD", "CP-ICPC-15WD"]);
  });
  afterAll(() => handle.close());

  // [record, month, met, due, working days, reason]
  it.each([
    ["E1", "2022-09-30", true, "2022-09-20", 1, null],
    ["E2", "2024-12-31", false, "2024-12-27", 2, null],
    ["E3a", "2025-01-31", true, "2025-01-07", 0, null],
    ["E3b", "2025-01-31", false, "2025-01-07", 10, "NOT_FRONT_DOOR"],
    ["E4", "2025-01-31", false, "2025-01-08", 0, "NOT_FRONT_DOOR"],
    ["E7", "2025-01-31", false, "2025-01-10", 0, "NOT_FRONT_DOOR"],
    ["E5", "2025-01-31", false, null, null, "DATA_MISSING_DATE"],
    ["E6", "2025-01-31", false, null, null, "DATA_END_BEFORE_START"],
  ])("strategy discussion %s (in the month to %s): met %s, due %s, on working day %s", async (record, month, met, due, days, reason) => {
    const found = (await monthOf(handle.db, "CP-STRAT-1WD", month)).cases.find((c) => c.recordId === record);
    expect(found).toMatchObject({ inDenominator: reason === null, inNumerator: met, dueDate: due, workingDays: days, reason });
  });

  it("gives January 2025's strategy discussions from the first enquiry of each flagged referral", async () => {
    expect((await monthOf(handle.db, "CP-STRAT-1WD", "2025-01-31")).figure).toMatchObject({
      numerator: 1,
      denominator: 1,
      excluded: { NOT_FRONT_DOOR: 3, DATA_MISSING_DATE: 1, DATA_END_BEFORE_START: 1 },
    });
  });

  // [record, month, met, section 47 began, due, working days, reason]
  it.each([
    ["K1", "2025-04-30", true, "2025-03-27", "2025-04-17", 15, null],
    ["K2", "2025-04-30", false, "2025-03-27", "2025-04-17", 16, null],
    ["K3", "2022-10-31", true, "2022-09-12", "2022-10-04", 15, null],
    ["K4", "2025-04-30", false, null, null, null, "TRANSFER_IN"],
    ["K5", "2025-04-30", false, null, null, null, "DATA_MISSING_DATE"],
    ["K6", "2025-04-30", false, "2025-03-27", "2025-04-17", 15, "DATA_DUPLICATE"],
    ["K7", "2025-04-30", false, "2025-04-25", null, null, "DATA_END_BEFORE_START"],
  ])("initial conference %s (in the month to %s): met %s, enquiry began %s, due %s, on working day %s", async (record, month, met, began, due, days, reason) => {
    const found = (await monthOf(handle.db, "CP-ICPC-15WD", month)).cases.find((c) => c.recordId === record);
    expect(found).toMatchObject({ inDenominator: reason === null, inNumerator: met, startDate: began, dueDate: due, workingDays: days, reason });
  });

  it("gives April 2025's conferences in 15 working days, transfers in reported apart", async () => {
    expect((await monthOf(handle.db, "CP-ICPC-15WD", "2025-04-30")).figure).toMatchObject({
      numerator: 1,
      denominator: 2,
      value: 50,
      excluded: { TRANSFER_IN: 1, DATA_MISSING_DATE: 1, DATA_DUPLICATE: 1, DATA_END_BEFORE_START: 1 },
    });
  });
});
