import { sql } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import { selectRows } from "../../db/rows.ts";
import { figureColumns, figureOf, type ComputedFigure } from "./computation-repository.ts";

/**
 * The SQL of keeping the cases behind the computed figures an issued report showed: finding the
 * figures, putting a definition's cases for them into `computed_cases` in one statement, marking
 * those whose cases add up to the figure as frozen, and linking each to the issue.
 */

/** A report issue keeping figures: its id, and how its readers know it. */
export interface IssueKeeping {
  id: number;
  label: string;
}

/** A month's figure as a report shows it, by its measure's code and the month's last day. */
export interface MonthShown {
  code: string;
  periodEnd: string;
}

/**
 * Taken for the rest of the transaction before anything is frozen, so two issues at once never
 * keep the same figure's cases twice.
 */
export async function lockFreezing(tx: Executor): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('casework freezing'))`);
}

/** A council's current monthly figures for the months given; a month with no current figure is not there. */
export async function currentMonthFigures(tx: Executor, laCode: string, months: readonly MonthShown[]): Promise<ComputedFigure[]> {
  if (months.length === 0) return [];
  const rows = await selectRows(
    tx,
    sql`select ${figureColumns} from casework.computed_values
         where la_code = ${laCode} and period_kind = 'month' and superseded_at is null
           and (measure_code, period_end) in (select code, period_end from jsonb_to_recordset(${JSON.stringify(months.map((m) => ({ code: m.code, period_end: m.periodEnd })))}::jsonb) as shown (code text, period_end date))
         order by measure_code, period_end`,
  );
  return rows.map(figureOf);
}

/**
 * Puts a definition's cases for the periods set out (`setComputeScope`, in the order of
 * `valueIds`: the first period's cases go to the first figure) into `computed_cases`, in the
 * database, as `casesOf` reads them.
 */
export async function keepCases(tx: Executor, definitionSql: string, valueIds: readonly number[]): Promise<void> {
  if (valueIds.length === 0) return;
  await tx.execute(
    sql`with cases as materialized (${sql.raw(definitionSql)})
        insert into casework.computed_cases (value_id, person_id, record_id, in_denominator, in_numerator, reason, start_date, event_date, due_date, working_days)
        select figure.value_id, cases.person_id, cases.record_id, cases.in_denominator, cases.in_denominator and cases.in_numerator,
               case when cases.in_denominator then null else cases.reason end, cases.start_date, cases.event_date, cases.due_date, cases.working_days
          from cases
          join unnest(${`{${valueIds.join(",")}}`}::int[]) with ordinality as figure (value_id, period_id) on figure.period_id = cases.period_id`,
  );
}

/**
 * Marks as frozen the figures given whose kept cases count to their numerator and denominator,
 * and removes the cases kept for any that do not: a figure is frozen with its own cases or not at
 * all. Returns the ids frozen.
 */
export async function freezeWhereCasesMatch(tx: Executor, valueIds: readonly number[]): Promise<number[]> {
  if (valueIds.length === 0) return [];
  const ids = `{${valueIds.join(",")}}`;
  const rows = await selectRows(
    tx,
    sql`update casework.computed_values v set frozen = true
         where v.id = any(${ids}::int[])
           and v.numerator = (select count(*) from casework.computed_cases c where c.value_id = v.id and c.in_numerator)
           and v.denominator = (select count(*) from casework.computed_cases c where c.value_id = v.id and c.in_denominator)
        returning v.id`,
  );
  await tx.execute(sql`delete from casework.computed_cases c using casework.computed_values v where v.id = c.value_id and c.value_id = any(${ids}::int[]) and not v.frozen`);
  return rows.map((row) => Number(row.id));
}

/** Links frozen figures to the report issue that showed them; a link already there is left as it is. */
export async function linkToIssue(tx: Executor, issue: IssueKeeping, valueIds: readonly number[]): Promise<void> {
  if (valueIds.length === 0) return;
  await tx.execute(
    sql`insert into casework.figure_freezes (report_issue_id, value_id, issue_label)
        select ${issue.id}, value_id, ${issue.label} from unnest(${`{${valueIds.join(",")}}`}::int[]) as kept (value_id)
        on conflict do nothing`,
  );
}

/** The figures kept with a report issue, in measure and month order. */
export async function figuresOfIssue(db: Executor, issueId: number): Promise<ComputedFigure[]> {
  const rows = await selectRows(
    db,
    sql`select ${figureColumns} from casework.computed_values
         where id in (select value_id from casework.figure_freezes where report_issue_id = ${issueId})
         order by measure_code, period_end`,
  );
  return rows.map(figureOf);
}

/** The report issues a figure was kept with, earliest first. */
export async function issuesOfFigure(db: Executor, valueId: number): Promise<IssueKeeping[]> {
  const rows = await selectRows(db, sql`select report_issue_id, issue_label from casework.figure_freezes where value_id = ${valueId} order by report_issue_id`);
  return rows.map((row) => ({ id: Number(row.report_issue_id), label: String(row.issue_label) }));
}
