CREATE TYPE "public"."milestone_status" AS ENUM('not_started', 'on_track', 'at_risk', 'off_track', 'complete', 'carried_forward', 'not_achieved');--> statement-breakpoint
CREATE TYPE "public"."period_kind" AS ENUM('quarter', 'half-year', 'year-end');--> statement-breakpoint
CREATE TYPE "public"."review_decision" AS ENUM('complete', 'carried_forward', 'revised', 'not_achieved');--> statement-breakpoint
CREATE TYPE "public"."update_scope" AS ENUM('priority', 'service');--> statement-breakpoint
CREATE TYPE "public"."update_state" AS ENUM('draft', 'submitted', 'returned', 'approved');--> statement-breakpoint
CREATE TABLE "milestone_reviews" (
	"id" serial PRIMARY KEY NOT NULL,
	"milestone_id" integer NOT NULL,
	"decision" "review_decision" NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"next_milestone_id" integer,
	"reviewed_by" text NOT NULL,
	"reviewed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "milestone_reviews_milestone_id_unique" UNIQUE("milestone_id")
);
--> statement-breakpoint
CREATE TABLE "milestone_updates" (
	"id" serial PRIMARY KEY NOT NULL,
	"update_id" integer NOT NULL,
	"milestone_id" integer NOT NULL,
	"status" "milestone_status",
	"narrative" text DEFAULT '' NOT NULL,
	"evidence" jsonb DEFAULT '[]'::jsonb NOT NULL,
	CONSTRAINT "milestone_updates_unique" UNIQUE("update_id","milestone_id")
);
--> statement-breakpoint
CREATE TABLE "progress_updates" (
	"id" serial PRIMARY KEY NOT NULL,
	"period_id" integer NOT NULL,
	"scope" "update_scope" NOT NULL,
	"priority_id" integer,
	"narrative" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"achievements" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"challenges" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"planned_next" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"state" "update_state" DEFAULT 'draft' NOT NULL,
	"author_id" integer,
	"author_name" text NOT NULL,
	"submitted_at" timestamp with time zone,
	"decided_by_id" integer,
	"decided_by_name" text,
	"decided_at" timestamp with time zone,
	"return_comment" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reporting_periods" (
	"id" serial PRIMARY KEY NOT NULL,
	"plan_id" integer NOT NULL,
	"plan_year" integer NOT NULL,
	"kind" "period_kind" NOT NULL,
	"quarter" integer,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"deadline" date,
	"open" boolean DEFAULT true NOT NULL,
	"reported_to" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "milestones" ADD COLUMN "previous_milestone_id" integer;--> statement-breakpoint
ALTER TABLE "milestone_reviews" ADD CONSTRAINT "milestone_reviews_milestone_id_milestones_id_fk" FOREIGN KEY ("milestone_id") REFERENCES "public"."milestones"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "milestone_reviews" ADD CONSTRAINT "milestone_reviews_next_milestone_id_milestones_id_fk" FOREIGN KEY ("next_milestone_id") REFERENCES "public"."milestones"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "milestone_updates" ADD CONSTRAINT "milestone_updates_update_id_progress_updates_id_fk" FOREIGN KEY ("update_id") REFERENCES "public"."progress_updates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "milestone_updates" ADD CONSTRAINT "milestone_updates_milestone_id_milestones_id_fk" FOREIGN KEY ("milestone_id") REFERENCES "public"."milestones"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "progress_updates" ADD CONSTRAINT "progress_updates_period_id_reporting_periods_id_fk" FOREIGN KEY ("period_id") REFERENCES "public"."reporting_periods"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "progress_updates" ADD CONSTRAINT "progress_updates_priority_id_priorities_id_fk" FOREIGN KEY ("priority_id") REFERENCES "public"."priorities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "progress_updates" ADD CONSTRAINT "progress_updates_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "progress_updates" ADD CONSTRAINT "progress_updates_decided_by_id_users_id_fk" FOREIGN KEY ("decided_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reporting_periods" ADD CONSTRAINT "reporting_periods_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "progress_updates_unique" ON "progress_updates" USING btree ("period_id","scope",coalesce("priority_id", 0));--> statement-breakpoint
CREATE UNIQUE INDEX "reporting_periods_unique" ON "reporting_periods" USING btree ("plan_id","plan_year","kind",coalesce("quarter", 0));--> statement-breakpoint
ALTER TABLE "milestones" ADD CONSTRAINT "milestones_previous_milestone_id_milestones_id_fk" FOREIGN KEY ("previous_milestone_id") REFERENCES "public"."milestones"("id") ON DELETE no action ON UPDATE no action;