import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../db/client.ts";
import { selectRows } from "../../../db/rows.ts";
import { holdCaseRecords } from "../../../../test/support/case-records.ts";
import { figureCasesUnrecorded } from "../figures.ts";
import { engines } from "../../../../test/support/databases.ts";
import { testContext } from "../../../../test/support/demo.ts";
import { currentCalendar } from "../calendar.ts";
import * as repository from "../computation-repository.ts";
import { computeMeasures } from "../computing.ts";
import { childrenSeenOnPlan } from "./child-protection.ts";
import type { MeasureDefinition } from "./definition.ts";

const la = "879";

/** The figure a measure has for a period ending `end`, and the cases behind it. */
async function figureOf(db: DatabaseHandle["db"], code: string, kind: "month" | "year", end: string) {
  const figure = (await repository.currentFigures(db, la, code)).find((f) => f.periodKind === kind && f.periodEnd === end);
  if (!figure) throw new Error(`no ${code} figure for the ${kind} to ${end}`);
  return { figure, cases: await figureCasesUnrecorded(db, figure.id) };
}

/** The cases a stock measure's definition gives on each of the days named, as if each were a period's last day. */
async function casesOn(db: DatabaseHandle["db"], definition: MeasureDefinition, days: readonly string[]) {
  const { calendar, sha256, source } = await currentCalendar(db);
  return db.transaction(async (tx) => {
    await repository.useCalendar(tx, calendar, sha256, source);
    await repository.setComputeScope(
      tx,
      la,
      days.at(-1) ?? "",
      days.map((day) => ({ kind: "month" as const, start: day, end: day, refDate: day })),
    );
    return selectRows(
      tx,
      sql`select p.ref_date::text as day, c.person_id, c.in_denominator, c.in_numerator, c.reason, c.event_date::text as event_date, c.due_date::text as due_date, c.working_days
            from (${sql.raw(definition.sql)}) c join compute_periods p on p.period_id = c.period_id`,
    );
  });
}

const plan = (id: string, person: string, start: string, end: string | null = null, more: Record<string, string | number | null> = {}) => ({
  cppl_cp_plan_id: id,
  cppl_person_id: person,
  cppl_cp_plan_start_date: start,
  cppl_cp_plan_end_date: end,
  cppl_cp_plan_ola: "N",
  ...more,
});

describe.each(engines)("second or subsequent child protection plans ($name)", (engine) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await engine.open();
    await holdCaseRecords(handle.db, la, "2025-06-30", {
      // The records begin with this referral: plans within two years are computed from June 2023.
      ssd_cin_episodes: [{ cine_referral_id: "R0", cine_person_id: "P0", cine_referral_date: "2021-06-01" }],
      ssd_cp_plans: [
        plan("CP1a", "P1", "2021-06-01", "2022-03-01"),
        plan("CP1b", "P1", "2025-01-10"),
        plan("CP2a", "P2", "2021-06-01", "2022-03-01"),
        plan("CP2b", "P2", "2024-02-15"),
        // Starting the day a plan ended, or the day after: the same spell.
        plan("CP3a", "P3", "2023-01-01", "2024-06-05"),
        plan("CP3b", "P3", "2024-06-05"),
        plan("CP4a", "P4", "2023-01-01", "2024-06-04"),
        plan("CP4b", "P4", "2024-06-05"),
        // Two days after: a new plan.
        plan("CP5a", "P5", "2023-01-01", "2024-06-03"),
        plan("CP5b", "P5", "2024-06-05"),
        plan("CP6", "P6", "2024-06-10"),
        // A census return said the child had had plans before.
        plan("CP7", "P7", "2024-06-11", null, { cppl_previous_plans: 2 }),
        plan("CP8", "P8", "2024-06-12", null, { cppl_cp_plan_ola: "Y" }),
        plan("CP9a", "P9", "2024-06-13"),
        plan("CP9b", "P9", "2024-06-13"),
        plan("CP10", "P10", "2024-06-14", "2024-06-01"),
        // Another council's plan ending the day before: this council's first.
        plan("CP11a", "P11", "2024-01-01", "2024-06-14", { cppl_cp_plan_ola: "Y" }),
        plan("CP11b", "P11", "2024-06-15"),
      ],
    });
    await computeMeasures(handle.db, testContext, la, ["CP-SUBSEQUENT-EVER", "CP-SUBSEQUENT-2Y"]);
  });
  afterAll(() => handle.close());

  // [plan, month it started, ever, within two years, previous plan ended, reason]
  it.each([
    ["CP1b", "2025-01-31", true, false, "2022-03-01", null],
    ["CP2b", "2024-02-29", true, true, "2022-03-01", null],
    ["CP5b", "2024-06-30", true, true, "2024-06-03", null],
    ["CP6", "2024-06-30", false, false, null, null],
    ["CP7", "2024-06-30", true, false, null, null],
    ["CP11b", "2024-06-30", false, false, null, null],
    ["CP3b", "2024-06-30", false, false, null, "CONTINUATION"],
    ["CP4b", "2024-06-30", false, false, null, "CONTINUATION"],
    ["CP8", "2024-06-30", false, false, null, "OLA"],
    ["CP9b", "2024-06-30", false, false, null, "DATA_DUPLICATE"],
    ["CP10", "2024-06-30", false, false, null, "DATA_END_BEFORE_START"],
  ])("%s (started in the month to %s): ever %s, within two years %s, previous plan ended %s", async (record, month, ever, twoYears, previous, reason) => {
    for (const [code, counted] of [["CP-SUBSEQUENT-EVER", ever], ["CP-SUBSEQUENT-2Y", twoYears]] as const) {
      const found = (await figureOf(handle.db, code, "month", month)).cases.find((c) => c.recordId === record);
      expect(found, code).toMatchObject({ inDenominator: reason === null, inNumerator: counted, reason, ...(reason === null ? { startDate: previous } : {}) });
    }
  });

  it("gives June 2024's figures from the plans that started a spell", async () => {
    const excluded = { CONTINUATION: 2, OLA: 1, DATA_DUPLICATE: 1, DATA_END_BEFORE_START: 1 };
    expect((await figureOf(handle.db, "CP-SUBSEQUENT-EVER", "month", "2024-06-30")).figure).toMatchObject({ numerator: 2, denominator: 5, value: 40, excluded });
    expect((await figureOf(handle.db, "CP-SUBSEQUENT-2Y", "month", "2024-06-30")).figure).toMatchObject({ numerator: 1, denominator: 5, value: 20, excluded });
  });

  it("computes plans within two years only once two years of records are held", async () => {
    expect((await repository.currentFigures(handle.db, la, "CP-SUBSEQUENT-2Y")).find((f) => f.periodKind === "month")?.periodEnd).toBe("2023-06-30");
    expect((await repository.currentFigures(handle.db, la, "CP-SUBSEQUENT-EVER")).find((f) => f.periodKind === "month")?.periodEnd).toBe("2021-06-30");
  });
});

describe.each(engines)("children on a child protection plan ($name)", (engine) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await engine.open();
    await holdCaseRecords(handle.db, la, "2025-04-30", {
      // The records begin with this referral: periods are computed from March 2025.
      ssd_cin_episodes: [{ cine_referral_id: "R0", cine_person_id: "P0", cine_referral_date: "2025-03-01" }],
      ssd_person: [
        { pers_person_id: "Q6", pers_dob: "2015-01-01", pers_death_date: "2025-03-01" },
        { pers_person_id: "V5", pers_expected_dob: "2025-02-01", pers_dob: null },
        { pers_person_id: "V7", pers_dob: "2015-01-01", pers_death_date: "2024-12-01" },
      ],
      ssd_cp_plans: [
        // On a plan for two years or more at 31 March 2025.
        plan("Q1", "Q1", "2023-03-31"),
        plan("Q2", "Q2", "2023-04-01"),
        plan("Q3a", "Q3", "2023-01-01", "2024-01-31"),
        plan("Q3b", "Q3", "2024-02-01"),
        plan("Q4a", "Q4", "2023-01-01", "2024-01-30"),
        plan("Q4b", "Q4", "2024-02-01"),
        plan("Q5", "Q5", "2022-01-01", null, { cppl_cp_plan_ola: "Y" }),
        plan("Q6", "Q6", "2022-01-01"),
        plan("Q7", "Q7", "2022-01-01", "2025-03-31"),
        plan("Q8a", "Q8", "2022-06-01"),
        plan("Q8b", "Q8", "2024-06-01"),
        // Reviewed in time at 31 March 2025.
        plan("W1", "W1", "2024-10-15"),
        plan("W2", "W2", "2024-09-01"),
        plan("W3", "W3", "2025-01-20"),
        plan("W4", "W4", "2024-06-01"),
        plan("W5", "W5", "2024-03-01"),
        plan("W6", "W6", "2024-03-01"),
        plan("W7", "W7", "2024-12-31"),
        plan("W8a", "W8", "2024-01-10", "2024-07-09"),
        plan("W8b", "W8", "2024-07-10"),
        plan("W9", "W9", "2024-06-01", null, { cppl_cp_plan_ola: "Y" }),
        // Seen in the last 10 working days.
        plan("V1", "V1", "2024-06-01"),
        plan("V2", "V2", "2025-06-01"),
        plan("V3", "V3", "2024-06-01"),
        plan("V4", "V4", "2024-12-10"),
        plan("V5", "V5", "2024-11-01"),
        plan("V6", "V6", "2024-06-01", null, { cppl_cp_plan_ola: "Y" }),
        plan("V7", "V7", "2024-06-01"),
        plan("V8", "V8", "2024-06-01"),
        // Up to date at 31 March 2025.
        plan("U1", "U1", "2025-01-01"),
        plan("U2", "U2", "2024-12-31"),
        plan("U3", "U3", "2024-12-30"),
        plan("U4", "U4", "2024-03-01"),
        plan("U5", "U5", "2024-03-01"),
        plan("U6", "U6", "2024-03-01"),
        plan("U7", "U7", "2024-03-01", null, { cppl_cp_plan_ola: "Y" }),
      ],
      ssd_cp_reviews: [
        ["W1", "2025-01-14"],
        ["W2", "2024-12-02"],
        ["W4", "2024-09-01"],
        ["W5", "2024-06-01"],
        ["W5", "2024-12-01"],
        ["W6", "2024-06-01"],
        ["W6", "2024-12-02"],
        ["W6", "2025-03-01"],
        ["W8", "2024-05-01"],
        ["W8", "2024-10-01"],
        ["U4", "2024-10-01"],
        ["U5", "2024-09-30"],
        ["U6", "2024-06-01"],
        ["U6", "2024-12-02"],
      ].map(([person, date], index) => ({ cppr_cp_review_id: `RV${index}`, cppr_person_id: person ?? "", cppr_cp_review_date: date ?? "" })),
      ssd_cp_visits: [
        ["V1", "2024-12-02", "Y"],
        ["V2", "2025-12-19", "Y"],
        ["V3", "2024-11-01", "Y"],
        ["V3", "2024-12-10", "N"],
        ["V8", "2024-11-01", "Y"],
        ["V8", "2024-12-20", "Y"],
      ].map(([person, date, seen], index) => ({ cppv_cp_visit_id: `CV${index}`, cppv_person_id: person ?? "", cppv_cp_visit_date: date ?? "", cppv_cp_visit_seen: seen ?? "" })),
    });
    await computeMeasures(handle.db, testContext, la, ["CP-OPEN-2YRS", "CP-REVIEW-TIMELY", "CP-PLAN-UTD"]);
  });
  afterAll(() => handle.close());

  // [child, on a plan for two years, on a plan since, reason]
  it.each([
    ["Q1", true, "2023-03-31", null],
    ["Q2", false, "2023-04-01", null],
    ["Q3", true, "2023-01-01", null],
    ["Q4", false, "2024-02-01", null],
    ["Q8", true, "2022-06-01", null],
    ["Q5", false, "2022-01-01", "OLA"],
    ["Q6", false, "2022-01-01", "DIED"],
  ])("on a plan for two years at 31 March 2025: %s %s, since %s", async (person, counted, since, reason) => {
    const { cases } = await figureOf(handle.db, "CP-OPEN-2YRS", "month", "2025-03-31");
    expect(cases.filter((c) => c.personId === person)).toEqual([expect.objectContaining({ inDenominator: reason === null, inNumerator: counted, startDate: since, reason })]);
  });

  it("counts each child on a plan at 31 March 2025 once, and not a plan that ended that day", async () => {
    const { figure, cases } = await figureOf(handle.db, "CP-OPEN-2YRS", "month", "2025-03-31");
    expect(cases.find((c) => c.personId === "Q7")).toBeUndefined();
    expect(cases.find((c) => c.personId === "Q8")?.recordId).toBe("Q8b");
    expect(figure).toMatchObject({ numerator: 3, denominator: 24, excluded: { OLA: 4, DIED: 2 } });
  });

  // [child, reviewed in time, review that decided it, due by, reason]
  it.each([
    ["W1", true, "2025-01-14", "2025-07-14", null],
    ["W2", false, "2024-12-02", "2024-12-01", null],
    ["W4", false, "2024-09-01", "2025-03-01", null],
    ["W5", true, "2024-12-01", "2025-06-01", null],
    ["W6", false, "2024-12-02", "2024-12-01", null],
    ["W7", true, null, "2025-03-31", null],
    ["W8", false, "2024-05-01", "2024-04-10", null],
    ["W9", false, null, "2024-09-01", "OLA"],
  ])("reviewed in time at 31 March 2025: %s %s (review %s, due %s)", async (person, met, review, due, reason) => {
    const found = (await figureOf(handle.db, "CP-REVIEW-TIMELY", "month", "2025-03-31")).cases.find((c) => c.personId === person);
    expect(found).toMatchObject({ inDenominator: reason === null, inNumerator: met, eventDate: review, dueDate: due, reason });
  });

  it("leaves out of the review measure a child on a plan for less than three months", async () => {
    const { cases } = await figureOf(handle.db, "CP-REVIEW-TIMELY", "month", "2025-03-31");
    expect(cases.find((c) => c.personId === "W3")).toBeUndefined();
  });

  // [child, up to date, latest review, next review due, reason]
  it.each([
    ["U1", true, null, "2025-04-01", null],
    ["U2", true, null, "2025-03-31", null],
    ["U3", false, null, "2025-03-30", null],
    ["U4", true, "2024-10-01", "2025-04-01", null],
    ["U5", false, "2024-09-30", "2025-03-30", null],
    ["U6", true, "2024-12-02", "2025-06-02", null],
    ["U7", false, null, "2024-06-01", "OLA"],
    ["Q6", false, null, "2022-04-01", "DIED"],
  ])("plan up to date at 31 March 2025: %s %s (latest review %s, next due %s)", async (person, met, review, due, reason) => {
    const found = (await figureOf(handle.db, "CP-PLAN-UTD", "month", "2025-03-31")).cases.find((c) => c.personId === person);
    expect(found).toMatchObject({ inDenominator: reason === null, inNumerator: met, eventDate: review, dueDate: due, reason });
  });

  // [child, day, seen in the last 10 working days, last seen, next due, working days, reason]
  it.each([
    ["V1", "2024-12-16", true, "2024-12-02", "2024-12-16", 10, null],
    ["V1", "2024-12-17", false, "2024-12-02", "2024-12-16", 11, null],
    ["V2", "2026-01-07", true, "2025-12-19", "2026-01-07", 10, null],
    ["V2", "2026-01-08", false, "2025-12-19", "2026-01-07", 11, null],
    ["V3", "2024-12-16", false, "2024-11-01", "2024-11-15", 31, null],
    ["V4", "2024-12-16", true, null, "2024-12-24", 4, null],
    ["V8", "2024-12-16", false, "2024-11-01", "2024-11-15", 31, null],
    ["V5", "2024-12-16", false, null, "2024-11-15", 31, "UNBORN"],
    ["V6", "2024-12-16", false, null, "2024-06-14", null, "OLA"],
    ["V7", "2024-12-16", false, null, "2024-06-14", null, "DIED"],
  ])("seen in the last 10 working days: %s on %s %s", async (person, day, met, seen, due, days, reason) => {
    const found = (await casesOn(handle.db, childrenSeenOnPlan, [day])).find((c) => c.person_id === person);
    expect(found).toMatchObject({ in_denominator: reason === null, in_numerator: met, event_date: seen, due_date: due, reason });
    if (reason === null) expect(Number(found?.working_days)).toBe(days);
  });
});
