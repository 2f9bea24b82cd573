import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { selectRows } from "../../db/rows.ts";
import { engines, type TestHandle } from "../../../test/support/databases.ts";
import { testContext } from "../../../test/support/demo.ts";
import * as repository from "./repository.ts";
import { applyValuesImport, importValues, receiveValuesFile } from "./value-import.ts";

const header = "measure_code,period_end,value,numerator,denominator,status,note";
const csv = (rows: string[]) => Buffer.from(`${header}\n${rows.join("\n")}\n`);
const sha256 = (content: Buffer) => createHash("sha256").update(content).digest("hex");

/** The last day of the month `i` months after January 1901. */
const monthEnd = (i: number) => new Date(Date.UTC(1901 + Math.floor(i / 12), (i % 12) + 1, 0)).toISOString().slice(0, 10);

/**
 * Values files imported in bulk, on both databases: staged, applied in one transaction, and
 * recorded as one audit event per import whose rows keep what each value was before.
 */
describe.each(engines)("importing values in bulk on $name", (engine) => {
  let handle: TestHandle;
  let db: Database;
  const codes = Array.from({ length: 10 }, (_, i) => `BULK-${String(i + 1)}`);

  beforeAll(async () => {
    handle = await engine.open();
    db = handle.db;
    for (const code of codes) {
      await repository.insertMeasure(db, { code, title: `Bulk measure ${code}`, definition: "A count for bulk imports.", unit: "count", polarity: "neither", frequency: "monthly" });
    }
  }, 120_000);

  afterAll(async () => {
    await handle?.close();
  });

  const count = async (query: ReturnType<typeof sql>) => Number((await selectRows(db, query))[0]?.n);
  const importEvents = async (fileName: string) =>
    (await selectRows(db, sql`select record_id, action, after from audit_events where record_type = 'values import' and after->>'fileName' = ${fileName} order by id`)).map((e) => ({ recordId: String(e.record_id), after: e.after as Record<string, unknown> }));
  const stored = async (code: string, periodEnd: string) => (await selectRows(db, sql`select v.value, v.note, v.version from measure_values v join measures m on m.id = v.measure_id where m.code = ${code} and v.period_end = ${periodEnd}`))[0];
  /** The scorecard's versions, added up: the global one and each bulk measure's own. */
  const scorecardVersion = () => count(sql`select coalesce(sum(version), 0) as n from data_versions where name = 'scorecard' or name in (select 'measure:' || id from measures where code like 'BULK-%')`);

  it("records an import of several rows as one audit event with its file's SHA-256 and counts, and keeps each change's before and after", async () => {
    await importValues(db, testContext, "first.csv", csv(["BULK-1,2025-01-31,10,,,final,", "BULK-1,2025-02-28,11,,,final,", "BULK-2,2025-01-31,20,,,final,"]));
    const file = csv(["BULK-1,2025-01-31,10,,,final,", "BULK-1,2025-02-28,12,,,provisional,Revised", "BULK-2,2025-01-31,20,,,final,", "BULK-2,2025-02-28,21,,,final,"]);
    const result = await importValues(db, testContext, "second.csv", file);
    expect(result).toMatchObject({ ok: true, added: 1, changed: 1, unchanged: 2 });

    const events = await importEvents("second.csv");
    expect(events).toHaveLength(1);
    expect(events[0]?.after).toEqual({ fileName: "second.csv", sha256: sha256(file), state: "applied", rows: 4, added: 1, changed: 1, unchanged: 2 });
    expect(await count(sql`select count(*) as n from audit_events where record_type = 'measure value'`)).toBe(0);

    const changes = await selectRows(db, sql`select code, period_end::text as period_end, outcome, was_value, was_status, was_note, value, status, note from value_import_rows where import_id = ${Number(events[0]?.recordId)} and outcome <> 'unchanged' order by row`);
    expect(changes).toEqual([
      { code: "BULK-1", period_end: "2025-02-28", outcome: "changed", was_value: 11, was_status: "final", was_note: "", value: 12, status: "provisional", note: "Revised" },
      { code: "BULK-2", period_end: "2025-02-28", outcome: "added", was_value: null, was_status: null, was_note: null, value: 21, status: "final", note: "" },
    ]);
    expect(await stored("BULK-1", "2025-02-28")).toEqual({ value: 12, note: "Revised", version: 2 });
  });

  it("records a refused file with its problem count and one audit event, and changes no value", async () => {
    const valuesBefore = await count(sql`select count(*) as n from measure_values`);
    const version = await scorecardVersion();
    const file = csv(["BULK-1,2025-01-31,999,,,final,", "NO-SUCH,2025-01-31,1,,,final,", "BULK-2,2025-13-31,1,,,final,"]);
    const result = await importValues(db, testContext, "refused.csv", file);
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => `${String(p.row)} ${p.column}`)).toEqual(["3 measure_code", "4 period_end"]);

    const [record] = await selectRows(db, sql`select id, state, problems, rows, listed_problems from value_imports where file_name = 'refused.csv'`);
    expect(record).toMatchObject({ state: "refused", problems: 2 });
    expect((record?.listed_problems as unknown[]).length).toBe(2);
    expect(await count(sql`select count(*) as n from value_import_rows where import_id = ${Number(record?.id)}`)).toBe(0);
    // Its rows are those read as rows of values: the one whose period is no date is not.
    expect((await importEvents("refused.csv")).map((e) => e.after)).toEqual([{ fileName: "refused.csv", sha256: sha256(file), state: "refused", rows: 2, problems: 2 }]);
    expect(await count(sql`select count(*) as n from measure_values`)).toBe(valuesBefore);
    expect(await stored("BULK-1", "2025-01-31")).toMatchObject({ value: 10 });
    expect(await scorecardVersion()).toBe(version);
  });

  it("changes nothing when the same file is imported again, and says who imported it before", async () => {
    const file = csv(["BULK-3,2025-01-31,30,,,final,", "BULK-3,2025-02-28,31,,,final,"]);
    expect(await importValues(db, testContext, "repeat.csv", file)).toMatchObject({ ok: true, added: 2 });
    const version = await scorecardVersion();
    const again = await importValues(db, testContext, "repeat.csv", file);
    expect(again).toMatchObject({ ok: true, added: 0, changed: 0, unchanged: 2, importedBefore: { by: testContext.username } });
    expect(await stored("BULK-3", "2025-01-31")).toMatchObject({ value: 30, version: 1 });
    expect(await scorecardVersion()).toBe(version);
    expect((await importEvents("repeat.csv")).map((e) => e.after.state)).toEqual(["applied", "unchanged"]);
  });

  it("applies a received import once however many times it is asked, and keeps a settled import as it is", async () => {
    const received = await receiveValuesFile(db, testContext, "once.csv", csv(["BULK-4,2025-01-31,40,,,final,"]));
    expect(received.ok).toBe(true);
    expect(await stored("BULK-4", "2025-01-31")).toBeUndefined();
    const applied = await Promise.all([applyValuesImport(db, testContext, received.importId), applyValuesImport(db, testContext, received.importId)]);
    expect(applied.map((a) => [a.state, a.added])).toEqual([["applied", 1], ["applied", 1]]);
    expect(await stored("BULK-4", "2025-01-31")).toMatchObject({ value: 40, version: 1 });
    expect(await importEvents("once.csv")).toHaveLength(1);
    await expect(db.execute(sql`update value_import_rows set value = 41 where import_id = ${received.importId}`)).rejects.toThrow();
    await expect(db.execute(sql`delete from value_imports where id = ${received.importId}`)).rejects.toThrow();
  });

  it("imports 20,000 rows in one transaction: one import record, one audit event, every value stored", async () => {
    const rows = codes.flatMap((code) => Array.from({ length: 2000 }, (_, i) => `${code},${monthEnd(i)},${String(i % 97)},,,final,`));
    const version = await scorecardVersion();
    const result = await importValues(db, testContext, "twenty-thousand.csv", csv(rows));
    expect(result.problems).toEqual([]);
    // Seven of its periods had values from the imports above (January and February 2025); the rest are new.
    expect(result).toMatchObject({ added: 19_993 });
    expect(result.changed + result.unchanged).toBe(7);
    expect(await count(sql`select count(*) as n from value_imports where file_name = 'twenty-thousand.csv'`)).toBe(1);
    expect(await count(sql`select count(*) as n from value_import_rows r join value_imports i on i.id = r.import_id where i.file_name = 'twenty-thousand.csv'`)).toBe(20_000);
    expect(await importEvents("twenty-thousand.csv")).toHaveLength(1);
    expect(await count(sql`select count(*) as n from measure_values v join measures m on m.id = v.measure_id where m.code like 'BULK-%' and v.period_end between ${monthEnd(0)} and ${monthEnd(1999)}`)).toBe(20_000);
    expect(await stored("BULK-10", monthEnd(1999))).toMatchObject({ value: 1999 % 97 });
    // The values were written in one transaction: each measure's version moved once, as it committed.
    expect(await scorecardVersion()).toBe(version + codes.length);
  }, 300_000);
});
