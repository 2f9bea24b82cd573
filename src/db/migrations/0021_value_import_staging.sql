CREATE TYPE "public"."value_import_outcome" AS ENUM('added', 'changed', 'unchanged');--> statement-breakpoint
CREATE TYPE "public"."value_import_state" AS ENUM('received', 'applied', 'refused', 'unchanged');--> statement-breakpoint
CREATE TABLE "value_import_rows" (
	"import_id" integer NOT NULL,
	"row" integer NOT NULL,
	"code" text NOT NULL,
	"period_end" date NOT NULL,
	"value" double precision NOT NULL,
	"numerator" double precision,
	"denominator" double precision,
	"status" "value_status" NOT NULL,
	"note" text NOT NULL,
	"outcome" "value_import_outcome",
	"value_id" integer,
	"was_value" double precision,
	"was_numerator" double precision,
	"was_denominator" double precision,
	"was_status" "value_status",
	"was_note" text,
	CONSTRAINT "value_import_rows_import_id_row_pk" PRIMARY KEY("import_id","row")
);
--> statement-breakpoint
ALTER TABLE "value_imports" ADD COLUMN "state" "value_import_state" DEFAULT 'received' NOT NULL;--> statement-breakpoint
ALTER TABLE "value_imports" ADD COLUMN "added" integer;--> statement-breakpoint
ALTER TABLE "value_imports" ADD COLUMN "changed" integer;--> statement-breakpoint
ALTER TABLE "value_imports" ADD COLUMN "unchanged" integer;--> statement-breakpoint
ALTER TABLE "value_imports" ADD COLUMN "problems" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "value_imports" ADD COLUMN "listed_problems" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "value_imports" ADD COLUMN "warnings" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "value_imports" ADD COLUMN "listed_warnings" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "value_imports" ADD COLUMN "applied_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "value_import_rows" ADD CONSTRAINT "value_import_rows_import_id_value_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."value_imports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "value_import_rows_value" ON "value_import_rows" USING btree ("value_id");--> statement-breakpoint
CREATE INDEX "value_imports_imported_at" ON "value_imports" USING btree ("imported_at");--> statement-breakpoint
-- Every file recorded before imports were staged had changed what is stored: it was applied.
UPDATE "value_imports" SET "state" = 'applied', "applied_at" = "imported_at";
--> statement-breakpoint
-- An import, once applied, refused or found unchanged, is part of the audit trail (its event points
-- to it, and its rows hold what each value was before): the database refuses to change or remove
-- it or its rows. Only a received import, still waiting to be applied, may change. The rows are
-- checked once a statement (an import moves thousands at a time), the imports row by row.
CREATE FUNCTION refuse_change_to_settled_import() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.state <> 'received' THEN
    RAISE EXCEPTION 'import % has been settled: it cannot be updated or deleted', OLD.id;
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER value_imports_settled BEFORE UPDATE OR DELETE ON value_imports
  FOR EACH ROW EXECUTE FUNCTION refuse_change_to_settled_import();
--> statement-breakpoint
CREATE FUNCTION refuse_change_to_settled_import_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM old_rows o JOIN value_imports i ON i.id = o.import_id WHERE i.state <> 'received') THEN
    RAISE EXCEPTION 'the rows of a settled import cannot be updated or deleted';
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER value_import_rows_settled_update AFTER UPDATE ON value_import_rows
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION refuse_change_to_settled_import_rows();
--> statement-breakpoint
CREATE TRIGGER value_import_rows_settled_delete AFTER DELETE ON value_import_rows
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION refuse_change_to_settled_import_rows();
