import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import { onlyRow } from "../../core/lookup.ts";
import type { ValueStatus } from "../../core/measure-kinds.ts";
import { takeTurns } from "../../db/locks.ts";
import { selectRows } from "../../db/rows.ts";
import {
  benchmarkMappingDrafts,
  benchmarkMappings,
  benchmarkSummaries,
  benchmarkValues,
  measureCommentary,
  measurePriorities,
  measures,
  measureTargets,
  measureValues,
  neighbourSetMembers,
  neighbourSets,
  ofstedJudgements,
  ragSettings,
  spcBaselines,
} from "../../db/schema/measures.ts";

export type MeasureRow = typeof measures.$inferSelect;
export type TargetRow = typeof measureTargets.$inferSelect;
export type ValueRow = typeof measureValues.$inferSelect;
export type BenchmarkRow = typeof benchmarkValues.$inferSelect;
export type SummaryRow = typeof benchmarkSummaries.$inferSelect;
export type CommentaryRow = typeof measureCommentary.$inferSelect;
export type BaselineRow = typeof spcBaselines.$inferSelect;
export type MappingRow = typeof benchmarkMappings.$inferSelect;
export type RagSettingsRow = typeof ragSettings.$inferSelect;

/** Every measure, or those given, in code order. */
export async function listMeasures(db: Executor, measureIds?: readonly number[]): Promise<MeasureRow[]> {
  const query = db.select().from(measures);
  return (measureIds ? query.where(inArray(measures.id, [...measureIds])) : query).orderBy(asc(measures.code));
}

/** The measures whose values people type or import: every one but those computed from case records. */
export async function listTypedMeasures(db: Executor): Promise<MeasureRow[]> {
  return (await listMeasures(db)).filter((measure) => measure.source !== "computed");
}

export async function findMeasure(db: Executor, code: string): Promise<MeasureRow | undefined> {
  const [row] = await db.select().from(measures).where(eq(measures.code, code));
  return row;
}

export async function insertMeasure(tx: Executor, values: typeof measures.$inferInsert): Promise<MeasureRow> {
  return onlyRow(await tx.insert(measures).values(values).returning(), "a measure");
}

/** Adds a measure unless its code is taken (perhaps a moment ago, by a second click): then undefined. */
export async function insertMeasureIfAbsent(tx: Executor, values: Omit<typeof measures.$inferInsert, "id" | "version">): Promise<MeasureRow | undefined> {
  const [row] = await tx.insert(measures).values(values).onConflictDoNothing({ target: measures.code }).returning();
  return row;
}

/** Changes a measure if it is still at `version`; undefined when someone else changed it first. */
export async function updateMeasureAt(tx: Executor, id: number, version: number, values: Partial<Omit<typeof measures.$inferInsert, "id" | "code" | "version">>): Promise<MeasureRow | undefined> {
  const [row] = await tx
    .update(measures)
    .set({ ...values, version: version + 1 })
    .where(and(eq(measures.id, id), eq(measures.version, version)))
    .returning();
  return row;
}

/** Makes these the priorities a measure evidences. */
export async function replacePriorityLinks(tx: Executor, measureId: number, priorityIds: number[]): Promise<void> {
  await tx.delete(measurePriorities).where(eq(measurePriorities.measureId, measureId));
  await linkPriorities(tx, measureId, priorityIds);
}

export async function linkPriorities(tx: Executor, measureId: number, priorityIds: number[]): Promise<void> {
  if (priorityIds.length > 0) await tx.insert(measurePriorities).values(priorityIds.map((priorityId) => ({ measureId, priorityId })));
}

/** Which priorities the measures evidence (all measures, or these): pairs of measure id and priority id. */
export async function listPriorityLinks(db: Executor, measureIds?: readonly number[]): Promise<{ measureId: number; priorityId: number }[]> {
  const query = db.select({ measureId: measurePriorities.measureId, priorityId: measurePriorities.priorityId }).from(measurePriorities);
  return measureIds ? query.where(inArray(measurePriorities.measureId, [...measureIds])) : query;
}

export async function insertTargets(tx: Executor, rows: (typeof measureTargets.$inferInsert)[]): Promise<void> {
  if (rows.length > 0) await tx.insert(measureTargets).values(rows);
}

export async function listTargets(db: Executor, measureIds?: number[]): Promise<TargetRow[]> {
  const query = db.select().from(measureTargets);
  return measureIds ? query.where(inArray(measureTargets.measureId, measureIds)) : query;
}

export async function findTarget(db: Executor, id: number): Promise<TargetRow | undefined> {
  const [row] = await db.select().from(measureTargets).where(eq(measureTargets.id, id));
  return row;
}

/** Adds a target; undefined when the measure already has one for the plan year. */
export async function insertTarget(tx: Executor, values: Omit<typeof measureTargets.$inferInsert, "id" | "version">): Promise<TargetRow | undefined> {
  const [row] = await tx.insert(measureTargets).values(values).onConflictDoNothing({ target: [measureTargets.measureId, measureTargets.planYear] }).returning();
  return row;
}

/** Changes a target if it is still at `version`; undefined when someone else changed or removed it first. */
export async function updateTargetAt(tx: Executor, id: number, version: number, values: Partial<Pick<TargetRow, "value" | "tolerance" | "oneOff" | "achieved" | "note">>): Promise<TargetRow | undefined> {
  const [row] = await tx
    .update(measureTargets)
    .set({ ...values, version: version + 1 })
    .where(and(eq(measureTargets.id, id), eq(measureTargets.version, version)))
    .returning();
  return row;
}

/** Removes a target if it is still at `version`; undefined when someone else changed or removed it first. */
export async function deleteTargetAt(tx: Executor, id: number, version: number): Promise<TargetRow | undefined> {
  const [row] = await tx
    .delete(measureTargets)
    .where(and(eq(measureTargets.id, id), eq(measureTargets.version, version)))
    .returning();
  return row;
}

export async function listValues(db: Executor, measureIds?: number[]): Promise<ValueRow[]> {
  const query = db.select().from(measureValues);
  const rows = await (measureIds ? query.where(inArray(measureValues.measureId, measureIds)) : query).orderBy(asc(measureValues.periodEnd));
  return rows;
}

/** A value as the scorecard needs it: no notes or provenance. */
export interface SeriesPoint {
  id: number;
  measureId: number;
  periodEnd: string;
  value: number;
  numerator: number | null;
  denominator: number | null;
  status: ValueStatus;
}

/**
 * Every measure's values in period order, one row per measure: far fewer rows for the database
 * to hand back than one per value, which is what makes a scorecard of 100 measures quick.
 */
export async function listValueSeries(db: Executor, measureIds?: number[]): Promise<SeriesPoint[]> {
  const only = measureIds ? sql`where measure_id in (${sql.join(measureIds.length ? measureIds.map((id) => sql`${id}`) : [sql`null`], sql`, `)})` : sql``;
  // One line of text per measure, "id,period,value,numerator,denominator,status;…": the
  // cheapest shape for the embedded database to build and for us to read.
  const rows = await selectRows(
    db,
    sql`select measure_id,
               string_agg(concat_ws(',', id, period_end, value, coalesce(numerator::text, ''), coalesce(denominator::text, ''), status), ';' order by period_end) as series
          from measure_values ${only} group by measure_id`,
  );
  const number = (text: string | undefined) => (text === undefined || text === "" ? null : Number(text));
  return rows.flatMap((row) =>
    String(row.series)
      .split(";")
      .map((point) => {
        const [id, periodEnd, value, numerator, denominator, status] = point.split(",");
        return {
          id: Number(id),
          measureId: Number(row.measure_id),
          periodEnd: periodEnd ?? "",
          value: Number(value),
          numerator: number(numerator),
          denominator: number(denominator),
          status: status === "provisional" ? ("provisional" as const) : ("final" as const),
        };
      }),
  );
}

/** Whether a measure's values were computed from case records: their lineage names the extracts they came from. */
export async function computedFromCaseRecords(db: Executor, measureId: number): Promise<boolean> {
  const [row] = await selectRows(db, sql`select exists (select 1 from measure_values where measure_id = ${measureId} and lineage ? 'extractIds') as found`);
  return row?.found === true;
}

/** Every measure's value for one period (the entry grid's). */
export async function listValuesOfPeriod(db: Executor, periodEnd: string): Promise<ValueRow[]> {
  return db.select().from(measureValues).where(eq(measureValues.periodEnd, periodEnd));
}

export async function findValue(db: Executor, measureId: number, periodEnd: string): Promise<ValueRow | undefined> {
  const [row] = await db.select().from(measureValues).where(and(eq(measureValues.measureId, measureId), eq(measureValues.periodEnd, periodEnd)));
  return row;
}

export async function insertValue(tx: Executor, values: typeof measureValues.$inferInsert): Promise<ValueRow> {
  return onlyRow(await tx.insert(measureValues).values(values).returning(), "a value");
}

/**
 * Takes the turn of each measure whose values a transaction will save, in the order of their
 * ids: every save of values (the grid's, an import's) does this first, so two saves of the same
 * measure's values take turns, even for periods that have no value yet to lock, and no two
 * saves ever wait on each other in a circle. Ids make the keys, so no two measures share one.
 */
export async function lockValueMeasures(tx: Executor, measureIds: readonly number[]): Promise<void> {
  const ids = [...new Set(measureIds)].sort((a, b) => a - b);
  if (ids.length === 0) return;
  await tx.execute(sql`select count(pg_advisory_xact_lock(hashtext('measure values'), id)) from (select id from unnest(array[${sql.join(ids.map((id) => sql`${id}::int`), sql`, `)}]) as ids(id) order by id) ordered`);
}

/**
 * A measure's value for a period, locked until the transaction ends, so that what is compared and
 * audited is what the change replaces: another change to it waits for this one to commit.
 */
export async function lockValue(tx: Executor, measureId: number, periodEnd: string): Promise<ValueRow | undefined> {
  const [row] = await tx
    .select()
    .from(measureValues)
    .where(and(eq(measureValues.measureId, measureId), eq(measureValues.periodEnd, periodEnd)))
    .for("update");
  return row;
}

/** Adds a value unless the period already has one (perhaps added a moment ago by someone else): then undefined. */
export async function insertValueIfAbsent(tx: Executor, values: typeof measureValues.$inferInsert): Promise<ValueRow | undefined> {
  const [row] = await tx.insert(measureValues).values(values).onConflictDoNothing({ target: [measureValues.measureId, measureValues.periodEnd] }).returning();
  return row;
}

/** A computed figure for a period, as the catalogue keeps it. */
export interface ComputedValueRow {
  periodEnd: string;
  value: number;
  numerator: number;
  denominator: number;
  status: ValueStatus;
  provenance: string;
  lineage: Record<string, unknown>;
}

/**
 * Writes a computed measure's values in one statement: new periods added, changed ones replaced
 * (their version moved on), the same ones left alone. Says how many of each.
 */
export async function upsertComputedValues(tx: Executor, measureId: number, rows: readonly ComputedValueRow[]): Promise<{ added: number; changed: number; unchanged: number }> {
  if (rows.length === 0) return { added: 0, changed: 0, unchanged: 0 };
  const values = rows.map((row) => sql`(${measureId}::int, ${row.periodEnd}::date, ${row.value}::double precision, ${row.numerator}::double precision, ${row.denominator}::double precision, ${row.status}::value_status, ${row.provenance}, ${JSON.stringify(row.lineage)}::jsonb)`);
  const [counts] = await selectRows(
    tx,
    sql`with written as (
          insert into measure_values as v (measure_id, period_end, value, numerator, denominator, status, provenance, lineage)
          values ${sql.join(values, sql`, `)}
          on conflict (measure_id, period_end) do update
            set value = excluded.value, numerator = excluded.numerator, denominator = excluded.denominator, status = excluded.status,
                provenance = excluded.provenance, lineage = excluded.lineage, note = '', version = v.version + 1, recorded_at = now()
            where (v.value, v.numerator, v.denominator, v.status, v.provenance) is distinct from (excluded.value, excluded.numerator, excluded.denominator, excluded.status, excluded.provenance)
          returning (xmax = 0) as added
        )
        select count(*) filter (where added)::int as added, count(*) filter (where not added)::int as changed from written`,
  );
  const added = Number(counts?.added ?? 0);
  const changed = Number(counts?.changed ?? 0);
  return { added, changed, unchanged: rows.length - added - changed };
}

export async function updateValueAt(tx: Executor, id: number, version: number, values: Partial<typeof measureValues.$inferInsert>): Promise<ValueRow | undefined> {
  const [row] = await tx
    .update(measureValues)
    .set({ ...values, version: version + 1 })
    .where(and(eq(measureValues.id, id), eq(measureValues.version, version)))
    .returning();
  return row;
}

export async function listCommentary(db: Executor, measureIds?: number[]): Promise<CommentaryRow[]> {
  const query = db.select().from(measureCommentary);
  return measureIds ? query.where(inArray(measureCommentary.measureId, measureIds)) : query;
}

/** A period's commentary, locked until the transaction ends. */
export async function lockCommentary(tx: Executor, measureId: number, periodEnd: string): Promise<CommentaryRow | undefined> {
  const [row] = await tx
    .select()
    .from(measureCommentary)
    .where(and(eq(measureCommentary.measureId, measureId), eq(measureCommentary.periodEnd, periodEnd)))
    .for("update");
  return row;
}

/** Adds a period's first commentary; undefined when someone else added it first. */
export async function insertCommentaryIfAbsent(tx: Executor, values: Omit<typeof measureCommentary.$inferInsert, "id" | "version">): Promise<CommentaryRow | undefined> {
  const [row] = await tx.insert(measureCommentary).values(values).onConflictDoNothing({ target: [measureCommentary.measureId, measureCommentary.periodEnd] }).returning();
  return row;
}

/** Rewrites commentary if it is still at `version`; undefined when someone else changed it first. */
export async function updateCommentaryAt(tx: Executor, id: number, version: number, values: Pick<CommentaryRow, "text" | "author" | "generated">): Promise<CommentaryRow | undefined> {
  const [row] = await tx
    .update(measureCommentary)
    .set({ ...values, writtenAt: new Date(), version: version + 1 })
    .where(and(eq(measureCommentary.id, id), eq(measureCommentary.version, version)))
    .returning();
  return row;
}

export async function listBaselines(db: Executor, measureIds?: number[]): Promise<BaselineRow[]> {
  const query = db.select().from(spcBaselines);
  return (measureIds ? query.where(inArray(spcBaselines.measureId, measureIds)) : query).orderBy(asc(spcBaselines.setAt), asc(spcBaselines.id));
}

export async function insertBaseline(tx: Executor, values: typeof spcBaselines.$inferInsert): Promise<void> {
  await tx.insert(spcBaselines).values(values);
}

export async function listBenchmarks(db: Executor, measureIds?: number[]): Promise<BenchmarkRow[]> {
  const query = db.select().from(benchmarkValues);
  return measureIds ? query.where(inArray(benchmarkValues.measureId, measureIds)) : query;
}

export async function upsertBenchmarks(tx: Executor, rows: (typeof benchmarkValues.$inferInsert)[]): Promise<void> {
  // In slices: PostgreSQL takes at most 65,535 parameters a statement.
  for (let i = 0; i < rows.length; i += 500) {
    const slice = rows.slice(i, i + 500);
    if (slice.length === 0) continue;
    await tx
      .insert(benchmarkValues)
      .values(slice)
      .onConflictDoUpdate({
        target: [benchmarkValues.measureId, benchmarkValues.year, benchmarkValues.level, benchmarkValues.areaCode],
        set: { value: sqlExcluded("value"), symbol: sqlExcluded("symbol"), regionCode: sqlExcluded("region_code"), numerator: sqlExcluded("numerator"), denominator: sqlExcluded("denominator"), areaName: sqlExcluded("area_name"), source: sqlExcluded("source") },
      });
  }
}

export async function listSummaries(db: Executor, measureIds?: number[]): Promise<SummaryRow[]> {
  const query = db.select().from(benchmarkSummaries);
  return measureIds ? query.where(inArray(benchmarkSummaries.measureId, measureIds)) : query;
}

export async function upsertSummary(tx: Executor, values: typeof benchmarkSummaries.$inferInsert): Promise<void> {
  await tx
    .insert(benchmarkSummaries)
    .values(values)
    .onConflictDoUpdate({
      target: [benchmarkSummaries.measureId, benchmarkSummaries.year, benchmarkSummaries.councilCode],
      set: { quartileBand: values.quartileBand, rank: values.rank, rankOf: values.rankOf, goodOrOutstandingMean: values.goodOrOutstandingMean, goodOrOutstandingCount: values.goodOrOutstandingCount, source: values.source },
    });
}

export async function findMapping(db: Executor, measureId: number): Promise<MappingRow | undefined> {
  const [row] = await db.select().from(benchmarkMappings).where(eq(benchmarkMappings.measureId, measureId));
  return row;
}

export async function lockMapping(tx: Executor, measureId: number): Promise<MappingRow | undefined> {
  const [row] = await tx.select().from(benchmarkMappings).where(eq(benchmarkMappings.measureId, measureId)).for("update");
  return row;
}

export type MappingDraftRow = typeof benchmarkMappingDrafts.$inferSelect;

/** Keeps a file sent to set up a measure's mapping, first clearing the drafts older than a day. */
export async function insertMappingDraft(tx: Executor, values: Pick<MappingDraftRow, "measureId" | "fileName" | "content" | "sentBy">): Promise<number> {
  await tx.delete(benchmarkMappingDrafts).where(sql`${benchmarkMappingDrafts.sentAt} < now() - interval '1 day'`);
  const [row] = await tx.insert(benchmarkMappingDrafts).values(values).returning({ id: benchmarkMappingDrafts.id });
  if (!row) throw new Error("the mapping draft was not kept");
  return row.id;
}

export async function findMappingDraft(db: Executor, id: number, measureId: number): Promise<MappingDraftRow | undefined> {
  const [row] = await db
    .select()
    .from(benchmarkMappingDrafts)
    .where(and(eq(benchmarkMappingDrafts.id, id), eq(benchmarkMappingDrafts.measureId, measureId)));
  return row;
}

export async function listMappings(db: Executor): Promise<MappingRow[]> {
  return db.select().from(benchmarkMappings);
}

export async function upsertMapping(tx: Executor, values: typeof benchmarkMappings.$inferInsert): Promise<void> {
  const set = {
    fileName: values.fileName,
    column: values.column ?? null,
    numeratorColumn: values.numeratorColumn ?? null,
    denominatorColumn: values.denominatorColumn ?? null,
    filters: values.filters ?? {},
    numeratorFilters: values.numeratorFilters ?? {},
    denominatorFilters: values.denominatorFilters ?? {},
    denominatorMeasureId: values.denominatorMeasureId ?? null,
    scale: values.scale ?? null,
    timeColumn: values.timeColumn ?? "time_period",
    levelColumn: values.levelColumn ?? "geographic_level",
  };
  await tx
    .insert(benchmarkMappings)
    .values({ measureId: values.measureId, ...set })
    .onConflictDoUpdate({ target: benchmarkMappings.measureId, set: { ...set, version: sql`${benchmarkMappings.version} + 1` } });
}

/** The council's newest neighbour set, with its members in order. */
export async function latestNeighbourSet(db: Executor, councilCode: string) {
  const sets = await db.select().from(neighbourSets).where(eq(neighbourSets.councilCode, councilCode));
  const latest = sets.sort((a, b) => b.year - a.year)[0];
  if (!latest) return null;
  const members = await db.select().from(neighbourSetMembers).where(eq(neighbourSetMembers.setId, latest.id)).orderBy(asc(neighbourSetMembers.position));
  return { ...latest, members };
}

/**
 * Puts a council's neighbour set for a year in place: added when there was none, its members
 * replaced when they differ (a corrected model), left alone when they are the same.
 */
export async function replaceNeighbourSet(tx: Executor, set: typeof neighbourSets.$inferInsert, members: { code: string; name: string; closeness?: string }[]): Promise<"added" | "changed" | "unchanged"> {
  // Two imports of a model at once take turns, so the second compares with what the first stored.
  await takeTurns(tx, `neighbour sets ${String(set.year)}`);
  const rows = members.map((m, i) => ({ position: i + 1, code: m.code, name: m.name, closeness: m.closeness ?? "" }));
  const [existing] = await tx.select().from(neighbourSets).where(and(eq(neighbourSets.councilCode, set.councilCode), eq(neighbourSets.year, set.year)));
  if (existing) {
    const current = await tx.select().from(neighbourSetMembers).where(eq(neighbourSetMembers.setId, existing.id)).orderBy(asc(neighbourSetMembers.position));
    const same = current.length === rows.length && current.every((m, i) => m.code === rows[i]?.code && m.closeness === rows[i].closeness && m.name === rows[i].name);
    if (same && existing.name === set.name) return "unchanged";
    await tx.update(neighbourSets).set({ name: set.name }).where(eq(neighbourSets.id, existing.id));
    await tx.delete(neighbourSetMembers).where(eq(neighbourSetMembers.setId, existing.id));
    if (rows.length > 0) await tx.insert(neighbourSetMembers).values(rows.map((r) => ({ ...r, setId: existing.id })));
    return "changed";
  }
  const row = onlyRow(await tx.insert(neighbourSets).values(set).returning(), "a neighbour set");
  if (rows.length > 0) await tx.insert(neighbourSetMembers).values(rows.map((r) => ({ ...r, setId: row.id })));
  return "added";
}

export async function replaceOfstedJudgements(tx: Executor, rows: (typeof ofstedJudgements.$inferInsert)[]): Promise<void> {
  await takeTurns(tx, "ofsted judgements");
  await tx.delete(ofstedJudgements);
  if (rows.length > 0) await tx.insert(ofstedJudgements).values(rows);
}

export async function listOfstedJudgements(db: Executor) {
  return db.select().from(ofstedJudgements);
}

/**
 * The versions the scorecard's rows are kept under (see `data_versions`), in one small query:
 * `global`, the version of what every row depends on (null when none is kept), and each measure's
 * own, in code order: every measure's, or only the one with this code. Versions are bigints, as text.
 */
export async function readScorecardVersions(db: Executor, code?: string): Promise<{ global: string | null; measures: { id: number; version: string }[] }> {
  const rows = await selectRows(
    db,
    sql`select g.version::text as global, m.id, coalesce(v.version, 0)::text as version
          from (select 1) as one
          left join data_versions g on g.name = 'scorecard'
          left join measures m on ${code === undefined ? sql`true` : sql`m.code = ${code}`}
          left join data_versions v on v.name = 'measure:' || m.id
         order by m.code`,
  );
  const global = rows[0]?.global;
  return {
    global: global === null || global === undefined ? null : String(global),
    measures: rows.flatMap((row) => (row.id === null || row.id === undefined ? [] : [{ id: Number(row.id), version: String(row.version) }])),
  };
}

/** The council's RAG rule, or undefined while it has never been changed from the default. */
export async function findRagSettings(db: Executor): Promise<RagSettingsRow | undefined> {
  const [row] = await db.select().from(ragSettings).where(eq(ragSettings.id, 1));
  return row;
}

/** Stores the RAG rule the first time it is changed; undefined when someone else stored it first. */
export async function insertRagSettings(tx: Executor, values: Omit<typeof ragSettings.$inferInsert, "id" | "version">): Promise<RagSettingsRow | undefined> {
  const [row] = await tx.insert(ragSettings).values({ ...values, id: 1, version: 1 }).onConflictDoNothing().returning();
  return row;
}

/** Changes the RAG rule if it is still at `version`; undefined when someone else changed it first. */
export async function updateRagSettingsAt(tx: Executor, version: number, values: Omit<typeof ragSettings.$inferInsert, "id" | "version">): Promise<RagSettingsRow | undefined> {
  const [row] = await tx
    .update(ragSettings)
    .set({ ...values, version: version + 1 })
    .where(and(eq(ragSettings.id, 1), eq(ragSettings.version, version)))
    .returning();
  return row;
}

/** The value an upsert would have inserted, for its update. */
function sqlExcluded(column: string) {
  return sql.raw(`excluded.${column}`);
}

export interface MeasureHit {
  code: string;
  title: string;
  definition: string;
}

/** Measures whose code, title or definition match the words (English stemming: "caseloads" finds "caseload"). */
export async function searchMeasures(db: Executor, query: string, limit = 50): Promise<MeasureHit[]> {
  const tsQuery = sql`websearch_to_tsquery('english', ${query})`;
  const rows = await selectRows(db, sql`
    select code, title, definition
      from measures
     where to_tsvector('english', replace(code, '-', ' ') || ' ' || title || ' ' || definition) @@ ${tsQuery}
     order by ts_rank(to_tsvector('english', replace(code, '-', ' ') || ' ' || title || ' ' || definition), ${tsQuery}) desc, title
     limit ${limit}
  `);
  return rows.map((row) => ({ code: String(row.code), title: String(row.title), definition: String(row.definition) }));
}
