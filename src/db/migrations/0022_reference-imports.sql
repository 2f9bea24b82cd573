CREATE TYPE "public"."reference_import_kind" AS ENUM('dfe-statistics', 'neighbour-model', 'ofsted-judgements');--> statement-breakpoint
CREATE TYPE "public"."reference_import_state" AS ENUM('received', 'imported', 'refused', 'failed');--> statement-breakpoint
CREATE TABLE "reference_imports" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" "reference_import_kind" NOT NULL,
	"file_name" text NOT NULL,
	"content" "bytea" NOT NULL,
	"sha256" text NOT NULL,
	"measure_code" text,
	"year" integer,
	"sent_by" text NOT NULL,
	"state" "reference_import_state" DEFAULT 'received' NOT NULL,
	"result" jsonb,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
