import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { selectRows } from "../../db/rows.ts";
import { engines, type TestHandle } from "../../../test/support/databases.ts";
import { currentPlanSummary } from "../plan/index.ts";
import { testContext } from "../../../test/support/demo.ts";
import { sharedPath } from "../../../test/support/shared.ts";
import { importDfeFile } from "./benchmark-import.ts";
import { addMeasure, editMeasure, findMeasureRecord } from "./measure-editing.ts";
import * as repository from "./repository.ts";
import { currentScorecard, ragSettings, recalculateFrom, saveCommentary, saveRagSettings, scorecard, scorecardCache, scorecardRowSource, type Scorecard } from "./service.ts";
import { addTarget, editTarget, removeTarget } from "./targets.ts";
import { importValues } from "./value-import.ts";
import { saveValues } from "./value-saving.ts";

/** The tables whose changes every scorecard row depends on: a change to any of them bumps the global version. */
const globalTables = ["plans", "priorities", "neighbour_sets", "neighbour_set_members", "rag_settings"];

/** The tables whose rows each belong to one measure, by the column naming it: a change bumps that measure's version only. */
const measureTables: [string, string][] = [
  ["measures", "id"],
  ["measure_priorities", "measure_id"],
  ["measure_targets", "measure_id"],
  ["measure_values", "measure_id"],
  ["measure_commentary", "measure_id"],
  ["spc_baselines", "measure_id"],
  ["benchmark_values", "measure_id"],
  ["benchmark_summaries", "measure_id"],
];

describe.each(engines)("the scorecard, cached by data version, on $name", (engine) => {
  let handle: TestHandle;
  let db: Database;

  beforeAll(async () => {
    handle = await engine.openDemo();
    db = handle.db;
  }, 120_000);

  afterAll(async () => {
    await handle?.close();
  });

  /** A version as it stands: the global one, or a measure's ("measure:<id>"; 0 before its first change). */
  const version = async (name = "scorecard") => BigInt(String((await selectRows(db, sql`select coalesce((select version from data_versions where name = ${name}), 0)::text as version`))[0]?.version));
  const measureVersion = async (id: number) => version(`measure:${String(id)}`);
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

  it.each(globalTables)("bumps the global version on any change to %s", async (table) => {
    const before = await version();
    // A statement-level trigger fires even for a statement that changes no row.
    await db.execute(sql.raw(`delete from ${table} where false`));
    expect(await version()).toBe(before + 1n);
  });

  it.each(measureTables)("bumps only the changed measure's version on a change to %s", async (table, column) => {
    const [first] = await selectRows(db, sql.raw(`select ${column} as id from ${table} order by ${column} limit 1`));
    if (!first) throw new Error(`no rows in ${table}`);
    const changed = Number(first.id);
    const [other] = await selectRows(db, sql`select id from measures where id <> ${changed} order by id limit 1`);
    const before = { global: await version(), changed: await measureVersion(changed), other: await measureVersion(Number(other?.id)) };
    // Every row of the measure, in one statement: one bump.
    await db.execute(sql.raw(`update ${table} set ${column} = ${column} where ${column} = ${String(changed)}`));
    await db.execute(sql.raw(`delete from ${table} where false`));
    expect({ global: await version(), changed: await measureVersion(changed), other: await measureVersion(Number(other?.id)) }).toEqual({ ...before, changed: before.changed + 1n });
  });

  it("bumps the global version when one of the measures' tables is emptied at once", async () => {
    const before = await version();
    await db.execute(sql`truncate benchmark_summaries`);
    expect(await version()).toBe(before + 1n);
  });

  it("keeps the versions, and the cached scorecard, when a change is rolled back", async () => {
    const before = await currentScorecard(db);
    const id = (await measure("REREFERRALS")).id;
    const versions = [await version(), await measureVersion(id)];
    await expect(
      db.transaction(async (tx) => {
        await tx.execute(sql`update measures set title = 'Never saved' where id = ${id}`);
        await tx.execute(sql`update measure_values set note = 'Never saved' where measure_id = ${id}`);
        await tx.execute(sql`update rag_settings set amber_percent = amber_percent`);
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    expect([await version(), await measureVersion(id)]).toEqual(versions);
    expect(await currentScorecard(db)).toBe(before);
    expect(await selectRows(db, sql`select name from data_version_bumps`)).toEqual([]);
  });

  /** A scorecard cache of its own that notes which measures' rows it builds, by code, and how often it reads what every row shares. */
  const counted = () => {
    const built: number[][] = [];
    let bases = 0;
    const cache = scorecardCache({
      basis: (on) => {
        bases += 1;
        return scorecardRowSource.basis(on);
      },
      rows: async (on, basis, ids) => {
        built.push(ids ? [...ids] : (await repository.listMeasures(on)).map((m) => m.id));
        return scorecardRowSource.rows(on, basis, ids);
      },
    });
    const codes = async () => {
      const all = await repository.listMeasures(db);
      const byId = new Map(all.map((m) => [m.id, m.code]));
      return built.flat().map((id) => byId.get(id) ?? String(id)).sort();
    };
    const forget = () => {
      built.length = 0;
      bases = 0;
    };
    return { cache, codes, forget, bases: () => bases };
  };
  const allCodes = async () => (await repository.listMeasures(db)).map((m) => m.code).sort();

  // What a change rebuilds: the changed measure's row alone, every row, or nothing.
  it.each<[string, "REREFERRALS" | "every row" | "nothing", () => Promise<unknown>]>([
    [
      "a value entered for one measure",
      "REREFERRALS",
      () => saveValues(db, testContext, [{ row: 2, code: "REREFERRALS", periodEnd: "2025-12-31", value: 24.2, numerator: null, denominator: null, status: "provisional", note: "" }], { provenance: "Entered by test" }),
    ],
    ["commentary on one measure", "REREFERRALS", () => saveCommentary(db, testContext, "REREFERRALS", "2025-12-31", "Fewer re-referrals after the new front door.", 0)],
    ["one measure's definition", "REREFERRALS", () => db.execute(sql`update measures set definition = definition || ' ' where code = 'REREFERRALS'`)],
    ["one measure's targets", "REREFERRALS", async () => addTarget(db, testContext, await measure("REREFERRALS"), { planYear: 2025, value: 25, tolerance: 0.5, oneOff: false, achieved: false, note: "" })],
    ["one measure's DfE statistics", "REREFERRALS", () => db.execute(sql`update benchmark_values set source = source where measure_id = (select id from measures where code = 'REREFERRALS')`)],
    ["the council's RAG rule", "every row", async () => saveRagSettings(db, testContext, { amber: "tolerance", percent: 10, onTargetGreen: false, version: (await ragSettings(db)).version }, new Date())],
    ["a priority's title", "every row", () => db.execute(sql`update priorities set title = title || ' ' where number = 1`)],
    ["the statistical neighbours", "every row", () => db.execute(sql`update neighbour_set_members set name = name`)],
    [
      "a change rolled back",
      "nothing",
      () =>
        db
          .transaction(async (tx) => {
            await tx.execute(sql`update measure_values set note = 'Never saved' where measure_id = (select id from measures where code = 'REREFERRALS')`);
            await tx.execute(sql`update priorities set title = 'Never saved' where number = 1`);
            throw new Error("changed my mind");
          })
          .catch(() => undefined),
    ],
  ])("after %s, the next scorecard rebuilds %s", async (_change, rebuilt, change) => {
    const { cache, codes, forget, bases } = counted();
    const before = await cache.all(db);
    expect(await codes()).toEqual(await allCodes());
    forget();
    await change();
    const after = await cache.all(db);
    expect(await codes()).toEqual(rebuilt === "every row" ? await allCodes() : rebuilt === "nothing" ? [] : [rebuilt]);
    expect(bases()).toBe(rebuilt === "every row" ? 1 : 0);
    if (rebuilt === "nothing") expect(after).toBe(before);
    else expect(after).not.toBe(before);
    // The rows that did not change are the very rows kept before.
    if (rebuilt === "REREFERRALS") for (const row of after.rows.filter((r) => r.measure.code !== rebuilt)) expect(row).toBe(before.byCode.get(row.measure.code));
    // The measures' pages then build nothing: their rows are the scorecard's.
    forget();
    expect((await cache.one(db, "REREFERRALS"))?.row).toBe(after.byCode.get("REREFERRALS"));
    expect((await cache.one(db, "CHILDREN-IN-CARE"))?.row).toBe(after.byCode.get("CHILDREN-IN-CARE"));
    expect(await cache.one(db, "NO-SUCH-MEASURE")).toBeNull();
    expect(await codes()).toEqual([]);
  });

  it("builds only the changed measure's row for its page, and the scorecard then reuses it", async () => {
    const { cache, codes, forget } = counted();
    await cache.all(db);
    forget();
    await db.execute(sql`update measure_values set note = note where measure_id = (select id from measures where code = 'CHILDREN-IN-CARE')`);
    expect((await cache.one(db, "REREFERRALS"))?.row.measure.code).toBe("REREFERRALS");
    expect(await codes()).toEqual([]);
    const page = await cache.one(db, "CHILDREN-IN-CARE");
    expect(await codes()).toEqual(["CHILDREN-IN-CARE"]);
    const card = await cache.all(db);
    expect(await codes()).toEqual(["CHILDREN-IN-CARE"]);
    expect(card.byCode.get("CHILDREN-IN-CARE")).toBe(page?.row);
  });

  it("shares one build of a changed row between a page and the scorecard read together", async () => {
    const { cache, codes, forget } = counted();
    await cache.all(db);
    forget();
    await db.execute(sql`update measure_values set note = note where measure_id = (select id from measures where code = 'CHILDREN-IN-CARE')`);
    const [page, card] = await Promise.all([cache.one(db, "CHILDREN-IN-CARE"), cache.all(db)]);
    expect(await codes()).toEqual(["CHILDREN-IN-CARE"]);
    expect(card.byCode.get("CHILDREN-IN-CARE")).toBe(page?.row);
  });

  it.runIf(engine.name === "PostgreSQL")("commits two changes to the same measures made in opposite orders without either waiting on the other for ever", async () => {
    const [a, b] = [(await measure("REREFERRALS")).id, (await measure("CHILDREN-IN-CARE")).id];
    // Both measures' counters exist, so bumping one locks its row.
    await db.execute(sql`update measures set owner = owner where id in (${a}, ${b})`);
    const before = [await measureVersion(a), await measureVersion(b)];
    const url = handle.url ?? "";
    const clients = [new pg.Client({ connectionString: url }), new pg.Client({ connectionString: url }), new pg.Client({ connectionString: url })];
    const [first, second, holder] = clients as [pg.Client, pg.Client, pg.Client];
    await Promise.all(clients.map((c) => c.connect()));
    try {
      // Different rows of the same two measures, in opposite orders.
      await first.query("begin");
      await first.query("update measure_values set note = note where id = (select min(id) from measure_values where measure_id = $1)", [a]);
      await first.query("update measure_values set note = note where id = (select min(id) from measure_values where measure_id = $1)", [b]);
      await second.query("begin");
      await second.query("update measures set owner = owner where id = $1", [b]);
      await second.query("update measures set owner = owner where id = $1", [a]);
      // Hold the first measure's counter until both are committing.
      await holder.query("begin");
      await holder.query("select version from data_versions where name = $1 for update", [`measure:${String(a)}`]);
      const commits = Promise.allSettled([first.query("commit"), second.query("commit")]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await holder.query("commit");
      expect((await commits).map((c) => c.status)).toEqual(["fulfilled", "fulfilled"]);
    } finally {
      await Promise.all(clients.map((c) => c.end()));
    }
    expect([await measureVersion(a), await measureVersion(b)]).toEqual(before.map((v) => v + 2n));
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
