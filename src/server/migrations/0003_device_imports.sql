CREATE TABLE "device_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"format" text NOT NULL,
	"sha256" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"content" bytea NOT NULL,
	"row_count" integer NOT NULL,
	"columns" jsonb NOT NULL,
	"mapping" jsonb,
	"options" jsonb,
	"status" text DEFAULT 'uploaded' NOT NULL,
	"problems" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"problem_count" integer DEFAULT 0 NOT NULL,
	"result" jsonb,
	"error" text,
	"job_id" bigint,
	"created_by_id" uuid,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "device_imports_format_check" CHECK ("device_imports"."format" in ('csv','xlsx')),
	CONSTRAINT "device_imports_status_check" CHECK ("device_imports"."status" in ('uploaded','checked','invalid','queued','applying','applied','failed'))
);
--> statement-breakpoint
ALTER TABLE "device_imports" ADD CONSTRAINT "device_imports_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "device_imports_org_created_idx" ON "device_imports" USING btree ("organization_id","created_at","id");
