import { boolean, date, doublePrecision, index, integer, jsonb, pgSchema, primaryKey, serial, text, timestamp, unique } from "drizzle-orm/pg-core";
import { bytes } from "./columns.ts";
import { reportIssues } from "./reports.ts";

/**
 * The casework store: pseudonymised case-level records in the shape of the Standard Safeguarding
 * Dataset (SSD). Tables and columns keep SSD's own names (`ssd_cin_episodes.cine_referral_date`),
 * so a definition written against the SSD reads the same here; the few columns Waymark adds say so.
 *
 * Every row carries the council it belongs to (`la_code`, DfE's three-digit code) and the extract
 * it came from. Ids of people, records and staff are keyed hashes, never the case system's own;
 * names, addresses, full postcodes, UPNs and NHS numbers are never stored (an importer drops them
 * and says so). Rows are read only through the casework module's service.
 */
export const casework = pgSchema("casework");

/** One import of case records: a council's SSD extract, a 903 or CIN census return, an Annex A workbook, or generated demonstration data. */
export const extracts = casework.table(
  "extracts",
  {
    id: serial("id").primaryKey(),
    la_code: text("la_code").notNull(),
    source: text("source").notNull(),
    /** The files, as their names were when imported. */
    label: text("label").notNull(),
    /** SHA-256 of the files, in name order: the same files again are recognised and change nothing. */
    sha256: text("sha256").notNull(),
    /** The date the records were taken from the case system (a return's reference date). */
    extract_date: date("extract_date", { mode: "string" }).notNull(),
    /** The collection year a return is for (2025 for 2024/25), where it has one. */
    collection_year: integer("collection_year"),
    /** The first day the records are whole from (a return's collection year begins on 1 April): measures are computed from here. */
    records_from: date("records_from", { mode: "string" }),
    /** Rows stored, by table. */
    row_counts: jsonb("row_counts").notNull(),
    /** Fields the importer met and did not store (names, UPNs, postcodes…), by name, with how many values. */
    dropped: jsonb("dropped").notNull(),
    /** Rows left out because they had problems, when the analyst asked for the valid rows only. */
    rows_left_out: jsonb("rows_left_out").notNull(),
    /** Made up for the demonstration, not a council's records: shown as synthetic wherever it appears. */
    synthetic: boolean("synthetic").notNull().default(false),
    imported_at: timestamp("imported_at", { withTimezone: true }).notNull().defaultNow(),
    imported_by: text("imported_by").notNull(),
  },
  (t) => [unique("extracts_same_files").on(t.la_code, t.source, t.sha256)],
);

/** The two columns every stored row has: its council and the extract that last brought it. */
const held = () => ({
  la_code: text("la_code").notNull(),
  extract_id: integer("extract_id")
    .notNull()
    .references(() => extracts.id),
});

const day = (name: string) => date(name, { mode: "string" });

export const ssdPerson = casework.table(
  "ssd_person",
  {
    ...held(),
    pers_person_id: text("pers_person_id").notNull(),
    pers_sex: text("pers_sex"),
    pers_gender: text("pers_gender"),
    pers_ethnicity: text("pers_ethnicity"),
    pers_dob: day("pers_dob"),
    pers_expected_dob: day("pers_expected_dob"),
    pers_death_date: day("pers_death_date"),
    pers_upn_unknown: text("pers_upn_unknown"),
    pers_send_flag: text("pers_send_flag"),
    pers_is_mother: text("pers_is_mother"),
    pers_nationality: text("pers_nationality"),
  },
  (t) => [primaryKey({ columns: [t.la_code, t.pers_person_id] })],
);

export const ssdDisability = casework.table(
  "ssd_disability",
  {
    ...held(),
    disa_table_id: text("disa_table_id").notNull(),
    disa_person_id: text("disa_person_id").notNull(),
    disa_disability_code: text("disa_disability_code"),
  },
  (t) => [primaryKey({ columns: [t.la_code, t.disa_table_id] }), index("ssd_disability_person").on(t.la_code, t.disa_person_id)],
);

export const ssdImmigrationStatus = casework.table(
  "ssd_immigration_status",
  {
    ...held(),
    immi_immigration_status_id: text("immi_immigration_status_id").notNull(),
    immi_person_id: text("immi_person_id").notNull(),
    immi_immigration_status: text("immi_immigration_status"),
    immi_immigration_status_start_date: day("immi_immigration_status_start_date"),
    immi_immigration_status_end_date: day("immi_immigration_status_end_date"),
  },
  (t) => [primaryKey({ columns: [t.la_code, t.immi_immigration_status_id] }), index("ssd_immigration_status_person").on(t.la_code, t.immi_person_id)],
);

export const ssdContacts = casework.table(
  "ssd_contacts",
  {
    ...held(),
    cont_contact_id: text("cont_contact_id").notNull(),
    cont_person_id: text("cont_person_id").notNull(),
    cont_contact_date: day("cont_contact_date"),
    cont_contact_source_code: text("cont_contact_source_code"),
    cont_contact_source_desc: text("cont_contact_source_desc"),
    cont_contact_outcome_json: text("cont_contact_outcome_json"),
  },
  (t) => [primaryKey({ columns: [t.la_code, t.cont_contact_id] }), index("ssd_contacts_person").on(t.la_code, t.cont_person_id)],
);

export const ssdCinEpisodes = casework.table(
  "ssd_cin_episodes",
  {
    ...held(),
    cine_referral_id: text("cine_referral_id").notNull(),
    cine_person_id: text("cine_person_id").notNull(),
    cine_referral_date: day("cine_referral_date"),
    cine_cin_primary_need_code: text("cine_cin_primary_need_code"),
    cine_referral_source_code: text("cine_referral_source_code"),
    cine_referral_source_desc: text("cine_referral_source_desc"),
    cine_referral_outcome_json: text("cine_referral_outcome_json"),
    cine_referral_nfa: text("cine_referral_nfa"),
    cine_close_reason: text("cine_close_reason"),
    cine_close_date: day("cine_close_date"),
    cine_referral_team: text("cine_referral_team"),
    cine_referral_worker_id: text("cine_referral_worker_id"),
  },
  (t) => [primaryKey({ columns: [t.la_code, t.cine_referral_id] }), index("ssd_cin_episodes_person").on(t.la_code, t.cine_person_id)],
);

export const ssdCinAssessments = casework.table(
  "ssd_cin_assessments",
  {
    ...held(),
    cina_assessment_id: text("cina_assessment_id").notNull(),
    cina_person_id: text("cina_person_id").notNull(),
    cina_referral_id: text("cina_referral_id"),
    cina_assessment_start_date: day("cina_assessment_start_date"),
    cina_assessment_child_seen: text("cina_assessment_child_seen"),
    cina_assessment_auth_date: day("cina_assessment_auth_date"),
    cina_assessment_outcome_json: text("cina_assessment_outcome_json"),
    cina_assessment_outcome_nfa: text("cina_assessment_outcome_nfa"),
    cina_assessment_team: text("cina_assessment_team"),
    cina_assessment_worker_id: text("cina_assessment_worker_id"),
  },
  (t) => [primaryKey({ columns: [t.la_code, t.cina_assessment_id] }), index("ssd_cin_assessments_person").on(t.la_code, t.cina_person_id)],
);

export const ssdS47Enquiry = casework.table(
  "ssd_s47_enquiry",
  {
    ...held(),
    s47e_s47_enquiry_id: text("s47e_s47_enquiry_id").notNull(),
    s47e_referral_id: text("s47e_referral_id"),
    s47e_person_id: text("s47e_person_id").notNull(),
    s47e_s47_start_date: day("s47e_s47_start_date"),
    s47e_s47_end_date: day("s47e_s47_end_date"),
    s47e_s47_nfa: text("s47e_s47_nfa"),
    s47e_s47_outcome_json: text("s47e_s47_outcome_json"),
    s47e_s47_completed_by_worker_id: text("s47e_s47_completed_by_worker_id"),
    s47e_s47_completed_by_team: text("s47e_s47_completed_by_team"),
  },
  (t) => [primaryKey({ columns: [t.la_code, t.s47e_s47_enquiry_id] }), index("ssd_s47_enquiry_person").on(t.la_code, t.s47e_person_id)],
);

export const ssdInitialCpConference = casework.table(
  "ssd_initial_cp_conference",
  {
    ...held(),
    icpc_icpc_id: text("icpc_icpc_id").notNull(),
    icpc_icpc_meeting_id: text("icpc_icpc_meeting_id"),
    icpc_s47_enquiry_id: text("icpc_s47_enquiry_id"),
    icpc_person_id: text("icpc_person_id").notNull(),
    icpc_cp_plan_id: text("icpc_cp_plan_id"),
    icpc_referral_id: text("icpc_referral_id"),
    icpc_icpc_transfer_in: text("icpc_icpc_transfer_in"),
    icpc_icpc_target_date: day("icpc_icpc_target_date"),
    icpc_icpc_date: day("icpc_icpc_date"),
    icpc_icpc_outcome_cp_flag: text("icpc_icpc_outcome_cp_flag"),
    icpc_icpc_outcome_json: text("icpc_icpc_outcome_json"),
    icpc_icpc_team: text("icpc_icpc_team"),
    icpc_icpc_worker_id: text("icpc_icpc_worker_id"),
  },
  (t) => [primaryKey({ columns: [t.la_code, t.icpc_icpc_id] }), index("ssd_initial_cp_conference_person").on(t.la_code, t.icpc_person_id)],
);

export const ssdCinPlans = casework.table(
  "ssd_cin_plans",
  {
    ...held(),
    cinp_cin_plan_id: text("cinp_cin_plan_id").notNull(),
    cinp_referral_id: text("cinp_referral_id"),
    cinp_person_id: text("cinp_person_id").notNull(),
    cinp_cin_plan_start_date: day("cinp_cin_plan_start_date"),
    cinp_cin_plan_end_date: day("cinp_cin_plan_end_date"),
    cinp_cin_plan_team: text("cinp_cin_plan_team"),
    cinp_cin_plan_worker_id: text("cinp_cin_plan_worker_id"),
  },
  (t) => [primaryKey({ columns: [t.la_code, t.cinp_cin_plan_id] }), index("ssd_cin_plans_person").on(t.la_code, t.cinp_person_id)],
);

export const ssdCinVisits = casework.table(
  "ssd_cin_visits",
  {
    ...held(),
    cinv_cin_visit_id: text("cinv_cin_visit_id").notNull(),
    cinv_person_id: text("cinv_person_id").notNull(),
    cinv_cin_visit_date: day("cinv_cin_visit_date"),
    cinv_cin_visit_seen: text("cinv_cin_visit_seen"),
    cinv_cin_visit_seen_alone: text("cinv_cin_visit_seen_alone"),
    cinv_cin_visit_bedroom: text("cinv_cin_visit_bedroom"),
  },
  (t) => [primaryKey({ columns: [t.la_code, t.cinv_cin_visit_id] }), index("ssd_cin_visits_person").on(t.la_code, t.cinv_person_id)],
);

export const ssdCpPlans = casework.table(
  "ssd_cp_plans",
  {
    ...held(),
    cppl_cp_plan_id: text("cppl_cp_plan_id").notNull(),
    cppl_referral_id: text("cppl_referral_id"),
    cppl_icpc_id: text("cppl_icpc_id"),
    cppl_person_id: text("cppl_person_id").notNull(),
    cppl_cp_plan_start_date: day("cppl_cp_plan_start_date"),
    cppl_cp_plan_end_date: day("cppl_cp_plan_end_date"),
    cppl_cp_plan_initial_category: text("cppl_cp_plan_initial_category"),
    cppl_cp_plan_ola: text("cppl_cp_plan_ola"),
    cppl_cp_plan_latest_category: text("cppl_cp_plan_latest_category"),
    /** Waymark's addition: a CIN census return's NumberOfPreviousCPP, where the return gave it. */
    cppl_previous_plans: integer("cppl_previous_plans"),
  },
  (t) => [primaryKey({ columns: [t.la_code, t.cppl_cp_plan_id] }), index("ssd_cp_plans_person").on(t.la_code, t.cppl_person_id)],
);

export const ssdCpReviews = casework.table(
  "ssd_cp_reviews",
  {
    ...held(),
    cppr_cp_review_id: text("cppr_cp_review_id").notNull(),
    cppr_person_id: text("cppr_person_id").notNull(),
    cppr_cp_plan_id: text("cppr_cp_plan_id"),
    cppr_cp_review_due: day("cppr_cp_review_due"),
    cppr_cp_review_date: day("cppr_cp_review_date"),
    cppr_cp_review_meeting_id: text("cppr_cp_review_meeting_id"),
    cppr_cp_review_outcome_continue_cp: text("cppr_cp_review_outcome_continue_cp"),
    cppr_cp_review_quorate: text("cppr_cp_review_quorate"),
    cppr_cp_review_participation: text("cppr_cp_review_participation"),
  },
  (t) => [primaryKey({ columns: [t.la_code, t.cppr_cp_review_id] }), index("ssd_cp_reviews_person").on(t.la_code, t.cppr_person_id)],
);

export const ssdCpVisits = casework.table(
  "ssd_cp_visits",
  {
    ...held(),
    cppv_cp_visit_id: text("cppv_cp_visit_id").notNull(),
    cppv_person_id: text("cppv_person_id").notNull(),
    cppv_cp_plan_id: text("cppv_cp_plan_id"),
    cppv_cp_visit_date: day("cppv_cp_visit_date"),
    cppv_cp_visit_seen: text("cppv_cp_visit_seen"),
    cppv_cp_visit_seen_alone: text("cppv_cp_visit_seen_alone"),
    cppv_cp_visit_bedroom: text("cppv_cp_visit_bedroom"),
  },
  (t) => [primaryKey({ columns: [t.la_code, t.cppv_cp_visit_id] }), index("ssd_cp_visits_person").on(t.la_code, t.cppv_person_id)],
);

export const ssdClaEpisodes = casework.table(
  "ssd_cla_episodes",
  {
    ...held(),
    clae_cla_episode_id: text("clae_cla_episode_id").notNull(),
    clae_person_id: text("clae_person_id").notNull(),
    clae_cla_episode_start_date: day("clae_cla_episode_start_date"),
    clae_cla_episode_start_reason: text("clae_cla_episode_start_reason"),
    clae_cla_primary_need_code: text("clae_cla_primary_need_code"),
    clae_cla_episode_ceased_date: day("clae_cla_episode_ceased_date"),
    clae_cla_episode_ceased_reason: text("clae_cla_episode_ceased_reason"),
    clae_cla_id: text("clae_cla_id"),
    clae_referral_id: text("clae_referral_id"),
    clae_cla_placement_id: text("clae_cla_placement_id"),
    clae_entered_care_date: day("clae_entered_care_date"),
    clae_cla_last_iro_contact_date: day("clae_cla_last_iro_contact_date"),
  },
  (t) => [primaryKey({ columns: [t.la_code, t.clae_cla_episode_id] }), index("ssd_cla_episodes_person").on(t.la_code, t.clae_person_id)],
);

export const ssdLegalStatus = casework.table(
  "ssd_legal_status",
  {
    ...held(),
    lega_legal_status_id: text("lega_legal_status_id").notNull(),
    lega_person_id: text("lega_person_id").notNull(),
    lega_legal_status: text("lega_legal_status"),
    lega_legal_status_start_date: day("lega_legal_status_start_date"),
    lega_legal_status_end_date: day("lega_legal_status_end_date"),
  },
  (t) => [primaryKey({ columns: [t.la_code, t.lega_legal_status_id] }), index("ssd_legal_status_person").on(t.la_code, t.lega_person_id)],
);

export const ssdClaPlacement = casework.table(
  "ssd_cla_placement",
  {
    ...held(),
    clap_cla_placement_id: text("clap_cla_placement_id").notNull(),
    clap_person_id: text("clap_person_id").notNull(),
    clap_cla_id: text("clap_cla_id"),
    clap_cla_placement_start_date: day("clap_cla_placement_start_date"),
    clap_cla_placement_end_date: day("clap_cla_placement_end_date"),
    clap_cla_placement_type: text("clap_cla_placement_type"),
    clap_cla_placement_provider: text("clap_cla_placement_provider"),
    clap_cla_placement_urn: text("clap_cla_placement_urn"),
    /** Miles from the home the child was placed from, derived before postcodes are dropped; 999.9 is unknown. */
    clap_cla_placement_distance: doublePrecision("clap_cla_placement_distance"),
    /** Waymark's addition: the council the placement is in, derived from its postcode or the 903's PL_LA before the postcode is dropped. */
    clap_cla_placement_la: text("clap_cla_placement_la"),
    clap_cla_placement_change_reason: text("clap_cla_placement_change_reason"),
  },
  (t) => [primaryKey({ columns: [t.la_code, t.clap_cla_placement_id] }), index("ssd_cla_placement_person").on(t.la_code, t.clap_person_id)],
);

export const ssdClaReviews = casework.table(
  "ssd_cla_reviews",
  {
    ...held(),
    clar_cla_review_id: text("clar_cla_review_id").notNull(),
    clar_cla_id: text("clar_cla_id"),
    /** Waymark's addition: the child reviewed (the SSD reaches them through the period of care). */
    clar_person_id: text("clar_person_id").notNull(),
    clar_cla_review_due_date: day("clar_cla_review_due_date"),
    clar_cla_review_date: day("clar_cla_review_date"),
    clar_cla_review_cancelled: text("clar_cla_review_cancelled"),
    clar_cla_review_participation: text("clar_cla_review_participation"),
  },
  (t) => [primaryKey({ columns: [t.la_code, t.clar_cla_review_id] }), index("ssd_cla_reviews_person").on(t.la_code, t.clar_person_id)],
);

export const ssdClaVisits = casework.table(
  "ssd_cla_visits",
  {
    ...held(),
    clav_cla_visit_id: text("clav_cla_visit_id").notNull(),
    clav_cla_id: text("clav_cla_id"),
    clav_person_id: text("clav_person_id").notNull(),
    clav_cla_visit_date: day("clav_cla_visit_date"),
    clav_cla_visit_seen: text("clav_cla_visit_seen"),
    clav_cla_visit_seen_alone: text("clav_cla_visit_seen_alone"),
  },
  (t) => [primaryKey({ columns: [t.la_code, t.clav_cla_visit_id] }), index("ssd_cla_visits_person").on(t.la_code, t.clav_person_id)],
);

export const ssdClaHealth = casework.table(
  "ssd_cla_health",
  {
    ...held(),
    clah_health_check_id: text("clah_health_check_id").notNull(),
    clah_person_id: text("clah_person_id").notNull(),
    clah_health_check_type: text("clah_health_check_type"),
    clah_health_check_date: day("clah_health_check_date"),
    clah_health_check_status: text("clah_health_check_status"),
  },
  (t) => [primaryKey({ columns: [t.la_code, t.clah_health_check_id] }), index("ssd_cla_health_person").on(t.la_code, t.clah_person_id)],
);

export const ssdClaCarePlan = casework.table(
  "ssd_cla_care_plan",
  {
    ...held(),
    lacp_table_id: text("lacp_table_id").notNull(),
    lacp_person_id: text("lacp_person_id").notNull(),
    lacp_cla_care_plan_start_date: day("lacp_cla_care_plan_start_date"),
    lacp_cla_care_plan_end_date: day("lacp_cla_care_plan_end_date"),
    lacp_cla_care_plan_json: text("lacp_cla_care_plan_json"),
  },
  (t) => [primaryKey({ columns: [t.la_code, t.lacp_table_id] }), index("ssd_cla_care_plan_person").on(t.la_code, t.lacp_person_id)],
);

export const ssdMissing = casework.table(
  "ssd_missing",
  {
    ...held(),
    miss_table_id: text("miss_table_id").notNull(),
    miss_person_id: text("miss_person_id").notNull(),
    miss_missing_episode_start_date: day("miss_missing_episode_start_date"),
    miss_missing_episode_type: text("miss_missing_episode_type"),
    miss_missing_episode_end_date: day("miss_missing_episode_end_date"),
    miss_missing_rhi_offered: text("miss_missing_rhi_offered"),
    miss_missing_rhi_accepted: text("miss_missing_rhi_accepted"),
  },
  (t) => [primaryKey({ columns: [t.la_code, t.miss_table_id] }), index("ssd_missing_person").on(t.la_code, t.miss_person_id)],
);

export const ssdPermanence = casework.table(
  "ssd_permanence",
  {
    ...held(),
    perm_table_id: text("perm_table_id").notNull(),
    perm_person_id: text("perm_person_id").notNull(),
    perm_adm_decision_date: day("perm_adm_decision_date"),
    perm_placed_for_adoption_date: day("perm_placed_for_adoption_date"),
    perm_matched_date: day("perm_matched_date"),
    perm_adopted_by_carer_flag: text("perm_adopted_by_carer_flag"),
    perm_placed_foster_carer_date: day("perm_placed_foster_carer_date"),
    perm_decision_reversed_date: day("perm_decision_reversed_date"),
    perm_decision_reversed_reason: text("perm_decision_reversed_reason"),
    perm_adopter_sex: text("perm_adopter_sex"),
    perm_adopter_legal_status: text("perm_adopter_legal_status"),
    perm_number_of_adopters: text("perm_number_of_adopters"),
  },
  (t) => [primaryKey({ columns: [t.la_code, t.perm_table_id] }), index("ssd_permanence_person").on(t.la_code, t.perm_person_id)],
);

export const ssdClaPreviousPermanence = casework.table(
  "ssd_cla_previous_permanence",
  {
    ...held(),
    lapp_table_id: text("lapp_table_id").notNull(),
    lapp_person_id: text("lapp_person_id").notNull(),
    lapp_previous_permanence_order_date: text("lapp_previous_permanence_order_date"),
    lapp_previous_permanence_option: text("lapp_previous_permanence_option"),
    lapp_previous_permanence_la: text("lapp_previous_permanence_la"),
  },
  (t) => [primaryKey({ columns: [t.la_code, t.lapp_table_id] }), index("ssd_cla_previous_permanence_person").on(t.la_code, t.lapp_person_id)],
);

export const ssdCareLeavers = casework.table(
  "ssd_care_leavers",
  {
    ...held(),
    clea_table_id: text("clea_table_id").notNull(),
    clea_person_id: text("clea_person_id").notNull(),
    clea_care_leaver_eligibility: text("clea_care_leaver_eligibility"),
    clea_care_leaver_in_touch: text("clea_care_leaver_in_touch"),
    clea_care_leaver_latest_contact: day("clea_care_leaver_latest_contact"),
    clea_care_leaver_accommodation: text("clea_care_leaver_accommodation"),
    clea_care_leaver_accom_suitable: text("clea_care_leaver_accom_suitable"),
    clea_care_leaver_activity: text("clea_care_leaver_activity"),
    clea_pathway_plan_review_date: day("clea_pathway_plan_review_date"),
    clea_care_leaver_personal_advisor: text("clea_care_leaver_personal_advisor"),
    clea_care_leaver_allocated_team: text("clea_care_leaver_allocated_team"),
    clea_care_leaver_worker_id: text("clea_care_leaver_worker_id"),
  },
  (t) => [primaryKey({ columns: [t.la_code, t.clea_table_id] }), index("ssd_care_leavers_person").on(t.la_code, t.clea_person_id)],
);

export const ssdProfessionals = casework.table(
  "ssd_professionals",
  {
    ...held(),
    prof_professional_id: text("prof_professional_id").notNull(),
    prof_professional_job_title: text("prof_professional_job_title"),
    prof_professional_caseload: integer("prof_professional_caseload"),
    prof_professional_department: text("prof_professional_department"),
    prof_full_time_equivalency: doublePrecision("prof_full_time_equivalency"),
    prof_agency_worker_flag: text("prof_agency_worker_flag"),
    /** Waymark's addition: 'Y' where the case system held a Social Work England number (the number itself is not kept). */
    prof_social_worker_registered: text("prof_social_worker_registered"),
  },
  (t) => [primaryKey({ columns: [t.la_code, t.prof_professional_id] })],
);

export const ssdInvolvements = casework.table(
  "ssd_involvements",
  {
    ...held(),
    invo_involvements_id: text("invo_involvements_id").notNull(),
    invo_professional_id: text("invo_professional_id"),
    invo_professional_role_id: text("invo_professional_role_id"),
    invo_professional_team: text("invo_professional_team"),
    invo_involvement_start_date: day("invo_involvement_start_date"),
    invo_involvement_end_date: day("invo_involvement_end_date"),
    invo_worker_change_reason: text("invo_worker_change_reason"),
    invo_person_id: text("invo_person_id").notNull(),
    invo_referral_id: text("invo_referral_id"),
  },
  (t) => [primaryKey({ columns: [t.la_code, t.invo_involvements_id] }), index("ssd_involvements_person").on(t.la_code, t.invo_person_id)],
);

export const ssdDepartment = casework.table(
  "ssd_department",
  {
    ...held(),
    dept_team_id: text("dept_team_id").notNull(),
    dept_team_name: text("dept_team_name"),
    dept_team_parent_id: text("dept_team_parent_id"),
    dept_team_parent_name: text("dept_team_parent_name"),
  },
  (t) => [primaryKey({ columns: [t.la_code, t.dept_team_id] })],
);

/** Waymark's addition: a 903 return's OC2 (children looked after for a year) flags, per child and collection year. */
export const ssda903Oc2 = casework.table(
  "ssda903_oc2",
  {
    ...held(),
    oc2_person_id: text("oc2_person_id").notNull(),
    oc2_collection_year: integer("oc2_collection_year").notNull(),
    oc2_sdq_score: integer("oc2_sdq_score"),
    oc2_sdq_reason: text("oc2_sdq_reason"),
    oc2_convicted: text("oc2_convicted"),
    oc2_health_check: text("oc2_health_check"),
    oc2_immunisations: text("oc2_immunisations"),
    oc2_teeth_check: text("oc2_teeth_check"),
    oc2_health_assessment: text("oc2_health_assessment"),
    oc2_substance_misuse: text("oc2_substance_misuse"),
    oc2_intervention_received: text("oc2_intervention_received"),
    oc2_intervention_offered: text("oc2_intervention_offered"),
  },
  (t) => [primaryKey({ columns: [t.la_code, t.oc2_person_id, t.oc2_collection_year] })],
);

/**
 * Case files sent in the app, waiting for their import job: the analyst's choices, then what the
 * import did. The files' bytes are kept in chunks only until the job has read them.
 */
export const uploads = casework.table("uploads", {
  id: serial("id").primaryKey(),
  kind: text("kind").notNull(),
  la_code: text("la_code"),
  collection_year: integer("collection_year"),
  extract_date: date("extract_date", { mode: "string" }),
  valid_rows_only: boolean("valid_rows_only").notNull(),
  /** The files' names, in the order sent. */
  file_names: jsonb("file_names").notNull(),
  sent_by: text("sent_by").notNull(),
  sent_at: timestamp("sent_at", { withTimezone: true }).notNull().defaultNow(),
  /** received → imported, already (the same files were imported before), refused or failed. */
  state: text("state").notNull().default("received"),
  /** What the import did: the extract it made or found, or the files' problems. */
  outcome: jsonb("outcome"),
});

/** A sent file's bytes, in order, in pieces small enough to write and read one at a time. */
export const uploadChunks = casework.table(
  "upload_chunks",
  {
    upload_id: integer("upload_id")
      .notNull()
      .references(() => uploads.id, { onDelete: "cascade" }),
    file_index: integer("file_index").notNull(),
    seq: integer("seq").notNull(),
    bytes: bytes("bytes").notNull(),
  },
  (t) => [primaryKey({ columns: [t.upload_id, t.file_index, t.seq] })],
);

/**
 * Copies of the GOV.UK bank holidays feed an administrator loaded (the server cannot fetch it):
 * the England and Wales dates of the whole years each covers. Working days are counted with the
 * shipped table and the latest copy laid over it.
 */
export const bankHolidayCopies = casework.table("bank_holiday_copies", {
  id: serial("id").primaryKey(),
  file_name: text("file_name").notNull(),
  sha256: text("sha256").notNull(),
  source: text("source").notNull(),
  first_year: integer("first_year").notNull(),
  last_year: integer("last_year").notNull(),
  /** The dates, each with its name, in date order. */
  holidays: jsonb("holidays").notNull(),
  loaded_at: timestamp("loaded_at", { withTimezone: true }).notNull().defaultNow(),
  loaded_by: text("loaded_by").notNull(),
});

/**
 * The working-days calendar as the measure definitions read it: every day the bank holidays cover,
 * with how many working days there are up to and including it. `wd_elapsed(s, e)` is the difference
 * of two days' counts, and `wd_due(s, n)` the working day whose count is n more than the start's.
 * Filled from the calendar in force before measures are computed; `calendar_fingerprint` says which.
 */
export const calendarDays = casework.table("calendar_days", {
  day: date("day", { mode: "string" }).primaryKey(),
  working: boolean("working").notNull(),
  wd_number: integer("wd_number").notNull(),
});

/** The SHA-256 of the calendar `calendar_days` holds: one row. */
export const calendarFingerprint = casework.table("calendar_fingerprint", {
  sha256: text("sha256").primaryKey(),
  source: text("source").notNull(),
  covers: text("covers").notNull(),
});

/**
 * A measure's figure for a council and a period, computed from the casework store, with all it
 * needs to be traced: the definition and its version (and its SQL's hash), the extracts it read and
 * the date of the latest, the calendar it counted working days with, the counts and when it was
 * made. A later computation supersedes a figure rather than changing it, so the figures a
 * measure had stay in history.
 */
export const computedValues = casework.table(
  "computed_values",
  {
    id: serial("id").primaryKey(),
    la_code: text("la_code").notNull(),
    measure_code: text("measure_code").notNull(),
    definition_version: text("definition_version").notNull(),
    sql_sha256: text("sql_sha256").notNull(),
    /** A calendar month, or DfE's year to 31 March. */
    period_kind: text("period_kind").notNull(),
    period_start: date("period_start", { mode: "string" }).notNull(),
    period_end: date("period_end", { mode: "string" }).notNull(),
    /** The date a position is taken on (the period's last day). */
    reference_date: date("reference_date", { mode: "string" }).notNull(),
    extract_ids: jsonb("extract_ids").notNull(),
    /** The latest extract's date: cases due after it are pending, and a period ending within 30 days of it is provisional. */
    extract_date: date("extract_date", { mode: "string" }).notNull(),
    calendar_sha256: text("calendar_sha256").notNull(),
    numerator: integer("numerator").notNull(),
    denominator: integer("denominator").notNull(),
    /** The cases looked at and left out, and why: `{ "PENDING": 3 }`. */
    excluded: jsonb("excluded").notNull(),
    value: doublePrecision("value"),
    provisional: boolean("provisional").notNull(),
    computed_at: timestamp("computed_at", { withTimezone: true }).notNull().defaultNow(),
    computed_by: text("computed_by").notNull(),
    superseded_at: timestamp("superseded_at", { withTimezone: true }),
    /** Kept with an issued report: its cases are never removed. */
    frozen: boolean("frozen").notNull().default(false),
  },
  (t) => [index("computed_values_measure").on(t.la_code, t.measure_code, t.period_kind, t.period_end)],
);

/**
 * The cases behind a computed figure: every candidate the definition looked at, in the
 * denominator or left out and why, with the dates that decided it. Kept for the figures an issued
 * report froze (see `figure_freezes`); other figures' cases are found again when opened.
 */
export const computedCases = casework.table(
  "computed_cases",
  {
    value_id: integer("value_id")
      .notNull()
      .references(() => computedValues.id, { onDelete: "cascade" }),
    person_id: text("person_id").notNull(),
    record_id: text("record_id").notNull(),
    in_denominator: boolean("in_denominator").notNull(),
    in_numerator: boolean("in_numerator").notNull(),
    reason: text("reason"),
    start_date: date("start_date", { mode: "string" }),
    event_date: date("event_date", { mode: "string" }),
    due_date: date("due_date", { mode: "string" }),
    working_days: integer("working_days"),
  },
  (t) => [index("computed_cases_value").on(t.value_id)],
);

/**
 * The computed figures an issued report showed, each with its cases kept (`computed_values.frozen`),
 * so the figure a meeting read can be explained after the measure is computed again.
 */
export const figureFreezes = casework.table(
  "figure_freezes",
  {
    report_issue_id: integer("report_issue_id")
      .notNull()
      .references(() => reportIssues.id),
    value_id: integer("value_id")
      .notNull()
      .references(() => computedValues.id),
    /** The issue as its readers know it ("Q1 and Q2 2025/26 progress report, issue 2"): issued copies never change. */
    issue_label: text("issue_label").notNull(),
  },
  (t) => [primaryKey({ columns: [t.report_issue_id, t.value_id] }), index("figure_freezes_value").on(t.value_id)],
);
