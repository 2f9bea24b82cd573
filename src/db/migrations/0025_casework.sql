CREATE SCHEMA "casework";
--> statement-breakpoint
CREATE TABLE "casework"."extracts" (
	"id" serial PRIMARY KEY NOT NULL,
	"la_code" text NOT NULL,
	"source" text NOT NULL,
	"label" text NOT NULL,
	"sha256" text NOT NULL,
	"extract_date" date NOT NULL,
	"collection_year" integer,
	"row_counts" jsonb NOT NULL,
	"dropped" jsonb NOT NULL,
	"rows_left_out" jsonb NOT NULL,
	"synthetic" boolean DEFAULT false NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	"imported_by" text NOT NULL,
	CONSTRAINT "extracts_same_files" UNIQUE("la_code","source","sha256")
);
--> statement-breakpoint
CREATE TABLE "casework"."ssd_care_leavers" (
	"la_code" text NOT NULL,
	"extract_id" integer NOT NULL,
	"clea_table_id" text NOT NULL,
	"clea_person_id" text NOT NULL,
	"clea_care_leaver_eligibility" text,
	"clea_care_leaver_in_touch" text,
	"clea_care_leaver_latest_contact" date,
	"clea_care_leaver_accommodation" text,
	"clea_care_leaver_accom_suitable" text,
	"clea_care_leaver_activity" text,
	"clea_pathway_plan_review_date" date,
	"clea_care_leaver_personal_advisor" text,
	"clea_care_leaver_allocated_team" text,
	"clea_care_leaver_worker_id" text,
	CONSTRAINT "ssd_care_leavers_la_code_clea_table_id_pk" PRIMARY KEY("la_code","clea_table_id")
);
--> statement-breakpoint
CREATE TABLE "casework"."ssd_cin_assessments" (
	"la_code" text NOT NULL,
	"extract_id" integer NOT NULL,
	"cina_assessment_id" text NOT NULL,
	"cina_person_id" text NOT NULL,
	"cina_referral_id" text,
	"cina_assessment_start_date" date,
	"cina_assessment_child_seen" text,
	"cina_assessment_auth_date" date,
	"cina_assessment_outcome_json" text,
	"cina_assessment_outcome_nfa" text,
	"cina_assessment_team" text,
	"cina_assessment_worker_id" text,
	CONSTRAINT "ssd_cin_assessments_la_code_cina_assessment_id_pk" PRIMARY KEY("la_code","cina_assessment_id")
);
--> statement-breakpoint
CREATE TABLE "casework"."ssd_cin_episodes" (
	"la_code" text NOT NULL,
	"extract_id" integer NOT NULL,
	"cine_referral_id" text NOT NULL,
	"cine_person_id" text NOT NULL,
	"cine_referral_date" date,
	"cine_cin_primary_need_code" text,
	"cine_referral_source_code" text,
	"cine_referral_source_desc" text,
	"cine_referral_outcome_json" text,
	"cine_referral_nfa" text,
	"cine_close_reason" text,
	"cine_close_date" date,
	"cine_referral_team" text,
	"cine_referral_worker_id" text,
	CONSTRAINT "ssd_cin_episodes_la_code_cine_referral_id_pk" PRIMARY KEY("la_code","cine_referral_id")
);
--> statement-breakpoint
CREATE TABLE "casework"."ssd_cin_plans" (
	"la_code" text NOT NULL,
	"extract_id" integer NOT NULL,
	"cinp_cin_plan_id" text NOT NULL,
	"cinp_referral_id" text,
	"cinp_person_id" text NOT NULL,
	"cinp_cin_plan_start_date" date,
	"cinp_cin_plan_end_date" date,
	"cinp_cin_plan_team" text,
	"cinp_cin_plan_worker_id" text,
	CONSTRAINT "ssd_cin_plans_la_code_cinp_cin_plan_id_pk" PRIMARY KEY("la_code","cinp_cin_plan_id")
);
--> statement-breakpoint
CREATE TABLE "casework"."ssd_cin_visits" (
	"la_code" text NOT NULL,
	"extract_id" integer NOT NULL,
	"cinv_cin_visit_id" text NOT NULL,
	"cinv_person_id" text NOT NULL,
	"cinv_cin_visit_date" date,
	"cinv_cin_visit_seen" text,
	"cinv_cin_visit_seen_alone" text,
	"cinv_cin_visit_bedroom" text,
	CONSTRAINT "ssd_cin_visits_la_code_cinv_cin_visit_id_pk" PRIMARY KEY("la_code","cinv_cin_visit_id")
);
--> statement-breakpoint
CREATE TABLE "casework"."ssd_cla_care_plan" (
	"la_code" text NOT NULL,
	"extract_id" integer NOT NULL,
	"lacp_table_id" text NOT NULL,
	"lacp_person_id" text NOT NULL,
	"lacp_cla_care_plan_start_date" date,
	"lacp_cla_care_plan_end_date" date,
	"lacp_cla_care_plan_json" text,
	CONSTRAINT "ssd_cla_care_plan_la_code_lacp_table_id_pk" PRIMARY KEY("la_code","lacp_table_id")
);
--> statement-breakpoint
CREATE TABLE "casework"."ssd_cla_episodes" (
	"la_code" text NOT NULL,
	"extract_id" integer NOT NULL,
	"clae_cla_episode_id" text NOT NULL,
	"clae_person_id" text NOT NULL,
	"clae_cla_episode_start_date" date,
	"clae_cla_episode_start_reason" text,
	"clae_cla_primary_need_code" text,
	"clae_cla_episode_ceased_date" date,
	"clae_cla_episode_ceased_reason" text,
	"clae_cla_id" text,
	"clae_referral_id" text,
	"clae_cla_placement_id" text,
	"clae_entered_care_date" date,
	"clae_cla_last_iro_contact_date" date,
	CONSTRAINT "ssd_cla_episodes_la_code_clae_cla_episode_id_pk" PRIMARY KEY("la_code","clae_cla_episode_id")
);
--> statement-breakpoint
CREATE TABLE "casework"."ssd_cla_health" (
	"la_code" text NOT NULL,
	"extract_id" integer NOT NULL,
	"clah_health_check_id" text NOT NULL,
	"clah_person_id" text NOT NULL,
	"clah_health_check_type" text,
	"clah_health_check_date" date,
	"clah_health_check_status" text,
	CONSTRAINT "ssd_cla_health_la_code_clah_health_check_id_pk" PRIMARY KEY("la_code","clah_health_check_id")
);
--> statement-breakpoint
CREATE TABLE "casework"."ssd_cla_placement" (
	"la_code" text NOT NULL,
	"extract_id" integer NOT NULL,
	"clap_cla_placement_id" text NOT NULL,
	"clap_person_id" text NOT NULL,
	"clap_cla_id" text,
	"clap_cla_placement_start_date" date,
	"clap_cla_placement_end_date" date,
	"clap_cla_placement_type" text,
	"clap_cla_placement_provider" text,
	"clap_cla_placement_urn" text,
	"clap_cla_placement_distance" double precision,
	"clap_cla_placement_la" text,
	"clap_cla_placement_change_reason" text,
	CONSTRAINT "ssd_cla_placement_la_code_clap_cla_placement_id_pk" PRIMARY KEY("la_code","clap_cla_placement_id")
);
--> statement-breakpoint
CREATE TABLE "casework"."ssd_cla_previous_permanence" (
	"la_code" text NOT NULL,
	"extract_id" integer NOT NULL,
	"lapp_table_id" text NOT NULL,
	"lapp_person_id" text NOT NULL,
	"lapp_previous_permanence_order_date" text,
	"lapp_previous_permanence_option" text,
	"lapp_previous_permanence_la" text,
	CONSTRAINT "ssd_cla_previous_permanence_la_code_lapp_table_id_pk" PRIMARY KEY("la_code","lapp_table_id")
);
--> statement-breakpoint
CREATE TABLE "casework"."ssd_cla_reviews" (
	"la_code" text NOT NULL,
	"extract_id" integer NOT NULL,
	"clar_cla_review_id" text NOT NULL,
	"clar_cla_id" text,
	"clar_person_id" text NOT NULL,
	"clar_cla_review_due_date" date,
	"clar_cla_review_date" date,
	"clar_cla_review_cancelled" text,
	"clar_cla_review_participation" text,
	CONSTRAINT "ssd_cla_reviews_la_code_clar_cla_review_id_pk" PRIMARY KEY("la_code","clar_cla_review_id")
);
--> statement-breakpoint
CREATE TABLE "casework"."ssd_cla_visits" (
	"la_code" text NOT NULL,
	"extract_id" integer NOT NULL,
	"clav_cla_visit_id" text NOT NULL,
	"clav_cla_id" text,
	"clav_person_id" text NOT NULL,
	"clav_cla_visit_date" date,
	"clav_cla_visit_seen" text,
	"clav_cla_visit_seen_alone" text,
	CONSTRAINT "ssd_cla_visits_la_code_clav_cla_visit_id_pk" PRIMARY KEY("la_code","clav_cla_visit_id")
);
--> statement-breakpoint
CREATE TABLE "casework"."ssd_contacts" (
	"la_code" text NOT NULL,
	"extract_id" integer NOT NULL,
	"cont_contact_id" text NOT NULL,
	"cont_person_id" text NOT NULL,
	"cont_contact_date" date,
	"cont_contact_source_code" text,
	"cont_contact_source_desc" text,
	"cont_contact_outcome_json" text,
	CONSTRAINT "ssd_contacts_la_code_cont_contact_id_pk" PRIMARY KEY("la_code","cont_contact_id")
);
--> statement-breakpoint
CREATE TABLE "casework"."ssd_cp_plans" (
	"la_code" text NOT NULL,
	"extract_id" integer NOT NULL,
	"cppl_cp_plan_id" text NOT NULL,
	"cppl_referral_id" text,
	"cppl_icpc_id" text,
	"cppl_person_id" text NOT NULL,
	"cppl_cp_plan_start_date" date,
	"cppl_cp_plan_end_date" date,
	"cppl_cp_plan_initial_category" text,
	"cppl_cp_plan_ola" text,
	"cppl_cp_plan_latest_category" text,
	"cppl_previous_plans" integer,
	CONSTRAINT "ssd_cp_plans_la_code_cppl_cp_plan_id_pk" PRIMARY KEY("la_code","cppl_cp_plan_id")
);
--> statement-breakpoint
CREATE TABLE "casework"."ssd_cp_reviews" (
	"la_code" text NOT NULL,
	"extract_id" integer NOT NULL,
	"cppr_cp_review_id" text NOT NULL,
	"cppr_person_id" text NOT NULL,
	"cppr_cp_plan_id" text,
	"cppr_cp_review_due" date,
	"cppr_cp_review_date" date,
	"cppr_cp_review_meeting_id" text,
	"cppr_cp_review_outcome_continue_cp" text,
	"cppr_cp_review_quorate" text,
	"cppr_cp_review_participation" text,
	CONSTRAINT "ssd_cp_reviews_la_code_cppr_cp_review_id_pk" PRIMARY KEY("la_code","cppr_cp_review_id")
);
--> statement-breakpoint
CREATE TABLE "casework"."ssd_cp_visits" (
	"la_code" text NOT NULL,
	"extract_id" integer NOT NULL,
	"cppv_cp_visit_id" text NOT NULL,
	"cppv_person_id" text NOT NULL,
	"cppv_cp_plan_id" text,
	"cppv_cp_visit_date" date,
	"cppv_cp_visit_seen" text,
	"cppv_cp_visit_seen_alone" text,
	"cppv_cp_visit_bedroom" text,
	CONSTRAINT "ssd_cp_visits_la_code_cppv_cp_visit_id_pk" PRIMARY KEY("la_code","cppv_cp_visit_id")
);
--> statement-breakpoint
CREATE TABLE "casework"."ssd_department" (
	"la_code" text NOT NULL,
	"extract_id" integer NOT NULL,
	"dept_team_id" text NOT NULL,
	"dept_team_name" text,
	"dept_team_parent_id" text,
	"dept_team_parent_name" text,
	CONSTRAINT "ssd_department_la_code_dept_team_id_pk" PRIMARY KEY("la_code","dept_team_id")
);
--> statement-breakpoint
CREATE TABLE "casework"."ssd_disability" (
	"la_code" text NOT NULL,
	"extract_id" integer NOT NULL,
	"disa_table_id" text NOT NULL,
	"disa_person_id" text NOT NULL,
	"disa_disability_code" text,
	CONSTRAINT "ssd_disability_la_code_disa_table_id_pk" PRIMARY KEY("la_code","disa_table_id")
);
--> statement-breakpoint
CREATE TABLE "casework"."ssd_immigration_status" (
	"la_code" text NOT NULL,
	"extract_id" integer NOT NULL,
	"immi_immigration_status_id" text NOT NULL,
	"immi_person_id" text NOT NULL,
	"immi_immigration_status" text,
	"immi_immigration_status_start_date" date,
	"immi_immigration_status_end_date" date,
	CONSTRAINT "ssd_immigration_status_la_code_immi_immigration_status_id_pk" PRIMARY KEY("la_code","immi_immigration_status_id")
);
--> statement-breakpoint
CREATE TABLE "casework"."ssd_initial_cp_conference" (
	"la_code" text NOT NULL,
	"extract_id" integer NOT NULL,
	"icpc_icpc_id" text NOT NULL,
	"icpc_icpc_meeting_id" text,
	"icpc_s47_enquiry_id" text,
	"icpc_person_id" text NOT NULL,
	"icpc_cp_plan_id" text,
	"icpc_referral_id" text,
	"icpc_icpc_transfer_in" text,
	"icpc_icpc_target_date" date,
	"icpc_icpc_date" date,
	"icpc_icpc_outcome_cp_flag" text,
	"icpc_icpc_outcome_json" text,
	"icpc_icpc_team" text,
	"icpc_icpc_worker_id" text,
	CONSTRAINT "ssd_initial_cp_conference_la_code_icpc_icpc_id_pk" PRIMARY KEY("la_code","icpc_icpc_id")
);
--> statement-breakpoint
CREATE TABLE "casework"."ssd_involvements" (
	"la_code" text NOT NULL,
	"extract_id" integer NOT NULL,
	"invo_involvements_id" text NOT NULL,
	"invo_professional_id" text,
	"invo_professional_role_id" text,
	"invo_professional_team" text,
	"invo_involvement_start_date" date,
	"invo_involvement_end_date" date,
	"invo_worker_change_reason" text,
	"invo_person_id" text NOT NULL,
	"invo_referral_id" text,
	CONSTRAINT "ssd_involvements_la_code_invo_involvements_id_pk" PRIMARY KEY("la_code","invo_involvements_id")
);
--> statement-breakpoint
CREATE TABLE "casework"."ssd_legal_status" (
	"la_code" text NOT NULL,
	"extract_id" integer NOT NULL,
	"lega_legal_status_id" text NOT NULL,
	"lega_person_id" text NOT NULL,
	"lega_legal_status" text,
	"lega_legal_status_start_date" date,
	"lega_legal_status_end_date" date,
	CONSTRAINT "ssd_legal_status_la_code_lega_legal_status_id_pk" PRIMARY KEY("la_code","lega_legal_status_id")
);
--> statement-breakpoint
CREATE TABLE "casework"."ssd_missing" (
	"la_code" text NOT NULL,
	"extract_id" integer NOT NULL,
	"miss_table_id" text NOT NULL,
	"miss_person_id" text NOT NULL,
	"miss_missing_episode_start_date" date,
	"miss_missing_episode_type" text,
	"miss_missing_episode_end_date" date,
	"miss_missing_rhi_offered" text,
	"miss_missing_rhi_accepted" text,
	CONSTRAINT "ssd_missing_la_code_miss_table_id_pk" PRIMARY KEY("la_code","miss_table_id")
);
--> statement-breakpoint
CREATE TABLE "casework"."ssd_permanence" (
	"la_code" text NOT NULL,
	"extract_id" integer NOT NULL,
	"perm_table_id" text NOT NULL,
	"perm_person_id" text NOT NULL,
	"perm_adm_decision_date" date,
	"perm_placed_for_adoption_date" date,
	"perm_matched_date" date,
	"perm_adopted_by_carer_flag" text,
	"perm_placed_foster_carer_date" date,
	"perm_decision_reversed_date" date,
	"perm_decision_reversed_reason" text,
	"perm_adopter_sex" text,
	"perm_adopter_legal_status" text,
	"perm_number_of_adopters" text,
	CONSTRAINT "ssd_permanence_la_code_perm_table_id_pk" PRIMARY KEY("la_code","perm_table_id")
);
--> statement-breakpoint
CREATE TABLE "casework"."ssd_person" (
	"la_code" text NOT NULL,
	"extract_id" integer NOT NULL,
	"pers_person_id" text NOT NULL,
	"pers_sex" text,
	"pers_gender" text,
	"pers_ethnicity" text,
	"pers_dob" date,
	"pers_expected_dob" date,
	"pers_death_date" date,
	"pers_upn_unknown" text,
	"pers_send_flag" text,
	"pers_is_mother" text,
	"pers_nationality" text,
	CONSTRAINT "ssd_person_la_code_pers_person_id_pk" PRIMARY KEY("la_code","pers_person_id")
);
--> statement-breakpoint
CREATE TABLE "casework"."ssd_professionals" (
	"la_code" text NOT NULL,
	"extract_id" integer NOT NULL,
	"prof_professional_id" text NOT NULL,
	"prof_professional_job_title" text,
	"prof_professional_caseload" integer,
	"prof_professional_department" text,
	"prof_full_time_equivalency" double precision,
	"prof_agency_worker_flag" text,
	"prof_social_worker_registered" text,
	CONSTRAINT "ssd_professionals_la_code_prof_professional_id_pk" PRIMARY KEY("la_code","prof_professional_id")
);
--> statement-breakpoint
CREATE TABLE "casework"."ssd_s47_enquiry" (
	"la_code" text NOT NULL,
	"extract_id" integer NOT NULL,
	"s47e_s47_enquiry_id" text NOT NULL,
	"s47e_referral_id" text,
	"s47e_person_id" text NOT NULL,
	"s47e_s47_start_date" date,
	"s47e_s47_end_date" date,
	"s47e_s47_nfa" text,
	"s47e_s47_outcome_json" text,
	"s47e_s47_completed_by_worker_id" text,
	"s47e_s47_completed_by_team" text,
	CONSTRAINT "ssd_s47_enquiry_la_code_s47e_s47_enquiry_id_pk" PRIMARY KEY("la_code","s47e_s47_enquiry_id")
);
--> statement-breakpoint
CREATE TABLE "casework"."ssda903_oc2" (
	"la_code" text NOT NULL,
	"extract_id" integer NOT NULL,
	"oc2_person_id" text NOT NULL,
	"oc2_collection_year" integer NOT NULL,
	"oc2_sdq_score" integer,
	"oc2_sdq_reason" text,
	"oc2_convicted" text,
	"oc2_health_check" text,
	"oc2_immunisations" text,
	"oc2_teeth_check" text,
	"oc2_health_assessment" text,
	"oc2_substance_misuse" text,
	"oc2_intervention_received" text,
	"oc2_intervention_offered" text,
	CONSTRAINT "ssda903_oc2_la_code_oc2_person_id_oc2_collection_year_pk" PRIMARY KEY("la_code","oc2_person_id","oc2_collection_year")
);
--> statement-breakpoint
ALTER TABLE "casework"."ssd_care_leavers" ADD CONSTRAINT "ssd_care_leavers_extract_id_extracts_id_fk" FOREIGN KEY ("extract_id") REFERENCES "casework"."extracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casework"."ssd_cin_assessments" ADD CONSTRAINT "ssd_cin_assessments_extract_id_extracts_id_fk" FOREIGN KEY ("extract_id") REFERENCES "casework"."extracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casework"."ssd_cin_episodes" ADD CONSTRAINT "ssd_cin_episodes_extract_id_extracts_id_fk" FOREIGN KEY ("extract_id") REFERENCES "casework"."extracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casework"."ssd_cin_plans" ADD CONSTRAINT "ssd_cin_plans_extract_id_extracts_id_fk" FOREIGN KEY ("extract_id") REFERENCES "casework"."extracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casework"."ssd_cin_visits" ADD CONSTRAINT "ssd_cin_visits_extract_id_extracts_id_fk" FOREIGN KEY ("extract_id") REFERENCES "casework"."extracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casework"."ssd_cla_care_plan" ADD CONSTRAINT "ssd_cla_care_plan_extract_id_extracts_id_fk" FOREIGN KEY ("extract_id") REFERENCES "casework"."extracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casework"."ssd_cla_episodes" ADD CONSTRAINT "ssd_cla_episodes_extract_id_extracts_id_fk" FOREIGN KEY ("extract_id") REFERENCES "casework"."extracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casework"."ssd_cla_health" ADD CONSTRAINT "ssd_cla_health_extract_id_extracts_id_fk" FOREIGN KEY ("extract_id") REFERENCES "casework"."extracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casework"."ssd_cla_placement" ADD CONSTRAINT "ssd_cla_placement_extract_id_extracts_id_fk" FOREIGN KEY ("extract_id") REFERENCES "casework"."extracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casework"."ssd_cla_previous_permanence" ADD CONSTRAINT "ssd_cla_previous_permanence_extract_id_extracts_id_fk" FOREIGN KEY ("extract_id") REFERENCES "casework"."extracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casework"."ssd_cla_reviews" ADD CONSTRAINT "ssd_cla_reviews_extract_id_extracts_id_fk" FOREIGN KEY ("extract_id") REFERENCES "casework"."extracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casework"."ssd_cla_visits" ADD CONSTRAINT "ssd_cla_visits_extract_id_extracts_id_fk" FOREIGN KEY ("extract_id") REFERENCES "casework"."extracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casework"."ssd_contacts" ADD CONSTRAINT "ssd_contacts_extract_id_extracts_id_fk" FOREIGN KEY ("extract_id") REFERENCES "casework"."extracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casework"."ssd_cp_plans" ADD CONSTRAINT "ssd_cp_plans_extract_id_extracts_id_fk" FOREIGN KEY ("extract_id") REFERENCES "casework"."extracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casework"."ssd_cp_reviews" ADD CONSTRAINT "ssd_cp_reviews_extract_id_extracts_id_fk" FOREIGN KEY ("extract_id") REFERENCES "casework"."extracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casework"."ssd_cp_visits" ADD CONSTRAINT "ssd_cp_visits_extract_id_extracts_id_fk" FOREIGN KEY ("extract_id") REFERENCES "casework"."extracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casework"."ssd_department" ADD CONSTRAINT "ssd_department_extract_id_extracts_id_fk" FOREIGN KEY ("extract_id") REFERENCES "casework"."extracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casework"."ssd_disability" ADD CONSTRAINT "ssd_disability_extract_id_extracts_id_fk" FOREIGN KEY ("extract_id") REFERENCES "casework"."extracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casework"."ssd_immigration_status" ADD CONSTRAINT "ssd_immigration_status_extract_id_extracts_id_fk" FOREIGN KEY ("extract_id") REFERENCES "casework"."extracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casework"."ssd_initial_cp_conference" ADD CONSTRAINT "ssd_initial_cp_conference_extract_id_extracts_id_fk" FOREIGN KEY ("extract_id") REFERENCES "casework"."extracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casework"."ssd_involvements" ADD CONSTRAINT "ssd_involvements_extract_id_extracts_id_fk" FOREIGN KEY ("extract_id") REFERENCES "casework"."extracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casework"."ssd_legal_status" ADD CONSTRAINT "ssd_legal_status_extract_id_extracts_id_fk" FOREIGN KEY ("extract_id") REFERENCES "casework"."extracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casework"."ssd_missing" ADD CONSTRAINT "ssd_missing_extract_id_extracts_id_fk" FOREIGN KEY ("extract_id") REFERENCES "casework"."extracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casework"."ssd_permanence" ADD CONSTRAINT "ssd_permanence_extract_id_extracts_id_fk" FOREIGN KEY ("extract_id") REFERENCES "casework"."extracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casework"."ssd_person" ADD CONSTRAINT "ssd_person_extract_id_extracts_id_fk" FOREIGN KEY ("extract_id") REFERENCES "casework"."extracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casework"."ssd_professionals" ADD CONSTRAINT "ssd_professionals_extract_id_extracts_id_fk" FOREIGN KEY ("extract_id") REFERENCES "casework"."extracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casework"."ssd_s47_enquiry" ADD CONSTRAINT "ssd_s47_enquiry_extract_id_extracts_id_fk" FOREIGN KEY ("extract_id") REFERENCES "casework"."extracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casework"."ssda903_oc2" ADD CONSTRAINT "ssda903_oc2_extract_id_extracts_id_fk" FOREIGN KEY ("extract_id") REFERENCES "casework"."extracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ssd_care_leavers_person" ON "casework"."ssd_care_leavers" USING btree ("la_code","clea_person_id");--> statement-breakpoint
CREATE INDEX "ssd_cin_assessments_person" ON "casework"."ssd_cin_assessments" USING btree ("la_code","cina_person_id");--> statement-breakpoint
CREATE INDEX "ssd_cin_episodes_person" ON "casework"."ssd_cin_episodes" USING btree ("la_code","cine_person_id");--> statement-breakpoint
CREATE INDEX "ssd_cin_plans_person" ON "casework"."ssd_cin_plans" USING btree ("la_code","cinp_person_id");--> statement-breakpoint
CREATE INDEX "ssd_cin_visits_person" ON "casework"."ssd_cin_visits" USING btree ("la_code","cinv_person_id");--> statement-breakpoint
CREATE INDEX "ssd_cla_care_plan_person" ON "casework"."ssd_cla_care_plan" USING btree ("la_code","lacp_person_id");--> statement-breakpoint
CREATE INDEX "ssd_cla_episodes_person" ON "casework"."ssd_cla_episodes" USING btree ("la_code","clae_person_id");--> statement-breakpoint
CREATE INDEX "ssd_cla_health_person" ON "casework"."ssd_cla_health" USING btree ("la_code","clah_person_id");--> statement-breakpoint
CREATE INDEX "ssd_cla_placement_person" ON "casework"."ssd_cla_placement" USING btree ("la_code","clap_person_id");--> statement-breakpoint
CREATE INDEX "ssd_cla_previous_permanence_person" ON "casework"."ssd_cla_previous_permanence" USING btree ("la_code","lapp_person_id");--> statement-breakpoint
CREATE INDEX "ssd_cla_reviews_person" ON "casework"."ssd_cla_reviews" USING btree ("la_code","clar_person_id");--> statement-breakpoint
CREATE INDEX "ssd_cla_visits_person" ON "casework"."ssd_cla_visits" USING btree ("la_code","clav_person_id");--> statement-breakpoint
CREATE INDEX "ssd_contacts_person" ON "casework"."ssd_contacts" USING btree ("la_code","cont_person_id");--> statement-breakpoint
CREATE INDEX "ssd_cp_plans_person" ON "casework"."ssd_cp_plans" USING btree ("la_code","cppl_person_id");--> statement-breakpoint
CREATE INDEX "ssd_cp_reviews_person" ON "casework"."ssd_cp_reviews" USING btree ("la_code","cppr_person_id");--> statement-breakpoint
CREATE INDEX "ssd_cp_visits_person" ON "casework"."ssd_cp_visits" USING btree ("la_code","cppv_person_id");--> statement-breakpoint
CREATE INDEX "ssd_disability_person" ON "casework"."ssd_disability" USING btree ("la_code","disa_person_id");--> statement-breakpoint
CREATE INDEX "ssd_immigration_status_person" ON "casework"."ssd_immigration_status" USING btree ("la_code","immi_person_id");--> statement-breakpoint
CREATE INDEX "ssd_initial_cp_conference_person" ON "casework"."ssd_initial_cp_conference" USING btree ("la_code","icpc_person_id");--> statement-breakpoint
CREATE INDEX "ssd_involvements_person" ON "casework"."ssd_involvements" USING btree ("la_code","invo_person_id");--> statement-breakpoint
CREATE INDEX "ssd_legal_status_person" ON "casework"."ssd_legal_status" USING btree ("la_code","lega_person_id");--> statement-breakpoint
CREATE INDEX "ssd_missing_person" ON "casework"."ssd_missing" USING btree ("la_code","miss_person_id");--> statement-breakpoint
CREATE INDEX "ssd_permanence_person" ON "casework"."ssd_permanence" USING btree ("la_code","perm_person_id");--> statement-breakpoint
CREATE INDEX "ssd_s47_enquiry_person" ON "casework"."ssd_s47_enquiry" USING btree ("la_code","s47e_person_id");