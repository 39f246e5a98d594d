CREATE TABLE "verifications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"ticket_id" uuid NOT NULL REFERENCES "tickets"("id") ON DELETE CASCADE,
	"subject_person_id" uuid NOT NULL REFERENCES "people"("id"),
	"request" text NOT NULL,
	"risk_level" text NOT NULL,
	"risk_reasons" jsonb NOT NULL,
	"signals" text[] NOT NULL,
	"methods" text[] NOT NULL,
	"required" integer NOT NULL,
	"fast_path" boolean NOT NULL,
	"max_failures" integer NOT NULL,
	"valid_for_minutes" integer NOT NULL,
	"state" text NOT NULL,
	"verified_at" timestamp with time zone,
	"changed_at" timestamp with time zone,
	"changed_by" uuid REFERENCES "users"("id"),
	"started_by" uuid NOT NULL REFERENCES "users"("id"),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "verifications_required_check" CHECK ("required" >= 0),
	CONSTRAINT "verifications_request_check" CHECK ("request" in ('password_reset','mfa_reset','mfa_new_device','account_unlock','access_change')),
	CONSTRAINT "verifications_risk_level_check" CHECK ("risk_level" in ('standard','high')),
	CONSTRAINT "verifications_state_check" CHECK ("state" in ('required','pending','verified','failed'))
);
--> statement-breakpoint
CREATE INDEX "verifications_ticket_idx" ON "verifications" USING btree ("ticket_id", "created_at");
--> statement-breakpoint
CREATE INDEX "verifications_subject_idx" ON "verifications" USING btree ("subject_person_id", "created_at");
--> statement-breakpoint
CREATE TABLE "verification_attempts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"verification_id" uuid NOT NULL REFERENCES "verifications"("id") ON DELETE CASCADE,
	"method" text NOT NULL,
	"outcome" text NOT NULL,
	"phone" text,
	"confirmed_by_person_id" uuid REFERENCES "people"("id"),
	"id_kind" text,
	"note" text,
	"recorded_by" uuid NOT NULL REFERENCES "users"("id"),
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "verification_attempts_method_check" CHECK ("method" in ('callback_on_file','supervisor_confirmation','in_person_badge','video_photo_id','knowledge_answers')),
	CONSTRAINT "verification_attempts_outcome_check" CHECK ("outcome" in ('passed','failed'))
);
--> statement-breakpoint
CREATE INDEX "verification_attempts_verification_idx" ON "verification_attempts" USING btree ("verification_id", "at");
--> statement-breakpoint
CREATE TABLE "verification_alerts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"subject_person_id" uuid NOT NULL REFERENCES "people"("id"),
	"ticket_id" uuid REFERENCES "tickets"("id") ON DELETE SET NULL,
	"recent" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "verification_alerts_subject_idx" ON "verification_alerts" USING btree ("subject_person_id", "at");
