-- AEM effectiveness reviews are evidence of the periodic review (ANSI/AAMI EQ103; domain reference §2): the
-- database refuses UPDATE, DELETE and TRUNCATE.
CREATE TRIGGER aem_reviews_no_update_delete BEFORE UPDATE OR DELETE ON aem_reviews
  FOR EACH ROW EXECUTE FUNCTION append_only_refuse_change();
--> statement-breakpoint
CREATE TRIGGER aem_reviews_no_truncate BEFORE TRUNCATE ON aem_reviews
  FOR EACH STATEMENT EXECUTE FUNCTION append_only_refuse_change();
