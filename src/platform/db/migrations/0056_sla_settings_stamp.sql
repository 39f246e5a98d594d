-- The SLA settings' stamp: a random value that every change to the SLA calendars or policies replaces (a statement
-- trigger, so a change through the API, the demo seed or plain SQL all count). Every ticket opened, and every SLA
-- recompute, needs the policies and calendars; the server keeps what it read under the stamp and reads one row
-- instead of both tables while the stamp is unchanged (issue 17). Equal stamps mean equal settings, in any database
-- copied from another: any change after the copy draws a new stamp. Read inside a transaction, the stamp is that
-- transaction's own: one that changed a policy reads its own new stamp, so it never uses another's settings.
CREATE TABLE "sla_settings_stamp" (
	"id" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"stamp" uuid DEFAULT gen_random_uuid() NOT NULL,
	CONSTRAINT "sla_settings_stamp_one_row" CHECK ("id")
);--> statement-breakpoint
INSERT INTO "sla_settings_stamp" DEFAULT VALUES;--> statement-breakpoint
CREATE FUNCTION sla_settings_restamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE sla_settings_stamp SET stamp = gen_random_uuid();
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER sla_calendars_restamp AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "sla_calendars"
  FOR EACH STATEMENT EXECUTE FUNCTION sla_settings_restamp();--> statement-breakpoint
CREATE TRIGGER sla_policies_restamp AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "sla_policies"
  FOR EACH STATEMENT EXECUTE FUNCTION sla_settings_restamp();
