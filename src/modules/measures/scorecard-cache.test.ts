import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database, DatabaseHandle } from "../../db/client.ts";
import { selectRows } from "../../db/rows.ts";
import { engines } from "../../../test/support/databases.ts";
import { currentPlanSummary } from "../plan/index.ts";
import { testContext } from "../../../test/support/demo.ts";
import { sharedPath } from "../../../test/support/shared.ts";
import { importDfeFile } from "./benchmark-import.ts";
import { addMeasure, editMeasure, findMeasureRecord } from "./measure-editing.ts";
import * as repository from "./repository.ts";
import { currentScorecard, ragSettings, recalculateFrom, saveCommentary, saveRagSettings, scorecard, type Scorecard } from "./service.ts";
import { addTarget, editTarget, removeTarget } from "./targets.ts";
import { importValues } from "./value-import.ts";
import { saveValues } from "./value-saving.ts";

/** Every table the scorecard reads: a change to any of them must be seen by the next read. */
const scorecardTables = [
  "plans",
  "priorities",
  "measures",
  "measure_priorities",
  "measure_targets",
  "measure_values",
  "measure_commentary",
  "spc_baselines",
  "benchmark_values",
  "benchmark_summaries",
  "neighbour_sets",
  "neighbour_set_members",
  "rag_settings",
];

describe.each(engines)("the scorecard, cached by data version, on $name", (engine) => {
  let handle: DatabaseHandle;
  let db: Database;

  beforeAll(async () => {
    handle = await engine.openDemo();
    db = handle.db;
  }, 120_000);

  afterAll(async () => {
    await handle?.close();
  });

  const version = async () => String((await selectRows(db, sql`select version::text as version from data_versions where name = 'scorecard'`))[0]?.version);
  const row = (card: Scorecard, code: string) => {
    const found = card.byCode.get(code);
    if (!found) throw new Error(`no scorecard row for ${code}`);
    return found;
  };
  const measure = async (code: string) => {
    const found = await repository.findMeasure(db, code);
    if (!found) throw new Error(`no measure ${code}`);
    return found;
  };
  const targetOf = async (code: string, planYear: number) => (await repository.listTargets(db, [(await measure(code)).id])).find((t) => t.planYear === planYear);

  it("is built once and reused while nothing changes", async () => {
    const first = await currentScorecard(db);
    expect(await currentScorecard(db)).toBe(first);
    expect(first.presented()).toBe(first.presented());
    expect((await scorecard(db)).length).toBe(first.rows.length);
    const rereferrals = row(first, "REREFERRALS");
    expect(await scorecard(db, [rereferrals.measure.id])).toEqual([rereferrals]);
  });

  it("shares one build between reads that arrive together", async () => {
    await db.execute(sql`update measures set owner = owner where code = 'REREFERRALS'`);
    const [a, b] = await Promise.all([currentScorecard(db), currentScorecard(db)]);
    expect(a).toBe(b);
  });

  // Each way the app changes what the scorecard shows: the next read sees the change.
  it.each<[string, () => Promise<unknown>, (card: Scorecard) => void]>([
    [
      "importing a values file",
      () => importValues(db, testContext, "values.csv", Buffer.from("measure_code,period_end,value,numerator,denominator,status,note\nREREFERRALS,2025-11-30,25.1,,,provisional,\n")),
      (card) => expect(row(card, "REREFERRALS").latest).toMatchObject({ periodEnd: "2025-11-30", value: 25.1, status: "provisional" }),
    ],
    [
      "entering values in the grid",
      () => saveValues(db, testContext, [{ row: 2, code: "CHILDREN-IN-CARE", periodEnd: "2025-12-31", value: 515, numerator: null, denominator: null, status: "final", note: "" }], { provenance: "Entered by test" }),
      (card) => expect(row(card, "CHILDREN-IN-CARE").latest).toMatchObject({ periodEnd: "2025-12-31", value: 515 }),
    ],
    [
      "writing commentary",
      () => saveCommentary(db, testContext, "REREFERRALS", "2025-11-30", "Re-referrals fell after the new front door.", 0),
      (card) => expect(row(card, "REREFERRALS").commentary?.text).toBe("Re-referrals fell after the new front door."),
    ],
    [
      "adding a target",
      async () => addTarget(db, testContext, await measure("REREFERRALS"), { planYear: 2025, value: 25, tolerance: 0.5, oneOff: false, achieved: false, note: "" }),
      (card) => expect(row(card, "REREFERRALS")).toMatchObject({ target: { value: 25, tolerance: 0.5 }, rag: "amber" }),
    ],
    [
      "changing a target",
      async () => {
        const target = await targetOf("REREFERRALS", 2025);
        return editTarget(db, testContext, await measure("REREFERRALS"), target?.id ?? 0, { value: 25, tolerance: 0, oneOff: false, achieved: false, note: "", version: target?.version ?? 0 });
      },
      (card) => expect(row(card, "REREFERRALS")).toMatchObject({ target: { value: 25, tolerance: 0 }, rag: "red", exception: true }),
    ],
    [
      "changing the council's RAG rule",
      async () => saveRagSettings(db, testContext, { amber: "percentage", percent: 10, onTargetGreen: true, version: (await ragSettings(db)).version }, new Date()),
      (card) => {
        expect(card.rule).toEqual({ amber: "percentage", percent: 10, onTargetGreen: true });
        // 25.1% against a target of 25% with no tolerance: within 10% of the target.
        expect(row(card, "REREFERRALS").rag).toBe("amber");
      },
    ],
    [
      "removing a target",
      async () => {
        const target = await targetOf("REREFERRALS", 2025);
        return removeTarget(db, testContext, await measure("REREFERRALS"), target?.id ?? 0, target?.version ?? 0);
      },
      (card) => expect(row(card, "REREFERRALS")).toMatchObject({ target: null, rag: null }),
    ],
    [
      "recalculating SPC limits",
      async () => {
        const from = (await currentScorecard(db)).byCode.get("ASSESSMENTS-IN-TIME")?.values[1]?.periodEnd ?? "";
        return recalculateFrom(db, testContext, "ASSESSMENTS-IN-TIME", from, "A new assessment form");
      },
      (card) => expect(row(card, "ASSESSMENTS-IN-TIME").baseline?.reason).toBe("A new assessment form"),
    ],
    [
      "importing DfE statistics",
      async () => {
        await db.execute(sql`delete from benchmark_values where measure_id = (select id from measures where code = 'REREFERRALS')`);
        // The delete alone is a change: read it, so the import below is a change of its own.
        expect(row(await currentScorecard(db), "REREFERRALS").benchmark).toBeNull();
        const file = "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv";
        return importDfeFile(db, testContext, { measureCode: "REREFERRALS", fileName: file, content: readFileSync(sharedPath("data", "dfe-ees", file)) });
      },
      (card) => expect(row(card, "REREFERRALS").benchmark).toMatchObject({ year: 2025, england: 22.6 }),
    ],
    [
      "adding a measure in the app",
      async () =>
        addMeasure(db, testContext, (await currentPlanSummary(db))?.id ?? null, {
          code: "EARLY-HELP-STEP-DOWN",
          title: "Families stepped down to early help",
          definition: "Families whose social care case closed with a step down to early help, in the month.",
          unit: "count",
          polarity: "neither",
          frequency: "monthly",
          decimals: 0,
          source: "entered",
          priorities: [2],
          owner: "",
        }),
      (card) => expect(row(card, "EARLY-HELP-STEP-DOWN")).toMatchObject({ measure: { title: "Families stepped down to early help" }, priorities: [2], latest: null }),
    ],
    [
      "changing a measure's definition and priorities in the app",
      async () => {
        const measure = await findMeasureRecord(db, "EARLY-HELP-STEP-DOWN");
        if (!measure) throw new Error("no measure EARLY-HELP-STEP-DOWN");
        const { definition, unit, polarity, frequency, decimals, version } = measure;
        const change = { title: "Step-downs to early help", definition, unit, polarity, frequency, decimals, source: "entered" as const, owner: "", priorities: [1, 2], version };
        return editMeasure(db, testContext, (await currentPlanSummary(db))?.id ?? null, measure.code, change, false);
      },
      (card) => expect(row(card, "EARLY-HELP-STEP-DOWN")).toMatchObject({ measure: { title: "Step-downs to early help" }, priorities: [1, 2] }),
    ],
    [
      "another app instance changing the data (here, plain SQL)",
      () => db.execute(sql`update measures set title = 'Re-referrals within a year' where code = 'REREFERRALS'`),
      (card) => expect(row(card, "REREFERRALS").measure.title).toBe("Re-referrals within a year"),
    ],
  ])("sees %s at the next read", async (_change, change, check) => {
    const before = await currentScorecard(db);
    expect(await currentScorecard(db)).toBe(before);
    await change();
    const after = await currentScorecard(db);
    expect(after).not.toBe(before);
    check(after);
    expect(await currentScorecard(db)).toBe(after);
  });

  it.each(scorecardTables)("bumps the version on any change to %s", async (table) => {
    const before = BigInt(await version());
    // A statement-level trigger fires even for a statement that changes no row.
    await db.execute(sql.raw(`delete from ${table} where false`));
    expect(BigInt(await version())).toBe(before + 1n);
  });

  it("keeps the version, and the cached scorecard, when a change is rolled back", async () => {
    const before = await currentScorecard(db);
    const version0 = await version();
    await expect(
      db.transaction(async (tx) => {
        await tx.execute(sql`update measures set title = 'Never saved' where code = 'REREFERRALS'`);
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    expect(await version()).toBe(version0);
    expect(await currentScorecard(db)).toBe(before);
  });

  it("keeps each database's scorecard apart", async () => {
    const other = await engine.open();
    try {
      expect((await currentScorecard(other.db)).rows).toEqual([]);
      expect((await currentScorecard(db)).rows.length).toBeGreaterThan(0);
    } finally {
      await other.close();
    }
  });
});
