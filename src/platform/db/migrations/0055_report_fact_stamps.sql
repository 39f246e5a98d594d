-- The reports refresh re-reads the tickets changed in a five-minute overlap before its watermark, so that a ticket
-- transaction that committed late is never missed; it re-judged every one of them on every run, every 30 s: while
-- tickets were being created at 40 a second that was thousands of tickets per run, one transaction holding PGlite's
-- only connection for seconds (docs/benchmarks.md, "Speed (issue 17)"). Each ticket's facts now keep what they were
-- judged from (the ticket's updated_at and its SLA row's computed_at as read): only tickets changed since are judged.
-- Empty at first: every ticket in the overlap is judged once more, then stamped.
CREATE TABLE "report_fact_stamps" (
	"ticket_id" uuid PRIMARY KEY NOT NULL,
	"ticket_updated_at" timestamp with time zone NOT NULL,
	"sla_computed_at" timestamp with time zone
);--> statement-breakpoint
ALTER TABLE "report_fact_stamps" ADD CONSTRAINT "report_fact_stamps_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;
