import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engines } from "../../test/support/databases.ts";
import { openDatabase, type DatabaseHandle, type Executor } from "./client.ts";
import { copierFor, copyLine, copyValue, type CopyValue } from "./copy.ts";
import { selectRows } from "./rows.ts";

describe("a value in COPY's text format", () => {
  it.each<[string, CopyValue, string]>([
    ["plain text as it is", "MASH team", "MASH team"],
    ["null as \\N", null, "\\N"],
    ["the text \\N with its backslash doubled, so it is not null", "\\N", "\\\\N"],
    ["a backslash doubled", "C:\\files", "C:\\\\files"],
    ["a tab escaped, so it does not end the value", "a\tb", "a\\tb"],
    ["a newline escaped, so it does not end the row", "a\nb", "a\\nb"],
    ["a carriage return escaped", "a\r\nb", "a\\r\\nb"],
    ["quotes as they are (text format does not quote)", `"O'Neil"`, `"O'Neil"`],
    ["the empty string as nothing (not null)", "", ""],
    ["a number as JavaScript writes it", 12.5, "12.5"],
  ])("writes %s", (_, value, written) => {
    expect(copyValue(value)).toBe(written);
  });

  it("writes a row's values between tabs, ending in a newline", () => {
    expect(copyLine(["a", null, 3])).toBe("a\t\\N\t3\n");
  });
});

/** Values that would break a row or a value if written carelessly. */
const hostile: [string, string | null][] = [
  ["a tab", "before\tafter"],
  ["a newline", "before\nafter"],
  ["a carriage return and newline", "before\r\nafter"],
  ["a backslash", "C:\\files\\new"],
  ["a backslash before t", "\\t is not a tab"],
  ["quotes", `"quoted" and 'quoted'`],
  ["\\N as text", "\\N"],
  ["a backslash and full stop, which ends COPY data on a line of its own", "\\."],
  ["null", null],
  ["the empty string", ""],
  ["non-ASCII text", "Zoë – Ōsaka 🙂"],
];

async function copiedBack(db: DatabaseHandle["db"], values: readonly (string | null)[]): Promise<unknown[]> {
  return db.transaction(async (tx: Executor) => {
    await tx.execute(sql`create temp table copied (n integer, value text, day date) on commit drop`);
    const copy = await copierFor(tx);
    if (!copy) throw new Error("expected COPY to be offered in a transaction here");
    await copy(
      "copied",
      ["n", "value", "day"],
      values.map((value, index) => copyLine([index, value, "2025-02-06"])).join(""),
    );
    const rows = await selectRows(tx, sql`select n, value, day::text as day from copied order by n`);
    return rows.map((row) => [Number(row.n), row.value, row.day]);
  });
}

describe.each(engines)("copying rows on $name", (engine) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await engine.open();
  });
  afterAll(async () => handle?.close());

  it("keeps every hostile value exactly as it was", async () => {
    const values = hostile.map(([, value]) => value);
    expect(await copiedBack(handle.db, values)).toEqual(values.map((value, index) => [index, value, "2025-02-06"]));
  });

  it("is not offered outside a transaction, where the connection is not held", async () => {
    expect(await copierFor(handle.db)).toBeNull();
  });

  it("fails the transaction, changing nothing, when a value does not fit its column", async () => {
    await handle.db.execute(sql`create table if not exists copy_probe (day date)`);
    const attempt = handle.db.transaction(async (tx) => {
      await tx.execute(sql`insert into copy_probe values ('2025-01-01')`);
      await (await copierFor(tx))?.("copy_probe", ["day"], copyLine(["31/02/2025"]));
    });
    await expect(attempt).rejects.toThrow(/date/);
    expect(await selectRows(handle.db, sql`select count(*)::int as n from copy_probe`)).toEqual([{ n: 0 }]);
  });
});

describe("copying rows on the embedded database in a thread of its own", () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openDatabase({ dataDir: "memory", thread: { failed: () => undefined } });
  });
  afterAll(async () => handle?.close());

  it("is not offered, as its socket cannot follow COPY, and the connection still answers", async () => {
    const offered = await handle.db.transaction(async (tx) => (await copierFor(tx)) !== null);
    expect(offered).toBe(false);
    expect(await selectRows(handle.db, sql`select 1 as one`)).toEqual([{ one: 1 }]);
  });
});
