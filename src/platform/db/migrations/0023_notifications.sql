CREATE TABLE "notification_settings" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"full_text_domain" text,
	"pager_url" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notification_settings_one_row" CHECK ("id" = 1)
);
--> statement-breakpoint
INSERT INTO "notification_settings" ("id") VALUES (1);
--> statement-breakpoint
CREATE TABLE "notification_templates" (
	"kind" text PRIMARY KEY NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid REFERENCES "users"("id")
);
--> statement-breakpoint
CREATE TABLE "notification_preferences" (
	"user_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE CASCADE,
	"kind" text NOT NULL,
	"channel" text NOT NULL,
	CONSTRAINT "notification_preferences_pkey" PRIMARY KEY ("user_id", "kind"),
	CONSTRAINT "notification_preferences_channel_check" CHECK ("channel" in ('email','none','pager'))
);
--> statement-breakpoint
CREATE TABLE "notification_deliveries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"event_id" bigint,
	"kind" text NOT NULL,
	"channel" text NOT NULL,
	"ticket_id" uuid REFERENCES "tickets"("id") ON DELETE CASCADE,
	"user_id" uuid REFERENCES "users"("id") ON DELETE SET NULL,
	"to_address" text NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"in_reply_to" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "notification_deliveries_channel_check" CHECK ("channel" in ('email','pager')),
	CONSTRAINT "notification_deliveries_status_check" CHECK ("status" in ('pending','sent','failed'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "notification_deliveries_once_key" ON "notification_deliveries" USING btree ("event_id", "kind", coalesce("user_id", '00000000-0000-0000-0000-000000000000'::uuid), "channel") WHERE "event_id" IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "notification_deliveries_due_idx" ON "notification_deliveries" USING btree ("next_attempt_at") WHERE "status" = 'pending';
--> statement-breakpoint
CREATE INDEX "notification_deliveries_failed_idx" ON "notification_deliveries" USING btree ("created_at") WHERE "status" = 'failed';
--> statement-breakpoint
CREATE INDEX "notification_deliveries_sent_idx" ON "notification_deliveries" USING btree ("sent_at") WHERE "status" = 'sent';
--> statement-breakpoint
CREATE INDEX "notification_deliveries_ticket_idx" ON "notification_deliveries" USING btree ("ticket_id");
--> statement-breakpoint
CREATE TABLE "notification_outbox_cursor" (
	"name" text PRIMARY KEY NOT NULL,
	"txid" xid8 NOT NULL,
	"event_id" bigint NOT NULL
);
--> statement-breakpoint
INSERT INTO "notification_outbox_cursor" ("name", "txid", "event_id")
SELECT 'notifications', coalesce(last.txid, '0'::xid8), coalesce(last.id, 0)
  FROM (SELECT 1) AS one LEFT JOIN (SELECT txid, id FROM "outbox" ORDER BY txid DESC, id DESC LIMIT 1) AS last ON true;
