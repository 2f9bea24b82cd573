CREATE TYPE "public"."voice_kind" AS ENUM('wish', 'ask');--> statement-breakpoint
CREATE TABLE "end_states" (
	"id" serial PRIMARY KEY NOT NULL,
	"plan_id" integer NOT NULL,
	"position" integer NOT NULL,
	"achieve" text NOT NULL,
	"impact" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "key_indicators" (
	"id" serial PRIMARY KEY NOT NULL,
	"plan_id" integer NOT NULL,
	"position" integer NOT NULL,
	"text" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "milestone_resets" (
	"id" serial PRIMARY KEY NOT NULL,
	"plan_id" integer NOT NULL,
	"plan_year" integer NOT NULL,
	"name" text NOT NULL,
	"held_on" date NOT NULL,
	"summary" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "milestones" (
	"id" serial PRIMARY KEY NOT NULL,
	"priority_id" integer NOT NULL,
	"plan_year" integer NOT NULL,
	"position" integer NOT NULL,
	"text" text NOT NULL,
	"owner" text,
	"due_on" date,
	"set_by_reset_id" integer,
	"superseded_by_reset_id" integer,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ofsted_area_milestones" (
	"ofsted_area_id" integer NOT NULL,
	"milestone_id" integer NOT NULL,
	CONSTRAINT "ofsted_area_milestones_ofsted_area_id_milestone_id_pk" PRIMARY KEY("ofsted_area_id","milestone_id")
);
--> statement-breakpoint
CREATE TABLE "ofsted_area_priorities" (
	"ofsted_area_id" integer NOT NULL,
	"priority_id" integer NOT NULL,
	CONSTRAINT "ofsted_area_priorities_ofsted_area_id_priority_id_pk" PRIMARY KEY("ofsted_area_id","priority_id")
);
--> statement-breakpoint
CREATE TABLE "ofsted_areas" (
	"id" serial PRIMARY KEY NOT NULL,
	"plan_id" integer NOT NULL,
	"number" integer NOT NULL,
	"text" text NOT NULL,
	CONSTRAINT "ofsted_areas_plan_number" UNIQUE("plan_id","number")
);
--> statement-breakpoint
CREATE TABLE "outcomes" (
	"id" serial PRIMARY KEY NOT NULL,
	"priority_id" integer NOT NULL,
	"position" integer NOT NULL,
	"text" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plans" (
	"id" serial PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"subtitle" text NOT NULL,
	"council_name" text NOT NULL,
	"service_name" text NOT NULL,
	"old_la_code" text,
	"new_la_code" text,
	"first_year" integer NOT NULL,
	"years" integer NOT NULL,
	"values" text NOT NULL,
	"vision" text NOT NULL,
	"introduction" jsonb NOT NULL,
	"young_people_headline" text NOT NULL,
	"young_people_statement" text NOT NULL,
	"what_matters_to_us" jsonb NOT NULL,
	"framework" jsonb NOT NULL,
	"highlights" jsonb NOT NULL,
	"findings" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plans_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "priorities" (
	"id" serial PRIMARY KEY NOT NULL,
	"plan_id" integer NOT NULL,
	"number" integer NOT NULL,
	"title" text NOT NULL,
	"vision" text NOT NULL,
	"narrative" jsonb NOT NULL,
	"key_elements" jsonb NOT NULL,
	"enablers" jsonb NOT NULL,
	"lead" text,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "priorities_plan_number" UNIQUE("plan_id","number")
);
--> statement-breakpoint
CREATE TABLE "voice_item_priorities" (
	"voice_item_id" integer NOT NULL,
	"priority_id" integer NOT NULL,
	CONSTRAINT "voice_item_priorities_voice_item_id_priority_id_pk" PRIMARY KEY("voice_item_id","priority_id")
);
--> statement-breakpoint
CREATE TABLE "voice_items" (
	"id" serial PRIMARY KEY NOT NULL,
	"plan_id" integer NOT NULL,
	"kind" "voice_kind" NOT NULL,
	"position" integer NOT NULL,
	"text" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "end_states" ADD CONSTRAINT "end_states_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "key_indicators" ADD CONSTRAINT "key_indicators_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "milestone_resets" ADD CONSTRAINT "milestone_resets_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "milestones" ADD CONSTRAINT "milestones_priority_id_priorities_id_fk" FOREIGN KEY ("priority_id") REFERENCES "public"."priorities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "milestones" ADD CONSTRAINT "milestones_set_by_reset_id_milestone_resets_id_fk" FOREIGN KEY ("set_by_reset_id") REFERENCES "public"."milestone_resets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "milestones" ADD CONSTRAINT "milestones_superseded_by_reset_id_milestone_resets_id_fk" FOREIGN KEY ("superseded_by_reset_id") REFERENCES "public"."milestone_resets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ofsted_area_milestones" ADD CONSTRAINT "ofsted_area_milestones_ofsted_area_id_ofsted_areas_id_fk" FOREIGN KEY ("ofsted_area_id") REFERENCES "public"."ofsted_areas"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ofsted_area_milestones" ADD CONSTRAINT "ofsted_area_milestones_milestone_id_milestones_id_fk" FOREIGN KEY ("milestone_id") REFERENCES "public"."milestones"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ofsted_area_priorities" ADD CONSTRAINT "ofsted_area_priorities_ofsted_area_id_ofsted_areas_id_fk" FOREIGN KEY ("ofsted_area_id") REFERENCES "public"."ofsted_areas"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ofsted_area_priorities" ADD CONSTRAINT "ofsted_area_priorities_priority_id_priorities_id_fk" FOREIGN KEY ("priority_id") REFERENCES "public"."priorities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ofsted_areas" ADD CONSTRAINT "ofsted_areas_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcomes" ADD CONSTRAINT "outcomes_priority_id_priorities_id_fk" FOREIGN KEY ("priority_id") REFERENCES "public"."priorities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "priorities" ADD CONSTRAINT "priorities_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voice_item_priorities" ADD CONSTRAINT "voice_item_priorities_voice_item_id_voice_items_id_fk" FOREIGN KEY ("voice_item_id") REFERENCES "public"."voice_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voice_item_priorities" ADD CONSTRAINT "voice_item_priorities_priority_id_priorities_id_fk" FOREIGN KEY ("priority_id") REFERENCES "public"."priorities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voice_items" ADD CONSTRAINT "voice_items_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;