CREATE TABLE "form_submissions" (
	"token" text PRIMARY KEY NOT NULL,
	"record_type" text NOT NULL,
	"record_id" integer,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "end_states" ADD COLUMN "retired_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "end_states" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "key_indicators" ADD COLUMN "retired_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "key_indicators" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "milestones" ADD COLUMN "retired_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "outcomes" ADD COLUMN "retired_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "priorities" ADD COLUMN "position" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "priorities" ADD COLUMN "retired_at" timestamp with time zone;--> statement-breakpoint
-- hand-written: priorities loaded before their order was kept take their place from their number.
UPDATE "priorities" SET "position" = "number";
