-- Unit leaders and incident notices (docs/incidents.md, docs/notifications.md): which people lead which units (a
-- person may lead several units, a unit have several leaders), told with the unit's super-users when an incident
-- touches their unit; and the planned-downtime notices already sent, one row per downtime, notice point (hours
-- before the start) and scheduled start, written in the same transaction as the notice's outbox event.
CREATE TABLE "unit_leaders" (
	"unit_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "unit_leaders_pkey" PRIMARY KEY("unit_id","person_id")
);--> statement-breakpoint
ALTER TABLE "unit_leaders" ADD CONSTRAINT "unit_leaders_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_leaders" ADD CONSTRAINT "unit_leaders_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "unit_leaders_person_idx" ON "unit_leaders" USING btree ("person_id");--> statement-breakpoint
CREATE TABLE "incident_planned_notices" (
	"incident_id" uuid NOT NULL,
	"hours_before" integer NOT NULL,
	"scheduled_start" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "incident_planned_notices_pkey" PRIMARY KEY("incident_id","hours_before","scheduled_start")
);--> statement-breakpoint
ALTER TABLE "incident_planned_notices" ADD CONSTRAINT "incident_planned_notices_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;
