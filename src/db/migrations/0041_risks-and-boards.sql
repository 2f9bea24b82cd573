CREATE TYPE "public"."board_action_status" AS ENUM('open', 'in-progress', 'complete');--> statement-breakpoint
CREATE TYPE "public"."board_frequency" AS ENUM('weekly', 'fortnightly', 'monthly', 'six-weekly', 'bi-monthly', 'quarterly', 'six-monthly', 'annually', 'as-needed');--> statement-breakpoint
CREATE TYPE "public"."meeting_attendance" AS ENUM('present', 'apologies', 'absent');--> statement-breakpoint
CREATE TYPE "public"."risk_appetite" AS ENUM('averse', 'minimal', 'cautious', 'open', 'eager');--> statement-breakpoint
CREATE TYPE "public"."risk_category" AS ENUM('safeguarding', 'financial', 'workforce', 'sufficiency', 'partnership', 'delivery', 'data');--> statement-breakpoint
CREATE TYPE "public"."risk_kind" AS ENUM('risk', 'issue');--> statement-breakpoint
CREATE TYPE "public"."risk_status" AS ENUM('open', 'escalated', 'closed');--> statement-breakpoint
CREATE TABLE "board_action_updates" (
	"id" serial PRIMARY KEY NOT NULL,
	"action_id" integer NOT NULL,
	"note" text NOT NULL,
	"status" "board_action_status" NOT NULL,
	"by_name" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "board_actions" (
	"id" serial PRIMARY KEY NOT NULL,
	"meeting_id" integer,
	"risk_id" integer,
	"quality_action_id" integer,
	"description" text NOT NULL,
	"owner_id" integer,
	"owner_name" text NOT NULL,
	"due_on" date NOT NULL,
	"status" "board_action_status" DEFAULT 'open' NOT NULL,
	"completed_on" date,
	"raised_by_id" integer,
	"raised_by_name" text NOT NULL,
	"raised_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "board_actions_raised_for" CHECK ("board_actions"."meeting_id" is not null or "board_actions"."risk_id" is not null),
	CONSTRAINT "board_actions_completed" CHECK (("board_actions"."status" = 'complete') = ("board_actions"."completed_on" is not null))
);
--> statement-breakpoint
CREATE TABLE "board_members" (
	"id" serial PRIMARY KEY NOT NULL,
	"board_id" integer NOT NULL,
	"user_id" integer,
	"name" text NOT NULL,
	"role" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "boards" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"purpose" text DEFAULT '' NOT NULL,
	"chair" text DEFAULT '' NOT NULL,
	"frequency" "board_frequency" NOT NULL,
	"reports_to" text DEFAULT '' NOT NULL,
	"priority_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "boards_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "meeting_attendees" (
	"id" serial PRIMARY KEY NOT NULL,
	"meeting_id" integer NOT NULL,
	"name" text NOT NULL,
	"role" text DEFAULT '' NOT NULL,
	"attendance" "meeting_attendance" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meeting_items" (
	"id" serial PRIMARY KEY NOT NULL,
	"meeting_id" integer NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"report_id" integer,
	"risk_id" integer,
	"measure_id" integer,
	"decisions" text DEFAULT '' NOT NULL,
	"minutes" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meetings" (
	"id" serial PRIMARY KEY NOT NULL,
	"board_id" integer NOT NULL,
	"held_on" date NOT NULL,
	"minutes_drafted_at" timestamp with time zone,
	"minutes_approved_at_meeting_id" integer,
	"minutes_approved_by" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_assessments" (
	"id" serial PRIMARY KEY NOT NULL,
	"risk_id" integer NOT NULL,
	"assessed_on" date NOT NULL,
	"inherent_likelihood" smallint NOT NULL,
	"inherent_impact" smallint NOT NULL,
	"residual_likelihood" smallint NOT NULL,
	"residual_impact" smallint NOT NULL,
	"rationale" text DEFAULT '' NOT NULL,
	"assessed_by_id" integer,
	"assessed_by_name" text NOT NULL,
	"assessed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "risk_assessments_levels" CHECK (least("risk_assessments"."inherent_likelihood", "risk_assessments"."inherent_impact", "risk_assessments"."residual_likelihood", "risk_assessments"."residual_impact") >= 1 and greatest("risk_assessments"."inherent_likelihood", "risk_assessments"."inherent_impact", "risk_assessments"."residual_likelihood", "risk_assessments"."residual_impact") <= 5)
);
--> statement-breakpoint
CREATE TABLE "risk_links" (
	"id" serial PRIMARY KEY NOT NULL,
	"risk_id" integer NOT NULL,
	"priority_id" integer,
	"milestone_id" integer,
	"measure_id" integer,
	CONSTRAINT "risk_links_once" UNIQUE NULLS NOT DISTINCT("risk_id","priority_id","milestone_id","measure_id"),
	CONSTRAINT "risk_links_target" CHECK (("risk_links"."priority_id" is not null) <> ("risk_links"."measure_id" is not null) and ("risk_links"."milestone_id" is null or "risk_links"."priority_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "risk_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"likelihood_words" jsonb NOT NULL,
	"impact_words" jsonb NOT NULL,
	"medium_from" smallint NOT NULL,
	"high_from" smallint NOT NULL,
	"very_high_from" smallint NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "risk_settings_one_row" CHECK ("risk_settings"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "risks" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" "risk_kind" DEFAULT 'risk' NOT NULL,
	"title" text NOT NULL,
	"cause" text DEFAULT '' NOT NULL,
	"event" text DEFAULT '' NOT NULL,
	"effect" text DEFAULT '' NOT NULL,
	"category" "risk_category" NOT NULL,
	"owner_id" integer,
	"owner_name" text NOT NULL,
	"controls" text DEFAULT '' NOT NULL,
	"target_likelihood" smallint,
	"target_impact" smallint,
	"appetite" "risk_appetite",
	"review_on" date NOT NULL,
	"status" "risk_status" DEFAULT 'open' NOT NULL,
	"escalated_to_board_id" integer,
	"escalated_on" date,
	"became_issue_on" date,
	"issue_impact" text DEFAULT '' NOT NULL,
	"resolution" text DEFAULT '' NOT NULL,
	"closed_on" date,
	"created_by_id" integer,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "risks_target" CHECK (("risks"."target_likelihood" is null) = ("risks"."target_impact" is null) and coalesce("risks"."target_likelihood" between 1 and 5 and "risks"."target_impact" between 1 and 5, true)),
	CONSTRAINT "risks_escalated" CHECK (("risks"."status" = 'escalated') = ("risks"."escalated_to_board_id" is not null)),
	CONSTRAINT "risks_issue" CHECK (("risks"."kind" = 'issue') = ("risks"."became_issue_on" is not null))
);
--> statement-breakpoint
ALTER TABLE "board_action_updates" ADD CONSTRAINT "board_action_updates_action_id_board_actions_id_fk" FOREIGN KEY ("action_id") REFERENCES "public"."board_actions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "board_actions" ADD CONSTRAINT "board_actions_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "board_actions" ADD CONSTRAINT "board_actions_risk_id_risks_id_fk" FOREIGN KEY ("risk_id") REFERENCES "public"."risks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "board_actions" ADD CONSTRAINT "board_actions_quality_action_id_quality_actions_id_fk" FOREIGN KEY ("quality_action_id") REFERENCES "public"."quality_actions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "board_actions" ADD CONSTRAINT "board_actions_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "board_actions" ADD CONSTRAINT "board_actions_raised_by_id_users_id_fk" FOREIGN KEY ("raised_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "board_members" ADD CONSTRAINT "board_members_board_id_boards_id_fk" FOREIGN KEY ("board_id") REFERENCES "public"."boards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "board_members" ADD CONSTRAINT "board_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_attendees" ADD CONSTRAINT "meeting_attendees_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_items" ADD CONSTRAINT "meeting_items_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_items" ADD CONSTRAINT "meeting_items_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_items" ADD CONSTRAINT "meeting_items_risk_id_risks_id_fk" FOREIGN KEY ("risk_id") REFERENCES "public"."risks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_items" ADD CONSTRAINT "meeting_items_measure_id_measures_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."measures"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_board_id_boards_id_fk" FOREIGN KEY ("board_id") REFERENCES "public"."boards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_minutes_approved_at_meeting_id_meetings_id_fk" FOREIGN KEY ("minutes_approved_at_meeting_id") REFERENCES "public"."meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_assessments" ADD CONSTRAINT "risk_assessments_risk_id_risks_id_fk" FOREIGN KEY ("risk_id") REFERENCES "public"."risks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_assessments" ADD CONSTRAINT "risk_assessments_assessed_by_id_users_id_fk" FOREIGN KEY ("assessed_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_links" ADD CONSTRAINT "risk_links_risk_id_risks_id_fk" FOREIGN KEY ("risk_id") REFERENCES "public"."risks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_links" ADD CONSTRAINT "risk_links_priority_id_priorities_id_fk" FOREIGN KEY ("priority_id") REFERENCES "public"."priorities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_links" ADD CONSTRAINT "risk_links_milestone_id_milestones_id_fk" FOREIGN KEY ("milestone_id") REFERENCES "public"."milestones"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_links" ADD CONSTRAINT "risk_links_measure_id_measures_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."measures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risks" ADD CONSTRAINT "risks_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risks" ADD CONSTRAINT "risks_escalated_to_board_id_boards_id_fk" FOREIGN KEY ("escalated_to_board_id") REFERENCES "public"."boards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risks" ADD CONSTRAINT "risks_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "board_action_updates_action" ON "board_action_updates" USING btree ("action_id");--> statement-breakpoint
CREATE INDEX "board_actions_meeting" ON "board_actions" USING btree ("meeting_id");--> statement-breakpoint
CREATE INDEX "board_actions_risk" ON "board_actions" USING btree ("risk_id");--> statement-breakpoint
CREATE INDEX "board_actions_owner" ON "board_actions" USING btree ("owner_id","status");--> statement-breakpoint
CREATE INDEX "board_members_board" ON "board_members" USING btree ("board_id");--> statement-breakpoint
CREATE INDEX "meeting_attendees_meeting" ON "meeting_attendees" USING btree ("meeting_id");--> statement-breakpoint
CREATE INDEX "meeting_items_meeting" ON "meeting_items" USING btree ("meeting_id","position");--> statement-breakpoint
CREATE INDEX "meetings_board" ON "meetings" USING btree ("board_id","held_on");--> statement-breakpoint
CREATE INDEX "risk_assessments_risk" ON "risk_assessments" USING btree ("risk_id","assessed_on");--> statement-breakpoint
CREATE INDEX "risk_links_priority" ON "risk_links" USING btree ("priority_id");--> statement-breakpoint
CREATE INDEX "risk_links_measure" ON "risk_links" USING btree ("measure_id");--> statement-breakpoint
CREATE INDEX "risks_owner" ON "risks" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "risks_review" ON "risks" USING btree ("status","review_on");--> statement-breakpoint
-- The scale a council starts with: it changes it on the risk settings page.
INSERT INTO "risk_settings" ("id", "likelihood_words", "impact_words", "medium_from", "high_from", "very_high_from", "updated_by")
VALUES (1, '["Rare", "Unlikely", "Possible", "Likely", "Almost certain"]', '["Negligible", "Minor", "Moderate", "Major", "Severe"]', 5, 10, 15, 'Waymark');--> statement-breakpoint
-- A priority's page, kept once drawn, shows the risks linked to it: a change to risks, their
-- scores or their links bumps the 'risks' version as it commits, so the page is drawn again.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['risks', 'risk_assessments', 'risk_links', 'risk_settings'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version(%L)', t || '_risks_version', t, 'risks');
  END LOOP;
END;
$$;
