-- The desk's queue: an agent's "All open" view, most urgent first, and the view counts beside it.
-- Generated from the code by `npm run sql:snapshots` (test/sql-snapshots.ts); do not edit: change the query,
-- run the script and review this file with the code.

-- listTickets (tickets/queue-store.ts), statement 1 of 2
select "tickets"."id",
  "tickets"."number",
  "tickets"."type",
  "tickets"."channel",
  "tickets"."status",
  "tickets"."priority",
  "tickets"."summary",
  "tickets"."patient_care_affected",
  "tickets"."tier",
  "tickets"."created_at",
  "tickets"."updated_at",
  "tickets"."requester_id",
  "tickets"."assignee_id",
  "tickets"."version",
  "tickets"."vendor_state",
  "tickets"."vendor_fix_version",
  (SELECT display_name FROM people WHERE id = "tickets"."requester_id"),
  (SELECT provider FROM people WHERE id = "tickets"."requester_id"),
  (SELECT name FROM "facilities" WHERE id = "tickets"."facility_id"),
  (SELECT name FROM "units" WHERE id = "tickets"."unit_id"),
  (SELECT name FROM "services" WHERE id = "tickets"."service_id"),
  (SELECT name FROM "services" WHERE id = "tickets"."module_id"),
  (SELECT name FROM "groups" WHERE id = "tickets"."group_id"),
  (SELECT display_name FROM users WHERE id = "tickets"."assignee_id"),
  "ticket_sla"."response_state",
  "ticket_sla"."resolution_state",
  "ticket_sla"."response_target_ms",
  "ticket_sla"."resolution_target_ms",
  "ticket_sla"."response_elapsed_ms",
  "ticket_sla"."resolution_elapsed_ms",
  "ticket_sla"."response_due_at",
  "ticket_sla"."resolution_due_at",
  "ticket_sla"."response_breached_at",
  "ticket_sla"."resolution_breached_at",
  "ticket_sla"."response_at_risk_notified",
  "ticket_sla"."resolution_at_risk_notified",
  "ticket_sla"."at_risk",
  "ticket_sla"."contract_clocks",
  0
from "tickets"
left join "ticket_sla" on "ticket_sla"."ticket_id" = "tickets"."id"
where "tickets"."status" NOT IN ('resolved','closed')
order by "tickets"."priority" asc,
  "tickets"."created_at" asc
limit $1;

-- listTickets (tickets/queue-store.ts), statement 2 of 2
SELECT count(*)::int AS n
FROM (SELECT 1 FROM "tickets" WHERE "tickets"."status" NOT IN ('resolved','closed') LIMIT $1) capped;

-- countViews (tickets/queue-store.ts), statement 1 of 2
SELECT count(*) FILTER (WHERE ("tickets"."status" NOT IN ('resolved','closed') and "tickets"."assignee_id" = $1))::int AS "my_open",
  count(*) FILTER (WHERE ("tickets"."status" NOT IN ('resolved','closed') and "tickets"."assignee_id" is null and "tickets"."priority" <= $2 and ("tickets"."patient_care_affected" OR EXISTS (SELECT 1 FROM units cu WHERE cu.id = "tickets"."unit_id" AND cu.clinical))))::int AS "unassigned_urgent_clinical",
  count(*) FILTER (WHERE "tickets"."status" = $3)::int AS "pending_vendor",
  count(*) FILTER (WHERE ("tickets"."status" NOT IN ('resolved','closed') and EXISTS (SELECT 1 FROM ticket_sla s WHERE s.ticket_id = "tickets"."id" AND (s.at_risk OR s.breached))))::int AS "sla_at_risk"
FROM "tickets"
WHERE "tickets"."status" NOT IN ('resolved','closed');

-- countViews (tickets/queue-store.ts), statement 2 of 2
SELECT count(*)::int AS n
FROM (SELECT 1 FROM "tickets" WHERE "tickets"."requester_id" = $1 LIMIT $2) capped;
