-- The post-incident review (docs/incidents.md): one per incident, once it is resolved or closed, with an editable
-- summary of its timeline, the cause as a SAFER sociotechnical dimension and free text, contributing factors, the
-- overhead behind the clinician time lost (a stated assumption), and its actions with an owner and a due date,
-- tracked to done. No PHI: every free text is refused when it looks like patient information.
CREATE TABLE "incident_reviews" (
	"incident_id" uuid PRIMARY KEY NOT NULL,
	"timeline_summary" text DEFAULT '' NOT NULL,
	"cause_dimension" text,
	"cause_text" text DEFAULT '' NOT NULL,
	"contributing_factors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"overhead" double precision DEFAULT 0.25 NOT NULL,
	"overhead_basis" text DEFAULT '' NOT NULL,
	"completed_at" timestamp with time zone,
	"completed_by" uuid,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "incident_reviews_cause_check" CHECK ("incident_reviews"."cause_dimension" is null or "incident_reviews"."cause_dimension" in ('hardware_software','clinical_content','human_computer_interface','people','workflow_communication','internal_organization','external_rules','measurement_monitoring')),
	CONSTRAINT "incident_reviews_overhead_check" CHECK ("incident_reviews"."overhead" >= 0 and "incident_reviews"."overhead" <= 1),
	CONSTRAINT "incident_reviews_completed_check" CHECK (("incident_reviews"."completed_at" is null) = ("incident_reviews"."completed_by" is null))
);--> statement-breakpoint
CREATE TABLE "incident_review_actions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"incident_id" uuid NOT NULL,
	"title" text NOT NULL,
	"owner_id" uuid,
	"due_on" date,
	"done_at" timestamp with time zone,
	"done_by" uuid,
	"position" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "incident_review_actions_done_check" CHECK (("incident_review_actions"."done_at" is null) = ("incident_review_actions"."done_by" is null))
);--> statement-breakpoint
ALTER TABLE "incident_reviews" ADD CONSTRAINT "incident_reviews_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_reviews" ADD CONSTRAINT "incident_reviews_completed_by_users_id_fk" FOREIGN KEY ("completed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_reviews" ADD CONSTRAINT "incident_reviews_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_review_actions" ADD CONSTRAINT "incident_review_actions_incident_id_incident_reviews_incident_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incident_reviews"("incident_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_review_actions" ADD CONSTRAINT "incident_review_actions_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_review_actions" ADD CONSTRAINT "incident_review_actions_done_by_users_id_fk" FOREIGN KEY ("done_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "incident_review_actions_incident_idx" ON "incident_review_actions" USING btree ("incident_id","position");--> statement-breakpoint
CREATE INDEX "incident_review_actions_owner_idx" ON "incident_review_actions" USING btree ("owner_id") WHERE "incident_review_actions"."done_at" is null;
