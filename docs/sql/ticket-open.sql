-- Opening a ticket: its clinical context read in one statement, the ticket row written with its first activity row, and
-- its SLA row (in the open's transaction).
-- Generated from the code by `npm run sql:snapshots` (test/sql-snapshots.ts); do not edit: change the query,
-- run the script and review this file with the code.

-- contextRows (directory/context-store.ts)
WITH named AS (SELECT * FROM services WHERE id = ANY($1::uuid[])),
      covering AS (
        SELECT c.service_id, c.tier, c.group_id, g.provider_id FROM coverage c JOIN groups g ON g.id = c.group_id
        WHERE c.tier = 'tier1' AND c.service_id IN (SELECT id FROM named UNION SELECT parent_id FROM named))
    SELECT
      (SELECT to_jsonb(f) FROM facilities f
        WHERE f.id = coalesce((SELECT facility_id FROM units WHERE id = $2::uuid), $3::uuid))
        AS facility,
      (SELECT to_jsonb(u) FROM units u WHERE u.id = $4::uuid) AS unit,
      (SELECT to_jsonb(l) FROM locations l WHERE l.id = $5::uuid) AS location,
      (SELECT to_jsonb(a) FROM assets a WHERE lower(a.tag) = lower($6::text) LIMIT 1) AS asset,
      (SELECT coalesce(jsonb_agg(to_jsonb(n)), '[]') FROM named n) AS services,
      (SELECT to_jsonb(st) FROM settings st WHERE st.key = $7) AS matrix,
      (SELECT coalesce(jsonb_agg(jsonb_build_object(
          'serviceId', c.service_id, 'tier', c.tier, 'groupId', c.group_id, 'providerId', c.provider_id)), '[]')
        FROM covering c) AS coverage,
      -- The intake rule's groups, only when nothing covers the services named.
      CASE WHEN NOT EXISTS (SELECT 1 FROM covering) THEN (
        SELECT coalesce(jsonb_agg(jsonb_build_object(
            'id', g.id, 'name', g.name, 'providerId', g.provider_id, 'providerKind', p.kind,
            'coveredServices', (SELECT count(*)::int FROM coverage c WHERE c.group_id = g.id AND c.tier = 'tier1'))), '[]')
          FROM groups g JOIN providers p ON p.id = g.provider_id WHERE g.tier = 'tier1')
      END AS "firstLineGroups",
      (SELECT p.provider FROM people p WHERE p.id = $8::uuid) AS "requesterProvider";

-- insertTicket (tickets/store.ts)
WITH t AS (INSERT INTO "tickets" ("id", "type", "channel", "status", "summary", "description", "requester_id", "opened_by_user_id", "facility_id", "unit_id", "location_id", "location_text", "asset_id", "asset_tag", "device_type", "service_id", "module_id", "error_text", "patient_care_affected", "scope", "workaround_available", "patient_safety", "safety_report_ref", "impact", "urgency", "priority", "priority_reason", "tier", "group_id", "provider_id", "provider_ids", "assignee_id", "resolution_code", "resolution_note", "resolved_by_id", "resolved_at", "first_response_at", "masked_summary", "masked_error_text", "masked_description", "phi_scanned") SELECT "id", "type", "channel", "status", "summary", "description", "requester_id", "opened_by_user_id", "facility_id", "unit_id", "location_id", "location_text", "asset_id", "asset_tag", "device_type", "service_id", "module_id", "error_text", "patient_care_affected", "scope", "workaround_available", "patient_safety", "safety_report_ref", "impact", "urgency", "priority", "priority_reason", "tier", "group_id", "provider_id", "provider_ids", "assignee_id", "resolution_code", "resolution_note", "resolved_by_id", "resolved_at", "first_response_at", "masked_summary", "masked_error_text", "masked_description", "phi_scanned" FROM jsonb_populate_record(NULL::"tickets", $1::jsonb)
    RETURNING tickets."id", tickets."number", tickets."type", tickets."channel", tickets."status", tickets."summary", tickets."description", tickets."requester_id", tickets."opened_by_user_id", tickets."facility_id", tickets."unit_id", tickets."location_id", tickets."location_text", tickets."asset_id", tickets."asset_tag", tickets."device_type", tickets."service_id", tickets."module_id", tickets."error_text", tickets."patient_care_affected", tickets."scope", tickets."workaround_available", tickets."patient_safety", tickets."safety_report_ref", tickets."impact", tickets."urgency", tickets."priority", tickets."priority_reason", tickets."tier", tickets."provider_id", tickets."group_id", tickets."assignee_id", tickets."provider_ids", tickets."resolution_code", tickets."resolution_note", tickets."resolved_by_id", tickets."resolved_at", tickets."closed_at", tickets."reopen_count", tickets."vendor_state", tickets."vendor_fix_version", tickets."vendor_state_at", tickets."first_response_at", tickets."created_at", tickets."updated_at", tickets."version", tickets."masked_summary", tickets."masked_error_text", tickets."masked_description", tickets."phi_scanned"),
      a AS (INSERT INTO ticket_activity (ticket_id, actor_id, kind, data)
        SELECT t.id, $2::uuid, 'opened', $3::jsonb FROM t)
    SELECT * FROM t;

-- upsertTicketSla (sla/store.ts)
insert into "ticket_sla" ("ticket_id", "policy_id", "policy_name", "calendar_id", "time_zone", "priority", "timeline", "response_target_ms", "resolution_target_ms", "response_state", "resolution_state", "response_elapsed_ms", "resolution_elapsed_ms", "response_due_at", "resolution_due_at", "response_breached_at", "resolution_breached_at", "at_risk", "breached", "response_at_risk_notified", "response_breach_notified", "resolution_at_risk_notified", "resolution_breach_notified", "elapsed_by_holder", "contract_clocks", "next_check_at", "computed_at")
values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, default, $25, $26)
on conflict ("ticket_id") do update set "policy_id" = $27,
  "policy_name" = $28,
  "calendar_id" = $29,
  "time_zone" = $30,
  "priority" = $31,
  "timeline" = $32,
  "response_target_ms" = $33,
  "resolution_target_ms" = $34,
  "response_state" = $35,
  "resolution_state" = $36,
  "response_elapsed_ms" = $37,
  "resolution_elapsed_ms" = $38,
  "response_due_at" = $39,
  "resolution_due_at" = $40,
  "response_breached_at" = $41,
  "resolution_breached_at" = $42,
  "at_risk" = $43,
  "breached" = $44,
  "response_at_risk_notified" = $45,
  "response_breach_notified" = $46,
  "resolution_at_risk_notified" = $47,
  "resolution_breach_notified" = $48,
  "elapsed_by_holder" = $49,
  "next_check_at" = $50,
  "computed_at" = $51;
