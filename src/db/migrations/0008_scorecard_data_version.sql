-- The scorecard (every measure's latest value, target and RAG, SPC and benchmarks) is built once
-- and cached by each app instance, keyed by the 'scorecard' data version. Every statement that
-- changes a table the scorecard reads bumps the version in the same transaction, so no instance
-- uses a scorecard built before a change it does not hold: the change and the new version are
-- committed together. Statement-level: one bump per statement, however many rows it changes.
CREATE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO data_versions (name, version) VALUES (TG_ARGV[0], 1)
    ON CONFLICT (name) DO UPDATE SET version = data_versions.version + 1;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
INSERT INTO data_versions (name, version) VALUES ('scorecard', 1) ON CONFLICT (name) DO NOTHING;
--> statement-breakpoint
CREATE TRIGGER plans_scorecard_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON plans
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('scorecard');
--> statement-breakpoint
CREATE TRIGGER priorities_scorecard_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON priorities
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('scorecard');
--> statement-breakpoint
CREATE TRIGGER measures_scorecard_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON measures
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('scorecard');
--> statement-breakpoint
CREATE TRIGGER measure_priorities_scorecard_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON measure_priorities
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('scorecard');
--> statement-breakpoint
CREATE TRIGGER measure_targets_scorecard_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON measure_targets
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('scorecard');
--> statement-breakpoint
CREATE TRIGGER measure_values_scorecard_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON measure_values
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('scorecard');
--> statement-breakpoint
CREATE TRIGGER measure_commentary_scorecard_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON measure_commentary
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('scorecard');
--> statement-breakpoint
CREATE TRIGGER spc_baselines_scorecard_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON spc_baselines
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('scorecard');
--> statement-breakpoint
CREATE TRIGGER benchmark_values_scorecard_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON benchmark_values
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('scorecard');
--> statement-breakpoint
CREATE TRIGGER benchmark_summaries_scorecard_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON benchmark_summaries
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('scorecard');
--> statement-breakpoint
CREATE TRIGGER neighbour_sets_scorecard_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON neighbour_sets
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('scorecard');
--> statement-breakpoint
CREATE TRIGGER neighbour_set_members_scorecard_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON neighbour_set_members
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('scorecard');
--> statement-breakpoint
CREATE TRIGGER rag_settings_scorecard_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON rag_settings
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('scorecard');
