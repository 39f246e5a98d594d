-- E-bonding (features/ebonding, issue 16, docs/vendors.md): a provider's ticketing system updates the vendor case of
-- the tickets it holds. One connection per provider (on or off, the mapping of its state names to Clinidesk's, the
-- password-less vendor account its tokens belong to), and every update received: unique per (provider, event id),
-- so a duplicate is answered once whichever instance receives it, and the newest update applied to a ticket is what
-- an older one arriving late is compared with (a ticket never moves backwards).
CREATE TABLE "ebonding_connections" (
	"provider_id" uuid PRIMARY KEY NOT NULL REFERENCES "providers"("id") ON DELETE CASCADE,
	"enabled" boolean DEFAULT false NOT NULL,
	"state_map" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"account_user_id" uuid NOT NULL REFERENCES "users"("id"),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "ebonding_connections_account_key" ON "ebonding_connections" USING btree ("account_user_id");--> statement-breakpoint
CREATE TABLE "ebonding_updates" (
	"id" uuid PRIMARY KEY NOT NULL,
	"provider_id" uuid NOT NULL REFERENCES "providers"("id") ON DELETE CASCADE,
	"event_id" text NOT NULL,
	"ticket_id" uuid NOT NULL REFERENCES "tickets"("id") ON DELETE CASCADE,
	"occurred_at" timestamp with time zone NOT NULL,
	"outcome" text NOT NULL,
	"vendor_state" text,
	"case_reference" text,
	"actor_id" uuid REFERENCES "users"("id") ON DELETE SET NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ebonding_updates_once" UNIQUE ("provider_id", "event_id"),
	CONSTRAINT "ebonding_updates_outcome_check" CHECK ("outcome" IN ('applied', 'stale')),
	CONSTRAINT "ebonding_updates_vendor_state_check" CHECK ("vendor_state" IN ('working', 'needs_info', 'fix_proposed', 'fix_released', 'returned'))
);
--> statement-breakpoint
CREATE INDEX "ebonding_updates_ticket_idx" ON "ebonding_updates" USING btree ("ticket_id", "provider_id", "occurred_at");--> statement-breakpoint
CREATE INDEX "ebonding_updates_reference_idx" ON "ebonding_updates" USING btree ("provider_id", lower("case_reference")) WHERE "case_reference" IS NOT NULL;
