import type { Polarity } from "../../../core/measure-kinds.ts";

/**
 * A measure computed from the casework store (MEASURES.md), written as one SQL query.
 *
 * The query runs inside the computation's transaction, where two temporary tables hold what it is
 * computed for:
 * - `compute_params (la_code text, extract_date date)`: one row, the council and the date of its
 *   latest extract (`x`: a case due after it is PENDING);
 * - `compute_periods (period_id int, kind text, period_start date, period_end date, ref_date date)`:
 *   the months and DfE years to compute; a flow measure counts events dated from `period_start` to
 *   `period_end`, a stock measure takes the position on `ref_date`.
 *
 * It returns one row per candidate per period, every candidate it looked at, with these columns:
 * `period_id`, `person_id`, `record_id`, `in_denominator`, `in_numerator` (never true outside the
 * denominator), `reason` (why a candidate is left out, in MEASURES.md §5's words, or null),
 * `start_date`, `event_date`, `due_date` and `working_days` (the dates that decided it, where the
 * measure has them). Working days come from `casework.wd_elapsed(s, e)` and `casework.wd_due(s, n)`,
 * months from `casework.add_months(d, n)`.
 */
export interface MeasureDefinition {
  /** MEASURES.md's code: CIN-REREFERRAL-12M. */
  code: string;
  /** Semantic version: any change to the population, numerator, a code list or a default is a new version. */
  version: string;
  title: string;
  /** What the measure counts, in plain English, for the catalogue. */
  definition: string;
  /** The statutory guidance or DfE publication it follows, and whether DfE publishes it. */
  source: string;
  /** Who or what is counted and when; what is counted as met; and how dates and working days are read. */
  population: string;
  numerator: string;
  dates: string;
  /** Percentages divide the numerator by the denominator; counts are the numerator. */
  unit: "percentage" | "count";
  polarity: Polarity;
  decimals: number;
  /** Flow: events in the period. Stock: the position on the period's last day. */
  timing: "flow" | "stock";
  /** Months of records a period needs before it (re-referrals look back 12): periods starting sooner after the records begin are not computed. */
  lookBackMonths: number;
  /** What the case list calls each date the query returns, and the record it counts. */
  words: { record: string; start?: string; event?: string; due?: string };
  sql: string;
  /** Rows it begins from alike with other definitions, and its own query over them by their name: `sql` is the two together. */
  shared?: { rows: SharedRows; body: string };
}

/**
 * Rows several definitions begin from alike (the children looked after on each period's day), as a
 * query over the computation's temporary tables. Computing many measures, they are built once for
 * each set of periods into a temporary table of this name and each definition's body reads that;
 * a definition run on its own (the cases behind one figure) reads them as a CTE of the same name.
 */
export interface SharedRows {
  name: string;
  sql: string;
}

/** A definition's SQL over rows it shares: `body` is a select, or begins with its own `with`. */
export function overSharedRows(rows: SharedRows, body: string): Pick<MeasureDefinition, "sql" | "shared"> {
  const query = body.trim();
  const rest = /^with\s/i.test(query) ? `,\n    ${query.replace(/^with\s+/i, "")}` : `\n    ${query}`;
  return { shared: { rows, body: query }, sql: `\n    with ${rows.name} as (${rows.sql}\n    )${rest}` };
}
