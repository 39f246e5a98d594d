-- Incident communications (docs/incidents.md): the commander's updates (public text, checked for PHI; an internal
-- note; the promised time of the next one), and each incident's communication state: the promise the reminder job
-- watches, with the promise each reminder was already sent for (so each is sent once, whichever instance runs it).
CREATE TABLE "incident_updates" (
	"id" uuid PRIMARY KEY NOT NULL,
	"incident_id" uuid NOT NULL,
	"public_text" text NOT NULL,
	"internal_note" text,
	"next_update_at" timestamp with time zone,
	"author_id" uuid,
	"posted_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
CREATE TABLE "incident_comms" (
	"incident_id" uuid PRIMARY KEY NOT NULL,
	"next_update_at" timestamp with time zone,
	"due_reminded_for" timestamp with time zone,
	"overdue_reminded_for" timestamp with time zone
);--> statement-breakpoint
ALTER TABLE "incident_updates" ADD CONSTRAINT "incident_updates_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_updates" ADD CONSTRAINT "incident_updates_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_comms" ADD CONSTRAINT "incident_comms_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "incident_updates_incident_idx" ON "incident_updates" USING btree ("incident_id","posted_at");--> statement-breakpoint
CREATE INDEX "incident_comms_next_update_idx" ON "incident_comms" USING btree ("next_update_at") WHERE "incident_comms"."next_update_at" is not null;
--> statement-breakpoint
-- The recovery checklist after a downtime: the template's items (back-entry of orders and results, downtime MRN
-- reconciliation, verification) for each affected unit, each assigned to someone and tracked to done (who, when).
CREATE TABLE "incident_recovery_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"incident_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"item_key" text NOT NULL,
	"title" text NOT NULL,
	"position" integer NOT NULL,
	"assignee_id" uuid,
	"done_at" timestamp with time zone,
	"done_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "incident_recovery_items_key_check" CHECK ("incident_recovery_items"."item_key" in ('back_entry_orders','back_entry_results','mrn_reconciliation','unit_verification')),
	CONSTRAINT "incident_recovery_items_done_check" CHECK (("incident_recovery_items"."done_at" is null) = ("incident_recovery_items"."done_by" is null))
);--> statement-breakpoint
ALTER TABLE "incident_recovery_items" ADD CONSTRAINT "incident_recovery_items_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_recovery_items" ADD CONSTRAINT "incident_recovery_items_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_recovery_items" ADD CONSTRAINT "incident_recovery_items_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_recovery_items" ADD CONSTRAINT "incident_recovery_items_done_by_users_id_fk" FOREIGN KEY ("done_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "incident_recovery_items_unit_key" ON "incident_recovery_items" USING btree ("incident_id","unit_id","item_key");
