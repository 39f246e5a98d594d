-- Default SLA calendars and policies (targets from the desk's priority definitions: P1 15 min / 2 h,
-- P2 1 h / 4 h, P3 2 h / 1 day, P4 4 h / 3 days). Fixed ids so the demo, tests and docs can refer to them.
INSERT INTO "sla_calendars" ("id", "name", "time_zone", "always_open", "weekly", "closures") VALUES
  ('5a1a0000-0000-4000-8000-000000000001', '24x7', 'UTC', true, '[]', '[]'),
  ('5a1a0000-0000-4000-8000-000000000002', 'Business hours (facility time zone)', NULL, false,
   '[{"day":1,"start":"08:00","end":"17:00"},{"day":2,"start":"08:00","end":"17:00"},{"day":3,"start":"08:00","end":"17:00"},{"day":4,"start":"08:00","end":"17:00"},{"day":5,"start":"08:00","end":"17:00"}]',
   '[]')
ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO "sla_policies" ("id", "name", "description", "position", "active", "match", "calendar_id", "targets", "pause_statuses", "at_risk_percent") VALUES
  ('5a1a0000-0000-4000-8000-000000000011', 'Clinical-critical services (24x7)',
   'Services flagged clinical-critical (EHR, BCMA, pharmacy…) run on the 24x7 calendar.', 10, true,
   '{"clinicalCritical":true}', '5a1a0000-0000-4000-8000-000000000001',
   '{"1":{"responseMinutes":15,"resolutionMinutes":120},"2":{"responseMinutes":60,"resolutionMinutes":240},"3":{"responseMinutes":120,"resolutionMinutes":1440},"4":{"responseMinutes":240,"resolutionMinutes":4320}}',
   '{pending_requester}', 75),
  ('5a1a0000-0000-4000-8000-000000000012', 'Provider line (24x7)',
   'Physicians and advanced practice providers never wait for office hours.', 20, true,
   '{"providerLine":true}', '5a1a0000-0000-4000-8000-000000000001',
   '{"1":{"responseMinutes":15,"resolutionMinutes":120},"2":{"responseMinutes":60,"resolutionMinutes":240},"3":{"responseMinutes":120,"resolutionMinutes":1440},"4":{"responseMinutes":240,"resolutionMinutes":4320}}',
   '{pending_requester}', 75),
  ('5a1a0000-0000-4000-8000-000000000013', 'Standard (business hours)',
   'Everything else, on business hours in the facility''s time zone.', 100, true,
   '{}', '5a1a0000-0000-4000-8000-000000000002',
   '{"1":{"responseMinutes":15,"resolutionMinutes":120},"2":{"responseMinutes":60,"resolutionMinutes":240},"3":{"responseMinutes":120,"resolutionMinutes":1440},"4":{"responseMinutes":240,"resolutionMinutes":4320}}',
   '{pending_requester}', 75)
ON CONFLICT DO NOTHING;
