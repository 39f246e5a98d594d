-- Go-live (at-the-elbow) tickets join the FCR denominator (FIRST_CONTACT_CHANNELS in tickets/rules/vocabulary.ts;
-- docs/decisions.md). Their report facts were judged with go-live outside it (never a live contact, never FCR): the
-- SLA row's "computed at" is the reports refresh's own signal that a ticket needs judging again (refresh.ts), so
-- moving it makes the next refresh re-judge only the go-live tickets and rebuild the rollup months whose facts moved.
-- Every ticket the desk opens has an SLA row (one with no policy when none matches); nothing else changes.
UPDATE "ticket_sla" SET "computed_at" = now()
WHERE "ticket_id" IN (SELECT "id" FROM "tickets" WHERE "channel" = 'go_live');
--> statement-breakpoint
-- Go-live phone lines (docs/routing.md, "Go-live lines"): the dialled numbers or queues whose calls, while the
-- go-live runs, are routed by the caller's role and the application chosen in the IVR.
ALTER TABLE "golive_events" ADD COLUMN "phone_lines" text[] DEFAULT '{}'::text[] NOT NULL;
