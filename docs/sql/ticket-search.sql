-- Ticket search, ranked by relevance among the most recent matches: an agent, then a vendor's engineer (masked text).
-- Generated from the code by `npm run sql:snapshots` (test/sql-snapshots.ts); do not edit: change the query,
-- run the script and review this file with the code.

-- listTickets, an agent (tickets/queue-store.ts), statement 1 of 2
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
  ts_rank_cd("tickets"."search", websearch_to_tsquery('english', $1))
from "tickets"
left join "ticket_sla" on "ticket_sla"."ticket_id" = "tickets"."id"
where "tickets"."id" IN (SELECT "tickets"."id" FROM "tickets" WHERE "tickets"."search" @@ websearch_to_tsquery('english', $2) ORDER BY "tickets"."created_at" desc, "tickets"."id" desc LIMIT $3)
order by ts_rank_cd("tickets"."search", websearch_to_tsquery('english', $4)) desc,
  "tickets"."created_at" desc,
  "tickets"."id" desc
limit $5;

-- listTickets, an agent (tickets/queue-store.ts), statement 2 of 2
SELECT count(*)::int AS n
FROM (SELECT 1 FROM "tickets" WHERE "tickets"."search" @@ websearch_to_tsquery('english', $1) LIMIT $2) capped;

-- listTickets, a vendor's engineer (tickets/queue-store.ts), statement 1 of 2
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
  ts_rank_cd("tickets"."search_masked", websearch_to_tsquery('english', $1))
from "tickets"
left join "ticket_sla" on "ticket_sla"."ticket_id" = "tickets"."id"
where "tickets"."id" IN (SELECT "tickets"."id" FROM "tickets" WHERE ("tickets"."provider_ids" @> ARRAY[$2]::uuid[] and "tickets"."search_masked" @@ websearch_to_tsquery('english', $3)) ORDER BY "tickets"."created_at" desc, "tickets"."id" desc LIMIT $4)
order by ts_rank_cd("tickets"."search_masked", websearch_to_tsquery('english', $5)) desc,
  "tickets"."created_at" desc,
  "tickets"."id" desc
limit $6;

-- listTickets, a vendor's engineer (tickets/queue-store.ts), statement 2 of 2
SELECT count(*)::int AS n
FROM (SELECT 1 FROM "tickets" WHERE ("tickets"."provider_ids" @> ARRAY[$1]::uuid[] and "tickets"."search_masked" @@ websearch_to_tsquery('english', $2)) LIMIT $3) capped;
