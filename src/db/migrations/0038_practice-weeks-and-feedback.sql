CREATE TYPE "public"."quality_feedback_kind" AS ENUM('strength', 'to-strengthen');--> statement-breakpoint
CREATE TYPE "public"."quality_feedback_source" AS ENUM('case-audit', 'practice-week', 'audit-programme');--> statement-breakpoint
CREATE TABLE "quality_feedback" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" "quality_feedback_kind" NOT NULL,
	"theme" text NOT NULL,
	"words" text NOT NULL,
	"given_by" text NOT NULL,
	"service_area" text NOT NULL,
	"source" "quality_feedback_source" NOT NULL,
	"audit_id" integer,
	"practice_week_id" integer,
	"gathered_from" date NOT NULL,
	"gathered_to" date NOT NULL,
	"recorded_by_id" integer,
	"recorded_by_name" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "quality_feedback_source_link" CHECK (("quality_feedback"."source" = 'case-audit') = ("quality_feedback"."audit_id" is not null) and ("quality_feedback"."source" = 'practice-week') = ("quality_feedback"."practice_week_id" is not null)),
	CONSTRAINT "quality_feedback_dates" CHECK ("quality_feedback"."gathered_to" >= "quality_feedback"."gathered_from")
);
--> statement-breakpoint
CREATE TABLE "quality_practice_weeks" (
	"id" serial PRIMARY KEY NOT NULL,
	"theme" text NOT NULL,
	"service_area" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"activities" jsonb NOT NULL,
	"strengths" jsonb NOT NULL,
	"areas_for_improvement" jsonb NOT NULL,
	"learning" text DEFAULT '' NOT NULL,
	"recorded_by_id" integer,
	"recorded_by_name" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "quality_practice_weeks_dates" CHECK ("quality_practice_weeks"."ends_on" >= "quality_practice_weeks"."starts_on")
);
--> statement-breakpoint
ALTER TABLE "quality_actions" ALTER COLUMN "audit_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "quality_actions" ADD COLUMN "practice_week_id" integer;--> statement-breakpoint
ALTER TABLE "quality_feedback" ADD CONSTRAINT "quality_feedback_audit_id_quality_audits_id_fk" FOREIGN KEY ("audit_id") REFERENCES "public"."quality_audits"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_feedback" ADD CONSTRAINT "quality_feedback_practice_week_id_quality_practice_weeks_id_fk" FOREIGN KEY ("practice_week_id") REFERENCES "public"."quality_practice_weeks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_feedback" ADD CONSTRAINT "quality_feedback_recorded_by_id_users_id_fk" FOREIGN KEY ("recorded_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_practice_weeks" ADD CONSTRAINT "quality_practice_weeks_recorded_by_id_users_id_fk" FOREIGN KEY ("recorded_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "quality_feedback_gathered" ON "quality_feedback" USING btree ("gathered_to");--> statement-breakpoint
CREATE INDEX "quality_feedback_audit" ON "quality_feedback" USING btree ("audit_id");--> statement-breakpoint
CREATE INDEX "quality_feedback_practice_week" ON "quality_feedback" USING btree ("practice_week_id");--> statement-breakpoint
CREATE INDEX "quality_practice_weeks_starts" ON "quality_practice_weeks" USING btree ("starts_on");--> statement-breakpoint
CREATE INDEX "quality_practice_weeks_service_area" ON "quality_practice_weeks" USING btree ("service_area");--> statement-breakpoint
ALTER TABLE "quality_actions" ADD CONSTRAINT "quality_actions_practice_week_id_quality_practice_weeks_id_fk" FOREIGN KEY ("practice_week_id") REFERENCES "public"."quality_practice_weeks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "quality_actions_practice_week" ON "quality_actions" USING btree ("practice_week_id");--> statement-breakpoint
ALTER TABLE "quality_actions" ADD CONSTRAINT "quality_actions_raised_by_one" CHECK (("quality_actions"."audit_id" is null) <> ("quality_actions"."practice_week_id" is null));