-- Audit trail integrity (45 CFR 164.312(c), 21 CFR 11.10(e)): the database itself assigns each event its place
-- in its organization's chain and refuses every change to recorded events.
CREATE SEQUENCE "audit_events_id_seq" AS bigint OWNED BY "audit_events"."id";
--> statement-breakpoint
CREATE FUNCTION audit_event_digest(e audit_events) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT encode(sha256(convert_to(concat_ws(chr(31),
    e.prev_hash, e.id::text, e.seq::text, coalesce(e.organization_id::text, ''),
    to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    coalesce(e.actor_id::text, ''), e.actor_label, e.action, e.entity_type, coalesce(e.entity_id, ''),
    coalesce(e.before::text, 'null'), coalesce(e.after::text, 'null'), coalesce(e.reason, ''),
    coalesce(e.request_id, ''), coalesce(host(e.ip), '')
  ), 'UTF8')), 'hex')
$$;
--> statement-breakpoint
CREATE FUNCTION audit_events_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  last_seq bigint;
  last_hash text;
BEGIN
  -- A restore replays events with their original chain values.
  IF current_setting('openhtm.restoring', true) = 'on' THEN
    RETURN NEW;
  END IF;
  -- One writer at a time per chain, held to commit, so seq order is commit order.
  PERFORM pg_advisory_xact_lock(4242, hashtext(coalesce(NEW.organization_id::text, 'system')));
  IF NEW.organization_id IS NULL THEN
    SELECT seq, hash INTO last_seq, last_hash FROM audit_events
      WHERE organization_id IS NULL ORDER BY seq DESC LIMIT 1;
  ELSE
    SELECT seq, hash INTO last_seq, last_hash FROM audit_events
      WHERE organization_id = NEW.organization_id ORDER BY seq DESC LIMIT 1;
  END IF;
  NEW.id := nextval('audit_events_id_seq');
  NEW.seq := coalesce(last_seq, 0) + 1;
  NEW.prev_hash := coalesce(last_hash, repeat('0', 64));
  NEW.hash := audit_event_digest(NEW);
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_events_chain BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_events_chain();
--> statement-breakpoint
CREATE FUNCTION audit_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_events_no_update_delete BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change();
