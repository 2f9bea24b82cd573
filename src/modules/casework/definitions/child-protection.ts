import { overSharedRows, type MeasureDefinition, type SharedRows } from "./definition.ts";
import { protectionPlans, repeatsSameDay } from "./sql-rules.ts";

/** Child protection plans: repeat plans, long plans, reviews and visits (MEASURES.md §2). */

/** Whether a plan is another council's (the SSD's `cppl_cp_plan_ola`). */
const ola = (plan: string) => `coalesce(${plan}.cppl_cp_plan_ola, '') = 'Y'`;

/**
 * A plan is a continuation when it starts while an earlier plan of the child's is open, or on the
 * day after one ended: the same spell of protection, recorded again. Another council's plans are
 * not part of this council's spells.
 */
const continues = (plan: string, earlier: string) => `
  exists (select 1 from casework.ssd_cp_plans ${earlier}
           where ${earlier}.la_code = ${plan}.la_code and ${earlier}.cppl_person_id = ${plan}.cppl_person_id and not ${ola(earlier)}
             and ${earlier}.cppl_cp_plan_start_date < ${plan}.cppl_cp_plan_start_date
             and (${earlier}.cppl_cp_plan_end_date is null or ${earlier}.cppl_cp_plan_end_date >= ${plan}.cppl_cp_plan_start_date - 1))`;

/**
 * The children on a plan on each period's reference day (started on or before it, not ended by
 * it), one row a child: their latest plan, this council's before another's. `since` is when the
 * spell began, continuations merged: the latest start, up to the current plan's, that continues
 * no earlier plan. `unborn` and `died` are the child's position on the day. Shared by the measures
 * of children on a plan, as `children_on_plan`.
 */
const childrenOnPlan: SharedRows = {
  name: "children_on_plan",
  sql: `
    with scope as materialized (
      select x.la_code, min(p.period_start) as first_day, max(p.ref_date) as last_day
        from compute_params x cross join compute_periods p group by x.la_code
    ),
    plans as materialized (
      select c.la_code, c.cppl_person_id as person_id, c.cppl_cp_plan_id as record_id,
             c.cppl_cp_plan_start_date as plan_start, c.cppl_cp_plan_end_date as plan_end, ${ola("c")} as ola,
             case when ${ola("c")} then c.cppl_cp_plan_start_date
                  else (select max(q.cppl_cp_plan_start_date) from casework.ssd_cp_plans q
                         where q.la_code = c.la_code and q.cppl_person_id = c.cppl_person_id and not ${ola("q")}
                           and q.cppl_cp_plan_start_date <= c.cppl_cp_plan_start_date and not ${continues("q", "e")}) end as since
        from scope s
        join casework.ssd_cp_plans c on c.la_code = s.la_code and c.cppl_cp_plan_start_date <= s.last_day
                                    and (c.cppl_cp_plan_end_date is null or c.cppl_cp_plan_end_date > s.first_day)
    ),
    on_plan as (
      select distinct on (p.period_id, c.person_id) p.period_id, p.ref_date, c.*
        from plans c
        join compute_periods p on c.plan_start <= p.ref_date and (c.plan_end is null or c.plan_end > p.ref_date)
       order by p.period_id, c.person_id, c.ola, c.plan_start desc, c.record_id
    )
    select o.*,
           person.pers_expected_dob is not null and (person.pers_dob is null or person.pers_dob > o.ref_date) as unborn,
           coalesce(person.pers_death_date <= o.ref_date, false) as died
      from on_plan o
      left join casework.ssd_person person on person.la_code = o.la_code and person.pers_person_id = o.person_id`,
};

/** Second or subsequent plans: ever (DfE) or within two years of the previous plan ending (local). */
function subsequentPlans(within: "ever" | "2y"): MeasureDefinition {
  const ever = within === "ever";
  return {
    code: ever ? "CP-SUBSEQUENT-EVER" : "CP-SUBSEQUENT-2Y",
    version: "1.0.0",
    title: ever ? "Second or subsequent child protection plans" : "Second or subsequent child protection plans within two years",
    definition: ever
      ? "Child protection plans started in the month for children who had been on a plan before, as a percentage of all plans started in the month."
      : "Child protection plans started in the month for children whose previous plan ended within the two years before, as a percentage of all plans started in the month.",
    source: ever
      ? "DfE characteristics of children in need (child protection plans starting, second or subsequent); published, benchmarkable."
      : "Local measure, a closer look at DfE's second or subsequent plans; DfE does not publish it.",
    population:
      "Every child protection plan that started in the period. A plan starting while another of the child's plans was open, or on the day after one ended, continues it and is not a new start. " +
      "Plans held for another council are left out; so are a second plan for the same child starting the same day (a duplicate) and a plan that ends before it starts (a data problem).",
    numerator: ever
      ? "The child had an earlier plan that ended before this one began (not the day before), in the records held, or the census return recorded earlier plans. The records usually reach back six years, so plans before that are not seen."
      : "The child's previous plan ended on or after the day two years before this plan started.",
    dates: ever ? "Calendar dates." : "Calendar months: two years before 15 February 2024 is 15 February 2022.",
    unit: "percentage",
    polarity: "lower-better",
    decimals: 1,
    timing: "flow",
    lookBackMonths: ever ? 0 : 24,
    words: { record: "Child protection plan", start: "Previous plan ended", event: "Plan started" },
    sql: `
    with plans as (
      select p.period_id, c.cppl_person_id as person_id, c.cppl_cp_plan_id as record_id,
             c.cppl_cp_plan_start_date as started, c.cppl_cp_plan_end_date as ended, ${ola("c")} as ola,
             coalesce(c.cppl_previous_plans, 0) > 0 as previous_reported,
             ${repeatsSameDay("c", protectionPlans)} as duplicate,
             ${continues("c", "e")} as continuation,
             (select max(before.cppl_cp_plan_end_date) from casework.ssd_cp_plans before
               where before.la_code = c.la_code and before.cppl_person_id = c.cppl_person_id
                 and before.cppl_cp_plan_start_date < c.cppl_cp_plan_start_date
                 and before.cppl_cp_plan_end_date < c.cppl_cp_plan_start_date - 1) as previous_ended
        from compute_params x
        join casework.ssd_cp_plans c on c.la_code = x.la_code
        join compute_periods p on c.cppl_cp_plan_start_date between p.period_start and p.period_end
    ),
    reasoned as (
      select *,
             case when ended < started then 'DATA_END_BEFORE_START'
                  when duplicate then 'DATA_DUPLICATE'
                  when ola then 'OLA'
                  when continuation then 'CONTINUATION' end as reason
        from plans
    )
    select period_id, person_id, record_id,
           reason is null as in_denominator,
           reason is null and ${ever ? "(previous_ended is not null or previous_reported)" : "coalesce(previous_ended >= casework.add_months(started, -24), false)"} as in_numerator,
           reason, previous_ended as start_date, started as event_date, null::date as due_date, null::int as working_days
      from reasoned`,
  };
}

export const subsequentPlansEver = subsequentPlans("ever");
export const subsequentPlansWithin2Years = subsequentPlans("2y");

export const plansOpenTwoYears: MeasureDefinition = {
  code: "CP-OPEN-2YRS",
  version: "1.0.0",
  title: "Children on a child protection plan for two years or more",
  definition: "Children on a child protection plan at the end of the month who had been on a plan continuously for two years or more, as a percentage of all children on a plan.",
  source: "DfE characteristics of children in need (children on a plan for two years or more at 31 March); published.",
  population: "Each child on a plan on the day: started on or before it and not ended by it (a plan ending on the day is not counted). Plans held for another council, and children who have died, are left out.",
  numerator: "The child's spell on a plan began on or before the same day two years earlier. A plan that began while another was open, or the day after one ended, continues that spell.",
  dates: "The position on the last day of the period; calendar months (at 31 March 2025, a spell begun on 31 March 2023 counts, one begun on 1 April 2023 does not).",
  unit: "percentage",
  polarity: "lower-better",
  decimals: 1,
  timing: "stock",
  lookBackMonths: 0,
  words: { record: "Child protection plan", start: "On a plan since", event: "Counted on" },
  ...overSharedRows(
    childrenOnPlan,
    `with reasoned as (
      select *, case when ola then 'OLA' when died then 'DIED' end as reason from children_on_plan
    )
    select period_id, person_id, record_id,
           reason is null as in_denominator,
           reason is null and since <= casework.add_months(ref_date, -24) as in_numerator,
           reason, since as start_date, ref_date as event_date, null::date as due_date, null::int as working_days
      from reasoned`,
  ),
};

export const plansReviewedInTime: MeasureDefinition = {
  code: "CP-REVIEW-TIMELY",
  version: "1.0.0",
  title: "Child protection plans reviewed within timescales",
  definition: "Children on a child protection plan for at least three months at the end of the month whose every review was held on time, as a percentage of those children.",
  source: "Working Together to Safeguard Children 2023 (first review within three months of the plan starting, then at most six months apart); DfE characteristics of children in need (plans reviewed within the required timescales), published.",
  population:
    "Each child on a plan on the day whose spell on a plan began at least three months before it (continuations merged). Plans held for another council, and children who have died, are left out.",
  numerator:
    "The first review was held within three months of the plan starting, each later review within six months of the one before, and the next review is not yet overdue on the day.",
  dates: "Calendar months, on or before the same day: a plan started on 1 September 2024 was due its first review by 1 December 2024.",
  unit: "percentage",
  polarity: "higher-better",
  decimals: 1,
  timing: "stock",
  lookBackMonths: 0,
  words: { record: "Child protection plan", start: "On a plan since", event: "Review", due: "Review due by" },
  ...overSharedRows(
    childrenOnPlan,
    `with candidates as (
      select * from children_on_plan where since <= casework.add_months(ref_date, -3)
    ),
    reviews as (
      select c.period_id, c.person_id, r.cppr_cp_review_date as held,
             case when lag(r.cppr_cp_review_date) over w is null then casework.add_months(c.since, 3)
                  else casework.add_months(lag(r.cppr_cp_review_date) over w, 6) end as due
        from candidates c
        join casework.ssd_cp_reviews r on r.la_code = c.la_code and r.cppr_person_id = c.person_id
                                      and r.cppr_cp_review_date > c.since and r.cppr_cp_review_date <= c.ref_date
      window w as (partition by c.period_id, c.person_id order by r.cppr_cp_review_date, r.cppr_cp_review_id)
    ),
    history as (
      select period_id, person_id, max(held) as latest,
             min(held) filter (where held > due) as first_late,
             min(due) filter (where held > due) as first_late_due
        from reviews group by period_id, person_id
    ),
    judged as (
      select c.*, h.first_late, h.first_late_due, h.latest,
             case when h.latest is null then casework.add_months(c.since, 3) else casework.add_months(h.latest, 6) end as next_due,
             case when c.ola then 'OLA' when c.died then 'DIED' end as reason
        from candidates c
        left join history h on h.period_id = c.period_id and h.person_id = c.person_id
    )
    select period_id, person_id, record_id,
           reason is null as in_denominator,
           reason is null and first_late is null and ref_date <= next_due as in_numerator,
           reason, since as start_date, coalesce(first_late, latest) as event_date,
           coalesce(first_late_due, next_due) as due_date, null::int as working_days
      from judged`,
  ),
};

export const childrenSeenOnPlan: MeasureDefinition = {
  code: "CP-VISIT-10WD",
  version: "1.0.0",
  title: "Children on a child protection plan seen in the last 10 working days",
  definition: "Children on a child protection plan at the end of the month who were seen by their social worker in the 10 working days before, as a percentage of all children on a plan.",
  source: "Local standard (no national visiting frequency is set for children on a plan); DfE does not publish it.",
  population: "Each child on a plan on the day (started on or before it, not ended by it). Plans held for another council, unborn children and children who have died are left out.",
  numerator:
    'The latest child protection visit on or before the day where the child was recorded as "seen" (or the start of the spell on a plan, if later) was no more than 10 working days before the day. A visit where the child was not seen does not count.',
  dates: "Working days: the visit is day 0 and the next working day is day 1; weekends and England and Wales bank holidays do not count (a child seen on Friday 19 December 2025 is next due to be seen by Wednesday 7 January 2026).",
  unit: "percentage",
  polarity: "higher-better",
  decimals: 1,
  timing: "stock",
  lookBackMonths: 0,
  words: { record: "Child protection plan", start: "On a plan since", event: "Last seen", due: "Next due to be seen by" },
  ...overSharedRows(
    childrenOnPlan,
    `with judged as (
      select c.*,
             (select max(v.cppv_cp_visit_date) from casework.ssd_cp_visits v
               where v.la_code = c.la_code and v.cppv_person_id = c.person_id and v.cppv_cp_visit_seen = 'Y'
                 and v.cppv_cp_visit_date <= c.ref_date) as seen,
             case when c.ola then 'OLA' when c.unborn then 'UNBORN' when c.died then 'DIED' end as reason
        from children_on_plan c
    ),
    clocked as (
      select *, greatest(seen, since) as clock from judged
    )
    select period_id, person_id, record_id,
           reason is null as in_denominator,
           reason is null and casework.wd_elapsed(clock, ref_date) <= 10 as in_numerator,
           reason, since as start_date, seen as event_date,
           casework.wd_due(clock, 10) as due_date, casework.wd_elapsed(clock, ref_date) as working_days
      from clocked`,
  ),
};

export const protectionPlansUpToDate: MeasureDefinition = {
  code: "CP-PLAN-UTD",
  version: "1.0.0",
  title: "Child protection plans up to date",
  definition: "Children on a child protection plan at the end of the month whose plan is up to date (its next review not yet overdue), as a percentage of all children on a plan.",
  source: "Local measure; the intervals follow Working Together to Safeguard Children 2023 (first review within three months of the plan starting, then every six months). DfE does not publish it.",
  population: "Each child on a plan on the day (started on or before it, not ended by it). Plans held for another council, and children who have died, are left out.",
  numerator:
    "The day is no later than the next review due: three months after the plan started if it has not been reviewed yet, else six months after its latest review. Core group meetings are not in the case records, so they do not count.",
  dates: "Calendar months, on or before the same day: a plan started on 31 December 2024 and not yet reviewed is up to date until 31 March 2025.",
  unit: "percentage",
  polarity: "higher-better",
  decimals: 1,
  timing: "stock",
  lookBackMonths: 0,
  words: { record: "Child protection plan", start: "On a plan since", event: "Latest review", due: "Next review due by" },
  ...overSharedRows(
    childrenOnPlan,
    `with judged as (
      select c.*,
             (select max(r.cppr_cp_review_date) from casework.ssd_cp_reviews r
               where r.la_code = c.la_code and r.cppr_person_id = c.person_id
                 and r.cppr_cp_review_date > c.since and r.cppr_cp_review_date <= c.ref_date) as reviewed,
             case when c.ola then 'OLA' when c.died then 'DIED' end as reason
        from children_on_plan c
    ),
    due as (
      select *, case when reviewed is null then casework.add_months(since, 3) else casework.add_months(reviewed, 6) end as next_due from judged
    )
    select period_id, person_id, record_id,
           reason is null as in_denominator,
           reason is null and ref_date <= next_due as in_numerator,
           reason, since as start_date, reviewed as event_date, next_due as due_date, null::int as working_days
      from due`,
  ),
};
