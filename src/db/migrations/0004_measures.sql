CREATE TYPE "public"."area_level" AS ENUM('national', 'regional', 'local');--> statement-breakpoint
CREATE TYPE "public"."measure_frequency" AS ENUM('monthly', 'quarterly', 'annual', 'academic-year');--> statement-breakpoint
CREATE TYPE "public"."measure_polarity" AS ENUM('higher-better', 'lower-better', 'neither');--> statement-breakpoint
CREATE TYPE "public"."measure_source" AS ENUM('entered', 'imported', 'computed');--> statement-breakpoint
CREATE TYPE "public"."measure_unit" AS ENUM('percentage', 'count', 'rate-per-10000', 'days', 'weeks', 'ratio', 'money');--> statement-breakpoint
CREATE TYPE "public"."value_status" AS ENUM('provisional', 'final');--> statement-breakpoint
CREATE TABLE "benchmark_mappings" (
	"measure_id" integer PRIMARY KEY NOT NULL,
	"file_name" text NOT NULL,
	"column" text NOT NULL,
	"numerator_column" text,
	"denominator_column" text,
	"filters" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "benchmark_summaries" (
	"id" serial PRIMARY KEY NOT NULL,
	"measure_id" integer NOT NULL,
	"year" integer NOT NULL,
	"council_code" text NOT NULL,
	"quartile_band" text,
	"rank" integer,
	"rank_of" integer,
	"good_or_outstanding_mean" double precision,
	"good_or_outstanding_count" integer,
	"source" text NOT NULL,
	CONSTRAINT "benchmark_summaries_year" UNIQUE("measure_id","year","council_code")
);
--> statement-breakpoint
CREATE TABLE "benchmark_values" (
	"id" serial PRIMARY KEY NOT NULL,
	"measure_id" integer NOT NULL,
	"year" integer NOT NULL,
	"level" "area_level" NOT NULL,
	"area_code" text NOT NULL,
	"area_name" text NOT NULL,
	"value" double precision,
	"symbol" text,
	"numerator" double precision,
	"denominator" double precision,
	"source" text NOT NULL,
	CONSTRAINT "benchmark_values_area" UNIQUE("measure_id","year","level","area_code")
);
--> statement-breakpoint
CREATE TABLE "measure_commentary" (
	"id" serial PRIMARY KEY NOT NULL,
	"measure_id" integer NOT NULL,
	"period_end" date NOT NULL,
	"text" text NOT NULL,
	"author" text NOT NULL,
	"written_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "measure_commentary_period" UNIQUE("measure_id","period_end")
);
--> statement-breakpoint
CREATE TABLE "measure_priorities" (
	"measure_id" integer NOT NULL,
	"priority_id" integer NOT NULL,
	CONSTRAINT "measure_priorities_measure_id_priority_id_pk" PRIMARY KEY("measure_id","priority_id")
);
--> statement-breakpoint
CREATE TABLE "measure_targets" (
	"id" serial PRIMARY KEY NOT NULL,
	"measure_id" integer NOT NULL,
	"plan_year" integer NOT NULL,
	"value" double precision NOT NULL,
	"tolerance" double precision DEFAULT 0 NOT NULL,
	"one_off" boolean DEFAULT false NOT NULL,
	"achieved" boolean DEFAULT false NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	CONSTRAINT "measure_targets_year" UNIQUE("measure_id","plan_year")
);
--> statement-breakpoint
CREATE TABLE "measure_values" (
	"id" serial PRIMARY KEY NOT NULL,
	"measure_id" integer NOT NULL,
	"period_end" date NOT NULL,
	"value" double precision NOT NULL,
	"numerator" double precision,
	"denominator" double precision,
	"status" "value_status" DEFAULT 'final' NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"provenance" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "measure_values_period" UNIQUE("measure_id","period_end")
);
--> statement-breakpoint
CREATE TABLE "measures" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"title" text NOT NULL,
	"definition" text NOT NULL,
	"unit" "measure_unit" NOT NULL,
	"polarity" "measure_polarity" NOT NULL,
	"frequency" "measure_frequency" NOT NULL,
	"decimals" integer DEFAULT 0 NOT NULL,
	"source" "measure_source" DEFAULT 'entered' NOT NULL,
	"owner" text,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "measures_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "neighbour_set_members" (
	"set_id" integer NOT NULL,
	"position" integer NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"closeness" text DEFAULT '' NOT NULL,
	CONSTRAINT "neighbour_set_members_set_id_position_pk" PRIMARY KEY("set_id","position")
);
--> statement-breakpoint
CREATE TABLE "neighbour_sets" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"year" integer NOT NULL,
	"council_code" text NOT NULL,
	CONSTRAINT "neighbour_sets_year" UNIQUE("council_code","year")
);
--> statement-breakpoint
CREATE TABLE "ofsted_judgements" (
	"council_code" text PRIMARY KEY NOT NULL,
	"council_name" text NOT NULL,
	"judgement" text NOT NULL,
	"published_on" date
);
--> statement-breakpoint
CREATE TABLE "spc_baselines" (
	"id" serial PRIMARY KEY NOT NULL,
	"measure_id" integer NOT NULL,
	"from_period" date NOT NULL,
	"reason" text NOT NULL,
	"set_by" text NOT NULL,
	"set_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "value_imports" (
	"id" serial PRIMARY KEY NOT NULL,
	"file_name" text NOT NULL,
	"sha256" text NOT NULL,
	"rows" integer NOT NULL,
	"imported_by" text NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "value_imports_sha256_unique" UNIQUE("sha256")
);
--> statement-breakpoint
ALTER TABLE "benchmark_mappings" ADD CONSTRAINT "benchmark_mappings_measure_id_measures_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."measures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "benchmark_summaries" ADD CONSTRAINT "benchmark_summaries_measure_id_measures_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."measures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "benchmark_values" ADD CONSTRAINT "benchmark_values_measure_id_measures_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."measures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_commentary" ADD CONSTRAINT "measure_commentary_measure_id_measures_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."measures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_priorities" ADD CONSTRAINT "measure_priorities_measure_id_measures_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."measures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_priorities" ADD CONSTRAINT "measure_priorities_priority_id_priorities_id_fk" FOREIGN KEY ("priority_id") REFERENCES "public"."priorities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_targets" ADD CONSTRAINT "measure_targets_measure_id_measures_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."measures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_values" ADD CONSTRAINT "measure_values_measure_id_measures_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."measures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "neighbour_set_members" ADD CONSTRAINT "neighbour_set_members_set_id_neighbour_sets_id_fk" FOREIGN KEY ("set_id") REFERENCES "public"."neighbour_sets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spc_baselines" ADD CONSTRAINT "spc_baselines_measure_id_measures_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."measures"("id") ON DELETE cascade ON UPDATE no action;