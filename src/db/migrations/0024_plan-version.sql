-- Pages built from the plan (its overview, each priority's page) are kept once drawn, like the
-- scorecard's rows. The 'plan' version is bumped, as each change commits (0011, 0023), by any
-- statement changing one of the plan's tables; and a measure's benchmark mapping, shown on its
-- page, now bumps that measure's own version as its other tables do.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['plans', 'priorities', 'milestone_resets', 'milestones', 'outcomes', 'ofsted_areas', 'ofsted_area_priorities', 'ofsted_area_milestones', 'voice_items', 'voice_item_priorities', 'key_indicators', 'end_states'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version(%L)', t || '_plan_version', t, 'plan');
  END LOOP;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER benchmark_mappings_scorecard_version AFTER TRUNCATE ON benchmark_mappings
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('scorecard');
--> statement-breakpoint
CREATE TRIGGER benchmark_mappings_measure_versions_insert AFTER INSERT ON benchmark_mappings
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_measure_versions('measure_id');
--> statement-breakpoint
CREATE TRIGGER benchmark_mappings_measure_versions_update AFTER UPDATE ON benchmark_mappings
  REFERENCING OLD TABLE AS changed_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_measure_versions('measure_id');
--> statement-breakpoint
CREATE TRIGGER benchmark_mappings_measure_versions_delete AFTER DELETE ON benchmark_mappings
  REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_measure_versions('measure_id');
--> statement-breakpoint
-- '*' counts every bump of every version: it moves whenever any of them does, so a request reads
-- one row to know whether anything it may have kept is out of date. It is bumped after the
-- transaction's other versions, so two transactions committing at once still take the rows they
-- share in one order, and only when the transaction bumped something.
CREATE OR REPLACE FUNCTION apply_data_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH queued AS (DELETE FROM data_version_bumps RETURNING name),
  bumped AS (
    INSERT INTO data_versions (name, version)
      SELECT name, 1 FROM queued GROUP BY name ORDER BY name
      ON CONFLICT (name) DO UPDATE SET version = data_versions.version + 1
      RETURNING name
  )
  INSERT INTO data_versions (name, version)
    SELECT '*', count(*) FROM bumped HAVING count(*) > 0
    ON CONFLICT (name) DO UPDATE SET version = data_versions.version + excluded.version;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
INSERT INTO data_versions (name, version) SELECT '*', coalesce(sum(version), 0) FROM data_versions;
