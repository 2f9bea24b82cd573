import { overSharedRows, type MeasureDefinition, type SharedRows } from "./definition.ts";
import { conferences, enquiries, referrals, repeatsSameDay } from "./sql-rules.ts";

/** Referrals and assessments: the front door and children in need (MEASURES.md §2). */

export const rereferrals: MeasureDefinition = {
  code: "CIN-REREFERRAL-12M",
  version: "1.0.0",
  title: "Re-referrals within 12 months",
  definition: "Referrals in the month that came within 12 months of an earlier referral of the same child, as a percentage of all referrals in the month.",
  source: "DfE children in need statistics (re-referral rate); published, benchmarkable.",
  population: "Every referral dated in the period, including referrals that led to no further action and referrals of unborn children. A second referral of the same child on the same day is left out as a duplicate.",
  numerator: "The child had an earlier referral dated on or after the day 12 months before this one (an earlier referral that led to no further action still counts).",
  dates: "Calendar months: 12 months before 10 May 2025 is 10 May 2024.",
  unit: "percentage",
  polarity: "lower-better",
  decimals: 1,
  timing: "flow",
  lookBackMonths: 12,
  words: { record: "Referral", start: "Earlier referral", event: "Referred" },
  sql: `
    with referrals as (
      select p.period_id, r.cine_person_id as person_id, r.cine_referral_id as record_id, r.cine_referral_date as referred,
             ${repeatsSameDay("r", referrals)} as duplicate,
             (select max(earlier.cine_referral_date) from casework.ssd_cin_episodes earlier
               where earlier.la_code = r.la_code and earlier.cine_person_id = r.cine_person_id
                 and earlier.cine_referral_date < r.cine_referral_date
                 and earlier.cine_referral_date >= casework.add_months(r.cine_referral_date, -12)) as earlier
        from compute_params x
        join casework.ssd_cin_episodes r on r.la_code = x.la_code
        join compute_periods p on r.cine_referral_date between p.period_start and p.period_end
    )
    select period_id, person_id, record_id,
           not duplicate as in_denominator,
           not duplicate and earlier is not null as in_numerator,
           case when duplicate then 'DATA_DUPLICATE' end as reason,
           earlier as start_date, referred as event_date, null::date as due_date, null::int as working_days
      from referrals`,
};

export const assessmentsIn45WorkingDays: MeasureDefinition = {
  code: "CIN-ASSESS-45WD",
  version: "1.0.0",
  title: "Assessments completed within 45 working days",
  definition: "Assessments authorised in the month that were completed within 45 working days of their start, as a percentage of all assessments authorised in the month.",
  source: "Working Together to Safeguard Children 2023; DfE children in need census (assessment timeliness), published.",
  population: "Every assessment authorised in the period. An assessment with no start date, or authorised before it started, is left out and shown as a data problem.",
  numerator: "Authorised on or before the 45th working day after the assessment started.",
  dates: "Working days: the start is day 0 and the next working day is day 1; weekends and England and Wales bank holidays do not count.",
  unit: "percentage",
  polarity: "higher-better",
  decimals: 1,
  timing: "flow",
  lookBackMonths: 0,
  words: { record: "Assessment", start: "Started", event: "Authorised", due: "Due by" },
  sql: `
    with assessments as (
      select p.period_id, a.cina_person_id as person_id, a.cina_assessment_id as record_id,
             a.cina_assessment_start_date as started, a.cina_assessment_auth_date as authorised,
             case when a.cina_assessment_start_date is null then 'DATA_MISSING_DATE'
                  when a.cina_assessment_start_date > a.cina_assessment_auth_date then 'DATA_END_BEFORE_START' end as reason
        from compute_params x
        join casework.ssd_cin_assessments a on a.la_code = x.la_code
        join compute_periods p on a.cina_assessment_auth_date between p.period_start and p.period_end
    )
    select period_id, person_id, record_id,
           reason is null as in_denominator,
           reason is null and casework.wd_elapsed(started, authorised) <= 45 as in_numerator,
           reason, started as start_date, authorised as event_date,
           case when reason is null then casework.wd_due(started, 45) end as due_date,
           case when reason is null then casework.wd_elapsed(started, authorised) end as working_days
      from assessments`,
};

/**
 * Every referral dated in the periods set out, with the first day from it (while it was open) the
 * child was seen on a visit of any kind, and what the exclusions need: the rows both windows of
 * FD-REFERRAL-VISIT begin from, as `referrals_seen`.
 */
const referralsAndFirstSeen: SharedRows = {
  name: "referrals_seen",
  sql: `
      with scope as materialized (
        select x.la_code, x.extract_date, min(p.period_start) as first_day, max(p.period_end) as last_day
          from compute_params x cross join compute_periods p group by x.la_code, x.extract_date
      )
      select r.la_code, r.cine_person_id as person_id, r.cine_referral_id as record_id,
             r.cine_referral_date as referred, r.cine_close_date as closed, r.cine_referral_nfa as nfa, s.extract_date,
             person.pers_expected_dob as expected_dob, person.pers_dob as born, person.pers_death_date as died,
             ${repeatsSameDay("r", referrals)} as duplicate,
             (select min(v.seen_on) from (
                select cinv_cin_visit_date as seen_on from casework.ssd_cin_visits
                 where la_code = r.la_code and cinv_person_id = r.cine_person_id and cinv_cin_visit_seen = 'Y'
                   and cinv_cin_visit_date >= r.cine_referral_date and (r.cine_close_date is null or cinv_cin_visit_date <= r.cine_close_date)
                union all
                select cppv_cp_visit_date from casework.ssd_cp_visits
                 where la_code = r.la_code and cppv_person_id = r.cine_person_id and cppv_cp_visit_seen = 'Y'
                   and cppv_cp_visit_date >= r.cine_referral_date and (r.cine_close_date is null or cppv_cp_visit_date <= r.cine_close_date)
                union all
                select clav_cla_visit_date from casework.ssd_cla_visits
                 where la_code = r.la_code and clav_person_id = r.cine_person_id and clav_cla_visit_seen = 'Y'
                   and clav_cla_visit_date >= r.cine_referral_date and (r.cine_close_date is null or clav_cla_visit_date <= r.cine_close_date)
              ) v) as seen
        from scope s
        join casework.ssd_cin_episodes r on r.la_code = s.la_code and r.cine_referral_date between s.first_day and s.last_day
        left join casework.ssd_person person on person.la_code = r.la_code and person.pers_person_id = r.cine_person_id`,
};

/**
 * Children seen within 5 or 10 working days of their referral (MEASURES.md, FD-REFERRAL-VISIT-5WD
 * and -10WD): one query, its window the only difference. The SSD ties visits to the child, not to
 * a referral, so a visit counts for every referral of the child open on its date.
 */
export function childSeenAfterReferral(days: 5 | 10): MeasureDefinition {
  return {
    code: `FD-REFERRAL-VISIT-${days}WD`,
    version: "1.0.0",
    title: `Children seen within ${days} working days of referral`,
    definition: `Referrals in the month where the child was seen by a social worker within ${days} working days of the referral, as a percentage of the referrals due to be seen.`,
    source: "Local standard; DfE does not collect or publish it.",
    population:
      "Every referral dated in the period, except: referrals that led to no further action at the referral itself; children still unborn on the day they were due to be seen; " +
      "children who died by that day; and referrals closed before that day without the child being seen. A referral whose day has not yet come by the date of the records is shown as pending and not counted. " +
      "A second referral of the same child on the same day is left out as a duplicate, and a referral closed before it began as a data problem.",
    numerator: `The child was recorded as seen (a child in need, child protection or looked-after visit marked "seen") on or after the day of the referral, no later than the ${days}th working day after it, while the referral was open. A visit where the child was not seen does not count.`,
    dates: `Working days: the referral is day 0 and the next working day is day 1; weekends and England and Wales bank holidays do not count. A referral on Tuesday 24 December 2024 is due to be seen by Friday ${days === 5 ? "3" : "10"} January 2025.`,
    unit: "percentage",
    polarity: "higher-better",
    decimals: 1,
    timing: "flow",
    lookBackMonths: 0,
    words: { record: "Referral", start: "Referred", event: "Seen", due: "Due to be seen by" },
    ...overSharedRows(
      referralsAndFirstSeen,
      `with reasoned as materialized (
      select r.*, casework.wd_elapsed(r.referred, r.seen) as working_days,
             case when r.closed < r.referred then 'DATA_END_BEFORE_START'
                  when r.duplicate then 'DATA_DUPLICATE'
                  when r.nfa = 'Y' then 'NFA_AT_REFERRAL'
                  when r.expected_dob is not null and (r.born is null or r.born > r.due) then 'UNBORN'
                  when r.died <= r.due then 'DIED'
                  when r.closed < r.due and r.seen is null then 'CLOSED_BEFORE_DUE'
                  when r.due > r.extract_date then 'PENDING' end as reason
        from (select referrals_seen.*, casework.wd_due(referred, ${days}) as due from referrals_seen) r
    )
    select p.period_id, r.person_id, r.record_id,
           r.reason is null as in_denominator,
           r.reason is null and coalesce(r.seen <= r.due, false) as in_numerator,
           r.reason, r.referred as start_date, r.seen as event_date, r.due as due_date, r.working_days
      from reasoned r
      join compute_periods p on r.referred between p.period_start and p.period_end`,
    ),
  };
}

export const childSeenIn5WorkingDays = childSeenAfterReferral(5);
export const childSeenIn10WorkingDays = childSeenAfterReferral(10);

/**
 * A referral's outcome flags a strategy discussion: SSD extracts write the key as
 * STRATEGY_DISCUSSION_FLAG (some as OUTCOME_STRATEGY_DISCUSSION_FLAG) with "Y", "N" or "" as its
 * value. Read from the text as it was imported, so a value that is not valid JSON is simply not flagged.
 */
const strategyDiscussionFlagged = (column: string) =>
  `coalesce(${column} ~* '"(OUTCOME_)?STRATEGY_DISCUSSION_FLAG"[[:space:]]*:[[:space:]]*"?[[:space:]]*(Y|YES|1|TRUE)[[:space:]]*"?[[:space:]]*[,}]', false)`;

export const strategyDiscussionsIn1WorkingDay: MeasureDefinition = {
  code: "CP-STRAT-1WD",
  version: "1.0.0",
  title: "Strategy discussions within one working day of referral",
  definition: "Strategy discussions held in the month, following a referral, that were held within one working day of the referral, as a percentage of all such discussions in the month.",
  source: "Working Together to Safeguard Children 2023 (a strategy discussion whenever significant harm is suspected); the one-working-day standard is local, and DfE does not publish it.",
  population:
    "Each strategy discussion that began a section 47 enquiry in the period: the first enquiry of a referral whose outcome records a strategy discussion. Later enquiries, and enquiries from a referral that does not record one, happen in an open case and are left out as not front door. " +
    "An enquiry whose referral cannot be found, or that began before its referral, is left out as a data problem, and a second enquiry for the same child on the same day as a duplicate. Discussions that did not lead to a section 47 enquiry are not in the case records and are not counted.",
  numerator: "The discussion (the day the enquiry began) was on the day of the referral or the next working day.",
  dates: "The clock starts on the referral date. Working days: the referral is day 0 and the next working day is day 1; weekends and England and Wales bank holidays do not count (a referral on Friday 16 September 2022 had until Tuesday 20 September, the Monday being the State Funeral).",
  unit: "percentage",
  polarity: "higher-better",
  decimals: 1,
  timing: "flow",
  lookBackMonths: 0,
  words: { record: "Section 47 enquiry", start: "Referred", event: "Strategy discussion", due: "Due by" },
  sql: `
    with discussions as (
      select p.period_id, s.s47e_person_id as person_id, s.s47e_s47_enquiry_id as record_id,
             s.s47e_s47_start_date as discussed, r.cine_referral_date as referred,
             ${strategyDiscussionFlagged("r.cine_referral_outcome_json")} as flagged,
             ${repeatsSameDay("s", enquiries)} as duplicate,
             exists (select 1 from casework.ssd_s47_enquiry earlier
                      where earlier.la_code = s.la_code and earlier.s47e_person_id = s.s47e_person_id
                        and earlier.s47e_referral_id = s.s47e_referral_id and earlier.s47e_s47_start_date < s.s47e_s47_start_date) as later
        from compute_params x
        join casework.ssd_s47_enquiry s on s.la_code = x.la_code
        join compute_periods p on s.s47e_s47_start_date between p.period_start and p.period_end
        left join casework.ssd_cin_episodes r on r.la_code = s.la_code and r.cine_referral_id = s.s47e_referral_id
    ),
    reasoned as (
      select *,
             case when discussed < referred then 'DATA_END_BEFORE_START'
                  when referred is null then 'DATA_MISSING_DATE'
                  when duplicate then 'DATA_DUPLICATE'
                  when later or not flagged then 'NOT_FRONT_DOOR' end as reason
        from discussions
    )
    select period_id, person_id, record_id,
           reason is null as in_denominator,
           reason is null and casework.wd_elapsed(referred, discussed) <= 1 as in_numerator,
           reason, referred as start_date, discussed as event_date,
           case when reason is null or reason = 'NOT_FRONT_DOOR' then casework.wd_due(referred, 1) end as due_date,
           case when reason is null or reason = 'NOT_FRONT_DOOR' then casework.wd_elapsed(referred, discussed) end as working_days
      from reasoned`,
};

export const conferencesIn15WorkingDays: MeasureDefinition = {
  code: "CP-ICPC-15WD",
  version: "1.0.0",
  title: "Initial child protection conferences within 15 working days",
  definition: "Initial child protection conferences held in the month within 15 working days of the strategy discussion that began the section 47 enquiry, as a percentage of all initial conferences held in the month.",
  source: "Working Together to Safeguard Children 2023; DfE children in need census (initial conferences within 15 working days), published for each council.",
  population:
    "Every initial child protection conference held in the period, each counted (a child may have more than one). Transfer-in conferences, for children moving from another council, are left out, as DfE reports them apart. " +
    "A conference with no section 47 enquiry recorded, or held before its enquiry began, is left out as a data problem, and a second conference for the same child on the same day as a duplicate.",
  numerator: "Held on or before the 15th working day after the section 47 enquiry began (the strategy discussion). A different target date recorded on the conference does not change this.",
  dates: "Working days: the enquiry's start is day 0 and the next working day is day 1; weekends and England and Wales bank holidays do not count (an enquiry begun on Thursday 27 March 2025 had until Thursday 17 April).",
  unit: "percentage",
  polarity: "higher-better",
  decimals: 1,
  timing: "flow",
  lookBackMonths: 0,
  words: { record: "Initial conference", start: "Section 47 began", event: "Conference held", due: "Due by" },
  sql: `
    with conferences as (
      select p.period_id, c.icpc_person_id as person_id, c.icpc_icpc_id as record_id, c.icpc_icpc_date as held,
             coalesce(c.icpc_icpc_transfer_in, '') = 'Y' as transfer_in, s.s47e_s47_start_date as enquiry_began,
             ${repeatsSameDay("c", conferences)} as duplicate
        from compute_params x
        join casework.ssd_initial_cp_conference c on c.la_code = x.la_code
        join compute_periods p on c.icpc_icpc_date between p.period_start and p.period_end
        left join casework.ssd_s47_enquiry s on s.la_code = c.la_code and s.s47e_s47_enquiry_id = c.icpc_s47_enquiry_id
    ),
    reasoned as (
      select *,
             case when not transfer_in and held < enquiry_began then 'DATA_END_BEFORE_START'
                  when not transfer_in and enquiry_began is null then 'DATA_MISSING_DATE'
                  when duplicate then 'DATA_DUPLICATE'
                  when transfer_in then 'TRANSFER_IN' end as reason
        from conferences
    )
    select period_id, person_id, record_id,
           reason is null as in_denominator,
           reason is null and held <= casework.wd_due(enquiry_began, 15) as in_numerator,
           reason, enquiry_began as start_date, held as event_date,
           case when held >= enquiry_began then casework.wd_due(enquiry_began, 15) end as due_date,
           case when held >= enquiry_began then casework.wd_elapsed(enquiry_began, held) end as working_days
      from reasoned`,
};
