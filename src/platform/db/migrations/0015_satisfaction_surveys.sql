CREATE TABLE "survey_policies" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"position" integer NOT NULL,
	"conditions" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"probability" double precision NOT NULL,
	"repeat_interval_days" integer NOT NULL,
	"delay_minutes" integer NOT NULL,
	"expires_after_days" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "survey_policies_name_key" UNIQUE("name"),
	CONSTRAINT "survey_policies_probability_check" CHECK ("probability" >= 0 AND "probability" <= 1),
	CONSTRAINT "survey_policies_numbers_check" CHECK ("repeat_interval_days" >= 0 AND "delay_minutes" >= 0 AND "expires_after_days" >= 1)
);
--> statement-breakpoint
CREATE TABLE "survey_pulses" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"facility_id" uuid REFERENCES "facilities"("id"),
	"sample" jsonb NOT NULL,
	"period_from" timestamp with time zone NOT NULL,
	"period_to" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"invited" integer DEFAULT 0 NOT NULL,
	"run_by" uuid REFERENCES "users"("id"),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "survey_invitations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"ticket_id" uuid REFERENCES "tickets"("id") ON DELETE CASCADE,
	"person_id" uuid NOT NULL REFERENCES "people"("id"),
	"policy_id" uuid REFERENCES "survey_policies"("id") ON DELETE SET NULL,
	"pulse_id" uuid REFERENCES "survey_pulses"("id") ON DELETE CASCADE,
	"channel" text NOT NULL,
	"token_hash" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"available_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"responded_at" timestamp with time zone,
	"facility_id" uuid REFERENCES "facilities"("id"),
	"unit_id" uuid REFERENCES "units"("id"),
	"clinical_role" text,
	"provider_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	CONSTRAINT "survey_invitations_kind_check" CHECK ("kind" in ('ticket','pulse')),
	CONSTRAINT "survey_invitations_channel_check" CHECK ("channel" in ('portal','link','phone')),
	CONSTRAINT "survey_invitations_subject_check" CHECK (("kind" = 'ticket' AND "ticket_id" IS NOT NULL) OR ("kind" = 'pulse' AND "ticket_id" IS NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "survey_invitations_ticket_key" ON "survey_invitations" USING btree ("ticket_id") WHERE "kind" = 'ticket';--> statement-breakpoint
CREATE UNIQUE INDEX "survey_invitations_token_key" ON "survey_invitations" USING btree ("token_hash") WHERE "token_hash" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "survey_invitations_person_idx" ON "survey_invitations" USING btree ("person_id","created_at");--> statement-breakpoint
CREATE INDEX "survey_invitations_created_idx" ON "survey_invitations" USING btree ("created_at");--> statement-breakpoint
CREATE TABLE "survey_responses" (
	"id" uuid PRIMARY KEY NOT NULL,
	"invitation_id" uuid NOT NULL REFERENCES "survey_invitations"("id") ON DELETE CASCADE,
	"kind" text NOT NULL,
	"ticket_id" uuid REFERENCES "tickets"("id") ON DELETE CASCADE,
	"person_id" uuid NOT NULL REFERENCES "people"("id"),
	"score" smallint NOT NULL,
	"solved_first_contact" boolean,
	"still_unsolved" boolean DEFAULT false NOT NULL,
	"patient_care_affected" boolean,
	"comment" text,
	"comment_phi_suspected" boolean DEFAULT false NOT NULL,
	"channel" text NOT NULL,
	"contact_id" uuid REFERENCES "contacts"("id") ON DELETE SET NULL,
	"responded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"facility_id" uuid REFERENCES "facilities"("id"),
	"unit_id" uuid REFERENCES "units"("id"),
	"clinical_role" text,
	"provider_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	CONSTRAINT "survey_responses_invitation_key" UNIQUE("invitation_id"),
	CONSTRAINT "survey_responses_score_check" CHECK ("score" BETWEEN 1 AND 5),
	CONSTRAINT "survey_responses_kind_check" CHECK ("kind" in ('ticket','pulse')),
	CONSTRAINT "survey_responses_channel_check" CHECK ("channel" in ('portal','link','phone'))
);
--> statement-breakpoint
CREATE INDEX "survey_responses_responded_idx" ON "survey_responses" USING btree ("responded_at");--> statement-breakpoint
CREATE INDEX "survey_responses_ticket_idx" ON "survey_responses" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "survey_responses_provider_ids_idx" ON "survey_responses" USING gin ("provider_ids");--> statement-breakpoint
CREATE TABLE "survey_recoveries" (
	"response_id" uuid PRIMARY KEY NOT NULL REFERENCES "survey_responses"("id") ON DELETE CASCADE,
	"ticket_id" uuid REFERENCES "tickets"("id") ON DELETE CASCADE,
	"followup_ticket_id" uuid NOT NULL REFERENCES "tickets"("id") ON DELETE CASCADE,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "survey_recoveries_followup_key" ON "survey_recoveries" USING btree ("followup_ticket_id");--> statement-breakpoint
CREATE TABLE "survey_outbox_cursor" (
	"name" text PRIMARY KEY NOT NULL,
	"txid" xid8 NOT NULL,
	"event_id" bigint NOT NULL
);
--> statement-breakpoint
INSERT INTO "survey_outbox_cursor" ("name", "txid", "event_id")
SELECT 'survey-invitations', coalesce(last.txid, '0'::xid8), coalesce(last.id, 0)
  FROM (SELECT 1) AS one LEFT JOIN (SELECT txid, id FROM "outbox" ORDER BY txid DESC, id DESC LIMIT 1) AS last ON true;
--> statement-breakpoint
INSERT INTO "survey_policies" ("id", "name", "active", "position", "conditions", "probability", "repeat_interval_days", "delay_minutes", "expires_after_days")
VALUES ('01960000-0000-7000-8000-00000000c5a7', 'Every resolved ticket', true, 1, '{}'::jsonb, 1, 14, 30, 14);
