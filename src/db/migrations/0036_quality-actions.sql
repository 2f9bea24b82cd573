CREATE TYPE "public"."quality_action_scope" AS ENUM('case', 'team', 'service');--> statement-breakpoint
CREATE TYPE "public"."quality_action_status" AS ENUM('open', 'closed');--> statement-breakpoint
CREATE TABLE "quality_actions" (
	"id" serial PRIMARY KEY NOT NULL,
	"audit_id" integer NOT NULL,
	"scope" "quality_action_scope" NOT NULL,
	"description" text NOT NULL,
	"owner_id" integer,
	"owner_name" text NOT NULL,
	"due_on" date NOT NULL,
	"status" "quality_action_status" DEFAULT 'open' NOT NULL,
	"raised_by_id" integer,
	"raised_by_name" text NOT NULL,
	"raised_at" timestamp with time zone DEFAULT now() NOT NULL,
	"evidence" text,
	"closed_by_id" integer,
	"closed_by_name" text,
	"closed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "quality_audits" ADD COLUMN "checks_action_id" integer;--> statement-breakpoint
ALTER TABLE "quality_actions" ADD CONSTRAINT "quality_actions_audit_id_quality_audits_id_fk" FOREIGN KEY ("audit_id") REFERENCES "public"."quality_audits"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_actions" ADD CONSTRAINT "quality_actions_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_actions" ADD CONSTRAINT "quality_actions_raised_by_id_users_id_fk" FOREIGN KEY ("raised_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_actions" ADD CONSTRAINT "quality_actions_closed_by_id_users_id_fk" FOREIGN KEY ("closed_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "quality_actions_audit" ON "quality_actions" USING btree ("audit_id");--> statement-breakpoint
CREATE INDEX "quality_actions_owner" ON "quality_actions" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "quality_actions_due" ON "quality_actions" USING btree ("status","due_on");--> statement-breakpoint
ALTER TABLE "quality_audits" ADD CONSTRAINT "quality_audits_checks_action_id_quality_actions_id_fk" FOREIGN KEY ("checks_action_id") REFERENCES "public"."quality_actions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "quality_audits_checks_action" ON "quality_audits" USING btree ("checks_action_id");