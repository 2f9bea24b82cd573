CREATE TABLE "casework"."figure_freezes" (
	"report_issue_id" integer NOT NULL,
	"value_id" integer NOT NULL,
	"issue_label" text NOT NULL,
	CONSTRAINT "figure_freezes_report_issue_id_value_id_pk" PRIMARY KEY("report_issue_id","value_id")
);
--> statement-breakpoint
ALTER TABLE "casework"."figure_freezes" ADD CONSTRAINT "figure_freezes_report_issue_id_report_issues_id_fk" FOREIGN KEY ("report_issue_id") REFERENCES "public"."report_issues"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "casework"."figure_freezes" ADD CONSTRAINT "figure_freezes_value_id_computed_values_id_fk" FOREIGN KEY ("value_id") REFERENCES "casework"."computed_values"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "figure_freezes_value" ON "casework"."figure_freezes" USING btree ("value_id");