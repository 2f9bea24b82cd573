import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { writeSsdExtract } from "../scripts/bench/case-files.ts";
import { selectRows } from "../src/db/rows.ts";
import { syntheticCaseRecords } from "../src/demo/synthetic-council/index.ts";
import { importCaseFiles, type CaseRows } from "../src/modules/casework/index.ts";
import { engines } from "./support/databases.ts";
import { testContext } from "./support/demo.ts";

/**
 * The bench writes the synthetic council's records as the SSD extract a council sends, and imports
 * it as a council would: the files must import whole, every row and every value as generated.
 */

/** The first `most` rows of each table, so the files stay small (the whole council takes seconds to import). */
async function* firstRowsOfEach(batches: AsyncIterable<CaseRows>, most: number): AsyncGenerator<CaseRows> {
  const taken = new Map<string, number>();
  for await (const { table, rows } of batches) {
    const already = taken.get(table) ?? 0;
    const kept = rows.slice(0, Math.max(0, most - already));
    if (kept.length === 0) continue;
    taken.set(table, already + kept.length);
    yield { table, rows: kept };
  }
}

describe("the synthetic council's records written as an SSD extract", () => {
  const folder = mkdtempSync(join(tmpdir(), "waymark-bench-files-"));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it("imports through the SSD importer with no problems, nothing dropped and the same rows", async () => {
    const records = syntheticCaseRecords({ laCode: "879", seed: 1, scale: 1 });
    const generated: CaseRows[] = [];
    async function* kept(): AsyncGenerator<CaseRows> {
      for await (const batch of firstRowsOfEach(records.rows(), 50)) {
        generated.push(batch);
        yield batch;
      }
    }
    const written = await writeSsdExtract(folder, kept());
    // Every table the council's records fill has a file, holding the rows generated for it.
    expect(Object.keys(written.rows).sort()).toEqual([...new Set(generated.map((batch) => batch.table))].sort());
    expect(Object.keys(written.rows).length).toBeGreaterThan(20);
    for (const [table, rows] of Object.entries(written.rows)) expect(rows, table).toBe(generated.filter((batch) => batch.table === table).reduce((sum, batch) => sum + batch.rows.length, 0));

    const [pglite] = engines;
    if (!pglite) throw new Error("no database to import into");
    const handle = await pglite.open();
    try {
      const imported = await importCaseFiles(handle.db, testContext, { key: "5".repeat(64) }, { kind: "ssd", files: written.files, laCode: "879", collectionYear: null, extractDate: records.extractDate, validRowsOnly: false });
      if (imported.kind !== "loaded") throw new Error(`the files did not import: ${JSON.stringify(imported)}`);
      expect(imported.extract.rowsLeftOut.count).toBe(0);
      expect(imported.extract.dropped).toEqual({});
      expect(Object.fromEntries(Object.entries(imported.extract.rowCounts).map(([table, moved]) => [table, moved.added]))).toEqual(written.rows);

      // A cell with quotes and commas in it (the outcome, as JSON) comes back as it was generated.
      const outcomes = generated.filter((batch) => batch.table === "ssd_cin_episodes").flatMap((batch) => batch.rows.map((row) => row.cine_referral_outcome_json));
      expect(outcomes.some((outcome) => typeof outcome === "string" && outcome.includes('"'))).toBe(true);
      const stored = await selectRows(handle.db, sql`select cine_referral_outcome_json as outcome from casework.ssd_cin_episodes`);
      expect(stored.map((row) => row.outcome).sort()).toEqual(outcomes.sort());
    } finally {
      await handle.close();
    }
  }, 60_000);
});
