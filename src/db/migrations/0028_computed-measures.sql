CREATE TABLE "casework"."calendar_days" (
	"day" date PRIMARY KEY NOT NULL,
	"working" boolean NOT NULL,
	"wd_number" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "casework"."calendar_fingerprint" (
	"sha256" text PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"covers" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "casework"."computed_cases" (
	"value_id" integer NOT NULL,
	"person_id" text NOT NULL,
	"record_id" text NOT NULL,
	"in_denominator" boolean NOT NULL,
	"in_numerator" boolean NOT NULL,
	"reason" text,
	"start_date" date,
	"event_date" date,
	"due_date" date,
	"working_days" integer
);
--> statement-breakpoint
CREATE TABLE "casework"."computed_values" (
	"id" serial PRIMARY KEY NOT NULL,
	"la_code" text NOT NULL,
	"measure_code" text NOT NULL,
	"definition_version" text NOT NULL,
	"sql_sha256" text NOT NULL,
	"period_kind" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"reference_date" date NOT NULL,
	"extract_ids" jsonb NOT NULL,
	"extract_date" date NOT NULL,
	"calendar_sha256" text NOT NULL,
	"numerator" integer NOT NULL,
	"denominator" integer NOT NULL,
	"excluded" jsonb NOT NULL,
	"value" double precision,
	"provisional" boolean NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"computed_by" text NOT NULL,
	"superseded_at" timestamp with time zone,
	"frozen" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
ALTER TABLE "casework"."computed_cases" ADD CONSTRAINT "computed_cases_value_id_computed_values_id_fk" FOREIGN KEY ("value_id") REFERENCES "casework"."computed_values"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "computed_cases_value" ON "casework"."computed_cases" USING btree ("value_id");--> statement-breakpoint
CREATE INDEX "computed_values_measure" ON "casework"."computed_values" USING btree ("la_code","measure_code","period_kind","period_end");--> statement-breakpoint
-- Working days for the measure definitions (MEASURES.md §3), read from casework.calendar_days.
-- wd_number(d): working days up to and including d. A day the calendar does not cover stops the
-- computation with a message naming it, never a count made as if it had no bank holidays.
CREATE INDEX "calendar_days_working" ON "casework"."calendar_days" USING btree ("wd_number") WHERE "working";
--> statement-breakpoint
CREATE FUNCTION casework.wd_number(d date) RETURNS integer LANGUAGE plpgsql STABLE AS $$
DECLARE
  n integer;
BEGIN
  IF d IS NULL THEN
    RETURN NULL;
  END IF;
  SELECT wd_number INTO n FROM casework.calendar_days WHERE day = d;
  IF n IS NULL THEN
    RAISE EXCEPTION 'Working days cannot be counted for %: the bank holidays held do not cover that year. Load a newer copy of the GOV.UK bank holidays.', to_char(d, 'FMDD FMMonth YYYY')
      USING ERRCODE = 'WM001';
  END IF;
  RETURN n;
END;
$$;
--> statement-breakpoint
-- wd_elapsed(s, e): working days t with s < t <= e. The start is day 0; the next working day is day 1, even from a weekend.
CREATE FUNCTION casework.wd_elapsed(s date, e date) RETURNS integer LANGUAGE sql STABLE AS $$
  SELECT casework.wd_number(e) - casework.wd_number(s)
$$;
--> statement-breakpoint
-- wd_due(s, n): the nth working day after s. "Within n working days" is e <= wd_due(s, n).
CREATE FUNCTION casework.wd_due(s date, n integer) RETURNS date LANGUAGE plpgsql STABLE AS $$
DECLARE
  due date;
BEGIN
  IF s IS NULL OR n = 0 THEN
    RETURN s;
  END IF;
  SELECT day INTO due FROM casework.calendar_days WHERE working AND wd_number = casework.wd_number(s) + n;
  IF due IS NULL THEN
    RAISE EXCEPTION 'Working days cannot be counted % on from %: the bank holidays held do not cover that far. Load a newer copy of the GOV.UK bank holidays.', n, to_char(s, 'FMDD FMMonth YYYY')
      USING ERRCODE = 'WM001';
  END IF;
  RETURN due;
END;
$$;
--> statement-breakpoint
-- add_months(d, n): the same day n months on, or that month's last day when it is shorter.
CREATE FUNCTION casework.add_months(d date, n integer) RETURNS date LANGUAGE sql IMMUTABLE AS $$
  SELECT (d + make_interval(months => n))::date
$$;
