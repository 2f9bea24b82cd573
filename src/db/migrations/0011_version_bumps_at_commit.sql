-- Versions are bumped as a transaction commits, not at its first change: before this, a long
-- import held the 'scorecard' counter's row lock from its first statement to its end, and every
-- other change to a measure waited for it. Now the first statement of a transaction to change a
-- cached set writes one row to data_version_bumps (rows there never contend), and a trigger
-- deferred to commit bumps the counter and removes that row: the counter is locked only while
-- the transaction commits. A rolled-back transaction leaves neither the row nor a bump.
CREATE TABLE "data_version_bumps" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"name" text NOT NULL
);
--> statement-breakpoint
-- A values file is recorded each time it changes what is stored, so the same file may be recorded twice.
ALTER TABLE "value_imports" DROP CONSTRAINT "value_imports_sha256_unique";
--> statement-breakpoint
CREATE INDEX "value_imports_sha256" ON "value_imports" USING btree ("sha256");
--> statement-breakpoint
CREATE FUNCTION apply_data_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO data_versions (name, version) VALUES (NEW.name, 1)
    ON CONFLICT (name) DO UPDATE SET version = data_versions.version + 1;
  DELETE FROM data_version_bumps WHERE id = NEW.id;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER data_version_bumps_at_commit AFTER INSERT ON data_version_bumps
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION apply_data_version_bump();
--> statement-breakpoint
-- The statement-level triggers on the cached tables keep calling this function: it now marks the
-- transaction (a setting local to it, so a savepoint rolled back unmarks it too) and queues one
-- bump however many statements follow.
CREATE OR REPLACE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  marker text := 'waymark.version_bump_' || TG_ARGV[0];
BEGIN
  IF coalesce(current_setting(marker, true), '') <> 'queued' THEN
    PERFORM set_config(marker, 'queued', true);
    INSERT INTO data_version_bumps (name) VALUES (TG_ARGV[0]);
  END IF;
  RETURN NULL;
END;
$$;
