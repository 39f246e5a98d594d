-- 1. Every P1, and every ticket with patient care affected or a patient-safety flag, runs on a 24x7 calendar
-- (DOMAIN.md). The clock enforces it whatever the policies say (sla/rules/around-the-clock.ts); the defaults now say
-- so too: a first policy for those tickets on the 24x7 calendar. The 24x7 calendar is restored if it was removed.
INSERT INTO "sla_calendars" ("id", "name", "time_zone", "always_open", "weekly", "closures") VALUES
  ('5a1a0000-0000-4000-8000-000000000001', '24x7', 'UTC', true, '[]', '[]')
ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO "sla_policies" ("id", "name", "description", "position", "active", "match", "calendar_id", "targets", "pause_statuses", "at_risk_percent")
SELECT '5a1a0000-0000-4000-8000-000000000014', 'P1, patient care or safety (24x7)',
       'Every P1, and every ticket with patient care affected or a patient-safety flag, whatever its service: a hospital never makes a patient-care issue wait for the morning.',
       5, true, '{"patientCareOrP1":true}', c."id",
       '{"1":{"responseMinutes":15,"resolutionMinutes":120},"2":{"responseMinutes":60,"resolutionMinutes":240},"3":{"responseMinutes":120,"resolutionMinutes":1440},"4":{"responseMinutes":240,"resolutionMinutes":4320}}',
       '{pending_requester}', 75
  FROM "sla_calendars" c
 WHERE c."always_open"
 ORDER BY (c."id" = '5a1a0000-0000-4000-8000-000000000001') DESC, c."name"
 LIMIT 1
ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- 2. First response is the first public reply by a person, or a live contact answered by a person; hand-offs and
-- field edits were wrongly recorded as responses. Recompute it from each ticket's history (tickets/rules/first-response.ts).
-- Tickets already resolved keep their corrected response clock as history: their announcements count as made.
WITH desk AS (
  SELECT "id" FROM "users" WHERE "role" NOT IN ('requester', 'vendor', 'integration')
), responses AS (
  SELECT t."id", (
    SELECT min(x.at) FROM (
      SELECT t."created_at" AS at
       WHERE t."channel" IN ('phone', 'chat', 'walk_up', 'go_live') AND t."opened_by_user_id" IN (SELECT "id" FROM desk)
      UNION ALL
      SELECT c."created_at" FROM "ticket_comments" c
       WHERE c."ticket_id" = t."id" AND c."visibility" = 'public' AND c."author_id" IN (SELECT "id" FROM desk)
      UNION ALL
      SELECT a."at" FROM "ticket_activity" a
       WHERE a."ticket_id" = t."id" AND a."kind" = 'resolved' AND a."actor_id" IN (SELECT "id" FROM desk)
      UNION ALL
      SELECT greatest(k."answered_at", t."created_at") FROM "contact_tickets" ct JOIN "contacts" k ON k."id" = ct."contact_id"
       WHERE ct."ticket_id" = t."id" AND k."answered_at" IS NOT NULL AND k."agent_id" IS NOT NULL
    ) x
  ) AS first_at
  FROM "tickets" t
), fixed AS (
  UPDATE "tickets" t SET "first_response_at" = r.first_at
    FROM responses r
   WHERE r."id" = t."id" AND t."first_response_at" IS DISTINCT FROM r.first_at
  RETURNING t."id", t."status"
)
UPDATE "ticket_sla" s
   SET "next_check_at" = now(),
       "response_at_risk_notified" = s."response_at_risk_notified" OR f."status" IN ('resolved', 'closed'),
       "response_breach_notified" = s."response_breach_notified" OR f."status" IN ('resolved', 'closed')
  FROM fixed f
 WHERE s."ticket_id" = f."id";
--> statement-breakpoint
-- 3. Every ticket whose clocks still run is looked at again by the sweep, under the new policy and the 24x7 rule.
UPDATE "ticket_sla" SET "next_check_at" = now()
 WHERE "resolution_state" IS DISTINCT FROM 'stopped' OR "response_state" IS DISTINCT FROM 'stopped';
