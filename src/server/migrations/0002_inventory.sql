-- Trigram indexes back the inventory search box (asset tag, serial, model, manufacturer, free text).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE TABLE "asset_tag_sequences" (
	"organization_id" uuid PRIMARY KEY NOT NULL,
	"prefix" text DEFAULT 'A' NOT NULL,
	"digits" integer DEFAULT 6 NOT NULL,
	"next_number" bigint DEFAULT 1 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "custom_field_definitions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"key" text NOT NULL,
	"label" text NOT NULL,
	"type" text NOT NULL,
	"options" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"required" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "custom_field_definitions_type_check" CHECK ("custom_field_definitions"."type" in ('text','number','date','boolean','choice'))
);
--> statement-breakpoint
CREATE TABLE "device_status_history" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"device_id" uuid NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"reason" text NOT NULL,
	"actor_id" uuid,
	"actor_label" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "device_types" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid,
	"source" text NOT NULL,
	"product_code" text,
	"name" text NOT NULL,
	"device_class" text,
	"regulation_number" text,
	"review_panel" text,
	"medical_specialty" text,
	"life_sustaining" boolean DEFAULT false NOT NULL,
	"implant" boolean DEFAULT false NOT NULL,
	"gmdn_code" text,
	"umdns_code" text,
	"dataset_edition" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "device_types_source_check" CHECK ("device_types"."source" in ('fda','organization')),
	CONSTRAINT "device_types_source_org_check" CHECK (("device_types"."source" = 'fda') = ("device_types"."organization_id" IS NULL)),
	CONSTRAINT "device_types_class_check" CHECK ("device_types"."device_class" is null or "device_types"."device_class" in ('1','2','3','U','N','F'))
);
--> statement-breakpoint
CREATE TABLE "devices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"asset_tag" text NOT NULL,
	"serial_number" text,
	"model_id" uuid NOT NULL,
	"udi_raw" text,
	"udi_device_identifier" text,
	"udi" jsonb,
	"site_id" uuid NOT NULL,
	"building" text,
	"floor" text,
	"room" text,
	"department" text,
	"ownership" text DEFAULT 'owned' NOT NULL,
	"service_provider" text DEFAULT 'in_house' NOT NULL,
	"acquisition_date" date,
	"acquisition_cost" numeric(14, 2),
	"purchase_order" text,
	"in_service_date" date,
	"warranty_end" date,
	"software_version" text,
	"firmware_version" text,
	"network_connected" boolean DEFAULT false NOT NULL,
	"mac_address" text,
	"ip_address" text,
	"hostname" text,
	"parent_id" uuid,
	"custom_fields" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"notes" text,
	"status" text NOT NULL,
	"status_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"search_text" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "devices_status_check" CHECK ("devices"."status" in ('received','in_service','out_of_service','missing','inactive','retired','disposed')),
	CONSTRAINT "devices_ownership_check" CHECK ("devices"."ownership" in ('owned','leased','rented','loaner','physician_owned','vendor_owned','consigned')),
	CONSTRAINT "devices_service_provider_check" CHECK ("devices"."service_provider" in ('in_house','oem','independent','depot')),
	CONSTRAINT "devices_not_own_parent_check" CHECK ("devices"."parent_id" is null or "devices"."parent_id" <> "devices"."id")
);
--> statement-breakpoint
CREATE TABLE "documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"model_id" uuid,
	"device_id" uuid,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"document_version" text,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size_bytes" bigint NOT NULL,
	"sha256" text NOT NULL,
	"uploaded_by" text NOT NULL,
	"retired_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "documents_kind_check" CHECK ("documents"."kind" in ('operator_manual','service_manual','instructions_for_use','photo','certificate','service_report','other')),
	CONSTRAINT "documents_owner_check" CHECK (("documents"."model_id" is null) <> ("documents"."device_id" is null))
);
--> statement-breakpoint
CREATE TABLE "manufacturer_aliases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"manufacturer_id" uuid NOT NULL,
	"alias" text NOT NULL,
	"normalized_alias" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "manufacturers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"name" text NOT NULL,
	"normalized_name" text NOT NULL,
	"website" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "model_identifiers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"model_id" uuid NOT NULL,
	"issuing_agency" text NOT NULL,
	"device_identifier" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "model_identifiers_agency_check" CHECK ("model_identifiers"."issuing_agency" in ('GS1','HIBCC','ICCBBA'))
);
--> statement-breakpoint
CREATE TABLE "models" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"manufacturer_id" uuid NOT NULL,
	"model_number" text NOT NULL,
	"normalized_model_number" text NOT NULL,
	"name" text NOT NULL,
	"device_type_id" uuid,
	"end_of_sale" date,
	"end_of_support" date,
	"search_text" text DEFAULT '' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reference_datasets" (
	"name" text PRIMARY KEY NOT NULL,
	"edition" text NOT NULL,
	"sha256" text NOT NULL,
	"row_count" integer NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "asset_tag_sequences" ADD CONSTRAINT "asset_tag_sequences_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "custom_field_definitions" ADD CONSTRAINT "custom_field_definitions_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_status_history" ADD CONSTRAINT "device_status_history_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_status_history" ADD CONSTRAINT "device_status_history_device_id_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."devices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_types" ADD CONSTRAINT "device_types_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "devices" ADD CONSTRAINT "devices_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "devices" ADD CONSTRAINT "devices_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "devices" ADD CONSTRAINT "devices_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "devices" ADD CONSTRAINT "devices_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."devices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_device_id_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."devices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "manufacturer_aliases" ADD CONSTRAINT "manufacturer_aliases_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "manufacturer_aliases" ADD CONSTRAINT "manufacturer_aliases_manufacturer_id_manufacturers_id_fk" FOREIGN KEY ("manufacturer_id") REFERENCES "public"."manufacturers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "manufacturers" ADD CONSTRAINT "manufacturers_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_identifiers" ADD CONSTRAINT "model_identifiers_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_identifiers" ADD CONSTRAINT "model_identifiers_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "models" ADD CONSTRAINT "models_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "models" ADD CONSTRAINT "models_manufacturer_id_manufacturers_id_fk" FOREIGN KEY ("manufacturer_id") REFERENCES "public"."manufacturers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "models" ADD CONSTRAINT "models_device_type_id_device_types_id_fk" FOREIGN KEY ("device_type_id") REFERENCES "public"."device_types"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "custom_field_definitions_org_key_uq" ON "custom_field_definitions" USING btree ("organization_id","key");--> statement-breakpoint
CREATE INDEX "device_status_history_device_idx" ON "device_status_history" USING btree ("device_id","occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "device_types_fda_code_uq" ON "device_types" USING btree ("product_code") WHERE "device_types"."organization_id" IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "device_types_org_code_uq" ON "device_types" USING btree ("organization_id",lower("product_code")) WHERE "device_types"."organization_id" IS NOT NULL AND "device_types"."product_code" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "device_types_name_trgm_idx" ON "device_types" USING gin (lower("name") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "device_types_org_name_idx" ON "device_types" USING btree ("organization_id","name","id");--> statement-breakpoint
CREATE UNIQUE INDEX "devices_org_tag_uq" ON "devices" USING btree ("organization_id",lower("asset_tag"));--> statement-breakpoint
CREATE UNIQUE INDEX "devices_org_model_serial_uq" ON "devices" USING btree ("organization_id","model_id",lower("serial_number")) WHERE "devices"."serial_number" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "devices_org_serial_idx" ON "devices" USING btree ("organization_id",lower("serial_number"));--> statement-breakpoint
CREATE INDEX "devices_org_udi_di_idx" ON "devices" USING btree ("organization_id","udi_device_identifier");--> statement-breakpoint
CREATE INDEX "devices_org_tag_idx" ON "devices" USING btree ("organization_id","asset_tag","id");--> statement-breakpoint
CREATE INDEX "devices_org_site_idx" ON "devices" USING btree ("organization_id","site_id","asset_tag","id");--> statement-breakpoint
CREATE INDEX "devices_org_status_idx" ON "devices" USING btree ("organization_id","status");--> statement-breakpoint
CREATE INDEX "devices_model_idx" ON "devices" USING btree ("model_id");--> statement-breakpoint
CREATE INDEX "devices_parent_idx" ON "devices" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "devices_org_updated_idx" ON "devices" USING btree ("organization_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "devices_search_trgm_idx" ON "devices" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "documents_model_idx" ON "documents" USING btree ("model_id");--> statement-breakpoint
CREATE INDEX "documents_device_idx" ON "documents" USING btree ("device_id");--> statement-breakpoint
CREATE UNIQUE INDEX "manufacturer_aliases_org_normalized_uq" ON "manufacturer_aliases" USING btree ("organization_id","normalized_alias");--> statement-breakpoint
CREATE INDEX "manufacturer_aliases_manufacturer_idx" ON "manufacturer_aliases" USING btree ("manufacturer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "manufacturers_org_normalized_uq" ON "manufacturers" USING btree ("organization_id","normalized_name");--> statement-breakpoint
CREATE INDEX "manufacturers_org_name_idx" ON "manufacturers" USING btree ("organization_id","name","id");--> statement-breakpoint
CREATE INDEX "manufacturers_name_trgm_idx" ON "manufacturers" USING gin ("normalized_name" gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "model_identifiers_org_di_uq" ON "model_identifiers" USING btree ("organization_id","device_identifier");--> statement-breakpoint
CREATE INDEX "model_identifiers_model_idx" ON "model_identifiers" USING btree ("model_id");--> statement-breakpoint
CREATE UNIQUE INDEX "models_org_manufacturer_number_uq" ON "models" USING btree ("organization_id","manufacturer_id","normalized_model_number");--> statement-breakpoint
CREATE INDEX "models_org_name_idx" ON "models" USING btree ("organization_id","name","id");--> statement-breakpoint
CREATE INDEX "models_device_type_idx" ON "models" USING btree ("device_type_id");--> statement-breakpoint
CREATE INDEX "models_search_trgm_idx" ON "models" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
-- A device's lifecycle history is evidence (who changed its status, when and why): the database refuses changes.
CREATE FUNCTION append_only_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER device_status_history_no_update_delete BEFORE UPDATE OR DELETE ON device_status_history
  FOR EACH ROW EXECUTE FUNCTION append_only_refuse_change();
--> statement-breakpoint
CREATE TRIGGER device_status_history_no_truncate BEFORE TRUNCATE ON device_status_history
  FOR EACH STATEMENT EXECUTE FUNCTION append_only_refuse_change();
