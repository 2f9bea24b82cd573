CREATE TABLE "quality_planned_audits" (
	"id" serial PRIMARY KEY NOT NULL,
	"programme_id" integer NOT NULL,
	"case_id" text NOT NULL,
	"service_area" text NOT NULL,
	"template_id" integer NOT NULL,
	"auditor_id" integer,
	"auditor_name" text NOT NULL,
	"due_on" date NOT NULL,
	"audit_id" integer,
	"added_by" text NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "quality_planned_audits_audit_id_unique" UNIQUE("audit_id")
);
--> statement-breakpoint
CREATE TABLE "quality_programmes" (
	"id" serial PRIMARY KEY NOT NULL,
	"month" text NOT NULL,
	"focus" text DEFAULT '' NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "quality_programmes_month_unique" UNIQUE("month")
);
--> statement-breakpoint
ALTER TABLE "quality_planned_audits" ADD CONSTRAINT "quality_planned_audits_programme_id_quality_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."quality_programmes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_planned_audits" ADD CONSTRAINT "quality_planned_audits_template_id_quality_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."quality_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_planned_audits" ADD CONSTRAINT "quality_planned_audits_auditor_id_users_id_fk" FOREIGN KEY ("auditor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_planned_audits" ADD CONSTRAINT "quality_planned_audits_audit_id_quality_audits_id_fk" FOREIGN KEY ("audit_id") REFERENCES "public"."quality_audits"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "quality_planned_audits_programme" ON "quality_planned_audits" USING btree ("programme_id");--> statement-breakpoint
CREATE INDEX "quality_planned_audits_auditor" ON "quality_planned_audits" USING btree ("auditor_id");