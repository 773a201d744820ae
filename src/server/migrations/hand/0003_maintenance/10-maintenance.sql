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
