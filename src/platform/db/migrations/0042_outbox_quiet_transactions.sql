-- Live events no longer wait for long transactions that write no events (src/platform/events/outbox.ts, "quiet
-- transactions"). A transaction may declare, before it has a transaction id,
-- that it writes no events (the report-facts refresh does: it ran for seconds to minutes after a seed and held back
-- every live event and the notifications consumer for that long). The outbox's readers then leave it out of their
-- frontier. This trigger keeps the declaration true: an insert into the outbox in such a transaction fails.
CREATE FUNCTION clinidesk_outbox_refuse_in_quiet_transaction() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('clinidesk.writes_no_events', true) = 'on' THEN
    RAISE EXCEPTION 'this transaction declared that it writes no events (quiet), so it may not write to the outbox';
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER outbox_refuse_in_quiet_transaction BEFORE INSERT ON "outbox"
  FOR EACH STATEMENT EXECUTE FUNCTION clinidesk_outbox_refuse_in_quiet_transaction();
