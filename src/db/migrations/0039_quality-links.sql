CREATE TYPE "public"."quality_link_record_type" AS ENUM('audit', 'action', 'practice-week');--> statement-breakpoint
CREATE TABLE "quality_links" (
	"id" serial PRIMARY KEY NOT NULL,
	"record_type" "quality_link_record_type" NOT NULL,
	"record_id" integer NOT NULL,
	"priority_id" integer,
	"milestone_id" integer,
	"ofsted_area_id" integer,
	"linked_by_id" integer,
	"linked_by_name" text NOT NULL,
	"linked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "quality_links_once" UNIQUE NULLS NOT DISTINCT("record_type","record_id","priority_id","milestone_id","ofsted_area_id"),
	CONSTRAINT "quality_links_target" CHECK (("quality_links"."priority_id" is not null) <> ("quality_links"."ofsted_area_id" is not null) and ("quality_links"."milestone_id" is null or "quality_links"."priority_id" is not null))
);
--> statement-breakpoint
ALTER TABLE "quality_links" ADD CONSTRAINT "quality_links_priority_id_priorities_id_fk" FOREIGN KEY ("priority_id") REFERENCES "public"."priorities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_links" ADD CONSTRAINT "quality_links_milestone_id_milestones_id_fk" FOREIGN KEY ("milestone_id") REFERENCES "public"."milestones"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_links" ADD CONSTRAINT "quality_links_ofsted_area_id_ofsted_areas_id_fk" FOREIGN KEY ("ofsted_area_id") REFERENCES "public"."ofsted_areas"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_links" ADD CONSTRAINT "quality_links_linked_by_id_users_id_fk" FOREIGN KEY ("linked_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "quality_links_record" ON "quality_links" USING btree ("record_type","record_id");--> statement-breakpoint
CREATE INDEX "quality_links_priority" ON "quality_links" USING btree ("priority_id");--> statement-breakpoint
-- A priority's page, kept once drawn, shows the audits and actions linked to it: a change to
-- audits, actions, links or practice weeks bumps the 'quality' version as it commits, so the page is drawn again.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['quality_audits', 'quality_actions', 'quality_links', 'quality_practice_weeks'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version(%L)', t || '_quality_version', t, 'quality');
  END LOOP;
END;
$$;
