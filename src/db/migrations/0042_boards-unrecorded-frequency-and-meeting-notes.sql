ALTER TYPE "public"."board_frequency" ADD VALUE 'not-recorded';--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "note" text DEFAULT '' NOT NULL;