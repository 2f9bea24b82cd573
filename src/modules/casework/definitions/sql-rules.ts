/**
 * Rules several definitions share (MEASURES.md §1), each as a piece of SQL a definition's query
 * puts in its own text: written once, so every measure reads them the same way.
 */

/** A store table's columns for the same-day duplicate rule: the record's id, the person's and the date. */
export interface DatedRecord {
  table: string;
  id: string;
  person: string;
  date: string;
}

/**
 * DATA_DUPLICATE: the record (a row aliased `alias`) repeats one with a lower id for the same
 * person on the same date, so the earlier id counts and this one is left out. An `exists`.
 */
export const repeatsSameDay = (alias: string, { table, id, person, date }: DatedRecord) => `exists (select 1 from casework.${table} same
                      where same.la_code = ${alias}.la_code and same.${person} = ${alias}.${person}
                        and same.${date} = ${alias}.${date} and same.${id} < ${alias}.${id})`;

export const referrals: DatedRecord = { table: "ssd_cin_episodes", id: "cine_referral_id", person: "cine_person_id", date: "cine_referral_date" };
export const enquiries: DatedRecord = { table: "ssd_s47_enquiry", id: "s47e_s47_enquiry_id", person: "s47e_person_id", date: "s47e_s47_start_date" };
export const conferences: DatedRecord = { table: "ssd_initial_cp_conference", id: "icpc_icpc_id", person: "icpc_person_id", date: "icpc_icpc_date" };
export const protectionPlans: DatedRecord = { table: "ssd_cp_plans", id: "cppl_cp_plan_id", person: "cppl_person_id", date: "cppl_cp_plan_start_date" };
