ALTER TYPE "public"."report_kind" ADD VALUE 'learning';--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "service_area" text;