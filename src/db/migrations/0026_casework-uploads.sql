CREATE TABLE "casework"."upload_chunks" (
	"upload_id" integer NOT NULL,
	"file_index" integer NOT NULL,
	"seq" integer NOT NULL,
	"bytes" "bytea" NOT NULL,
	CONSTRAINT "upload_chunks_upload_id_file_index_seq_pk" PRIMARY KEY("upload_id","file_index","seq")
);
--> statement-breakpoint
CREATE TABLE "casework"."uploads" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"la_code" text,
	"collection_year" integer,
	"extract_date" date,
	"valid_rows_only" boolean NOT NULL,
	"file_names" jsonb NOT NULL,
	"sent_by" text NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	"state" text DEFAULT 'received' NOT NULL,
	"outcome" jsonb
);
--> statement-breakpoint
ALTER TABLE "casework"."upload_chunks" ADD CONSTRAINT "upload_chunks_upload_id_uploads_id_fk" FOREIGN KEY ("upload_id") REFERENCES "casework"."uploads"("id") ON DELETE cascade ON UPDATE no action;