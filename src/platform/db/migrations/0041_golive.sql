-- The go-live command center (features/golive, docs/golive.md): an event (facilities going live, the command
-- center's hours), its zones (groups of units with a zone leader), the roster of support shifts (desk staff,
-- super-users and external consultants with their provider) with check-in and check-out, the issues logged through
-- it (a ticket each, opened on the go_live channel, tied to the event and zone with its go-live category), and the
-- known issues broadcast to at-the-elbow staff and shown in the portal.
CREATE TABLE "golive_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"facility_ids" uuid[] NOT NULL CHECK (cardinality("facility_ids") >= 1),
	"time_zone" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"round_the_clock_days" integer NOT NULL CHECK ("round_the_clock_days" >= 0),
	"scaled_open_hour" integer NOT NULL CHECK ("scaled_open_hour" BETWEEN 0 AND 23),
	"scaled_close_hour" integer NOT NULL CHECK ("scaled_close_hour" BETWEEN 1 AND 24),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "golive_events_dates_check" CHECK ("ends_at" > "starts_at"),
	CONSTRAINT "golive_events_hours_check" CHECK ("scaled_close_hour" > "scaled_open_hour")
);--> statement-breakpoint
CREATE TABLE "golive_zones" (
	"id" uuid PRIMARY KEY NOT NULL,
	"event_id" uuid NOT NULL REFERENCES "golive_events"("id") ON DELETE CASCADE,
	"name" text NOT NULL,
	"leader_person_id" uuid REFERENCES "people"("id"),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "golive_zones_name_key" UNIQUE ("event_id", "name")
);--> statement-breakpoint
-- A unit belongs to at most one zone of an event (the primary key says so).
CREATE TABLE "golive_zone_units" (
	"event_id" uuid NOT NULL REFERENCES "golive_events"("id") ON DELETE CASCADE,
	"unit_id" uuid NOT NULL REFERENCES "units"("id"),
	"zone_id" uuid NOT NULL REFERENCES "golive_zones"("id") ON DELETE CASCADE,
	CONSTRAINT "golive_zone_units_pkey" PRIMARY KEY ("event_id", "unit_id")
);--> statement-breakpoint
CREATE INDEX "golive_zone_units_zone_idx" ON "golive_zone_units" USING btree ("zone_id");--> statement-breakpoint
CREATE TABLE "golive_shifts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"event_id" uuid NOT NULL REFERENCES "golive_events"("id") ON DELETE CASCADE,
	"zone_id" uuid REFERENCES "golive_zones"("id") ON DELETE CASCADE,
	"person_id" uuid NOT NULL REFERENCES "people"("id"),
	"provider_id" uuid REFERENCES "providers"("id"),
	"role" text NOT NULL CHECK ("role" IN ('at_the_elbow', 'super_user', 'command_center', 'zone_leader')),
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"checked_in_at" timestamp with time zone,
	"checked_out_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "golive_shifts_dates_check" CHECK ("ends_at" > "starts_at"),
	CONSTRAINT "golive_shifts_checkout_check" CHECK ("checked_out_at" IS NULL OR "checked_in_at" IS NOT NULL)
);--> statement-breakpoint
CREATE INDEX "golive_shifts_event_idx" ON "golive_shifts" USING btree ("event_id", "starts_at");--> statement-breakpoint
CREATE INDEX "golive_shifts_person_idx" ON "golive_shifts" USING btree ("person_id", "starts_at");--> statement-breakpoint
CREATE TABLE "golive_issues" (
	"ticket_id" uuid PRIMARY KEY NOT NULL REFERENCES "tickets"("id") ON DELETE CASCADE,
	"event_id" uuid NOT NULL REFERENCES "golive_events"("id") ON DELETE CASCADE,
	"zone_id" uuid REFERENCES "golive_zones"("id") ON DELETE SET NULL,
	"category" text NOT NULL CHECK ("category" IN ('how_to', 'build', 'technical', 'workflow', 'hardware')),
	"logged_by_person_id" uuid REFERENCES "people"("id"),
	"resolved_on_spot" boolean NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
CREATE INDEX "golive_issues_event_idx" ON "golive_issues" USING btree ("event_id", "created_at");--> statement-breakpoint
CREATE TABLE "golive_known_issues" (
	"id" uuid PRIMARY KEY NOT NULL,
	"event_id" uuid NOT NULL REFERENCES "golive_events"("id") ON DELETE CASCADE,
	"title" text NOT NULL,
	"workaround" text NOT NULL,
	"ticket_id" uuid REFERENCES "tickets"("id") ON DELETE SET NULL,
	"article_id" uuid REFERENCES "kb_articles"("id"),
	"published_by" uuid REFERENCES "users"("id"),
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone
);--> statement-breakpoint
CREATE INDEX "golive_known_issues_event_idx" ON "golive_known_issues" USING btree ("event_id", "published_at");
