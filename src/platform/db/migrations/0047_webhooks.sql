-- Outbound webhooks (features/webhooks, docs/webhooks.md): subscriptions with their sealed signing secrets, one
-- delivery per (subscription, event), each attempt in the delivery log, and the outbox consumer's position.
CREATE TABLE "webhook_subscriptions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"url" text NOT NULL,
	"owner_kind" text NOT NULL,
	"provider_id" uuid REFERENCES "providers"("id") ON DELETE CASCADE,
	"event_types" text[] NOT NULL,
	"filter_provider_ids" uuid[] DEFAULT '{}' NOT NULL,
	"filter_facility_ids" uuid[] DEFAULT '{}' NOT NULL,
	"filter_service_ids" uuid[] DEFAULT '{}' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"secret_sealed" text NOT NULL,
	"previous_secret_sealed" text,
	"previous_secret_until" timestamp with time zone,
	"consecutive_failures" integer DEFAULT 0 NOT NULL,
	"failing_since" timestamp with time zone,
	"disabled_at" timestamp with time zone,
	"disabled_reason" text,
	"created_by" uuid REFERENCES "users"("id") ON DELETE SET NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "webhook_subscriptions_owner_kind" CHECK ("owner_kind" IN ('hospital', 'vendor')),
	CONSTRAINT "webhook_subscriptions_vendor_has_provider" CHECK (("owner_kind" = 'vendor') = ("provider_id" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"subscription_id" uuid NOT NULL REFERENCES "webhook_subscriptions"("id") ON DELETE CASCADE,
	"event_id" bigint NOT NULL,
	"event_type" text NOT NULL,
	"body" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"window_started_at" timestamp with time zone,
	"last_status_code" integer,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone,
	CONSTRAINT "webhook_deliveries_status" CHECK ("status" IN ('pending', 'delivered', 'failed')),
	CONSTRAINT "webhook_deliveries_once" UNIQUE ("subscription_id", "event_id")
);
--> statement-breakpoint
CREATE INDEX "webhook_deliveries_due_idx" ON "webhook_deliveries" USING btree ("next_attempt_at") WHERE "status" = 'pending';
--> statement-breakpoint
CREATE INDEX "webhook_deliveries_log_idx" ON "webhook_deliveries" USING btree ("subscription_id", "created_at" DESC);
--> statement-breakpoint
CREATE TABLE "webhook_attempts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"delivery_id" uuid NOT NULL REFERENCES "webhook_deliveries"("id") ON DELETE CASCADE,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"status_code" integer,
	"error" text,
	"response_excerpt" text,
	"duration_ms" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "webhook_attempts_delivery_idx" ON "webhook_attempts" USING btree ("delivery_id", "at");
--> statement-breakpoint
CREATE TABLE "webhook_outbox_cursor" (
	"name" text PRIMARY KEY NOT NULL,
	"txid" xid8 NOT NULL,
	"event_id" bigint NOT NULL
);
--> statement-breakpoint
INSERT INTO "webhook_outbox_cursor" ("name", "txid", "event_id")
SELECT 'webhooks', coalesce(last.txid, '0'::xid8), coalesce(last.id, 0)
  FROM (SELECT 1) AS one LEFT JOIN (SELECT txid, id FROM "outbox" ORDER BY txid DESC, id DESC LIMIT 1) AS last ON true;
