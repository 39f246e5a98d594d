CREATE TABLE "report_ticket_facts" (
	"ticket_id" uuid PRIMARY KEY NOT NULL REFERENCES "tickets"("id") ON DELETE CASCADE,
	"number" bigint NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"channel" text NOT NULL,
	"type" text NOT NULL,
	"priority" smallint NOT NULL,
	"facility_id" uuid,
	"unit_id" uuid,
	"clinical_role" text,
	"service_id" uuid,
	"module_id" uuid,
	"group_id" uuid,
	"agent_id" uuid,
	"first_provider_id" uuid,
	"provider_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"tiers_reached" text[] DEFAULT '{}'::text[] NOT NULL,
	"live_contact" boolean NOT NULL,
	"fcr" boolean NOT NULL,
	"net_eligible" boolean NOT NULL,
	"first_touch" boolean,
	"escalated" boolean NOT NULL,
	"reopened_7d" boolean NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolve_wall_ms" bigint,
	"resolve_calendar_ms" bigint,
	"sla_policy" text,
	"response_met" boolean,
	"resolution_met" boolean,
	"patient_care_affected" boolean NOT NULL,
	"held_ms" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"returned_by" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"refreshed_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
CREATE UNIQUE INDEX "report_ticket_facts_number_key" ON "report_ticket_facts" USING btree ("number");--> statement-breakpoint
CREATE INDEX "report_ticket_facts_created_idx" ON "report_ticket_facts" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "report_ticket_facts_facility_idx" ON "report_ticket_facts" USING btree ("facility_id","created_at");--> statement-breakpoint
CREATE INDEX "report_ticket_facts_agent_idx" ON "report_ticket_facts" USING btree ("agent_id","created_at");--> statement-breakpoint
CREATE INDEX "report_ticket_facts_providers_idx" ON "report_ticket_facts" USING gin ("provider_ids");--> statement-breakpoint
CREATE TABLE "report_refresh" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL CHECK ("id" = 1),
	"watermark" timestamp with time zone NOT NULL
);--> statement-breakpoint
CREATE INDEX "tickets_updated_idx" ON "tickets" USING btree ("updated_at");--> statement-breakpoint
CREATE INDEX "ticket_sla_computed_idx" ON "ticket_sla" USING btree ("computed_at");
