import type { Polarity } from "../../../core/measure-kinds.ts";
import { overSharedRows, type MeasureDefinition, type SharedRows } from "./definition.ts";

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
 * The last select of a count that leaves short breaks out (CLA-COUNT, starters, leavers): every
 * child counted unless in a short break, with the two dates that decided it.
 */
const countedUnlessShortBreak = (start: string, event: string, from: string) => `select period_id, person_id, record_id,
           not short_break as in_denominator, not short_break as in_numerator,
           case when short_break then 'SHORT_BREAK' end as reason,
           ${start} as start_date, ${event} as event_date, null::date as due_date, null::int as working_days
      from ${from}`;

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
 * Children looked after on each period's reference day, as CLA-COUNT counts them: one row per child
 * (their latest episode open on the day), with the period of care's entry date where the episode
 * has it, and whether the child is on a short break that day.
 */
const lookedAfterOnRefDate = `
      select distinct on (p.period_id, e.clae_person_id)
             p.period_id, p.ref_date, e.la_code, e.clae_person_id as person_id, e.clae_cla_episode_id as record_id,
             e.clae_cla_episode_start_date as started, e.clae_entered_care_date as entered,
             ${shortBreakOn("e", "p.ref_date")} as short_break
        from compute_params x
        join casework.ssd_cla_episodes e on e.la_code = x.la_code
        join compute_periods p on e.clae_cla_episode_start_date <= p.ref_date
                              and (e.clae_cla_episode_ceased_date is null or e.clae_cla_episode_ceased_date > p.ref_date)
       order by p.period_id, e.clae_person_id, e.clae_cla_episode_start_date desc, e.clae_cla_episode_id desc`;

/**
 * The children looked after on each period's day, as above, with the placement open that day if
 * there is one (`placed_type`, `placed_provider`, `placed_on`): the rows the placement groups, care
 * plans, health checks and placement stability all begin from, as `looked_after`.
 */
const lookedAfterOnTheDay: SharedRows = {
  name: "looked_after",
  sql: `
      select la.*, pl.placed_type, pl.placed_provider, pl.placed_on
        from (${lookedAfterOnRefDate}) la
        left join lateral (
          select pl.clap_cla_placement_type as placed_type, pl.clap_cla_placement_provider as placed_provider, pl.clap_cla_placement_start_date as placed_on
            from casework.ssd_cla_placement pl
           where pl.la_code = la.la_code and pl.clap_person_id = la.person_id and pl.clap_cla_placement_start_date <= la.ref_date
             and (pl.clap_cla_placement_end_date is null or pl.clap_cla_placement_end_date > la.ref_date)
           order by pl.clap_cla_placement_start_date desc, pl.clap_cla_placement_id desc
           limit 1) pl on true`,
};

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
  ...overSharedRows(lookedAfterOnTheDay, countedUnlessShortBreak("started", "ref_date", "looked_after")),
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
    ${countedUnlessShortBreak("entered", "ceased", "children")}`,
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

/** A DfE placement group (MEASURES.md, CLA-PLACEMENT-MIX): the 903 placement types in it, and the providers where the group is split by them. */
export interface PlacementGroup {
  group: string;
  /** Where the children are placed, to follow "Children looked after placed …". */
  placed: string;
  types: readonly string[];
  providers?: readonly string[];
  /** LAIT's direction for the group it belongs to. */
  polarity: Polarity;
}

const fosterTypes = ["U4", "U5", "U6"];

/**
 * The groups, in the order a placement is tried against them: a placement goes to the first group
 * its type (and provider, where one is named) matches, and to OTHER when it matches none or no
 * placement is recorded. Together the four foster groups are DfE's foster care; FOSTER-OTHER takes
 * the U4 to U6 placements no other foster group takes (PR2, PR3 or no provider recorded). The supported
 * accommodation codes of every collection year are read in every year (H5 to 2024/25, K3 from 2024/25,
 * P2 until 2025/26), as are OTHER's (Z1, and Z11 to Z14 from 2025/26).
 */
export const placementGroups: readonly PlacementGroup[] = [
  { group: "FOSTER-CONNECTED", placed: "with family or friends approved as their foster carers (U1 to U3)", types: ["U1", "U2", "U3"], polarity: "higher-better" },
  { group: "FOSTER-INHOUSE", placed: "with the council's own foster carers (U4 to U6 provided by the council, PR1)", types: fosterTypes, providers: ["PR1"], polarity: "higher-better" },
  { group: "FOSTER-IFA", placed: "with foster carers from an independent or voluntary fostering agency (U4 to U6, PR4 or PR5)", types: fosterTypes, providers: ["PR4", "PR5"], polarity: "higher-better" },
  { group: "FOSTER-OTHER", placed: "with other foster carers (U4 to U6 provided by another council or public body, PR2 or PR3, or with no provider recorded)", types: fosterTypes, polarity: "higher-better" },
  { group: "CHILDRENS-HOME", placed: "in children's homes or secure children's homes (K2, K1)", types: ["K1", "K2"], polarity: "neither" },
  { group: "SUPPORTED", placed: "in supported accommodation or independent living (K3, H5, P2)", types: ["K3", "H5", "P2"], polarity: "neither" },
  { group: "WITH-PARENTS", placed: "with parents or others with parental responsibility (P1)", types: ["P1"], polarity: "higher-better" },
  { group: "ADOPTION", placed: "for adoption (A3 to A6)", types: ["A3", "A4", "A5", "A6"], polarity: "neither" },
  { group: "OTHER-RES", placed: "in other residential settings (R1, R2, R3, R5, S1)", types: ["R1", "R2", "R3", "R5", "S1"], polarity: "neither" },
  { group: "OTHER", placed: "in other placements (P3, T0 to T4, Z1, Z11 to Z14, any other code, or none recorded)", types: ["P3", "T0", "T1", "T2", "T3", "T4", "Z1", "Z11", "Z12", "Z13", "Z14"], polarity: "neither" },
];

const sqlList = (codes: readonly string[]) => codes.map((code) => `'${code}'`).join(", ");

/** The SQL naming the group of the placement open on the day (`placed_type`, `placed_provider`), OTHER when none matches. */
const placementGroupOf = `case ${placementGroups
  .filter((group) => group.group !== "OTHER")
  .map((group) => `when placed_type in (${sqlList(group.types)})${group.providers ? ` and placed_provider in (${sqlList(group.providers)})` : ""} then '${group.group}'`)
  .join(" ")} else 'OTHER' end`;

/** CLA-PL-<group>: the share of the children looked after at the end of the period placed in one group. */
export function placementShare(group: PlacementGroup): MeasureDefinition {
  return {
    code: `CLA-PL-${group.group}`,
    version: "1.0.0",
    title: `Children looked after placed ${group.placed.replace(/ \(.*\)$/, "")}`,
    definition: `Children looked after at the end of the month (at 31 March for DfE's year) placed ${group.placed}, as a percentage of all children looked after then.`,
    source: "DfE children looked after in England (SSDA903), placements of children looked after at 31 March; published, benchmarkable.",
    population: "Every child looked after on the day, as counted for the number of children looked after: a period of care open on the day, not a short break.",
    numerator: `The placement open on the day (started on or before it and not ended by it) is ${group.placed}.`,
    dates: "The position on the last day of the period; a placement that ended on the day is not open on it.",
    unit: "percentage",
    polarity: group.polarity,
    decimals: 1,
    timing: "stock",
    lookBackMonths: 0,
    words: { record: "Period of care", start: "Placement began", event: "Counted on" },
    ...overSharedRows(
      lookedAfterOnTheDay,
      `select period_id, person_id, record_id,
           not short_break as in_denominator,
           not short_break and ${placementGroupOf} = '${group.group}' as in_numerator,
           case when short_break then 'SHORT_BREAK' end as reason,
           placed_on as start_date, ref_date as event_date, null::date as due_date, null::int as working_days
      from looked_after`,
    ),
  };
}

/** One definition per placement group, in the groups' order. */
export const placementShares: readonly MeasureDefinition[] = placementGroups.map(placementShare);

const temporaryTypes = sqlList(["T0", "T1", "T2", "T3", "T4"]);

/**
 * Each looked-after child's placements (MEASURES.md, CLA-STAB-3PLUS), as the CTE `placements`
 * (person_id, placement, began, ended, placement_type, previous_began), to follow a CTE
 * `looked_after` naming the children. A placement begins when the child comes into care or
 * changes carer (an episode starting with reason S, P or B, or with no reason and another carer);
 * a change of legal status or address with the same carer (L, T, U) continues it, as do a temporary
 * placement (T0 to T4) from which the child goes back to the carer before it and being placed for
 * adoption with the current foster carer (A3, A5). A carer is told by the placement's type,
 * provider, URN and council. Short-break episodes are not placements.
 */
const placementSpells = `
    episodes as materialized (
      select e.clae_person_id as person_id, e.clae_cla_episode_id as episode_id, e.clae_cla_episode_start_date as started,
             e.clae_cla_episode_ceased_date as ceased, e.clae_cla_episode_start_reason as start_reason, pl.placement_type, pl.carer
        from compute_params x
        join casework.ssd_cla_episodes e on e.la_code = x.la_code
        left join lateral (
          select pl.clap_cla_placement_type as placement_type,
                 concat_ws('|', pl.clap_cla_placement_type, pl.clap_cla_placement_provider, pl.clap_cla_placement_urn, pl.clap_cla_placement_la) as carer
            from casework.ssd_cla_placement pl
           where pl.la_code = e.la_code and pl.clap_person_id = e.clae_person_id
             and (pl.clap_cla_placement_id = e.clae_cla_placement_id
                  or (pl.clap_cla_placement_start_date <= e.clae_cla_episode_start_date
                      and (pl.clap_cla_placement_end_date is null or pl.clap_cla_placement_end_date > e.clae_cla_episode_start_date)))
           order by pl.clap_cla_placement_id = e.clae_cla_placement_id desc, pl.clap_cla_placement_start_date desc
           limit 1) pl on true
       where e.clae_cla_episode_start_date is not null
         and e.clae_person_id in (select person_id from looked_after)
         and not ${shortBreakOn("e", "e.clae_cla_episode_start_date")}
    ),
    neighbours as (
      select episodes.*, lag(placement_type) over child as type_before, lag(carer) over child as carer_before,
             lag(carer, 2) over child as carer_two_before, lead(carer) over child as carer_after
        from episodes
      window child as (partition by person_id order by started, episode_id)
    ),
    marked as (
      select neighbours.*,
             case when start_reason = 'S' then true
                  when start_reason in ('P', 'B') then not (
                         coalesce(placement_type in ('A3', 'A5'), false)
                         or coalesce(placement_type in (${temporaryTypes}) and carer_after = carer_before, false)
                         or coalesce(type_before in (${temporaryTypes}) and carer = carer_two_before, false))
                  when start_reason is null then carer is distinct from carer_before
                  else false end as new_placement
        from neighbours
    ),
    placements as materialized (
      select person_id, placement, min(started) as began, case when bool_or(ceased is null) then null else max(ceased) end as ended,
             (array_agg(placement_type order by started, episode_id))[1] as placement_type,
             lag(min(started)) over (partition by person_id order by placement) as previous_began
        from (select marked.*, sum(case when new_placement then 1 else 0 end) over (partition by person_id order by started, episode_id) as placement
                from marked) numbered
       group by person_id, placement
    )`;

export const threeOrMorePlacements: MeasureDefinition = {
  code: "CLA-STAB-3PLUS",
  version: "1.0.0",
  title: "Children looked after with three or more placements in the year",
  definition: "Children looked after at the end of the month (at 31 March for DfE's year) who had three or more placements in the 12 months to then, as a percentage of all children looked after then.",
  source: "DfE children looked after in England (SSDA903), placement stability; published, benchmarkable.",
  population: "Every child looked after on the day, as counted for the number of children looked after: a period of care open on the day, not a short break.",
  numerator:
    "Three or more placements overlapping the 12 months to the day, the one open on the first day of the 12 months included. A placement begins when the child comes into care or changes carer (episodes starting with reason S, P or B); a change of legal status or of address with the same carer (L, T, U) continues it. So do a temporary placement (T0 to T4) from which the child goes back to the carer before it, and being placed for adoption with their current foster carer (A3, A5). Short breaks are not placements.",
  dates: "The 12 months run from the day after the same day a year before: for 31 March 2025, from 1 April 2024. A placement that ended on that first day is not counted.",
  unit: "percentage",
  polarity: "lower-better",
  decimals: 1,
  timing: "stock",
  lookBackMonths: 12,
  words: { record: "Period of care", start: "First placement counted began", event: "Latest placement began" },
  ...overSharedRows(
    lookedAfterOnTheDay,
    `with ${placementSpells},
    counted as (
      select la.period_id, la.person_id, count(*)::int as placements, min(pl.began) as first_began, max(pl.began) as last_began
        from looked_after la
        join placements pl on pl.person_id = la.person_id and pl.began <= la.ref_date
                          and (pl.ended is null or pl.ended > casework.add_months(la.ref_date, -12) + 1)
       group by la.period_id, la.person_id
    )
    select la.period_id, la.person_id, la.record_id,
           not la.short_break as in_denominator,
           not la.short_break and coalesce(counted.placements >= 3, false) as in_numerator,
           case when la.short_break then 'SHORT_BREAK' end as reason,
           counted.first_began as start_date, counted.last_began as event_date, null::date as due_date, null::int as working_days
      from looked_after la
      left join counted on counted.period_id = la.period_id and counted.person_id = la.person_id`
  ),
};

export const longTermStability: MeasureDefinition = {
  code: "CLA-STAB-LONG",
  version: "1.0.0",
  title: "Children looked after for two and a half years living in the same placement for two years",
  definition: "Children under 16 looked after at the end of the month (at 31 March for DfE's year) who had been in care for two and a half years or more and with the same carer for two years or more, as a percentage of all those children.",
  source: "DfE children looked after in England (SSDA903), placement stability (long-term); published, benchmarkable.",
  population:
    "Every child looked after on the day (a period of care open on the day, not a short break) who came into care on or before the same day two and a half years before. Children 16 or over on the day, and children whose date of birth is not recorded, are left out.",
  numerator:
    "The child's current placement began on or before the same day two years before; or the child is placed for adoption and that placement began straight after one that did. Placements are told as for three or more placements in the year: a change of legal status or address with the same carer does not begin a new one.",
  dates: "Months keep the day of the month: at 31 March 2025, in care since 30 September 2022 or earlier, and in the same placement since 31 March 2023 or earlier.",
  unit: "percentage",
  polarity: "higher-better",
  decimals: 1,
  timing: "stock",
  lookBackMonths: 30,
  words: { record: "Period of care", start: "Came into care", event: "Current placement began" },
  ...overSharedRows(
    lookedAfterOnTheDay,
    `with ${placementSpells},
    entries as (
      select la.*, pers.pers_dob as born,
             coalesce(la.entered,
                      (select max(s.clae_cla_episode_start_date) from casework.ssd_cla_episodes s
                        where s.la_code = la.la_code and s.clae_person_id = la.person_id and s.clae_cla_episode_start_reason = 'S'
                          and s.clae_cla_episode_start_date <= la.ref_date),
                      la.started) as came_in
        from looked_after la
        left join casework.ssd_person pers on pers.la_code = la.la_code and pers.pers_person_id = la.person_id
    ),
    current_placements as (
      select distinct on (n.period_id, n.person_id) n.period_id, n.person_id, pl.began, pl.placement_type, pl.previous_began
        from entries n
        join placements pl on pl.person_id = n.person_id and pl.began <= n.ref_date and (pl.ended is null or pl.ended > n.ref_date)
       order by n.period_id, n.person_id, pl.began desc
    ),
    cases as (
      select n.*, cp.began as placed, cp.placement_type, cp.previous_began,
             case when n.short_break then 'SHORT_BREAK'
                  when n.born is null then 'DATA_MISSING_DATE'
                  when n.ref_date >= casework.add_months(n.born, 16 * 12) then 'OUT_OF_AGE' end as reason
        from entries n
        left join current_placements cp on cp.period_id = n.period_id and cp.person_id = n.person_id
       where n.came_in <= casework.add_months(n.ref_date, -30)
    )
    select period_id, person_id, record_id,
           reason is null as in_denominator,
           reason is null and (coalesce(placed <= casework.add_months(ref_date, -24), false)
                               or coalesce(placement_type in ('A3', 'A4', 'A5', 'A6') and previous_began <= casework.add_months(ref_date, -24), false)) as in_numerator,
           reason, came_in as start_date, placed as event_date, null::date as due_date, null::int as working_days
      from cases`,
  ),
};

/**
 * Children looked after on the day who had been looked after continuously for the 12 months to it
 * (every day from the day after the same day a year before, with no period of care starting or
 * ending in between), with the first day of those months, whether a short break (V3 or V4) fell in
 * them, and the child's date of birth.
 */
const lookedAfterForAYear = `
    with year_in_care as (
      select la.*, casework.add_months(la.ref_date, -12) + 1 as since from looked_after la
    ),
    continuous as (
      select y.*, pers.pers_dob as born,
             exists (select 1 from casework.ssd_legal_status l
                      where l.la_code = y.la_code and l.lega_person_id = y.person_id and l.lega_legal_status in ('V3', 'V4')
                        and l.lega_legal_status_start_date <= y.ref_date
                        and (l.lega_legal_status_end_date is null or l.lega_legal_status_end_date > y.since)) as had_short_break
        from year_in_care y
        left join casework.ssd_person pers on pers.la_code = y.la_code and pers.pers_person_id = y.person_id
       where exists (select 1 from casework.ssd_cla_episodes o
                      where o.la_code = y.la_code and o.clae_person_id = y.person_id and o.clae_cla_episode_start_date <= y.since
                        and (o.clae_cla_episode_ceased_date is null or o.clae_cla_episode_ceased_date > y.since))
         and not exists (select 1 from casework.ssd_cla_episodes b
                          where b.la_code = y.la_code and b.clae_person_id = y.person_id
                            and ((b.clae_cla_episode_start_reason = 'S' and b.clae_cla_episode_start_date > y.since and b.clae_cla_episode_start_date <= y.ref_date)
                                 or (b.clae_cla_episode_ceased_date > y.since and b.clae_cla_episode_ceased_date <= y.ref_date and ${endsCare("b")})))
    )`;

const inCareForAYear =
  "Children looked after on the day who had been looked after for the whole of the 12 months to it: in care on the first day of those months, with no period of care starting or ending since. A child with a short break (legal status V3 or V4) in those months is left out.";
const yearDates = "The 12 months run from the day after the same day a year before: for 31 March 2025, from 1 April 2024 to 31 March 2025, both days included.";

export const annualHealthAssessments: MeasureDefinition = {
  code: "CLA-HEALTH-ANNUAL",
  version: "1.0.0",
  title: "Children looked after for a year with their health assessments up to date",
  definition: "Children looked after continuously for 12 months at the end of the month (at 31 March for DfE's year) who had their health assessments in those 12 months, as a percentage of all those children.",
  source: "DfE children looked after in England (SSDA903 OC2, health checks); published, benchmarkable.",
  population: inCareForAYear,
  numerator: "Completed health assessments (initial or review) on two different days in the 12 months for a child under five on the day, on one day for older children. Refused, planned or cancelled assessments do not count; a child without a date of birth needs one.",
  dates: yearDates,
  unit: "percentage",
  polarity: "higher-better",
  decimals: 1,
  timing: "stock",
  lookBackMonths: 12,
  words: { record: "Period of care", start: "First assessment in the year", event: "Latest assessment" },
  ...overSharedRows(
    lookedAfterOnTheDay,
    `${lookedAfterForAYear},
    checked as (
      select c.*, coalesce(c.born > casework.add_months(c.ref_date, -60), false) as under_five, h.assessments, h.first_assessed, h.last_assessed
        from continuous c
        cross join lateral (
          select count(distinct h.clah_health_check_date)::int as assessments, min(h.clah_health_check_date) as first_assessed, max(h.clah_health_check_date) as last_assessed
            from casework.ssd_cla_health h
           where h.la_code = c.la_code and h.clah_person_id = c.person_id and ${completedCheck("h", [...healthCheckTypes.initial, ...healthCheckTypes.review])}
             and h.clah_health_check_date between c.since and c.ref_date) h
    )
    select period_id, person_id, record_id,
           not had_short_break as in_denominator,
           not had_short_break and assessments >= case when under_five then 2 else 1 end as in_numerator,
           case when had_short_break then 'SHORT_BREAK' end as reason,
           first_assessed as start_date, last_assessed as event_date, null::date as due_date, null::int as working_days
      from checked`,
  ),
};

export const annualDentalChecks: MeasureDefinition = {
  code: "CLA-DENTAL-ANNUAL",
  version: "1.0.0",
  title: "Children looked after for a year who had a dental check",
  definition: "Children looked after continuously for 12 months at the end of the month (at 31 March for DfE's year) who had their teeth checked by a dentist in those 12 months, as a percentage of all those children.",
  source: "DfE children looked after in England (SSDA903 OC2, teeth checks); published, benchmarkable.",
  population: inCareForAYear,
  numerator: "A completed dental check in the 12 months. A refused, planned or cancelled check does not count.",
  dates: yearDates,
  unit: "percentage",
  polarity: "higher-better",
  decimals: 1,
  timing: "stock",
  lookBackMonths: 12,
  words: { record: "Period of care", start: "First dental check in the year", event: "Latest dental check" },
  ...overSharedRows(
    lookedAfterOnTheDay,
    `${lookedAfterForAYear},
    checked as (
      select c.*, d.first_checked, d.last_checked
        from continuous c
        cross join lateral (
          select min(d.clah_health_check_date) as first_checked, max(d.clah_health_check_date) as last_checked
            from casework.ssd_cla_health d
           where d.la_code = c.la_code and d.clah_person_id = c.person_id and ${completedCheck("d", healthCheckTypes.dental)}
             and d.clah_health_check_date between c.since and c.ref_date) d
    )
    select period_id, person_id, record_id,
           not had_short_break as in_denominator,
           not had_short_break and last_checked is not null as in_numerator,
           case when had_short_break then 'SHORT_BREAK' end as reason,
           first_checked as start_date, last_checked as event_date, null::date as due_date, null::int as working_days
      from checked`,
  ),
};

export const carePlansUpToDate: MeasureDefinition = {
  code: "CLA-PLAN-UTD",
  version: "1.0.0",
  title: "Children looked after with an up-to-date care plan",
  definition: "Children looked after at the end of the month with a current care plan whose next review is not overdue, as a percentage of all children looked after then.",
  source: "The Care Planning, Placement and Case Review (England) Regulations 2010 (regulation 33, review intervals); a local measure, not published by DfE.",
  population: "Every child looked after on the day, as counted for the number of children looked after (a period of care open on the day, not a short break), except children who had died by then.",
  numerator:
    "A care plan current on the day (begun on or before it and not ended by it) and the day not past the next review's due date: 20 working days after the child came into care for the first review, 3 months after the first review for the second, and 6 months after the latest for each one after. Cancelled reviews do not count. A child with no care plan, or whose first review is due before the working-days calendar begins, is not up to date.",
  dates: "Reviews are counted from the day the current period of care began. Working days: that day is day 0; weekends and England and Wales bank holidays do not count. Months keep the day of the month, or take the month's last day when it is shorter.",
  unit: "percentage",
  polarity: "higher-better",
  decimals: 1,
  timing: "stock",
  lookBackMonths: 0,
  words: { record: "Period of care", start: "Came into care", event: "Latest review", due: "Next review due" },
  ...overSharedRows(
    lookedAfterOnTheDay,
    `with entries as (
      select la.*,
             coalesce(la.entered,
                      (select max(s.clae_cla_episode_start_date) from casework.ssd_cla_episodes s
                        where s.la_code = la.la_code and s.clae_person_id = la.person_id and s.clae_cla_episode_start_reason = 'S'
                          and s.clae_cla_episode_start_date <= la.ref_date),
                      la.started) as came_in,
             coalesce(pers.pers_death_date <= la.ref_date, false) as died,
             exists (select 1 from casework.ssd_cla_care_plan cp
                      where cp.la_code = la.la_code and cp.lacp_person_id = la.person_id and cp.lacp_cla_care_plan_start_date <= la.ref_date
                        and (cp.lacp_cla_care_plan_end_date is null or cp.lacp_cla_care_plan_end_date > la.ref_date)) as has_plan
        from looked_after la
        left join casework.ssd_person pers on pers.la_code = la.la_code and pers.pers_person_id = la.person_id
    ),
    reviewed as (
      select n.*, r.reviews, r.last_review
        from entries n
        cross join lateral (
          select count(distinct r.clar_cla_review_date)::int as reviews, max(r.clar_cla_review_date) as last_review
            from casework.ssd_cla_reviews r
           where r.la_code = n.la_code and r.clar_person_id = n.person_id
             and r.clar_cla_review_date between n.came_in and n.ref_date
             and upper(left(coalesce(r.clar_cla_review_cancelled, 'N'), 1)) <> 'Y') r
    ),
    due as (
      select reviewed.*,
             case when reviews = 0 then (case when exists (select 1 from casework.calendar_days c where c.day = came_in) then casework.wd_due(came_in, 20) end)
                  when reviews = 1 then casework.add_months(last_review, 3)
                  else casework.add_months(last_review, 6) end as next_due
        from reviewed
    )
    select period_id, person_id, record_id,
           not short_break and not died as in_denominator,
           not short_break and not died and has_plan and coalesce(ref_date <= next_due, false) as in_numerator,
           case when short_break then 'SHORT_BREAK' when died then 'DIED' end as reason,
           came_in as start_date, last_review as event_date, next_due as due_date, null::int as working_days
      from due`,
  ),
};
