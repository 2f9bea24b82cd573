import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../db/client.ts";
import { selectRows } from "../db/rows.ts";
import { currentScorecardRow } from "../modules/measures/index.ts";
import { openDemoDatabase } from "../../test/support/demo.ts";
import { computedBesideReported } from "./computed-measures.ts";

/**
 * The measures the demonstration computes from its synthetic council come out near what Plymouth
 * reported (re-referrals 26–27%, children in care 521–530), and the scorecard treats them as any
 * other measure: monthly values and SPC, under the plan's priorities.
 */
describe("the demonstration's computed measures", () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openDemoDatabase();
  });
  afterAll(() => handle.close());

  const yearFigure = async (code: string, periodEnd: string) => {
    const [row] = await selectRows(handle.db, sql`select value from casework.computed_values where measure_code = ${code} and period_kind = 'year' and period_end = ${periodEnd} and superseded_at is null`);
    return Number(row?.value);
  };

  it("gives re-referrals within 12 months near the 26–27% the council reported for 2024/25", async () => {
    const rate = await yearFigure("CIN-REREFERRAL-12M", "2025-03-31");
    expect(rate).toBeGreaterThanOrEqual(24);
    expect(rate).toBeLessThanOrEqual(30);
  });

  it.each(["2024-03-31", "2025-03-31", "2026-03-31"])("gives between 515 and 535 children looked after at %s, as the council's 521–530", async (day) => {
    const count = await yearFigure("CLA-COUNT", day);
    expect(count).toBeGreaterThanOrEqual(515);
    expect(count).toBeLessThanOrEqual(535);
  });

  it("puts each computed measure on the scorecard with monthly values and SPC, under the priorities of the measure it stands beside", async () => {
    const found = await currentScorecardRow(handle.db, "CIN-REREFERRAL-12M");
    const row = found?.row;
    expect(row?.measure).toMatchObject({ source: "computed", frequency: "monthly", title: "Re-referrals within 12 months, from case records" });
    // April 2024 (once a year of referrals is held) to November 2026.
    expect(row?.values.length).toBe(32);
    expect(row?.latest).toMatchObject({ periodEnd: "2026-11-30", status: "provisional" });
    expect(row?.spc.variation).not.toBeNull();
    const reported = await currentScorecardRow(handle.db, computedBesideReported["CIN-REREFERRAL-12M"] ?? "");
    expect(row?.priorities).toEqual(reported?.row.priorities);
  });

  it("computes every measure it sets beside a reported one", async () => {
    for (const code of Object.keys(computedBesideReported)) {
      const [held] = await selectRows(handle.db, sql`select count(*)::int as n from casework.computed_values where measure_code = ${code} and superseded_at is null`);
      expect(Number(held?.n), code).toBeGreaterThan(0);
    }
  });
});
