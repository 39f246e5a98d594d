-- Ticket search, ranked by relevance among the most recent matches: an agent, a vendor's engineer (masked text), and an
-- agent's search for a word so common that counting stops at the cap.
-- Generated from the code by `npm run sql:snapshots` (test/sql-snapshots.ts); do not edit: change the query,
-- run the script and review this file with the code.

-- listTickets, an agent (tickets/queue-store.ts), statement 1 of 2
WITH matches AS MATERIALIZED (
      SELECT "tickets"."id" AS id, "tickets"."created_at" AS created_at, ctid AS at
      FROM "tickets" WHERE "tickets"."search" @@ websearch_to_tsquery('english', $1) LIMIT 1000)
    SELECT total, CASE WHEN total < 1000 THEN ARRAY(SELECT "tickets"."id" FROM "tickets"
      WHERE ctid = ANY(ARRAY(SELECT at FROM matches ORDER BY created_at DESC, id DESC LIMIT 500))
      ORDER BY ts_rank_cd("tickets"."search", websearch_to_tsquery('english', $2)) DESC, "tickets"."created_at" desc, "tickets"."id" desc
      LIMIT 50 OFFSET 0) END AS ids,
      CASE WHEN total >= 1000 THEN ARRAY(SELECT DISTINCT (at::text::point)[0]::int FROM matches) END AS pages,
      CASE WHEN total >= 1000 THEN (
        SELECT json_build_object('pages', pg_relation_size(oid) / current_setting('block_size')::int,
          'perPage', reltuples / NULLIF(relpages, 0)) FROM pg_class WHERE oid = 'tickets'::regclass) END AS size
    FROM (SELECT count(*)::int AS total FROM matches) counted;

-- listTickets, an agent (tickets/queue-store.ts), statement 2 of 2
SELECT to_json(r) AS r FROM (
      SELECT page.*, s."response_state", s."resolution_state", s."response_target_ms", s."resolution_target_ms", s."response_elapsed_ms", s."resolution_elapsed_ms", s."response_due_at", s."resolution_due_at", s."response_breached_at", s."resolution_breached_at", s."response_at_risk_notified", s."resolution_at_risk_notified", s."at_risk", s.contract_clocks, s.ticket_id IS NOT NULL AS has_sla,
        -- The requester by key, row by row: people grow with the hospital (a join would read them all for a page).
        (SELECT p.display_name FROM people p WHERE p.id = page.requester_id) AS "requesterName",
        (SELECT p.provider FROM people p WHERE p.id = page.requester_id) AS "requesterIsProvider",
        fa.name AS facility, un.name AS unit,
        sv.name AS service, mo.name AS module, gr.name AS "group", us.display_name AS "assigneeName"
      FROM (
        SELECT "tickets"."id", "tickets"."number", "tickets"."type", "tickets"."channel", "tickets"."status", "tickets"."priority", "tickets"."summary", "tickets"."patient_care_affected", "tickets"."tier", "tickets"."created_at", "tickets"."updated_at", "tickets"."requester_id", "tickets"."assignee_id", "tickets"."version", "tickets"."vendor_state", "tickets"."vendor_fix_version", "tickets"."facility_id", "tickets"."unit_id", "tickets"."service_id", "tickets"."module_id", "tickets"."group_id", ts_rank_cd("tickets"."search", websearch_to_tsquery('english', $1)) AS rank
        FROM "tickets" WHERE "tickets"."id" = ANY($2::uuid[])
        ORDER BY "rank" desc, "tickets"."created_at" desc, "tickets"."id" desc LIMIT 2 OFFSET 0
      ) page
      LEFT JOIN ticket_sla s ON s.ticket_id = page.id
      LEFT JOIN facilities fa ON fa.id = page.facility_id
      LEFT JOIN units un ON un.id = page.unit_id
      LEFT JOIN services sv ON sv.id = page.service_id
      LEFT JOIN services mo ON mo.id = page.module_id
      LEFT JOIN groups gr ON gr.id = page.group_id
      LEFT JOIN users us ON us.id = page.assignee_id
    ) r
    ORDER BY "rank" desc, r."created_at" desc, r."id" desc;

-- listTickets, a vendor's engineer (tickets/queue-store.ts), statement 1 of 2
WITH matches AS MATERIALIZED (
      SELECT "tickets"."id" AS id, "tickets"."created_at" AS created_at, ctid AS at
      FROM "tickets" WHERE ("tickets"."provider_ids" @> ARRAY[$1]::uuid[] and "tickets"."search_masked" @@ websearch_to_tsquery('english', $2)) LIMIT 1000)
    SELECT total, CASE WHEN total < 1000 THEN ARRAY(SELECT "tickets"."id" FROM "tickets"
      WHERE ctid = ANY(ARRAY(SELECT at FROM matches ORDER BY created_at DESC, id DESC LIMIT 500))
      ORDER BY ts_rank_cd("tickets"."search_masked", websearch_to_tsquery('english', $3)) DESC, "tickets"."created_at" desc, "tickets"."id" desc
      LIMIT 50 OFFSET 0) END AS ids,
      CASE WHEN total >= 1000 THEN ARRAY(SELECT DISTINCT (at::text::point)[0]::int FROM matches) END AS pages,
      CASE WHEN total >= 1000 THEN (
        SELECT json_build_object('pages', pg_relation_size(oid) / current_setting('block_size')::int,
          'perPage', reltuples / NULLIF(relpages, 0)) FROM pg_class WHERE oid = 'tickets'::regclass) END AS size
    FROM (SELECT count(*)::int AS total FROM matches) counted;

-- listTickets, a vendor's engineer (tickets/queue-store.ts), statement 2 of 2
SELECT to_json(r) AS r FROM (
      SELECT page.*, s."response_state", s."resolution_state", s."response_target_ms", s."resolution_target_ms", s."response_elapsed_ms", s."resolution_elapsed_ms", s."response_due_at", s."resolution_due_at", s."response_breached_at", s."resolution_breached_at", s."response_at_risk_notified", s."resolution_at_risk_notified", s."at_risk", s.contract_clocks, s.ticket_id IS NOT NULL AS has_sla,
        -- The requester by key, row by row: people grow with the hospital (a join would read them all for a page).
        (SELECT p.display_name FROM people p WHERE p.id = page.requester_id) AS "requesterName",
        (SELECT p.provider FROM people p WHERE p.id = page.requester_id) AS "requesterIsProvider",
        fa.name AS facility, un.name AS unit,
        sv.name AS service, mo.name AS module, gr.name AS "group", us.display_name AS "assigneeName"
      FROM (
        SELECT "tickets"."id", "tickets"."number", "tickets"."type", "tickets"."channel", "tickets"."status", "tickets"."priority", "tickets"."summary", "tickets"."patient_care_affected", "tickets"."tier", "tickets"."created_at", "tickets"."updated_at", "tickets"."requester_id", "tickets"."assignee_id", "tickets"."version", "tickets"."vendor_state", "tickets"."vendor_fix_version", "tickets"."facility_id", "tickets"."unit_id", "tickets"."service_id", "tickets"."module_id", "tickets"."group_id", ts_rank_cd("tickets"."search_masked", websearch_to_tsquery('english', $1)) AS rank
        FROM "tickets" WHERE "tickets"."id" = ANY($2::uuid[])
        ORDER BY "rank" desc, "tickets"."created_at" desc, "tickets"."id" desc LIMIT 2 OFFSET 0
      ) page
      LEFT JOIN ticket_sla s ON s.ticket_id = page.id
      LEFT JOIN facilities fa ON fa.id = page.facility_id
      LEFT JOIN units un ON un.id = page.unit_id
      LEFT JOIN services sv ON sv.id = page.service_id
      LEFT JOIN services mo ON mo.id = page.module_id
      LEFT JOIN groups gr ON gr.id = page.group_id
      LEFT JOIN users us ON us.id = page.assignee_id
    ) r
    ORDER BY "rank" desc, r."created_at" desc, r."id" desc;

-- listTickets, an agent, a word in 10,000 of 100,000 tickets (tickets/queue-store.ts), statement 1 of 3
WITH matches AS MATERIALIZED (
      SELECT "tickets"."id" AS id, "tickets"."created_at" AS created_at, ctid AS at
      FROM "tickets" WHERE "tickets"."search" @@ websearch_to_tsquery('english', $1) LIMIT 1000)
    SELECT total, CASE WHEN total < 1000 THEN ARRAY(SELECT "tickets"."id" FROM "tickets"
      WHERE ctid = ANY(ARRAY(SELECT at FROM matches ORDER BY created_at DESC, id DESC LIMIT 500))
      ORDER BY ts_rank_cd("tickets"."search", websearch_to_tsquery('english', $2)) DESC, "tickets"."created_at" desc, "tickets"."id" desc
      LIMIT 50 OFFSET 0) END AS ids,
      CASE WHEN total >= 1000 THEN ARRAY(SELECT DISTINCT (at::text::point)[0]::int FROM matches) END AS pages,
      CASE WHEN total >= 1000 THEN (
        SELECT json_build_object('pages', pg_relation_size(oid) / current_setting('block_size')::int,
          'perPage', reltuples / NULLIF(relpages, 0)) FROM pg_class WHERE oid = 'tickets'::regclass) END AS size
    FROM (SELECT count(*)::int AS total FROM matches) counted;

-- listTickets, an agent, a word in 10,000 of 100,000 tickets (tickets/queue-store.ts), statement 2 of 3
/* planned for its values */ SELECT ARRAY(SELECT id FROM (
        SELECT "tickets"."id" AS id, "tickets"."created_at" AS created_at, ts_rank_cd("tickets"."search", websearch_to_tsquery('english', $1)) AS rank
        FROM "tickets" WHERE "tickets"."search" @@ websearch_to_tsquery('english', $2) ORDER BY "tickets"."created_at" desc, "tickets"."id" desc LIMIT 500) w
        ORDER BY "rank" desc, w."created_at" desc, w."id" desc
        LIMIT 50 OFFSET 0) AS ids;

-- listTickets, an agent, a word in 10,000 of 100,000 tickets (tickets/queue-store.ts), statement 3 of 3
SELECT to_json(r) AS r FROM (
      SELECT page.*, s."response_state", s."resolution_state", s."response_target_ms", s."resolution_target_ms", s."response_elapsed_ms", s."resolution_elapsed_ms", s."response_due_at", s."resolution_due_at", s."response_breached_at", s."resolution_breached_at", s."response_at_risk_notified", s."resolution_at_risk_notified", s."at_risk", s.contract_clocks, s.ticket_id IS NOT NULL AS has_sla,
        -- The requester by key, row by row: people grow with the hospital (a join would read them all for a page).
        (SELECT p.display_name FROM people p WHERE p.id = page.requester_id) AS "requesterName",
        (SELECT p.provider FROM people p WHERE p.id = page.requester_id) AS "requesterIsProvider",
        fa.name AS facility, un.name AS unit,
        sv.name AS service, mo.name AS module, gr.name AS "group", us.display_name AS "assigneeName"
      FROM (
        SELECT "tickets"."id", "tickets"."number", "tickets"."type", "tickets"."channel", "tickets"."status", "tickets"."priority", "tickets"."summary", "tickets"."patient_care_affected", "tickets"."tier", "tickets"."created_at", "tickets"."updated_at", "tickets"."requester_id", "tickets"."assignee_id", "tickets"."version", "tickets"."vendor_state", "tickets"."vendor_fix_version", "tickets"."facility_id", "tickets"."unit_id", "tickets"."service_id", "tickets"."module_id", "tickets"."group_id", ts_rank_cd("tickets"."search", websearch_to_tsquery('english', $1)) AS rank
        FROM "tickets" WHERE "tickets"."id" = ANY($2::uuid[])
        ORDER BY "rank" desc, "tickets"."created_at" desc, "tickets"."id" desc LIMIT 2 OFFSET 0
      ) page
      LEFT JOIN ticket_sla s ON s.ticket_id = page.id
      LEFT JOIN facilities fa ON fa.id = page.facility_id
      LEFT JOIN units un ON un.id = page.unit_id
      LEFT JOIN services sv ON sv.id = page.service_id
      LEFT JOIN services mo ON mo.id = page.module_id
      LEFT JOIN groups gr ON gr.id = page.group_id
      LEFT JOIN users us ON us.id = page.assignee_id
    ) r
    ORDER BY "rank" desc, r."created_at" desc, r."id" desc;

-- listTickets, an agent, a word in 2,500 of 100,000 tickets (tickets/queue-store.ts), statement 1 of 3
WITH matches AS MATERIALIZED (
      SELECT "tickets"."id" AS id, "tickets"."created_at" AS created_at, ctid AS at
      FROM "tickets" WHERE "tickets"."search" @@ websearch_to_tsquery('english', $1) LIMIT 1000)
    SELECT total, CASE WHEN total < 1000 THEN ARRAY(SELECT "tickets"."id" FROM "tickets"
      WHERE ctid = ANY(ARRAY(SELECT at FROM matches ORDER BY created_at DESC, id DESC LIMIT 500))
      ORDER BY ts_rank_cd("tickets"."search", websearch_to_tsquery('english', $2)) DESC, "tickets"."created_at" desc, "tickets"."id" desc
      LIMIT 50 OFFSET 0) END AS ids,
      CASE WHEN total >= 1000 THEN ARRAY(SELECT DISTINCT (at::text::point)[0]::int FROM matches) END AS pages,
      CASE WHEN total >= 1000 THEN (
        SELECT json_build_object('pages', pg_relation_size(oid) / current_setting('block_size')::int,
          'perPage', reltuples / NULLIF(relpages, 0)) FROM pg_class WHERE oid = 'tickets'::regclass) END AS size
    FROM (SELECT count(*)::int AS total FROM matches) counted;

-- listTickets, an agent, a word in 2,500 of 100,000 tickets (tickets/queue-store.ts), statement 2 of 3
WITH matches AS MATERIALIZED (
        SELECT "tickets"."id" AS id, "tickets"."created_at" AS created_at, ctid AS at FROM "tickets" WHERE "tickets"."search" @@ websearch_to_tsquery('english', $1))
      SELECT ARRAY(SELECT "tickets"."id" FROM "tickets"
      WHERE ctid = ANY(ARRAY(SELECT at FROM matches ORDER BY created_at DESC, id DESC LIMIT 500))
      ORDER BY ts_rank_cd("tickets"."search", websearch_to_tsquery('english', $2)) DESC, "tickets"."created_at" desc, "tickets"."id" desc
      LIMIT 50 OFFSET 0) AS ids;

-- listTickets, an agent, a word in 2,500 of 100,000 tickets (tickets/queue-store.ts), statement 3 of 3
SELECT to_json(r) AS r FROM (
      SELECT page.*, s."response_state", s."resolution_state", s."response_target_ms", s."resolution_target_ms", s."response_elapsed_ms", s."resolution_elapsed_ms", s."response_due_at", s."resolution_due_at", s."response_breached_at", s."resolution_breached_at", s."response_at_risk_notified", s."resolution_at_risk_notified", s."at_risk", s.contract_clocks, s.ticket_id IS NOT NULL AS has_sla,
        -- The requester by key, row by row: people grow with the hospital (a join would read them all for a page).
        (SELECT p.display_name FROM people p WHERE p.id = page.requester_id) AS "requesterName",
        (SELECT p.provider FROM people p WHERE p.id = page.requester_id) AS "requesterIsProvider",
        fa.name AS facility, un.name AS unit,
        sv.name AS service, mo.name AS module, gr.name AS "group", us.display_name AS "assigneeName"
      FROM (
        SELECT "tickets"."id", "tickets"."number", "tickets"."type", "tickets"."channel", "tickets"."status", "tickets"."priority", "tickets"."summary", "tickets"."patient_care_affected", "tickets"."tier", "tickets"."created_at", "tickets"."updated_at", "tickets"."requester_id", "tickets"."assignee_id", "tickets"."version", "tickets"."vendor_state", "tickets"."vendor_fix_version", "tickets"."facility_id", "tickets"."unit_id", "tickets"."service_id", "tickets"."module_id", "tickets"."group_id", ts_rank_cd("tickets"."search", websearch_to_tsquery('english', $1)) AS rank
        FROM "tickets" WHERE "tickets"."id" = ANY($2::uuid[])
        ORDER BY "rank" desc, "tickets"."created_at" desc, "tickets"."id" desc LIMIT 2 OFFSET 0
      ) page
      LEFT JOIN ticket_sla s ON s.ticket_id = page.id
      LEFT JOIN facilities fa ON fa.id = page.facility_id
      LEFT JOIN units un ON un.id = page.unit_id
      LEFT JOIN services sv ON sv.id = page.service_id
      LEFT JOIN services mo ON mo.id = page.module_id
      LEFT JOIN groups gr ON gr.id = page.group_id
      LEFT JOIN users us ON us.id = page.assignee_id
    ) r
    ORDER BY "rank" desc, r."created_at" desc, r."id" desc;
