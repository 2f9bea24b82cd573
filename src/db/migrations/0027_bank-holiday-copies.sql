CREATE TABLE "casework"."bank_holiday_copies" (
	"id" serial PRIMARY KEY NOT NULL,
	"file_name" text NOT NULL,
	"sha256" text NOT NULL,
	"source" text NOT NULL,
	"first_year" integer NOT NULL,
	"last_year" integer NOT NULL,
	"holidays" jsonb NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"loaded_by" text NOT NULL
);
