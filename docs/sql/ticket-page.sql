-- Opening a ticket's page: the ticket by its number, everything the page shows and the reader's person, in one
-- statement (then the read's audit row).
-- Generated from the code by `npm run sql:snapshots` (test/sql-snapshots.ts); do not edit: change the query,
-- run the script and review this file with the code.

-- findTicketPageByNumber (tickets/store.ts)
SELECT "tickets"."id", "tickets"."number", "tickets"."type", "tickets"."channel", "tickets"."status", "tickets"."summary", "tickets"."description", "tickets"."requester_id", "tickets"."opened_by_user_id", "tickets"."facility_id", "tickets"."unit_id", "tickets"."location_id", "tickets"."location_text", "tickets"."asset_id", "tickets"."asset_tag", "tickets"."device_type", "tickets"."service_id", "tickets"."module_id", "tickets"."error_text", "tickets"."patient_care_affected", "tickets"."scope", "tickets"."workaround_available", "tickets"."patient_safety", "tickets"."safety_report_ref", "tickets"."impact", "tickets"."urgency", "tickets"."priority", "tickets"."priority_reason", "tickets"."tier", "tickets"."provider_id", "tickets"."group_id", "tickets"."assignee_id", "tickets"."provider_ids", "tickets"."resolution_code", "tickets"."resolution_note", "tickets"."resolved_by_id", "tickets"."resolved_at", "tickets"."closed_at", "tickets"."reopen_count", "tickets"."vendor_state", "tickets"."vendor_fix_version", "tickets"."vendor_state_at", "tickets"."first_response_at", "tickets"."created_at", "tickets"."updated_at", "tickets"."version", "tickets"."masked_summary", "tickets"."masked_error_text", "tickets"."masked_description", "tickets"."phi_scanned", 
      (SELECT to_jsonb(p) FROM people p WHERE p.id = "tickets".requester_id) AS requester,
      (SELECT name FROM "facilities" WHERE id = "tickets"."facility_id") AS facility,
      (SELECT f.name FROM people p JOIN facilities f ON f.id = p.facility_id WHERE p.id = "tickets".requester_id)
        AS "requesterFacility",
      (SELECT name FROM "units" WHERE id = "tickets"."unit_id") AS unit,
      (SELECT u.name FROM people p JOIN units u ON u.id = p.unit_id WHERE p.id = "tickets".requester_id) AS "requesterUnit",
      (SELECT name FROM "locations" WHERE id = "tickets"."location_id") AS location,
      (SELECT name FROM "services" WHERE id = "tickets"."service_id") AS service,
      (SELECT name FROM "services" WHERE id = "tickets"."module_id") AS module,
      (SELECT name FROM "groups" WHERE id = "tickets"."group_id") AS "group",
      (SELECT name FROM "providers" WHERE id = "tickets"."provider_id") AS provider,
      (SELECT display_name FROM users WHERE id = "tickets"."assignee_id") AS "assigneeName",
      (SELECT display_name FROM users WHERE id = "tickets"."opened_by_user_id") AS "openedBy",
      -- The requester's own other open tickets (a repeat caller?), never the desk's.
      (SELECT count(*)::int FROM tickets o WHERE o.requester_id = "tickets".requester_id AND o.id <> "tickets".id
        AND o.status NOT IN ('resolved','closed')) AS "otherOpenTickets",
      EXISTS (SELECT 1 FROM providers p WHERE p.id = ANY("tickets"."provider_ids")
  AND p.kind <> 'in_house') AS "heldByOutsideProvider",
      (SELECT coalesce(jsonb_agg(jsonb_build_object(
          'c', to_jsonb(c), 'author', u.display_name, 'authorRole', u.role,
          -- a sender by email still unverified (read live: it clears once an agent confirms them)
          'senderUnverified', c.email_from_person_id IS NOT NULL
            AND EXISTS (SELECT 1 FROM email_senders es WHERE es.person_id = c.email_from_person_id)
        ) ORDER BY c.created_at), '[]')
        FROM ticket_comments c LEFT JOIN users u ON u.id = c.author_id WHERE c.ticket_id = "tickets".id) AS comments,
      (SELECT coalesce(jsonb_agg(jsonb_build_object(
          'h', to_jsonb(h),
          'fromProvider', (SELECT name FROM "providers" WHERE id = h.from_provider_id),
          'toProvider', (SELECT name FROM "providers" WHERE id = h.to_provider_id),
          'fromGroup', (SELECT name FROM "groups" WHERE id = h.from_group_id),
          'toGroup', (SELECT name FROM "groups" WHERE id = h.to_group_id),
          'fromUser', (SELECT display_name FROM users WHERE id = h.from_user_id),
          'toUser', (SELECT display_name FROM users WHERE id = h.to_user_id),
          'actor', (SELECT display_name FROM users WHERE id = h.actor_id)
        ) ORDER BY h.at), '[]')
        FROM ticket_handoffs h WHERE h.ticket_id = "tickets".id) AS handoffs,
      (SELECT coalesce(jsonb_agg(jsonb_build_object('a', to_jsonb(a), 'actor', u.display_name) ORDER BY a.id), '[]')
        FROM ticket_activity a LEFT JOIN users u ON u.id = a.actor_id WHERE a.ticket_id = "tickets".id) AS activity,
      (SELECT coalesce(jsonb_agg(jsonb_build_object(
          'kind', l.kind, 'ticketId', l.ticket_id, 'number', o.number, 'summary', o.summary, 'status', o.status)), '[]')
        FROM ticket_links l
        JOIN tickets o ON o.id = CASE WHEN l.ticket_id = "tickets".id THEN l.other_id ELSE l.ticket_id END
        WHERE l.ticket_id = "tickets".id OR l.other_id = "tickets".id) AS links,
      (SELECT coalesce(jsonb_agg(jsonb_build_object(
          'id', a.id, 'filename', a.filename, 'contentType', a.content_type, 'size', a.size,
          'mayContainPhi', a.may_contain_phi, 'createdAt', a.created_at) ORDER BY a.created_at), '[]')
        FROM ticket_attachments a WHERE a.ticket_id = "tickets".id) AS attachments,
      (SELECT to_jsonb(s) FROM ticket_sla s WHERE s.ticket_id = "tickets".id) AS sla,
      -- The call it was opened on, if any: when that contact ended (its wrap-up, else its hang-up) and its transfers.
      (SELECT jsonb_build_object('endedAt', coalesce(c.wrap_done_at, c.ended_at), 'transfers', c.transfers)
        FROM contact_tickets ct JOIN contacts c ON c.id = ct.contact_id
        WHERE ct.ticket_id = "tickets".id AND ct.relation = 'opened'
        ORDER BY c.offered_at LIMIT 1) AS "openingContact",
      (SELECT json_build_object('id', p.id, 'unitId', p.unit_id, 'superUser', p.super_user,
        'providerOrgId', p.provider_org_id) FROM people p WHERE p.user_id = $1::uuid) AS "readerPerson"
    FROM "tickets" WHERE "tickets"."number" = $2 LIMIT 1;
