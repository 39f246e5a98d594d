-- Email in and notifications, closing gaps (docs/email.md, docs/notifications.md):
-- 1. A reply by email from a sender without an account names its sender on the comment (the name and address the
--    message gave, and the person on file, whose unverified mark is read live), instead of showing "Clinidesk".
ALTER TABLE "ticket_comments" ADD COLUMN "email_from_name" text;
--> statement-breakpoint
ALTER TABLE "ticket_comments" ADD COLUMN "email_from_address" text;
--> statement-breakpoint
ALTER TABLE "ticket_comments" ADD COLUMN "email_from_person_id" uuid REFERENCES "people"("id") ON DELETE SET NULL;
--> statement-breakpoint
-- 2. The raw message is kept for the quarantine and for checking what came in, then purged after the retention period
--    (CLINIDESK_EMAIL_RAW_RETENTION_DAYS): the row stays as the record, with when its content went.
ALTER TABLE "email_messages" ADD COLUMN "raw_purged_at" timestamp with time zone;
--> statement-breakpoint
CREATE INDEX "email_messages_unpurged_idx" ON "email_messages" ("received_at") WHERE "raw_purged_at" IS NULL;
--> statement-breakpoint
-- 3. Which group was told of a ticket at which urgent priority: "P1/P2 in your group" once per ticket, group and level,
--    whether the ticket was opened urgent, raised later or moved into the group.
CREATE TABLE "notification_urgent_told" (
	"ticket_id" uuid NOT NULL REFERENCES "tickets"("id") ON DELETE CASCADE,
	"group_id" uuid NOT NULL REFERENCES "groups"("id") ON DELETE CASCADE,
	"priority" smallint NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notification_urgent_told_pkey" PRIMARY KEY ("ticket_id", "group_id", "priority"),
	CONSTRAINT "notification_urgent_told_priority_check" CHECK ("priority" BETWEEN 1 AND 2)
);
--> statement-breakpoint
-- Open urgent tickets already in a group were told of when they were opened (or are known to the group by now): marked
-- at their current level, so the first change after this migration does not announce them again.
INSERT INTO "notification_urgent_told" ("ticket_id", "group_id", "priority")
SELECT "id", "group_id", "priority" FROM "tickets"
WHERE "priority" <= 2 AND "group_id" IS NOT NULL AND "status" NOT IN ('resolved', 'closed')
ON CONFLICT DO NOTHING;
