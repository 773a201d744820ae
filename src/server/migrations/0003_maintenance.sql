CREATE TABLE "idempotency_keys" (
	"organization_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"key" text NOT NULL,
	"operation" text NOT NULL,
	"request_sha256" text NOT NULL,
	"status_code" integer,
	"response_body" jsonb,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "idempotency_keys_organization_id_user_id_key_pk" PRIMARY KEY("organization_id","user_id","key")
);
--> statement-breakpoint
CREATE TABLE "maintenance_plan_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"device_type_id" uuid,
	"model_id" uuid,
	"name" text NOT NULL,
	"tasks" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"procedure_reference" text,
	"interval" text,
	"interval_count" integer,
	"interval_unit" text,
	"meter_interval" integer,
	"meter_unit" text,
	"anchor" text NOT NULL,
	"basis" text NOT NULL,
	"basis_document" text,
	"basis_document_version" text,
	"aem_assessment_id" uuid,
	"basis_reference" text,
	"estimated_hours" numeric(8, 2),
	"shop" text,
	"retired_at" timestamp with time zone,
	"retire_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "maintenance_plan_templates_scope_check" CHECK (("maintenance_plan_templates"."device_type_id" is null) <> ("maintenance_plan_templates"."model_id" is null)),
	CONSTRAINT "maintenance_plan_templates_anchor_check" CHECK ("maintenance_plan_templates"."anchor" in ('last_completion','fixed_calendar')),
	CONSTRAINT "maintenance_plan_templates_basis_check" CHECK ("maintenance_plan_templates"."basis" in ('manufacturer','aem','regulation','policy')),
	CONSTRAINT "maintenance_plan_templates_interval_unit_check" CHECK ("maintenance_plan_templates"."interval_unit" is null or "maintenance_plan_templates"."interval_unit" in ('day','week','month','year')),
	CONSTRAINT "maintenance_plan_templates_interval_parts_check" CHECK (("maintenance_plan_templates"."interval" is null) = ("maintenance_plan_templates"."interval_count" is null) and ("maintenance_plan_templates"."interval" is null) = ("maintenance_plan_templates"."interval_unit" is null) and ("maintenance_plan_templates"."interval_count" is null or "maintenance_plan_templates"."interval_count" > 0)),
	CONSTRAINT "maintenance_plan_templates_meter_unit_check" CHECK ("maintenance_plan_templates"."meter_unit" is null or "maintenance_plan_templates"."meter_unit" in ('hours','cycles','exposures','procedures')),
	CONSTRAINT "maintenance_plan_templates_meter_check" CHECK (("maintenance_plan_templates"."meter_interval" is null) = ("maintenance_plan_templates"."meter_unit" is null)),
	CONSTRAINT "maintenance_plan_templates_has_interval_check" CHECK ("maintenance_plan_templates"."interval" is not null or "maintenance_plan_templates"."meter_interval" is not null)
);
--> statement-breakpoint
CREATE TABLE "maintenance_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"device_id" uuid NOT NULL,
	"template_id" uuid,
	"start_date" date,
	"default_assignee_id" uuid,
	"tolerance_reference_id" uuid,
	"name" text NOT NULL,
	"tasks" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"procedure_reference" text,
	"interval" text,
	"interval_count" integer,
	"interval_unit" text,
	"meter_interval" integer,
	"meter_unit" text,
	"anchor" text NOT NULL,
	"basis" text NOT NULL,
	"basis_document" text,
	"basis_document_version" text,
	"aem_assessment_id" uuid,
	"basis_reference" text,
	"estimated_hours" numeric(8, 2),
	"shop" text,
	"retired_at" timestamp with time zone,
	"retire_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "maintenance_plans_anchor_check" CHECK ("maintenance_plans"."anchor" in ('last_completion','fixed_calendar')),
	CONSTRAINT "maintenance_plans_basis_check" CHECK ("maintenance_plans"."basis" in ('manufacturer','aem','regulation','policy')),
	CONSTRAINT "maintenance_plans_interval_unit_check" CHECK ("maintenance_plans"."interval_unit" is null or "maintenance_plans"."interval_unit" in ('day','week','month','year')),
	CONSTRAINT "maintenance_plans_interval_parts_check" CHECK (("maintenance_plans"."interval" is null) = ("maintenance_plans"."interval_count" is null) and ("maintenance_plans"."interval" is null) = ("maintenance_plans"."interval_unit" is null) and ("maintenance_plans"."interval_count" is null or "maintenance_plans"."interval_count" > 0)),
	CONSTRAINT "maintenance_plans_meter_unit_check" CHECK ("maintenance_plans"."meter_unit" is null or "maintenance_plans"."meter_unit" in ('hours','cycles','exposures','procedures')),
	CONSTRAINT "maintenance_plans_meter_check" CHECK (("maintenance_plans"."meter_interval" is null) = ("maintenance_plans"."meter_unit" is null)),
	CONSTRAINT "maintenance_plans_has_interval_check" CHECK ("maintenance_plans"."interval" is not null or "maintenance_plans"."meter_interval" is not null)
);
--> statement-breakpoint
CREATE TABLE "schedule_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"through" date NOT NULL,
	"horizon_days" integer,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"created" integer DEFAULT 0 NOT NULL,
	"cancelled" integer DEFAULT 0 NOT NULL,
	"held" integer DEFAULT 0 NOT NULL,
	"plans_considered" integer DEFAULT 0 NOT NULL,
	"tolerance_reference_id" uuid,
	"actor_id" uuid,
	"actor_label" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "aem_assessments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"device_type_id" uuid,
	"model_id" uuid,
	"oem_tasks" jsonb NOT NULL,
	"oem_interval" text,
	"aem_tasks" jsonb NOT NULL,
	"aem_interval" text,
	"rationale" text NOT NULL,
	"risk_factors" jsonb NOT NULL,
	"evidence" jsonb NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"approved_by" uuid,
	"approved_at" timestamp with time zone,
	"review_due" date,
	"retired_at" timestamp with time zone,
	"retired_reason" text,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "aem_assessments_status_check" CHECK ("aem_assessments"."status" in ('draft','approved','retired')),
	CONSTRAINT "aem_assessments_target_check" CHECK (("aem_assessments"."device_type_id" IS NULL) <> ("aem_assessments"."model_id" IS NULL)),
	CONSTRAINT "aem_assessments_approved_check" CHECK ("aem_assessments"."status" = 'draft' OR "aem_assessments"."approved_by" IS NOT NULL OR "aem_assessments"."retired_at" IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "aem_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"assessment_id" uuid NOT NULL,
	"reviewed_by" uuid NOT NULL,
	"reviewed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"outcome" text NOT NULL,
	"note" text NOT NULL,
	"next_review_due" date,
	CONSTRAINT "aem_reviews_outcome_check" CHECK ("aem_reviews"."outcome" in ('continue','revise','withdraw'))
);
--> statement-breakpoint
CREATE TABLE "maintenance_profiles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"scope" text NOT NULL,
	"device_type_id" uuid,
	"model_id" uuid,
	"device_id" uuid,
	"high_risk" boolean,
	"high_risk_reason" text,
	"high_risk_note" text,
	"life_support" boolean,
	"strategy" text,
	"imaging_radiologic" boolean,
	"medical_laser" boolean,
	"law_or_cop" boolean,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "maintenance_profiles_scope_check" CHECK ("maintenance_profiles"."scope" in ('device_type','model','device')),
	CONSTRAINT "maintenance_profiles_target_check" CHECK (("maintenance_profiles"."scope" = 'device_type' AND "maintenance_profiles"."device_type_id" IS NOT NULL AND "maintenance_profiles"."model_id" IS NULL AND "maintenance_profiles"."device_id" IS NULL)
     OR ("maintenance_profiles"."scope" = 'model' AND "maintenance_profiles"."model_id" IS NOT NULL AND "maintenance_profiles"."device_type_id" IS NULL AND "maintenance_profiles"."device_id" IS NULL)
     OR ("maintenance_profiles"."scope" = 'device' AND "maintenance_profiles"."device_id" IS NOT NULL AND "maintenance_profiles"."device_type_id" IS NULL AND "maintenance_profiles"."model_id" IS NULL)),
	CONSTRAINT "maintenance_profiles_reason_check" CHECK ("maintenance_profiles"."high_risk_reason" in ('LIFE_SUPPORT','FAILURE_SERIOUS_INJURY_DEATH','OTHER')),
	CONSTRAINT "maintenance_profiles_strategy_check" CHECK ("maintenance_profiles"."strategy" in ('OEM_INTERVAL','AEM_INTERVAL','INTERVAL_INSPECTION','METERED','PREDICTIVE','RCM','RUN_TO_FAILURE','CORRECTIVE_ONLY_NOT_ON_PM'))
);
--> statement-breakpoint
CREATE TABLE "risk_assessments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"scope" text NOT NULL,
	"device_type_id" uuid,
	"model_id" uuid,
	"device_id" uuid,
	"risk_model_reference_id" uuid NOT NULL,
	"factor_values" jsonb NOT NULL,
	"incident_rate" double precision,
	"incident_source" text,
	"incident_rate_reason" text,
	"score" double precision NOT NULL,
	"band" text NOT NULL,
	"suggested_interval" text,
	"suggested_strategy" text NOT NULL,
	"include_in_pm" boolean NOT NULL,
	"explanation" jsonb NOT NULL,
	"rationale" text NOT NULL,
	"assessed_by" uuid NOT NULL,
	"assessed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"superseded_at" timestamp with time zone,
	CONSTRAINT "risk_assessments_scope_check" CHECK ("risk_assessments"."scope" in ('device_type','model','device')),
	CONSTRAINT "risk_assessments_target_check" CHECK (("risk_assessments"."scope" = 'device_type' AND "risk_assessments"."device_type_id" IS NOT NULL AND "risk_assessments"."model_id" IS NULL AND "risk_assessments"."device_id" IS NULL)
     OR ("risk_assessments"."scope" = 'model' AND "risk_assessments"."model_id" IS NOT NULL AND "risk_assessments"."device_type_id" IS NULL AND "risk_assessments"."device_id" IS NULL)
     OR ("risk_assessments"."scope" = 'device' AND "risk_assessments"."device_id" IS NOT NULL AND "risk_assessments"."device_type_id" IS NULL AND "risk_assessments"."model_id" IS NULL)),
	CONSTRAINT "risk_assessments_incident_source_check" CHECK ("risk_assessments"."incident_source" in ('derived','manual')),
	CONSTRAINT "risk_assessments_strategy_check" CHECK ("risk_assessments"."suggested_strategy" in ('OEM_INTERVAL','AEM_INTERVAL','INTERVAL_INSPECTION','METERED','PREDICTIVE','RCM','RUN_TO_FAILURE','CORRECTIVE_ONLY_NOT_ON_PM')),
	CONSTRAINT "risk_assessments_manual_reason_check" CHECK ("risk_assessments"."incident_source" IS DISTINCT FROM 'manual' OR "risk_assessments"."incident_rate_reason" IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text,
	"link" text,
	"work_order_id" uuid,
	"dedupe_key" text,
	"created_at" timestamp with time zone NOT NULL,
	"read_at" timestamp with time zone,
	"emailed_at" timestamp with time zone,
	CONSTRAINT "notifications_kind_check" CHECK ("notifications"."kind" in ('assigned','due_soon','overdue','missing','found'))
);
--> statement-breakpoint
CREATE TABLE "reference_tables" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid,
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"version" integer NOT NULL,
	"name" text NOT NULL,
	"source" text NOT NULL,
	"edition" text NOT NULL,
	"content" jsonb NOT NULL,
	"sha256" text NOT NULL,
	"based_on_id" uuid,
	"active" boolean DEFAULT true NOT NULL,
	"reason" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reference_tables_kind_check" CHECK ("reference_tables"."kind" in ('risk_model','tolerance_table','regulatory_references','aem_exclusions','policy')),
	CONSTRAINT "reference_tables_version_check" CHECK ("reference_tables"."version" >= 1),
	CONSTRAINT "reference_tables_author_check" CHECK (("reference_tables"."organization_id" IS NULL) OR ("reference_tables"."created_by" IS NOT NULL AND "reference_tables"."reason" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "work_order_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"format" text NOT NULL,
	"sha256" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"content" "bytea" NOT NULL,
	"row_count" integer NOT NULL,
	"columns" jsonb NOT NULL,
	"mapping" jsonb,
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
	CONSTRAINT "work_order_imports_format_check" CHECK ("work_order_imports"."format" in ('csv','xlsx')),
	CONSTRAINT "work_order_imports_status_check" CHECK ("work_order_imports"."status" in ('uploaded','checked','invalid','queued','applying','applied','failed'))
);
--> statement-breakpoint
CREATE TABLE "work_order_addenda" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"work_order_id" uuid NOT NULL,
	"text" text NOT NULL,
	"author_id" uuid NOT NULL,
	"author_name" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "work_order_attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"work_order_id" uuid NOT NULL,
	"attempted_at" timestamp with time zone NOT NULL,
	"result" text NOT NULL,
	"on_time" boolean NOT NULL,
	"note" text,
	"actor_id" uuid,
	"actor_label" text NOT NULL,
	CONSTRAINT "work_order_attempts_result_check" CHECK ("work_order_attempts"."result" in ('could_not_locate','in_use'))
);
--> statement-breakpoint
CREATE TABLE "work_order_downtime" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"work_order_id" uuid NOT NULL,
	"device_id" uuid NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	CONSTRAINT "work_order_downtime_order_check" CHECK ("work_order_downtime"."ended_at" is null or "work_order_downtime"."ended_at" >= "work_order_downtime"."started_at")
);
--> statement-breakpoint
CREATE TABLE "work_order_labor" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"work_order_id" uuid NOT NULL,
	"user_id" uuid,
	"technician_name" text NOT NULL,
	"work_date" date NOT NULL,
	"hours" numeric(6, 2) NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone,
	CONSTRAINT "work_order_labor_hours_check" CHECK ("work_order_labor"."hours" > 0)
);
--> statement-breakpoint
CREATE TABLE "work_order_parts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"work_order_id" uuid NOT NULL,
	"part_number" text NOT NULL,
	"description" text,
	"quantity" numeric(12, 3) NOT NULL,
	"unit_cost" numeric(14, 2),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone,
	CONSTRAINT "work_order_parts_quantity_check" CHECK ("work_order_parts"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "work_order_sequences" (
	"organization_id" uuid PRIMARY KEY NOT NULL,
	"prefix" text DEFAULT 'WO-' NOT NULL,
	"digits" integer DEFAULT 6 NOT NULL,
	"next_number" bigint DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "work_order_signatures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"work_order_id" uuid NOT NULL,
	"addendum_id" uuid,
	"signer_user_id" uuid NOT NULL,
	"printed_name" text NOT NULL,
	"meaning" text NOT NULL,
	"signed_at" timestamp with time zone NOT NULL,
	"record_sha256" text NOT NULL,
	"canonical_version" integer NOT NULL,
	CONSTRAINT "work_order_signatures_meaning_check" CHECK ("work_order_signatures"."meaning" in ('performed','reviewed','approved','missing_sign_off','addendum'))
);
--> statement-breakpoint
CREATE TABLE "work_order_status_history" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigint GENERATED BY DEFAULT AS IDENTITY (sequence name "work_order_status_history_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"organization_id" uuid NOT NULL,
	"work_order_id" uuid NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"reason" text,
	"actor_id" uuid,
	"actor_label" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "work_orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"number" text NOT NULL,
	"kind" text NOT NULL,
	"priority" text DEFAULT 'routine' NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"device_id" uuid NOT NULL,
	"site_id" uuid NOT NULL,
	"title" text NOT NULL,
	"problem" text,
	"requester_name" text,
	"requester_contact" text,
	"requested_by" uuid,
	"assigned_user_id" uuid,
	"assigned_team" text,
	"assigned_vendor" text,
	"plan_id" uuid,
	"due_date" date,
	"window_start" date,
	"window_end" date,
	"tolerance_reference_id" text,
	"tasks" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"estimated_hours" numeric(8, 2),
	"shop" text,
	"reported_at" timestamp with time zone NOT NULL,
	"responded_at" timestamp with time zone,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"returned_to_service_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"hold_reason" text,
	"cancel_reason" text,
	"reopen_reason" text,
	"outcome" text,
	"finding" text,
	"failure_cause" text,
	"resolution" text,
	"vendor_cost" numeric(14, 2),
	"vendor_reference" text,
	"service_report_document_id" uuid,
	"device_down" boolean DEFAULT false NOT NULL,
	"cnl_attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_on" date,
	"signed_at" timestamp with time zone,
	"source" text DEFAULT 'manual' NOT NULL,
	"import_ref" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "work_orders_kind_check" CHECK ("work_orders"."kind" in ('preventive','corrective','incoming','recall','safety_alert','software_update','cybersecurity_patch','use_error','cannot_duplicate','damage')),
	CONSTRAINT "work_orders_priority_check" CHECK ("work_orders"."priority" in ('emergency','urgent','high','routine','low')),
	CONSTRAINT "work_orders_status_check" CHECK ("work_orders"."status" in ('open','assigned','in_progress','on_hold','completed','closed','cancelled')),
	CONSTRAINT "work_orders_outcome_check" CHECK ("work_orders"."outcome" is null or "work_orders"."outcome" in ('completed','could_not_locate','in_use_deferred','out_for_repair','removed_from_service')),
	CONSTRAINT "work_orders_finding_check" CHECK ("work_orders"."finding" is null or "work_orders"."finding" in ('no_problem','user_evident_failure','hidden_failure','pm_preventable_degradation')),
	CONSTRAINT "work_orders_failure_cause_check" CHECK ("work_orders"."failure_cause" is null or "work_orders"."failure_cause" in ('none','wear_and_tear','component_failure','battery','accessory','software','electrical','mechanical','calibration_drift','user_error','abuse_or_damage','environment','network','manufacturer_defect','unknown')),
	CONSTRAINT "work_orders_source_check" CHECK ("work_orders"."source" in ('manual','scheduled','import','api')),
	CONSTRAINT "work_orders_window_check" CHECK ("work_orders"."window_start" is null or "work_orders"."window_end" is null or "work_orders"."window_start" <= "work_orders"."window_end")
);
--> statement-breakpoint
ALTER TABLE "maintenance_plan_templates" ADD CONSTRAINT "maintenance_plan_templates_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenance_plan_templates" ADD CONSTRAINT "maintenance_plan_templates_device_type_id_device_types_id_fk" FOREIGN KEY ("device_type_id") REFERENCES "public"."device_types"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenance_plan_templates" ADD CONSTRAINT "maintenance_plan_templates_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenance_plans" ADD CONSTRAINT "maintenance_plans_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenance_plans" ADD CONSTRAINT "maintenance_plans_device_id_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."devices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenance_plans" ADD CONSTRAINT "maintenance_plans_template_id_maintenance_plan_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."maintenance_plan_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenance_plans" ADD CONSTRAINT "maintenance_plans_default_assignee_id_users_id_fk" FOREIGN KEY ("default_assignee_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedule_runs" ADD CONSTRAINT "schedule_runs_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedule_runs" ADD CONSTRAINT "schedule_runs_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "aem_assessments" ADD CONSTRAINT "aem_assessments_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "aem_assessments" ADD CONSTRAINT "aem_assessments_device_type_id_device_types_id_fk" FOREIGN KEY ("device_type_id") REFERENCES "public"."device_types"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "aem_assessments" ADD CONSTRAINT "aem_assessments_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "aem_assessments" ADD CONSTRAINT "aem_assessments_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "aem_assessments" ADD CONSTRAINT "aem_assessments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "aem_reviews" ADD CONSTRAINT "aem_reviews_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "aem_reviews" ADD CONSTRAINT "aem_reviews_assessment_id_aem_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."aem_assessments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "aem_reviews" ADD CONSTRAINT "aem_reviews_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenance_profiles" ADD CONSTRAINT "maintenance_profiles_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenance_profiles" ADD CONSTRAINT "maintenance_profiles_device_type_id_device_types_id_fk" FOREIGN KEY ("device_type_id") REFERENCES "public"."device_types"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenance_profiles" ADD CONSTRAINT "maintenance_profiles_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenance_profiles" ADD CONSTRAINT "maintenance_profiles_device_id_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."devices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenance_profiles" ADD CONSTRAINT "maintenance_profiles_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_assessments" ADD CONSTRAINT "risk_assessments_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_assessments" ADD CONSTRAINT "risk_assessments_device_type_id_device_types_id_fk" FOREIGN KEY ("device_type_id") REFERENCES "public"."device_types"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_assessments" ADD CONSTRAINT "risk_assessments_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_assessments" ADD CONSTRAINT "risk_assessments_device_id_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."devices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_assessments" ADD CONSTRAINT "risk_assessments_risk_model_reference_id_reference_tables_id_fk" FOREIGN KEY ("risk_model_reference_id") REFERENCES "public"."reference_tables"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_assessments" ADD CONSTRAINT "risk_assessments_assessed_by_users_id_fk" FOREIGN KEY ("assessed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reference_tables" ADD CONSTRAINT "reference_tables_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reference_tables" ADD CONSTRAINT "reference_tables_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reference_tables" ADD CONSTRAINT "reference_tables_based_on_fk" FOREIGN KEY ("based_on_id") REFERENCES "public"."reference_tables"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_order_imports" ADD CONSTRAINT "work_order_imports_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_order_addenda" ADD CONSTRAINT "work_order_addenda_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_order_addenda" ADD CONSTRAINT "work_order_addenda_work_order_id_work_orders_id_fk" FOREIGN KEY ("work_order_id") REFERENCES "public"."work_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_order_addenda" ADD CONSTRAINT "work_order_addenda_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_order_attempts" ADD CONSTRAINT "work_order_attempts_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_order_attempts" ADD CONSTRAINT "work_order_attempts_work_order_id_work_orders_id_fk" FOREIGN KEY ("work_order_id") REFERENCES "public"."work_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_order_downtime" ADD CONSTRAINT "work_order_downtime_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_order_downtime" ADD CONSTRAINT "work_order_downtime_work_order_id_work_orders_id_fk" FOREIGN KEY ("work_order_id") REFERENCES "public"."work_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_order_downtime" ADD CONSTRAINT "work_order_downtime_device_id_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."devices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_order_labor" ADD CONSTRAINT "work_order_labor_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_order_labor" ADD CONSTRAINT "work_order_labor_work_order_id_work_orders_id_fk" FOREIGN KEY ("work_order_id") REFERENCES "public"."work_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_order_labor" ADD CONSTRAINT "work_order_labor_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_order_parts" ADD CONSTRAINT "work_order_parts_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_order_parts" ADD CONSTRAINT "work_order_parts_work_order_id_work_orders_id_fk" FOREIGN KEY ("work_order_id") REFERENCES "public"."work_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_order_sequences" ADD CONSTRAINT "work_order_sequences_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_order_signatures" ADD CONSTRAINT "work_order_signatures_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_order_signatures" ADD CONSTRAINT "work_order_signatures_work_order_id_work_orders_id_fk" FOREIGN KEY ("work_order_id") REFERENCES "public"."work_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_order_signatures" ADD CONSTRAINT "work_order_signatures_addendum_id_work_order_addenda_id_fk" FOREIGN KEY ("addendum_id") REFERENCES "public"."work_order_addenda"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_order_signatures" ADD CONSTRAINT "work_order_signatures_signer_user_id_users_id_fk" FOREIGN KEY ("signer_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_order_status_history" ADD CONSTRAINT "work_order_status_history_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_order_status_history" ADD CONSTRAINT "work_order_status_history_work_order_id_work_orders_id_fk" FOREIGN KEY ("work_order_id") REFERENCES "public"."work_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_orders" ADD CONSTRAINT "work_orders_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_orders" ADD CONSTRAINT "work_orders_device_id_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."devices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_orders" ADD CONSTRAINT "work_orders_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_orders" ADD CONSTRAINT "work_orders_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_orders" ADD CONSTRAINT "work_orders_assigned_user_id_users_id_fk" FOREIGN KEY ("assigned_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_orders" ADD CONSTRAINT "work_orders_service_report_document_id_documents_id_fk" FOREIGN KEY ("service_report_document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "maintenance_plan_templates_org_name_idx" ON "maintenance_plan_templates" USING btree ("organization_id","name","id");--> statement-breakpoint
CREATE INDEX "maintenance_plan_templates_model_idx" ON "maintenance_plan_templates" USING btree ("model_id");--> statement-breakpoint
CREATE INDEX "maintenance_plan_templates_device_type_idx" ON "maintenance_plan_templates" USING btree ("device_type_id");--> statement-breakpoint
CREATE UNIQUE INDEX "maintenance_plans_device_template_uq" ON "maintenance_plans" USING btree ("device_id","template_id") WHERE "maintenance_plans"."template_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "maintenance_plans_org_device_idx" ON "maintenance_plans" USING btree ("organization_id","device_id");--> statement-breakpoint
CREATE INDEX "maintenance_plans_org_active_idx" ON "maintenance_plans" USING btree ("organization_id","id") WHERE "maintenance_plans"."retired_at" IS NULL;--> statement-breakpoint
CREATE INDEX "maintenance_plans_template_idx" ON "maintenance_plans" USING btree ("template_id");--> statement-breakpoint
CREATE INDEX "schedule_runs_org_started_idx" ON "schedule_runs" USING btree ("organization_id","started_at","id");--> statement-breakpoint
CREATE INDEX "aem_assessments_org_status_idx" ON "aem_assessments" USING btree ("organization_id","status");--> statement-breakpoint
CREATE INDEX "aem_assessments_model_idx" ON "aem_assessments" USING btree ("model_id");--> statement-breakpoint
CREATE INDEX "aem_assessments_device_type_idx" ON "aem_assessments" USING btree ("device_type_id");--> statement-breakpoint
CREATE INDEX "aem_reviews_assessment_idx" ON "aem_reviews" USING btree ("assessment_id","reviewed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "maintenance_profiles_target_uq" ON "maintenance_profiles" USING btree ("organization_id","scope",coalesce("device_id", "model_id", "device_type_id"));--> statement-breakpoint
CREATE UNIQUE INDEX "risk_assessments_current_uq" ON "risk_assessments" USING btree ("organization_id","scope",coalesce("device_id", "model_id", "device_type_id")) WHERE "risk_assessments"."superseded_at" IS NULL;--> statement-breakpoint
CREATE INDEX "risk_assessments_target_idx" ON "risk_assessments" USING btree ("organization_id",coalesce("device_id", "model_id", "device_type_id"),"assessed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_dedupe_key_uq" ON "notifications" USING btree ("organization_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "notifications_unsent_idx" ON "notifications" USING btree ("created_at") WHERE "notifications"."emailed_at" IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "reference_tables_version_uq" ON "reference_tables" USING btree (coalesce("organization_id", '00000000-0000-0000-0000-000000000000'::uuid),"kind","key","version");--> statement-breakpoint
CREATE INDEX "reference_tables_kind_key_idx" ON "reference_tables" USING btree ("kind","key");--> statement-breakpoint
CREATE INDEX "work_order_imports_org_created_idx" ON "work_order_imports" USING btree ("organization_id","created_at","id");--> statement-breakpoint
CREATE INDEX "work_order_addenda_wo_idx" ON "work_order_addenda" USING btree ("work_order_id","created_at");--> statement-breakpoint
CREATE INDEX "work_order_attempts_wo_idx" ON "work_order_attempts" USING btree ("work_order_id","attempted_at");--> statement-breakpoint
CREATE INDEX "work_order_downtime_wo_idx" ON "work_order_downtime" USING btree ("work_order_id");--> statement-breakpoint
CREATE INDEX "work_order_downtime_device_idx" ON "work_order_downtime" USING btree ("device_id","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "work_order_downtime_open_uq" ON "work_order_downtime" USING btree ("work_order_id") WHERE "work_order_downtime"."ended_at" IS NULL;--> statement-breakpoint
CREATE INDEX "work_order_labor_wo_idx" ON "work_order_labor" USING btree ("work_order_id");--> statement-breakpoint
CREATE INDEX "work_order_parts_wo_idx" ON "work_order_parts" USING btree ("work_order_id");--> statement-breakpoint
CREATE INDEX "work_order_signatures_wo_idx" ON "work_order_signatures" USING btree ("work_order_id","signed_at");--> statement-breakpoint
CREATE INDEX "work_order_status_history_wo_idx" ON "work_order_status_history" USING btree ("work_order_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "work_orders_org_number_uq" ON "work_orders" USING btree ("organization_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "work_orders_plan_due_uq" ON "work_orders" USING btree ("plan_id","due_date") WHERE "work_orders"."plan_id" IS NOT NULL AND "work_orders"."status" <> 'cancelled';--> statement-breakpoint
CREATE UNIQUE INDEX "work_orders_org_import_ref_uq" ON "work_orders" USING btree ("organization_id","import_ref") WHERE "work_orders"."import_ref" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "work_orders_my_work_idx" ON "work_orders" USING btree ("organization_id","assigned_user_id","status","due_date");--> statement-breakpoint
CREATE INDEX "work_orders_site_idx" ON "work_orders" USING btree ("organization_id","site_id","status","due_date");--> statement-breakpoint
CREATE INDEX "work_orders_device_idx" ON "work_orders" USING btree ("device_id","completed_at");--> statement-breakpoint
CREATE INDEX "work_orders_open_due_idx" ON "work_orders" USING btree ("organization_id","status","due_date");--> statement-breakpoint
CREATE INDEX "work_orders_plan_idx" ON "work_orders" USING btree ("plan_id","completed_at");
--> statement-breakpoint
-- AEM effectiveness reviews are evidence of the periodic review (ANSI/AAMI EQ103; domain reference §2): the
-- database refuses UPDATE, DELETE and TRUNCATE.
CREATE TRIGGER aem_reviews_no_update_delete BEFORE UPDATE OR DELETE ON aem_reviews
  FOR EACH ROW EXECUTE FUNCTION append_only_refuse_change();
--> statement-breakpoint
CREATE TRIGGER aem_reviews_no_truncate BEFORE TRUNCATE ON aem_reviews
  FOR EACH STATEMENT EXECUTE FUNCTION append_only_refuse_change();
--> statement-breakpoint
-- A risk assessment is evidence of how a strategy was chosen (domain reference §3): never edited or deleted; the
-- only change is being marked superseded, once, by a newer assessment of the same target.
CREATE FUNCTION risk_assessments_supersede_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR OLD.superseded_at IS NOT NULL OR NEW.superseded_at IS NULL
     OR (to_jsonb(NEW) - 'superseded_at') IS DISTINCT FROM (to_jsonb(OLD) - 'superseded_at') THEN
    RAISE EXCEPTION 'risk_assessments are append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER risk_assessments_supersede_only BEFORE UPDATE OR DELETE ON risk_assessments
  FOR EACH ROW EXECUTE FUNCTION risk_assessments_supersede_only();
--> statement-breakpoint
CREATE TRIGGER risk_assessments_no_truncate BEFORE TRUNCATE ON risk_assessments
  FOR EACH STATEMENT EXECUTE FUNCTION append_only_refuse_change();
--> statement-breakpoint
-- A reference table version is what results cite by id (domain reference §0, §1.6): its content never changes
-- and it is never deleted; the only change is an organization version being retired.
CREATE FUNCTION reference_tables_retire_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR OLD.organization_id IS NULL OR NOT OLD.active OR NEW.active
     OR (to_jsonb(NEW) - 'active') IS DISTINCT FROM (to_jsonb(OLD) - 'active') THEN
    RAISE EXCEPTION 'reference_tables versions are immutable: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER reference_tables_retire_only BEFORE UPDATE OR DELETE ON reference_tables
  FOR EACH ROW EXECUTE FUNCTION reference_tables_retire_only();
--> statement-breakpoint
CREATE TRIGGER reference_tables_no_truncate BEFORE TRUNCATE ON reference_tables
  FOR EACH STATEMENT EXECUTE FUNCTION append_only_refuse_change();
--> statement-breakpoint
-- Work order evidence is append-only: status history, signatures, addenda and could-not-locate attempts
-- (21 CFR 11.10(e)-style audit trail; domain reference §1.5). The database refuses UPDATE, DELETE and TRUNCATE.
CREATE TRIGGER work_order_status_history_no_update_delete BEFORE UPDATE OR DELETE ON work_order_status_history
  FOR EACH ROW EXECUTE FUNCTION append_only_refuse_change();
--> statement-breakpoint
CREATE TRIGGER work_order_status_history_no_truncate BEFORE TRUNCATE ON work_order_status_history
  FOR EACH STATEMENT EXECUTE FUNCTION append_only_refuse_change();
--> statement-breakpoint
CREATE TRIGGER work_order_signatures_no_update_delete BEFORE UPDATE OR DELETE ON work_order_signatures
  FOR EACH ROW EXECUTE FUNCTION append_only_refuse_change();
--> statement-breakpoint
CREATE TRIGGER work_order_signatures_no_truncate BEFORE TRUNCATE ON work_order_signatures
  FOR EACH STATEMENT EXECUTE FUNCTION append_only_refuse_change();
--> statement-breakpoint
CREATE TRIGGER work_order_addenda_no_update_delete BEFORE UPDATE OR DELETE ON work_order_addenda
  FOR EACH ROW EXECUTE FUNCTION append_only_refuse_change();
--> statement-breakpoint
CREATE TRIGGER work_order_addenda_no_truncate BEFORE TRUNCATE ON work_order_addenda
  FOR EACH STATEMENT EXECUTE FUNCTION append_only_refuse_change();
--> statement-breakpoint
CREATE TRIGGER work_order_attempts_no_update_delete BEFORE UPDATE OR DELETE ON work_order_attempts
  FOR EACH ROW EXECUTE FUNCTION append_only_refuse_change();
--> statement-breakpoint
CREATE TRIGGER work_order_attempts_no_truncate BEFORE TRUNCATE ON work_order_attempts
  FOR EACH STATEMENT EXECUTE FUNCTION append_only_refuse_change();
