CREATE TABLE "sla_calendars" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"time_zone" text,
	"always_open" boolean NOT NULL,
	"weekly" jsonb NOT NULL,
	"closures" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sla_policies" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"position" integer NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"match" jsonb NOT NULL,
	"calendar_id" uuid NOT NULL,
	"targets" jsonb NOT NULL,
	"pause_statuses" text[] NOT NULL,
	"at_risk_percent" smallint NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sla_policies_at_risk_check" CHECK ("sla_policies"."at_risk_percent" between 1 and 99)
);
--> statement-breakpoint
CREATE TABLE "ticket_sla" (
	"ticket_id" uuid PRIMARY KEY NOT NULL,
	"policy_id" uuid,
	"policy_name" text,
	"calendar_id" uuid,
	"time_zone" text,
	"priority" smallint NOT NULL,
	"timeline" jsonb NOT NULL,
	"response_target_ms" bigint,
	"resolution_target_ms" bigint,
	"response_state" text,
	"resolution_state" text,
	"response_elapsed_ms" bigint DEFAULT 0 NOT NULL,
	"resolution_elapsed_ms" bigint DEFAULT 0 NOT NULL,
	"response_due_at" timestamp with time zone,
	"resolution_due_at" timestamp with time zone,
	"response_breached_at" timestamp with time zone,
	"resolution_breached_at" timestamp with time zone,
	"at_risk" boolean DEFAULT false NOT NULL,
	"breached" boolean DEFAULT false NOT NULL,
	"response_at_risk_notified" boolean DEFAULT false NOT NULL,
	"response_breach_notified" boolean DEFAULT false NOT NULL,
	"resolution_at_risk_notified" boolean DEFAULT false NOT NULL,
	"resolution_breach_notified" boolean DEFAULT false NOT NULL,
	"elapsed_by_holder" jsonb NOT NULL,
	"next_check_at" timestamp with time zone,
	"computed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "ticket_sla_response_state_check" CHECK ("ticket_sla"."response_state" in ('running','paused','stopped')),
	CONSTRAINT "ticket_sla_resolution_state_check" CHECK ("ticket_sla"."resolution_state" in ('running','paused','stopped'))
);
--> statement-breakpoint
ALTER TABLE "sla_policies" ADD CONSTRAINT "sla_policies_calendar_id_sla_calendars_id_fk" FOREIGN KEY ("calendar_id") REFERENCES "public"."sla_calendars"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_sla" ADD CONSTRAINT "ticket_sla_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_sla" ADD CONSTRAINT "ticket_sla_policy_id_sla_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."sla_policies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_sla" ADD CONSTRAINT "ticket_sla_calendar_id_sla_calendars_id_fk" FOREIGN KEY ("calendar_id") REFERENCES "public"."sla_calendars"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "sla_calendars_name_key" ON "sla_calendars" USING btree (lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "sla_policies_name_key" ON "sla_policies" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "ticket_sla_next_check_idx" ON "ticket_sla" USING btree ("next_check_at") WHERE "ticket_sla"."next_check_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "ticket_sla_at_risk_idx" ON "ticket_sla" USING btree ("resolution_due_at") WHERE "ticket_sla"."at_risk" or "ticket_sla"."breached";--> statement-breakpoint
CREATE INDEX "ticket_sla_policy_idx" ON "ticket_sla" USING btree ("policy_id");