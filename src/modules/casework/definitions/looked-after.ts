import type { MeasureDefinition } from "./definition.ts";

/** Children looked after (MEASURES.md §2). */

/**
 * Whether a period of care's episode is a short break (legal status V3 or V4) on a day: the SQL
 * of an `exists`, for an episode row aliased `episode` and a day written as SQL.
 */
const shortBreakOn = (episode: string, day: string) => `exists (select 1 from casework.ssd_legal_status l
                      where l.la_code = ${episode}.la_code and l.lega_person_id = ${episode}.clae_person_id and l.lega_legal_status in ('V3', 'V4')
                        and l.lega_legal_status_start_date <= ${day}
                        and (l.lega_legal_status_end_date is null or l.lega_legal_status_end_date > ${day}))`;

/**
 * Whether an episode's end is the end of a period of care: it ceased for a reason other than X1
 * (a new episode in the same period), or with no reason and no episode of the child beginning that day.
 */
const endsCare = (episode: string) => `(${episode}.clae_cla_episode_ceased_reason <> 'X1'
                  or (${episode}.clae_cla_episode_ceased_reason is null
                      and not exists (select 1 from casework.ssd_cla_episodes following
                                       where following.la_code = ${episode}.la_code and following.clae_person_id = ${episode}.clae_person_id
                                         and following.clae_cla_episode_start_date = ${episode}.clae_cla_episode_ceased_date)))`;

/**
 * The health check types counted as each kind of check. SSD extracts carry the case system's own
 * words for `clah_health_check_type`: these are the codes and words Waymark reads (compared without
 * regard to case), the synthetic council's IHA, RHA and Dental among them.
 */
export const healthCheckTypes = {
  initial: ["IHA", "INITIAL HEALTH ASSESSMENT"],
  review: ["RHA", "REVIEW HEALTH ASSESSMENT", "HEALTH ASSESSMENT"],
  dental: ["DENTAL", "DENTAL CHECK"],
} as const;

/** Whether a `casework.ssd_cla_health` row (aliased) is a completed check of one of the types: refused, planned or cancelled checks are not. */
const completedCheck = (check: string, types: readonly string[]) =>
  `upper(trim(${check}.clah_health_check_type)) in (${types.map((type) => `'${type}'`).join(", ")}) and upper(trim(${check}.clah_health_check_status)) = 'COMPLETED'`;

export const childrenLookedAfter: MeasureDefinition = {
  code: "CLA-COUNT",
  version: "1.0.0",
  title: "Children looked after",
  definition: "Children looked after at the end of the month (at 31 March for DfE's year), not counting children in a series of short breaks.",
  source: "DfE children looked after in England (SSDA903), children looked after at 31 March; published, benchmarkable.",
  population: "Each child with a period of care open on the day: started on or before it and not ended by it (a child who left on the day is not counted).",
  numerator: "Every child in the population except those whose legal status on the day is a short break (V3 or V4).",
  dates: "The position on the last day of the period.",
  unit: "count",
  polarity: "neither",
  decimals: 0,
  timing: "stock",
  lookBackMonths: 0,
  words: { record: "Period of care", start: "Episode started", event: "Counted on" },
  sql: `
    with open_episodes as (
      select distinct on (p.period_id, e.clae_person_id)
             p.period_id, p.ref_date, e.clae_person_id as person_id, e.clae_cla_episode_id as record_id, e.clae_cla_episode_start_date as started,
             exists (select 1 from casework.ssd_legal_status l
                      where l.la_code = e.la_code and l.lega_person_id = e.clae_person_id and l.lega_legal_status in ('V3', 'V4')
                        and l.lega_legal_status_start_date <= p.ref_date
                        and (l.lega_legal_status_end_date is null or l.lega_legal_status_end_date > p.ref_date)) as short_break
        from compute_params x
        join casework.ssd_cla_episodes e on e.la_code = x.la_code
        join compute_periods p on e.clae_cla_episode_start_date <= p.ref_date
                              and (e.clae_cla_episode_ceased_date is null or e.clae_cla_episode_ceased_date > p.ref_date)
       order by p.period_id, e.clae_person_id, e.clae_cla_episode_start_date desc
    )
    select period_id, person_id, record_id,
           not short_break as in_denominator, not short_break as in_numerator,
           case when short_break then 'SHORT_BREAK' end as reason,
           started as start_date, ref_date as event_date, null::date as due_date, null::int as working_days
      from open_episodes`,
};

export const childrenStartingCare: MeasureDefinition = {
  code: "CLA-STARTED",
  version: "1.0.0",
  title: "Children starting to be looked after",
  definition: "Children who started a period of care in the month (in DfE's year for the year figure), each child counted once however many times they came into care, not counting short breaks.",
  source: "DfE children looked after in England (SSDA903), children starting to be looked after each year; published, benchmarkable.",
  population: "Every period of care that began in the period: an episode starting with reason S (started to be looked after). A child who came into care more than once in the period is one row, their first start that was not a short break.",
  numerator: "The child started to be looked after in the period, and not for a short break (legal status V3 or V4 on the day care began).",
  dates: "The day the period of care began.",
  unit: "count",
  polarity: "neither",
  decimals: 0,
  timing: "flow",
  lookBackMonths: 0,
  words: { record: "Period of care", event: "Started to be looked after" },
  sql: `
    with starts as (
      select p.period_id, e.clae_person_id as person_id, e.clae_cla_episode_id as record_id, e.clae_cla_episode_start_date as started,
             ${shortBreakOn("e", "e.clae_cla_episode_start_date")} as short_break
        from compute_params x
        join casework.ssd_cla_episodes e on e.la_code = x.la_code and e.clae_cla_episode_start_reason = 'S'
        join compute_periods p on e.clae_cla_episode_start_date between p.period_start and p.period_end
    ),
    children as (
      select distinct on (period_id, person_id) * from starts order by period_id, person_id, short_break, started, record_id
    )
    select period_id, person_id, record_id,
           not short_break as in_denominator, not short_break as in_numerator,
           case when short_break then 'SHORT_BREAK' end as reason,
           null::date as start_date, started as event_date, null::date as due_date, null::int as working_days
      from children`,
};

export const childrenCeasingCare: MeasureDefinition = {
  code: "CLA-CEASED",
  version: "1.0.0",
  title: "Children ceasing to be looked after",
  definition: "Children whose period of care ended in the month (in DfE's year for the year figure), each child counted once, not counting short breaks.",
  source: "DfE children looked after in England (SSDA903), children ceasing to be looked after each year; published, benchmarkable.",
  population: "Every episode of care that ended in the period for a reason other than X1 (X1 closes an episode when the child moves on to another within the same period of care). An episode ended with no reason recorded ends care unless another episode of the child begins that day. A child who left care more than once in the period is one row.",
  numerator: "The child ceased to be looked after in the period, and the care that ended was not a short break (legal status V3 or V4).",
  dates: "The day care ended (the day the child left is the first day they are not looked after).",
  unit: "count",
  polarity: "neither",
  decimals: 0,
  timing: "flow",
  lookBackMonths: 0,
  words: { record: "Period of care", start: "Came into care", event: "Ceased to be looked after" },
  sql: `
    with endings as (
      select p.period_id, e.clae_person_id as person_id, e.clae_cla_episode_id as record_id,
             e.clae_entered_care_date as entered, e.clae_cla_episode_ceased_date as ceased,
             ${shortBreakOn("e", "e.clae_cla_episode_start_date")} as short_break
        from compute_params x
        join casework.ssd_cla_episodes e on e.la_code = x.la_code
        join compute_periods p on e.clae_cla_episode_ceased_date between p.period_start and p.period_end
       where ${endsCare("e")}
    ),
    children as (
      select distinct on (period_id, person_id) * from endings order by period_id, person_id, short_break, ceased, record_id
    )
    select period_id, person_id, record_id,
           not short_break as in_denominator, not short_break as in_numerator,
           case when short_break then 'SHORT_BREAK' end as reason,
           entered as start_date, ceased as event_date, null::date as due_date, null::int as working_days
      from children`,
};

export const initialHealthAssessments: MeasureDefinition = {
  code: "CLA-IHA-20WD",
  version: "1.0.0",
  title: "Initial health assessments within 20 working days of coming into care",
  definition: "Children whose initial health assessment fell due in the month (20 working days after they came into care) who had it by then, as a percentage of all those it fell due for.",
  source: "Statutory guidance, Promoting the health and wellbeing of looked-after children (2015); a local measure, not published by DfE.",
  population: "Every period of care that began (reason S) and whose assessment fell due in the period, on or before the date of the latest extract; the rest are pending. Short breaks are left out, and so are children who left care by the due date without an assessment.",
  numerator: "A completed initial health assessment dated from the day the child came into care to the due date. Refused, planned or cancelled assessments do not count.",
  dates: "Working days: the day the child came into care is day 0 and the due date is the 20th working day after it; weekends and England and Wales bank holidays do not count.",
  unit: "percentage",
  polarity: "higher-better",
  decimals: 1,
  timing: "flow",
  lookBackMonths: 0,
  words: { record: "Period of care", start: "Came into care", event: "Initial health assessment", due: "Due by" },
  sql: `
    with entries as materialized (
      select e.la_code, e.clae_person_id as person_id, e.clae_cla_episode_id as record_id, e.clae_cla_episode_start_date as entered,
             casework.wd_due(e.clae_cla_episode_start_date, 20) as due, x.extract_date,
             ${shortBreakOn("e", "e.clae_cla_episode_start_date")} as short_break,
             (select min(c.clae_cla_episode_ceased_date) from casework.ssd_cla_episodes c
               where c.la_code = e.la_code and c.clae_person_id = e.clae_person_id
                 and c.clae_cla_episode_start_date >= e.clae_cla_episode_start_date and ${endsCare("c")}) as left_care
        from compute_params x
        join casework.ssd_cla_episodes e on e.la_code = x.la_code and e.clae_cla_episode_start_reason = 'S'
       where e.clae_cla_episode_start_date between (select min(period_start) from compute_periods) - 62 and (select max(period_end) from compute_periods)
    ),
    assessed as (
      select n.*,
             (select min(h.clah_health_check_date) from casework.ssd_cla_health h
               where h.la_code = n.la_code and h.clah_person_id = n.person_id and ${completedCheck("h", healthCheckTypes.initial)}
                 and h.clah_health_check_date >= n.entered and (n.left_care is null or h.clah_health_check_date <= n.left_care)) as assessed
        from entries n
    ),
    cases as (
      select p.period_id, a.*,
             case when a.short_break then 'SHORT_BREAK'
                  when a.left_care <= a.due and (a.assessed is null or a.assessed > a.due) then 'CEASED_BEFORE_DUE'
                  when a.due > a.extract_date then 'PENDING' end as reason
        from assessed a
        join compute_periods p on a.due between p.period_start and p.period_end
    )
    select period_id, person_id, record_id,
           reason is null as in_denominator,
           reason is null and coalesce(assessed <= due, false) as in_numerator,
           reason, entered as start_date, assessed as event_date, due as due_date,
           casework.wd_elapsed(entered, assessed) as working_days
      from cases`,
};
