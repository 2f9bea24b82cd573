CREATE TABLE "benchmark_mapping_drafts" (
	"id" serial PRIMARY KEY NOT NULL,
	"measure_id" integer NOT NULL,
	"file_name" text NOT NULL,
	"content" "bytea" NOT NULL,
	"sent_by" text NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "benchmark_mappings" ALTER COLUMN "column" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "benchmark_mappings" ADD COLUMN "numerator_filters" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "benchmark_mappings" ADD COLUMN "denominator_filters" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "benchmark_mappings" ADD COLUMN "denominator_measure_id" integer;--> statement-breakpoint
ALTER TABLE "benchmark_mappings" ADD COLUMN "scale" integer;--> statement-breakpoint
ALTER TABLE "benchmark_mappings" ADD COLUMN "time_column" text DEFAULT 'time_period' NOT NULL;--> statement-breakpoint
ALTER TABLE "benchmark_mappings" ADD COLUMN "level_column" text DEFAULT 'geographic_level' NOT NULL;--> statement-breakpoint
ALTER TABLE "benchmark_mappings" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "benchmark_values" ADD COLUMN "region_code" text;--> statement-breakpoint
ALTER TABLE "benchmark_mapping_drafts" ADD CONSTRAINT "benchmark_mapping_drafts_measure_id_measures_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."measures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "benchmark_mappings" ADD CONSTRAINT "benchmark_mappings_denominator_measure_id_measures_id_fk" FOREIGN KEY ("denominator_measure_id") REFERENCES "public"."measures"("id") ON DELETE restrict ON UPDATE no action;