-- The view counts beside every queue (tickets/queue-store.ts, countViews) read each open ticket's assignee, status,
-- patient-care flag and unit, and ask whether its SLA clock is at risk or breached. At 1,000,000 tickets on
-- PostgreSQL (4,522 open, on 3,414 heap pages) that read every open ticket's row and every open ticket's clock row:
-- ~19 ms a count. The open queue's index now carries those columns, so the count reads the index alone, and the
-- at-risk-or-breached clocks have an index by ticket, so the question is answered from it: ~6 ms (issue 17,
-- docs/benchmarks.md 2026-12-05).
DROP INDEX IF EXISTS "tickets_open_queue_idx";--> statement-breakpoint
CREATE INDEX "tickets_open_queue_idx" ON "tickets" USING btree ("priority", "created_at")
  INCLUDE ("id", "status", "assignee_id", "patient_care_affected", "unit_id")
  WHERE "tickets"."status" not in ('resolved','closed');--> statement-breakpoint
CREATE INDEX "ticket_sla_flagged_idx" ON "ticket_sla" USING btree ("ticket_id") WHERE "ticket_sla"."at_risk" or "ticket_sla"."breached";
