import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import { selectRows } from "../../db/rows.ts";
import type { ComputationPeriod } from "../../core/computation-periods.ts";
import type { WorkingDayCalendar } from "../../core/working-days.ts";
import type { CurrentCalendar } from "./calendar.ts";
import type { MeasureDefinition } from "./definitions/definition.ts";

/**
 * The SQL of computing measures: the calendar the definitions count working days with, the
 * periods and council a computation is for, running a definition, and keeping its figures and
 * the cases behind them. A definition's own query is its SQL (see definitions/definition.ts).
 */

/**
 * What the records held for a council cover: the extracts, the latest extract's date, and the day
 * they are whole from: the earliest an extract says, or else the first referral held.
 */
export interface CouncilRecords {
  extractIds: number[];
  extractDate: string | null;
  recordsFrom: string | null;
}

export async function councilRecords(db: Executor, laCode: string): Promise<CouncilRecords> {
  const [row] = await selectRows(
    db,
    sql`select coalesce((select jsonb_agg(id order by id) from casework.extracts where la_code = ${laCode}), '[]'::jsonb) as extract_ids,
               (select max(extract_date)::text from casework.extracts where la_code = ${laCode}) as extract_date,
               coalesce((select min(records_from) from casework.extracts where la_code = ${laCode}),
                        (select min(cine_referral_date) from casework.ssd_cin_episodes where la_code = ${laCode}))::text as records_from`,
  );
  const ids = typeof row?.extract_ids === "string" ? (JSON.parse(row.extract_ids) as number[]) : ((row?.extract_ids as number[] | undefined) ?? []);
  return { extractIds: ids, extractDate: (row?.extract_date as string | null) ?? null, recordsFrom: (row?.records_from as string | null) ?? null };
}

/** The councils the store holds case records for. */
export async function councilsWithRecords(db: Executor): Promise<string[]> {
  const rows = await selectRows(db, sql`select distinct la_code from casework.extracts order by la_code`);
  return rows.map((row) => String(row.la_code));
}

/** Makes a computation for a council wait for any other computing its measures, so two never supersede the same figures at once. */
export async function takeComputingTurn(tx: Executor, laCode: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('casework compute'), hashtext(${laCode}))`);
}

/**
 * Readies a transaction for computing by the calendar given (see useCalendar): PostgreSQL's
 * just-in-time compiler is turned off for it, as compiling each definition's query costs far more
 * than the query itself (four times the whole run).
 */
export async function startComputation(tx: Executor, { calendar, sha256, source }: CurrentCalendar): Promise<void> {
  await tx.execute(sql`set local jit = off`);
  await useCalendar(tx, calendar, sha256, source);
}

/**
 * How the working-day functions are built from a calendar: changing how they are written changes
 * this, so a calendar already held is built into them again.
 */
const calendarFunctionsForm = "arrays-1";

/**
 * Makes the calendar given the one the definitions count working days by, unless it already is (by
 * its SHA-256 and the functions' form). Holds a lock on it for the rest of the transaction: shared
 * while it is used, so many computations run at once; alone while it is built, so none reads a
 * calendar half made.
 *
 * The calendar goes into `casework.calendar_days`, and into the working-day functions themselves:
 * `wd_number` and `wd_due` are rewritten as plain SQL over two constant arrays (each day's count of
 * working days from the calendar's first day, and each working day by its count), which PostgreSQL
 * inlines into a definition's query. Reading the table in PL/pgSQL for every call cost twenty times
 * as much. A day outside the calendar still stops the computation with the day named (WM001).
 */
export async function useCalendar(tx: Executor, calendar: WorkingDayCalendar, sha256: string, source: string): Promise<void> {
  const built = createHash("sha256").update(`${sha256}:${calendarFunctionsForm}`).digest("hex");
  const isBuilt = async () => (await selectRows(tx, sql`select sha256 from casework.calendar_fingerprint`))[0]?.sha256 === built;
  // Computations using the calendar share its lock, so councils compute side by side; building it takes the lock alone.
  if (await isBuilt()) {
    await tx.execute(sql`select pg_advisory_xact_lock_shared(hashtext('casework calendar'))`);
    if (await isBuilt()) return;
  }
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('casework calendar'))`);
  if (await isBuilt()) return;
  await tx.execute(sql`delete from casework.calendar_days`);
  await tx.execute(sql`delete from casework.calendar_fingerprint`);
  const days = [...calendar.days()];
  const chunk = 2_000;
  for (let start = 0; start < days.length; start += chunk) {
    const part = days.slice(start, start + chunk);
    await tx.execute(
      sql`insert into casework.calendar_days (day, working, wd_number)
          select d, w, n from unnest(${`{${part.map((day) => day.date).join(",")}}`}::date[], ${`{${part.map((day) => String(day.working)).join(",")}}`}::boolean[], ${`{${part.map((day) => String(day.workingUpTo)).join(",")}}`}::int[]) as t(d, w, n)`,
    );
  }
  await buildWorkingDayFunctions(tx, days);
  await tx.execute(sql`insert into casework.calendar_fingerprint (sha256, source, covers) values (${built}, ${source}, ${calendar.coverage})`);
}

/** A date as a SQL literal; the calendar's own dates only (yyyy-mm-dd), checked so nothing else is written into a function. */
function dateLiteral(date: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`the calendar holds a day that is not a date: ${date}`);
  return `'${date}'::date`;
}

/** Rewrites `casework.wd_number` and `casework.wd_due` over the calendar's days (see useCalendar). */
async function buildWorkingDayFunctions(tx: Executor, days: readonly { date: string; working: boolean; workingUpTo: number }[]): Promise<void> {
  const first = days[0];
  if (!first) return;
  const counts = days.map((day) => String(day.workingUpTo)).join(",");
  const workingDays = days.filter((day) => day.working);
  if (workingDays.some((day, index) => day.workingUpTo !== index + 1)) throw new Error("the calendar's working days are not numbered from 1");
  const byCount = workingDays.map((day) => day.date).join(",");
  await tx.execute(
    sql.raw(`create or replace function casework.wd_gap(d date) returns integer language plpgsql stable as $$
begin
  if d is null then
    return null;
  end if;
  raise exception 'Working days cannot be counted for %: the bank holidays held do not cover that year. Load a newer copy of the GOV.UK bank holidays.', to_char(d, 'FMDD FMMonth YYYY')
    using errcode = 'WM001';
end;
$$`),
  );
  await tx.execute(
    sql.raw(`create or replace function casework.wd_beyond(s date, n integer) returns date language plpgsql stable as $$
begin
  raise exception 'Working days cannot be counted % on from %: the bank holidays held do not cover that far. Load a newer copy of the GOV.UK bank holidays.', n, to_char(s, 'FMDD FMMonth YYYY')
    using errcode = 'WM001';
end;
$$`),
  );
  await tx.execute(
    sql.raw(`create or replace function casework.wd_number(d date) returns integer language sql stable as $$
  select coalesce(('{${counts}}'::int[])[d - ${dateLiteral(first.date)} + 1], casework.wd_gap(d))
$$`),
  );
  await tx.execute(
    sql.raw(`create or replace function casework.wd_due(s date, n integer) returns date language sql stable as $$
  select case when s is null or n = 0 then s
              else coalesce(('{${byCount}}'::date[])[casework.wd_number(s) + n], casework.wd_beyond(s, n)) end
$$`),
  );
}

/** Sets out the council and periods a definition is run for, as the temporary tables its query reads. */
export async function setComputeScope(tx: Executor, laCode: string, extractDate: string, periods: readonly ComputationPeriod[]): Promise<void> {
  await tx.execute(sql`create temp table if not exists compute_params (la_code text not null, extract_date date not null) on commit drop`);
  await tx.execute(sql`create temp table if not exists compute_periods (period_id int primary key, kind text not null, period_start date not null, period_end date not null, ref_date date not null) on commit drop`);
  await tx.execute(sql`delete from compute_params`);
  await tx.execute(sql`delete from compute_periods`);
  await tx.execute(sql`insert into compute_params values (${laCode}, ${extractDate})`);
  if (periods.length === 0) return;
  const rows = periods.map((period, index) => sql`(${index + 1}, ${period.kind}, ${period.start}::date, ${period.end}::date, ${period.refDate}::date)`);
  await tx.execute(sql`insert into compute_periods values ${sql.join(rows, sql`, `)}`);
}

/**
 * The rows definitions share (see SharedRows), built in a transaction as temporary tables: each
 * once for the periods set out, and again only when the periods change.
 */
export class SharedRowTables {
  readonly #builtFor = new Map<string, string>();

  /** The query to run for a definition over the periods set out, which `periods` names: its body over its shared rows, built first if need be, or its own SQL. */
  async queryOf(tx: Executor, definition: Pick<MeasureDefinition, "sql" | "shared">, periods: string): Promise<string> {
    if (!definition.shared) return definition.sql;
    const { rows, body } = definition.shared;
    if (this.#builtFor.get(rows.name) !== periods) {
      await tx.execute(sql.raw(`drop table if exists pg_temp.${rows.name}`));
      await tx.execute(sql.raw(`create temp table ${rows.name} on commit drop as ${rows.sql}`));
      await tx.execute(sql.raw(`analyze pg_temp.${rows.name}`));
      this.#builtFor.set(rows.name, periods);
    }
    return body;
  }
}

/** The figures a definition gives for each period set out: counts, and the candidates left out by reason. */
export interface PeriodFigures {
  kind: "month" | "year";
  start: string;
  end: string;
  refDate: string;
  numerator: number;
  denominator: number;
  excluded: Record<string, number>;
}

/**
 * Runs a definition's query over the scope set out and counts its candidates per period: in the
 * denominator, in the numerator, and left out by reason. The cases themselves are not kept: the
 * same query over the same records gives them again when someone opens them (see `casesOf`).
 */
export async function runDefinition(tx: Executor, definitionSql: string): Promise<PeriodFigures[]> {
  const rows = await selectRows(
    tx,
    sql`with cases as (${sql.raw(definitionSql)}),
        counted as (
          select period_id, in_denominator, in_denominator and in_numerator as in_numerator, case when in_denominator then null else reason end as reason, count(*)::int as n
            from cases group by 1, 2, 3, 4
        )
        select p.kind, p.period_start::text as period_start, p.period_end::text as period_end, p.ref_date::text as ref_date,
               coalesce(sum(c.n) filter (where c.in_denominator), 0)::int as denominator,
               coalesce(sum(c.n) filter (where c.in_numerator), 0)::int as numerator,
               coalesce(jsonb_object_agg(c.reason, c.n) filter (where c.reason is not null), '{}'::jsonb) as excluded
          from compute_periods p left join counted c on c.period_id = p.period_id
         group by p.period_id order by p.period_id`,
  );
  return rows.map((row) => ({
    kind: row.kind === "year" ? "year" : "month",
    start: String(row.period_start),
    end: String(row.period_end),
    refDate: String(row.ref_date),
    numerator: Number(row.numerator),
    denominator: Number(row.denominator),
    excluded: (typeof row.excluded === "string" ? JSON.parse(row.excluded) : row.excluded) as Record<string, number>,
  }));
}

/** What a computation records with every figure it keeps. */
export interface FigureProvenance {
  laCode: string;
  measureCode: string;
  definitionVersion: string;
  sqlSha256: string;
  extractIds: number[];
  extractDate: string;
  calendarSha256: string;
  computedBy: string;
}

/** A figure kept: its period, counts and value, and whether it may still change. */
export interface KeptFigure extends PeriodFigures {
  value: number | null;
  provisional: boolean;
}

/** The inputs of a measure's current figures for a council, to tell whether computing them again would change anything. */
export async function currentInputs(db: Executor, laCode: string, measureCode: string): Promise<{ definitionVersion: string; sqlSha256: string; extractIds: number[]; extractDate: string; calendarSha256: string } | null> {
  const [row] = await selectRows(
    db,
    sql`select definition_version, sql_sha256, extract_ids, extract_date::text as extract_date, calendar_sha256 from casework.computed_values
         where la_code = ${laCode} and measure_code = ${measureCode} and superseded_at is null limit 1`,
  );
  if (!row) return null;
  const ids = typeof row.extract_ids === "string" ? (JSON.parse(row.extract_ids) as number[]) : (row.extract_ids as number[]);
  return { definitionVersion: String(row.definition_version), sqlSha256: String(row.sql_sha256), extractIds: ids, extractDate: String(row.extract_date), calendarSha256: String(row.calendar_sha256) };
}

/**
 * Keeps a definition's new figures for a council, superseding the figures they replace: those stay
 * in history, and the cases of any an issued report froze stay with them.
 */
export async function keepFigures(tx: Executor, provenance: FigureProvenance, figures: readonly KeptFigure[]): Promise<void> {
  const { laCode, measureCode } = provenance;
  await tx.execute(sql`update casework.computed_values set superseded_at = now() where la_code = ${laCode} and measure_code = ${measureCode} and superseded_at is null`);
  if (figures.length === 0) return;
  const rows = figures.map(
    (figure) =>
      sql`(${figure.kind}, ${figure.start}::date, ${figure.end}::date, ${figure.refDate}::date, ${figure.numerator}::int, ${figure.denominator}::int, ${JSON.stringify(figure.excluded)}::jsonb, ${figure.value}::double precision, ${figure.provisional}::boolean)`,
  );
  await tx.execute(
    sql`insert into casework.computed_values (la_code, measure_code, definition_version, sql_sha256, period_kind, period_start, period_end, reference_date,
                                              extract_ids, extract_date, calendar_sha256, numerator, denominator, excluded, value, provisional, computed_by)
        select ${laCode}, ${measureCode}, ${provenance.definitionVersion}, ${provenance.sqlSha256}, period_kind, period_start, period_end, reference_date,
               ${JSON.stringify(provenance.extractIds)}::jsonb, ${provenance.extractDate}::date, ${provenance.calendarSha256}, numerator, denominator, excluded, value, provisional, ${provenance.computedBy}
          from (values ${sql.join(rows, sql`, `)}) as figures (period_kind, period_start, period_end, reference_date, numerator, denominator, excluded, value, provisional)`,
  );
}

/** A computed figure as it is shown and traced. */
export interface ComputedFigure {
  id: number;
  laCode: string;
  measureCode: string;
  definitionVersion: string;
  sqlSha256: string;
  periodKind: "month" | "year";
  periodStart: string;
  periodEnd: string;
  referenceDate: string;
  extractIds: number[];
  extractDate: string;
  calendarSha256: string;
  numerator: number;
  denominator: number;
  excluded: Record<string, number>;
  value: number | null;
  provisional: boolean;
  computedAt: Date;
  computedBy: string;
  supersededAt: Date | null;
  /** Its cases are kept, with an issued report that showed it. */
  frozen: boolean;
}

export const figureColumns = sql`id, la_code, measure_code, definition_version, sql_sha256, period_kind, period_start::text as period_start, period_end::text as period_end,
  reference_date::text as reference_date, extract_ids, extract_date::text as extract_date, calendar_sha256, numerator, denominator, excluded, value, provisional,
  computed_at, computed_by, superseded_at, frozen`;

const json = <T>(value: unknown): T => (typeof value === "string" ? (JSON.parse(value) as T) : (value as T));

export function figureOf(row: Record<string, unknown>): ComputedFigure {
  return {
    id: Number(row.id),
    laCode: String(row.la_code),
    measureCode: String(row.measure_code),
    definitionVersion: String(row.definition_version),
    sqlSha256: String(row.sql_sha256),
    periodKind: row.period_kind === "year" ? "year" : "month",
    periodStart: String(row.period_start),
    periodEnd: String(row.period_end),
    referenceDate: String(row.reference_date),
    extractIds: json<number[]>(row.extract_ids),
    extractDate: String(row.extract_date),
    calendarSha256: String(row.calendar_sha256),
    numerator: Number(row.numerator),
    denominator: Number(row.denominator),
    excluded: json<Record<string, number>>(row.excluded),
    value: row.value === null ? null : Number(row.value),
    provisional: Boolean(row.provisional),
    computedAt: new Date(row.computed_at as string | Date),
    computedBy: String(row.computed_by),
    supersededAt: row.superseded_at === null ? null : new Date(row.superseded_at as string | Date),
    frozen: Boolean(row.frozen),
  };
}

/** A measure's current figures for a council, in period order, months then years. */
export async function currentFigures(db: Executor, laCode: string, measureCode: string): Promise<ComputedFigure[]> {
  return (
    await selectRows(db, sql`select ${figureColumns} from casework.computed_values where la_code = ${laCode} and measure_code = ${measureCode} and superseded_at is null order by period_kind, period_end`)
  ).map(figureOf);
}

export async function findFigure(db: Executor, id: number): Promise<ComputedFigure | undefined> {
  const [row] = await selectRows(db, sql`select ${figureColumns} from casework.computed_values where id = ${id}`);
  return row ? figureOf(row) : undefined;
}

/** One candidate behind a figure. */
export interface FigureCase {
  personId: string;
  recordId: string;
  inDenominator: boolean;
  inNumerator: boolean;
  reason: string | null;
  startDate: string | null;
  eventDate: string | null;
  dueDate: string | null;
  workingDays: number | null;
}

const caseOf = (row: Record<string, unknown>): FigureCase => ({
  personId: String(row.person_id),
  recordId: String(row.record_id),
  inDenominator: Boolean(row.in_denominator),
  inNumerator: Boolean(row.in_numerator),
  reason: (row.reason as string | null) ?? null,
  startDate: (row.start_date as string | null) ?? null,
  eventDate: (row.event_date as string | null) ?? null,
  dueDate: (row.due_date as string | null) ?? null,
  workingDays: row.working_days === null || row.working_days === undefined ? null : Number(row.working_days),
});

const caseOrder = sql`order by in_denominator desc, in_numerator, event_date nulls last, person_id, record_id`;

/** The cases an issued report froze with a figure, if it froze any. */
export async function frozenCases(db: Executor, valueId: number): Promise<FigureCase[] | null> {
  const [frozen] = await selectRows(db, sql`select frozen from casework.computed_values where id = ${valueId}`);
  if (!frozen?.frozen) return null;
  const rows = await selectRows(
    db,
    sql`select person_id, record_id, in_denominator, in_numerator, reason, start_date::text as start_date, event_date::text as event_date, due_date::text as due_date, working_days
          from casework.computed_cases where value_id = ${valueId} ${caseOrder}`,
  );
  return rows.map(caseOf);
}

/** A definition's cases for the one period set out (`setComputeScope` with that period alone), as its query gives them. */
export async function casesOf(tx: Executor, definitionSql: string): Promise<FigureCase[]> {
  const rows = await selectRows(
    tx,
    sql`select person_id, record_id, in_denominator, in_denominator and in_numerator as in_numerator, case when in_denominator then null else reason end as reason,
               start_date::text as start_date, event_date::text as event_date, due_date::text as due_date, working_days
          from (${sql.raw(definitionSql)}) as cases ${caseOrder}`,
  );
  return rows.map(caseOf);
}
