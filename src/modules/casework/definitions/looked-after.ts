import type { MeasureDefinition } from "./definition.ts";

/** Children looked after (MEASURES.md §2). */

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
