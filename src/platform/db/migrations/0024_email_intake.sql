-- Email in (docs/email.md): each message received is stored before the relay hears "250", one row per Message-ID,
-- then turned into a ticket or a comment, ignored (auto-replies, bounces) or quarantined with a reason.
CREATE TABLE "email_messages" (
	"id" uuid PRIMARY KEY NOT NULL,
	"message_id" text NOT NULL,
	"source" text NOT NULL,
	"source_detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"size" integer NOT NULL,
	"raw" bytea NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"state" text DEFAULT 'received' NOT NULL,
	"outcome" text,
	"reason" text,
	"sender" text,
	"subject" text,
	"ticket_id" uuid,
	"flags" text[] DEFAULT '{}'::text[] NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"processed_at" timestamp with time zone,
	"decided_by" uuid,
	CONSTRAINT "email_messages_source_check" CHECK ("email_messages"."source" in ('smtp','imap')),
	CONSTRAINT "email_messages_state_check" CHECK ("email_messages"."state" in ('received','processed','ignored','quarantined','discarded'))
);--> statement-breakpoint
ALTER TABLE "email_messages" ADD CONSTRAINT "email_messages_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_messages" ADD CONSTRAINT "email_messages_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "email_messages_message_id_key" ON "email_messages" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "email_messages_pending_idx" ON "email_messages" USING btree ("received_at") WHERE "email_messages"."state" = 'received';--> statement-breakpoint
CREATE INDEX "email_messages_state_idx" ON "email_messages" USING btree ("state","received_at");--> statement-breakpoint
CREATE INDEX "email_messages_sender_idx" ON "email_messages" USING btree ("sender","received_at");--> statement-breakpoint
CREATE TABLE "email_senders" (
	"person_id" uuid PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
ALTER TABLE "email_senders" ADD CONSTRAINT "email_senders_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "email_senders_email_key" ON "email_senders" USING btree ("email");
