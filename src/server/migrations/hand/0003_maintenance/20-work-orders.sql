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
