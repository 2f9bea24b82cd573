import { and, asc, desc, eq, isNotNull, lt, sql } from "drizzle-orm";
import { onlyRow } from "../../core/lookup.ts";
import type { Executor } from "../../db/client.ts";
import { selectRows } from "../../db/rows.ts";
import { valueImportRows, valueImports } from "../../db/schema/measures.ts";

export type ValueImportRow = typeof valueImports.$inferSelect;
export type StagedRow = Pick<typeof valueImportRows.$inferInsert, "row" | "code" | "periodEnd" | "value" | "numerator" | "denominator" | "status" | "note">;
export type StagedChange = typeof valueImportRows.$inferSelect;

/** Rows staged a statement at a time: each batch goes as one JSON parameter, cheaper to send and to build than a parameter a cell. */
const stagingBatch = 5000;

export async function insertImport(tx: Executor, values: Omit<typeof valueImports.$inferInsert, "id">): Promise<ValueImportRow> {
  return onlyRow(await tx.insert(valueImports).values(values).returning(), "an import");
}

/** Stages a file's checked rows under its import, in batches rather than a statement a row. */
export async function stageRows(tx: Executor, importId: number, rows: readonly StagedRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += stagingBatch) {
    const batch = JSON.stringify(rows.slice(i, i + stagingBatch).map((r) => [r.row, r.code, r.periodEnd, r.value, r.numerator ?? null, r.denominator ?? null, r.status, r.note]));
    await tx.execute(sql`
      insert into value_import_rows (import_id, row, code, period_end, value, numerator, denominator, status, note)
      select ${importId}, (r->>0)::int, r->>1, (r->>2)::date, (r->>3)::float8, (r->>4)::float8, (r->>5)::float8, (r->>6)::value_status, r->>7
        from jsonb_array_elements(${batch}::jsonb) as r`);
  }
}

/** An import, locked until the transaction ends, so that it is applied once however many ask. */
export async function lockImport(tx: Executor, id: number): Promise<ValueImportRow | undefined> {
  const [row] = await tx.select().from(valueImports).where(eq(valueImports.id, id)).for("update");
  return row;
}

export async function findImportById(db: Executor, id: number): Promise<ValueImportRow | undefined> {
  const [row] = await db.select().from(valueImports).where(eq(valueImports.id, id));
  return row;
}

/**
 * Takes the turn of every measure the import has rows for, in the order of the measures' ids,
 * as every save of values does (see lockValueMeasures): see there why.
 */
export async function lockImportMeasures(tx: Executor, importId: number): Promise<void> {
  await tx.execute(sql`
    select count(pg_advisory_xact_lock(hashtext('measure values'), id))
      from (select distinct m.id from value_import_rows s join measures m on m.code = s.code where s.import_id = ${importId} order by m.id) ids`);
}

/**
 * Locks the stored values the import's rows are for, in the order of measure and period, and
 * notes on each row the value it meets and what that value holds now: unchanged when the row
 * says the same, changed when it differs. Rows whose value is not stored yet are left unmarked.
 */
export async function markStoredValues(tx: Executor, importId: number): Promise<void> {
  await tx.execute(sql`
    with stored as materialized (
      select v.id, v.measure_id, v.period_end, v.value, v.numerator, v.denominator, v.status, v.note
        from measure_values v
       where (v.measure_id, v.period_end) in (select m.id, s.period_end from value_import_rows s join measures m on m.code = s.code where s.import_id = ${importId})
       order by v.measure_id, v.period_end
         for update
    )
    update value_import_rows s
       set outcome = case when v.value = s.value and v.numerator is not distinct from s.numerator and v.denominator is not distinct from s.denominator
                                and v.status = s.status and v.note = s.note
                          then 'unchanged'::value_import_outcome else 'changed'::value_import_outcome end,
           value_id = v.id, was_value = v.value, was_numerator = v.numerator, was_denominator = v.denominator, was_status = v.status, was_note = v.note
      from stored v join measures m on m.id = v.measure_id
     where s.import_id = ${importId} and s.code = m.code and s.period_end = v.period_end`);
}

/** Writes the import's changed rows over the values they were compared with. */
export async function updateChangedValues(tx: Executor, importId: number, provenance: string): Promise<void> {
  await tx.execute(sql`
    update measure_values v
       set value = s.value, numerator = s.numerator, denominator = s.denominator, status = s.status, note = s.note,
           provenance = ${provenance}, version = v.version + 1
      from value_import_rows s
     where s.import_id = ${importId} and s.outcome = 'changed' and v.id = s.value_id`);
}

/** Adds the values the import has and the store has not, and marks their rows added. */
export async function insertNewValues(tx: Executor, importId: number, provenance: string): Promise<void> {
  await tx.execute(sql`
    with added as (
      insert into measure_values (measure_id, period_end, value, numerator, denominator, status, note, provenance)
      select m.id, s.period_end, s.value, s.numerator, s.denominator, s.status, s.note, ${provenance}
        from value_import_rows s join measures m on m.code = s.code
       where s.import_id = ${importId} and s.outcome is null
       order by m.id, s.period_end
      returning id, measure_id, period_end
    )
    update value_import_rows s
       set outcome = 'added', value_id = a.id
      from added a join measures m on m.id = a.measure_id
     where s.import_id = ${importId} and s.code = m.code and s.period_end = a.period_end`);
}

/** How many of the import's rows added, changed and left a value as it was, and how many found no measure. */
export async function countOutcomes(tx: Executor, importId: number): Promise<{ added: number; changed: number; unchanged: number; unmatched: number }> {
  const [row] = await selectRows(tx, sql`
    select count(*) filter (where outcome = 'added') as added, count(*) filter (where outcome = 'changed') as changed,
           count(*) filter (where outcome = 'unchanged') as unchanged, count(*) filter (where outcome is null) as unmatched
      from value_import_rows where import_id = ${importId}`);
  return { added: Number(row?.added ?? 0), changed: Number(row?.changed ?? 0), unchanged: Number(row?.unchanged ?? 0), unmatched: Number(row?.unmatched ?? 0) };
}

/** How many rows an import has, and how many of them meet a value already stored: read without locking, to say what saving will do. */
export async function countStoredMatches(db: Executor, importId: number): Promise<{ rows: number; stored: number }> {
  const [row] = await selectRows(db, sql`
    select count(*) as rows, count(v.id) as stored
      from value_import_rows s
      left join measures m on m.code = s.code
      left join measure_values v on v.measure_id = m.id and v.period_end = s.period_end
     where s.import_id = ${importId}`);
  return { rows: Number(row?.rows ?? 0), stored: Number(row?.stored ?? 0) };
}

export async function settleImport(tx: Executor, id: number, values: Pick<ValueImportRow, "state" | "added" | "changed" | "unchanged">): Promise<ValueImportRow> {
  // The clock as the import is settled, not as its transaction began: imports of one value are settled in the order they applied.
  return onlyRow(await tx.update(valueImports).set({ ...values, appliedAt: sql`clock_timestamp()` }).where(eq(valueImports.id, id)).returning(), "an import");
}

/** The last import of this file (by its SHA-256) before `beforeId` that changed what is stored, if any did. */
export async function findAppliedImport(db: Executor, sha256: string, beforeId: number): Promise<ValueImportRow | undefined> {
  const [row] = await db
    .select()
    .from(valueImports)
    .where(and(eq(valueImports.sha256, sha256), eq(valueImports.state, "applied"), lt(valueImports.id, beforeId)))
    .orderBy(desc(valueImports.id))
    .limit(1);
  return row;
}

/** The latest imports, whatever became of them, newest first. */
export async function listImports(db: Executor, limit: number): Promise<ValueImportRow[]> {
  return db.select().from(valueImports).orderBy(desc(valueImports.importedAt), desc(valueImports.id)).limit(limit);
}

/** The rows of an import that added or changed a value, in the file's order (at most `limit`). */
export async function listChanges(db: Executor, importId: number, limit: number): Promise<StagedChange[]> {
  return db
    .select()
    .from(valueImportRows)
    .where(and(eq(valueImportRows.importId, importId), isNotNull(valueImportRows.outcome), sql`${valueImportRows.outcome} <> 'unchanged'`))
    .orderBy(asc(valueImportRows.row))
    .limit(limit);
}
