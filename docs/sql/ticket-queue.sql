-- The desk's queue: an agent's "All open" view, most urgent first, and the view counts beside it.
-- Generated from the code by `npm run sql:snapshots` (test/sql-snapshots.ts); do not edit: change the query,
-- run the script and review this file with the code.

-- listTickets (tickets/queue-store.ts)
SELECT to_json(r) AS r, (SELECT count(*)::int FROM (SELECT 1 FROM "tickets" WHERE "tickets"."status" NOT IN ('resolved','closed') LIMIT 10000) capped) AS total FROM (
      SELECT page.*, s."response_state", s."resolution_state", s."response_target_ms", s."resolution_target_ms", s."response_elapsed_ms", s."resolution_elapsed_ms", s."response_due_at", s."resolution_due_at", s."response_breached_at", s."resolution_breached_at", s."response_at_risk_notified", s."resolution_at_risk_notified", s."at_risk", s.contract_clocks, s.ticket_id IS NOT NULL AS has_sla,
        -- The requester by key, row by row: people grow with the hospital (a join would read them all for a page).
        (SELECT p.display_name FROM people p WHERE p.id = page.requester_id) AS "requesterName",
        (SELECT p.provider FROM people p WHERE p.id = page.requester_id) AS "requesterIsProvider",
        fa.name AS facility, un.name AS unit,
        sv.name AS service, mo.name AS module, gr.name AS "group", us.display_name AS "assigneeName"
      FROM (
        SELECT "tickets"."id", "tickets"."number", "tickets"."type", "tickets"."channel", "tickets"."status", "tickets"."priority", "tickets"."summary", "tickets"."patient_care_affected", "tickets"."tier", "tickets"."created_at", "tickets"."updated_at", "tickets"."requester_id", "tickets"."assignee_id", "tickets"."version", "tickets"."vendor_state", "tickets"."vendor_fix_version", "tickets"."facility_id", "tickets"."unit_id", "tickets"."service_id", "tickets"."module_id", "tickets"."group_id", 0 AS rank
        FROM "tickets" WHERE "tickets"."status" NOT IN ('resolved','closed')
        ORDER BY "tickets"."priority" asc, "tickets"."created_at" asc LIMIT 50 OFFSET 0
      ) page
      LEFT JOIN ticket_sla s ON s.ticket_id = page.id
      LEFT JOIN facilities fa ON fa.id = page.facility_id
      LEFT JOIN units un ON un.id = page.unit_id
      LEFT JOIN services sv ON sv.id = page.service_id
      LEFT JOIN services mo ON mo.id = page.module_id
      LEFT JOIN groups gr ON gr.id = page.group_id
      LEFT JOIN users us ON us.id = page.assignee_id
    ) r
    ORDER BY r."priority" asc, r."created_at" asc;

-- countViews (tickets/queue-store.ts), statement 1 of 2
SELECT count(*) FILTER (WHERE ("tickets"."status" NOT IN ('resolved','closed') and "tickets"."assignee_id" = $1))::int AS "my_open",
  count(*) FILTER (WHERE ("tickets"."status" NOT IN ('resolved','closed') and "tickets"."assignee_id" is null and "tickets"."priority" <= $2 and ("tickets"."patient_care_affected" OR EXISTS (SELECT 1 FROM units cu WHERE cu.id = "tickets"."unit_id" AND cu.clinical))))::int AS "unassigned_urgent_clinical",
  count(*) FILTER (WHERE "tickets"."status" = $3)::int AS "pending_vendor",
  count(*) FILTER (WHERE ("tickets"."status" NOT IN ('resolved','closed') and EXISTS (SELECT 1 FROM ticket_sla s WHERE s.ticket_id = "tickets"."id" AND (s.at_risk OR s.breached))))::int AS "sla_at_risk"
FROM "tickets"
WHERE "tickets"."status" NOT IN ('resolved','closed');

-- countViews (tickets/queue-store.ts), statement 2 of 2
SELECT count(*)::int AS n
FROM (SELECT 1 FROM "tickets" WHERE "tickets"."requester_id" = $1 LIMIT 10000) capped;
