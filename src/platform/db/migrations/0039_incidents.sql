-- Major incidents and declared EHR downtime (docs/incidents.md): the incident (INC-000012) with its kind, severity,
-- state, what it affects (applications and modules, facilities and units: arrays of directory ids), its times and
-- people (commander, clinical operations, IT and communications leads), the ticket it was declared from, and the
-- words that make a ticket "similar"; its internal timeline of decisions and events; and its children, the tickets
-- linked to it (automatically on intake, by an agent, or from an accepted suggestion), one parent per ticket. When
-- it resolves, what happens to the open children (resolve them, or only message them) is kept on the incident and
-- worked through in batches; each child records when it was handled, so a restarted fan-out skips it.
CREATE SEQUENCE "public"."incident_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "incidents" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" bigint DEFAULT nextval('incident_number_seq') NOT NULL,
	"kind" text NOT NULL,
	"planned" boolean DEFAULT false NOT NULL,
	"title" text NOT NULL,
	"public_summary" text NOT NULL,
	"public_reply" text DEFAULT '' NOT NULL,
	"severity" text NOT NULL,
	"state" text NOT NULL,
	"service_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"module_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"facility_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"unit_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"match_terms" text[] DEFAULT '{}'::text[] NOT NULL,
	"started_at" timestamp with time zone,
	"scheduled_start" timestamp with time zone,
	"scheduled_end" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"resolution_note" text,
	"fan_out" text,
	"fan_out_done_at" timestamp with time zone,
	"fan_out_handled" integer DEFAULT 0 NOT NULL,
	"commander_id" uuid,
	"clinical_lead_id" uuid,
	"it_lead_id" uuid,
	"comms_lead_id" uuid,
	"declared_from_ticket_id" uuid,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "incidents_number_unique" UNIQUE("number"),
	CONSTRAINT "incidents_kind_check" CHECK ("incidents"."kind" in ('major_incident','ehr_downtime')),
	CONSTRAINT "incidents_severity_check" CHECK ("incidents"."severity" in ('sev1','sev2','sev3')),
	CONSTRAINT "incidents_state_check" CHECK ("incidents"."state" in ('scheduled','declared','monitoring','resolved','closed')),
	CONSTRAINT "incidents_fan_out_check" CHECK ("incidents"."fan_out" is null or "incidents"."fan_out" in ('resolve','message')),
	CONSTRAINT "incidents_schedule_check" CHECK ("incidents"."scheduled_end" is null or "incidents"."scheduled_start" is null or "incidents"."scheduled_end" > "incidents"."scheduled_start")
);--> statement-breakpoint
CREATE TABLE "incident_timeline" (
	"id" uuid PRIMARY KEY NOT NULL,
	"incident_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"body" text NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"author_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "incident_timeline_kind_check" CHECK ("incident_timeline"."kind" in ('declared','decision','event','state','change','children'))
);--> statement-breakpoint
CREATE TABLE "incident_tickets" (
	"incident_id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"status" text NOT NULL,
	"source" text NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"linked_by" uuid,
	"linked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"fanned_out_at" timestamp with time zone,
	CONSTRAINT "incident_tickets_incident_id_ticket_id_pk" PRIMARY KEY("incident_id","ticket_id"),
	CONSTRAINT "incident_tickets_status_check" CHECK ("incident_tickets"."status" in ('linked','suggested','dismissed')),
	CONSTRAINT "incident_tickets_source_check" CHECK ("incident_tickets"."source" in ('auto','agent','accepted_suggestion'))
);--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_commander_id_users_id_fk" FOREIGN KEY ("commander_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_clinical_lead_id_users_id_fk" FOREIGN KEY ("clinical_lead_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_it_lead_id_users_id_fk" FOREIGN KEY ("it_lead_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_comms_lead_id_users_id_fk" FOREIGN KEY ("comms_lead_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_declared_from_ticket_id_tickets_id_fk" FOREIGN KEY ("declared_from_ticket_id") REFERENCES "public"."tickets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_timeline" ADD CONSTRAINT "incident_timeline_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_timeline" ADD CONSTRAINT "incident_timeline_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_tickets" ADD CONSTRAINT "incident_tickets_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_tickets" ADD CONSTRAINT "incident_tickets_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_tickets" ADD CONSTRAINT "incident_tickets_linked_by_users_id_fk" FOREIGN KEY ("linked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "incidents_open_idx" ON "incidents" USING btree ("created_at") WHERE "incidents"."state" in ('scheduled','declared','monitoring');--> statement-breakpoint
CREATE INDEX "incidents_state_created_idx" ON "incidents" USING btree ("state","created_at");--> statement-breakpoint
CREATE INDEX "incidents_fan_out_pending_idx" ON "incidents" USING btree ("resolved_at") WHERE "incidents"."fan_out" is not null and "incidents"."fan_out_done_at" is null;--> statement-breakpoint
CREATE INDEX "incidents_service_ids_idx" ON "incidents" USING gin ("service_ids");--> statement-breakpoint
CREATE INDEX "incident_timeline_incident_idx" ON "incident_timeline" USING btree ("incident_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "incident_tickets_one_parent_key" ON "incident_tickets" USING btree ("ticket_id") WHERE "incident_tickets"."status" = 'linked';--> statement-breakpoint
CREATE INDEX "incident_tickets_incident_idx" ON "incident_tickets" USING btree ("incident_id","status");
