-- Most changes touch one measure: a value, a target, a line of commentary. Each measure now keeps a
-- version of its own ('measure:<id>') for the tables whose rows belong to one measure, so a change
-- to one measure's data rebuilds that measure's scorecard row and no other. 'scorecard' stays the
-- version of what every row depends on (the plan, its priorities, the RAG rule, neighbour sets),
-- and is bumped too when one of the measures' tables is emptied at once (TRUNCATE).
--
-- As before (0011), a change queues one bump per version per transaction in data_version_bumps and
-- the counters are bumped as the transaction commits. Statement-level triggers see the rows each
-- statement changed (transition tables), so an import of thousands of values queues one bump for
-- each measure it touched, at one trigger call a statement.

-- Queues one bump of a version for the transaction, however often it is asked. The marker is a
-- setting local to the transaction (so a savepoint rolled back unmarks it too); a setting's name
-- takes letters, digits and underscores only.
CREATE FUNCTION queue_data_version_bump(version_name text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  marker text := 'waymark.version_bump_' || regexp_replace(version_name, '[^a-zA-Z0-9_]', '_', 'g');
BEGIN
  IF coalesce(current_setting(marker, true), '') <> 'queued' THEN
    PERFORM set_config(marker, 'queued', true);
    INSERT INTO data_version_bumps (name) VALUES (version_name);
  END IF;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM queue_data_version_bump(TG_ARGV[0]);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- Queues a bump of each measure's version whose rows the statement changed. TG_ARGV[0] names the
-- column holding the measure's id; the triggers name the changed rows changed_rows, and an
-- update's new rows also new_rows (a row moved to another measure changes both).
CREATE FUNCTION bump_measure_versions() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed integer;
BEGIN
  FOR changed IN EXECUTE CASE TG_OP
    WHEN 'UPDATE' THEN format('SELECT %1$I FROM changed_rows UNION SELECT %1$I FROM new_rows', TG_ARGV[0])
    ELSE format('SELECT DISTINCT %I FROM changed_rows', TG_ARGV[0])
  END LOOP
    PERFORM queue_data_version_bump('measure:' || changed);
  END LOOP;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- A transaction's bumps are applied together, by the first of its queued rows to fire, in order of
-- name: with a counter for each measure, two transactions committing at once may share several,
-- and taking them in one order means neither ever waits for the other in a circle. The rows this
-- finds are the transaction's own: every other transaction's are uncommitted, or removed as it
-- committed. The later rows' triggers find nothing left to do.
CREATE OR REPLACE FUNCTION apply_data_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH queued AS (DELETE FROM data_version_bumps RETURNING name)
  INSERT INTO data_versions (name, version)
    SELECT name, 1 FROM queued GROUP BY name ORDER BY name
    ON CONFLICT (name) DO UPDATE SET version = data_versions.version + 1;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
DO $$
DECLARE
  t record;
BEGIN
  FOR t IN SELECT * FROM (VALUES
    ('measures', 'id'),
    ('measure_priorities', 'measure_id'),
    ('measure_targets', 'measure_id'),
    ('measure_values', 'measure_id'),
    ('measure_commentary', 'measure_id'),
    ('spc_baselines', 'measure_id'),
    ('benchmark_values', 'measure_id'),
    ('benchmark_summaries', 'measure_id')
  ) AS measure_tables(name, measure_column) LOOP
    EXECUTE format('DROP TRIGGER %I ON %I', t.name || '_scorecard_version', t.name);
    EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version(%L)', t.name || '_scorecard_version', t.name, 'scorecard');
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_measure_versions(%L)', t.name || '_measure_versions_insert', t.name, t.measure_column);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS changed_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_measure_versions(%L)', t.name || '_measure_versions_update', t.name, t.measure_column);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_measure_versions(%L)', t.name || '_measure_versions_delete', t.name, t.measure_column);
  END LOOP;
END;
$$;
