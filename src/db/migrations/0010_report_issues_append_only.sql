-- An issued report is a record of what went to a meeting: the database refuses to change or remove it.
CREATE TRIGGER report_issues_append_only BEFORE UPDATE OR DELETE ON report_issues
  FOR EACH ROW EXECUTE FUNCTION refuse_change_to_append_only();
--> statement-breakpoint
CREATE TRIGGER report_issues_no_truncate BEFORE TRUNCATE ON report_issues
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change_to_append_only();
