CREATE TYPE "public"."reminder_kind" AS ENUM('update_due', 'approval_digest');--> statement-breakpoint
CREATE TYPE "public"."reminder_status" AS ENUM('sending', 'sent', 'held', 'failed');--> statement-breakpoint
CREATE TABLE "reminders" (
	"id" serial PRIMARY KEY NOT NULL,
	"recipient_id" integer NOT NULL,
	"recipient_name" text NOT NULL,
	"recipient_email" text,
	"kind" "reminder_kind" NOT NULL,
	"period_id" integer,
	"occasion" text NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"status" "reminder_status" NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"problem" text,
	"created_at" timestamp with time zone NOT NULL,
	"claimed_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "reminders" ADD CONSTRAINT "reminders_recipient_id_users_id_fk" FOREIGN KEY ("recipient_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminders" ADD CONSTRAINT "reminders_period_id_reporting_periods_id_fk" FOREIGN KEY ("period_id") REFERENCES "public"."reporting_periods"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "reminders_unique" ON "reminders" USING btree ("recipient_id","kind",coalesce("period_id", 0),"occasion");--> statement-breakpoint
CREATE INDEX "reminders_created" ON "reminders" USING btree ("created_at");