CREATE TYPE "public"."rag_amber_rule" AS ENUM('tolerance', 'percentage');--> statement-breakpoint
CREATE TABLE "rag_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"amber_rule" "rag_amber_rule" DEFAULT 'tolerance' NOT NULL,
	"amber_percent" double precision DEFAULT 5 NOT NULL,
	"on_target_green" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rag_settings_one_row" CHECK ("rag_settings"."id" = 1)
);
