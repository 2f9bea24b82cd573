CREATE TYPE "public"."quality_grade" AS ENUM('outstanding', 'good', 'requires-improvement', 'inadequate');--> statement-breakpoint
CREATE TABLE "quality_audits" (
	"id" serial PRIMARY KEY NOT NULL,
	"template_version_id" integer NOT NULL,
	"case_id" text NOT NULL,
	"service_area" text NOT NULL,
	"team" text NOT NULL,
	"auditor_id" integer,
	"auditor_name" text NOT NULL,
	"practitioner_manager" text NOT NULL,
	"audit_date" date NOT NULL,
	"domain_grades" jsonb NOT NULL,
	"answers" jsonb NOT NULL,
	"overall_grade" "quality_grade" NOT NULL,
	"strengths" text NOT NULL,
	"areas_to_strengthen" text NOT NULL,
	"family_feedback" text DEFAULT '' NOT NULL,
	"moderated_grade" "quality_grade",
	"moderation_reason" text,
	"moderator_id" integer,
	"moderator_name" text,
	"moderated_at" timestamp with time zone,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quality_template_versions" (
	"id" serial PRIMARY KEY NOT NULL,
	"template_id" integer NOT NULL,
	"number" integer NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"service_areas" jsonb NOT NULL,
	"domains" jsonb NOT NULL,
	"questions" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text NOT NULL,
	CONSTRAINT "quality_template_versions_number" UNIQUE("template_id","number")
);
--> statement-breakpoint
CREATE TABLE "quality_templates" (
	"id" serial PRIMARY KEY NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "quality_audits" ADD CONSTRAINT "quality_audits_template_version_id_quality_template_versions_id_fk" FOREIGN KEY ("template_version_id") REFERENCES "public"."quality_template_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_audits" ADD CONSTRAINT "quality_audits_auditor_id_users_id_fk" FOREIGN KEY ("auditor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_audits" ADD CONSTRAINT "quality_audits_moderator_id_users_id_fk" FOREIGN KEY ("moderator_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_template_versions" ADD CONSTRAINT "quality_template_versions_template_id_quality_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."quality_templates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "quality_audits_date" ON "quality_audits" USING btree ("audit_date");--> statement-breakpoint
CREATE INDEX "quality_audits_service_area" ON "quality_audits" USING btree ("service_area");