import type { MeasureDefinition } from "./definition.ts";

/** Care leavers (MEASURES.md §2): pathway plans up to date, and education, employment or training now. */

/** The activity codes (SSDA903 ACTIV) that are education, employment or training: full time (F) and part time (P), the legacy F3 and P3 included. */
export const eetActivities = ["F1", "P1", "F2", "P2", "F3", "P3", "F4", "P4", "F5", "P5"] as const;

/**
 * The care leaver record in force on each period's reference day, one per young person: of the
 * records of every extract, the latest dated on or before the day (by its latest contact, or the
 * extract's date when it has none). Only young people who have not turned 22 by the day, where
 * their date of birth is known: former relevant care leavers are supported to 21.
 */
const recordInForce = `
    with held as (
      select c.*, coalesce(c.clea_care_leaver_latest_contact, ex.extract_date) as as_at, ex.extract_date
        from compute_params x
        join casework.ssd_care_leavers c on c.la_code = x.la_code
        join casework.extracts ex on ex.id = c.extract_id
    ),
    in_force as (
      select distinct on (p.period_id, h.clea_person_id)
             p.period_id, p.ref_date, h.la_code, h.clea_person_id as person_id, h.clea_table_id as record_id,
             upper(trim(h.clea_care_leaver_eligibility)) as eligibility, upper(trim(h.clea_care_leaver_in_touch)) as in_touch,
             upper(trim(h.clea_care_leaver_activity)) as activity, h.as_at, pers.pers_dob as born,
             coalesce(pers.pers_death_date <= p.ref_date, false) or coalesce(upper(trim(h.clea_care_leaver_in_touch)) = 'DIED', false) as died
        from held h
        join compute_periods p on h.as_at <= p.ref_date
        left join casework.ssd_person pers on pers.la_code = h.la_code and pers.pers_person_id = h.clea_person_id
       order by p.period_id, h.clea_person_id, h.as_at desc, h.extract_date desc, h.clea_table_id desc
    ),
    young_people as (
      select * from in_force where born is null or ref_date < casework.add_months(born, 22 * 12)
    )`;

export const pathwayPlansUpToDate: MeasureDefinition = {
  code: "CL-PATHWAY-UTD",
  version: "1.0.0",
  title: "Care leavers with an up-to-date pathway plan",
  definition: "Relevant and former relevant care leavers at the end of the month whose pathway plan was reviewed in the six months to then, as a percentage of all of them.",
  source: "The Care Leavers (England) Regulations 2010 (pathway plans reviewed at least every six months); a local measure, not published by DfE.",
  population:
    "Every young person whose care leaver record in force on the day (the latest one dated on or before it) says they are a relevant or former relevant care leaver, up to their 22nd birthday, except those who have died.",
  numerator: "The day is no later than 6 months after the latest pathway plan review held by then. A young person with no review recorded is not up to date.",
  dates: "Months keep the day of the month: a review on 10 January is up to date to 10 July and overdue from 11 July.",
  unit: "percentage",
  polarity: "higher-better",
  decimals: 1,
  timing: "stock",
  lookBackMonths: 0,
  words: { record: "Care leaver record", event: "Latest pathway plan review", due: "Next review due" },
  sql: `${recordInForce},
    reviewed as (
      select cur.*,
             (select max(r.clea_pathway_plan_review_date) from casework.ssd_care_leavers r
               where r.la_code = cur.la_code and r.clea_person_id = cur.person_id and r.clea_pathway_plan_review_date <= cur.ref_date) as last_review
        from young_people cur
       where cur.eligibility in ('RELEVANT', 'FORMER RELEVANT')
    )
    select period_id, person_id, record_id,
           not died as in_denominator,
           not died and coalesce(ref_date <= casework.add_months(last_review, 6), false) as in_numerator,
           case when died then 'DIED' end as reason,
           null::date as start_date, last_review as event_date, casework.add_months(last_review, 6) as due_date, null::int as working_days
      from reviewed`,
};

export const careLeaversInEducationOrWork: MeasureDefinition = {
  code: "CL-EET-NOW",
  version: "1.0.0",
  title: "Care leavers aged 19 to 21 in education, employment or training",
  definition: "Former relevant care leavers aged 19 to 21 at the end of the month who were in education, employment or training, as a percentage of all of them.",
  source: "A local measure of the council's care leavers now; DfE publishes a like measure (care leavers' activity around their 19th to 21st birthdays) for a different cohort, so the two are not compared without saying so.",
  population:
    "Every young person whose care leaver record in force on the day (the latest one dated on or before it) says they are a former relevant care leaver, aged 19, 20 or 21 on the day. Left out: those who have died, those who have returned home to their parents for six months or more (RHOM), those not yet 19, and those whose date of birth is not recorded.",
  numerator: "The activity on that record is education, employment or training, full or part time (F1 to F5, P1 to P5). Not in education, employment or training (G4 to G6), or no activity recorded, is not.",
  dates: "Ages on the day; the record is the latest dated by its last contact on or before it.",
  unit: "percentage",
  polarity: "higher-better",
  decimals: 1,
  timing: "stock",
  lookBackMonths: 0,
  words: { record: "Care leaver record", event: "Latest contact" },
  sql: `${recordInForce},
    leavers as (
      select cur.*,
             case when born is null then 'DATA_MISSING_DATE'
                  when died then 'DIED'
                  when in_touch = 'RHOM' then 'RHOM'
                  when ref_date < casework.add_months(born, 19 * 12) then 'OUT_OF_AGE' end as reason
        from young_people cur
       where cur.eligibility = 'FORMER RELEVANT'
    )
    select period_id, person_id, record_id,
           reason is null as in_denominator,
           reason is null and coalesce(activity in (${eetActivities.map((code) => `'${code}'`).join(", ")}), false) as in_numerator,
           reason, null::date as start_date, as_at as event_date, null::date as due_date, null::int as working_days
      from leavers`,
};
