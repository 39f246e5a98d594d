CREATE TABLE "agent_presence" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"state" text NOT NULL,
	"since" timestamp with time zone NOT NULL,
	"heartbeat_at" timestamp with time zone NOT NULL,
	"current_contact_id" uuid,
	"tier" text NOT NULL,
	"skills" text[] DEFAULT '{}'::text[] NOT NULL,
	CONSTRAINT "agent_presence_state_check" CHECK ("agent_presence"."state" in ('available','on_contact','wrap_up','away','offline')),
	CONSTRAINT "agent_presence_tier_check" CHECK ("agent_presence"."tier" in ('tier1','tier2','tier3'))
);
--> statement-breakpoint
CREATE TABLE "contact_tickets" (
	"contact_id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"relation" text NOT NULL,
	"linked_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contact_tickets_contact_id_ticket_id_pk" PRIMARY KEY("contact_id","ticket_id"),
	CONSTRAINT "contact_tickets_relation_check" CHECK ("contact_tickets"."relation" in ('opened','linked'))
);
--> statement-breakpoint
CREATE TABLE "contacts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"line" text NOT NULL,
	"dialled_line" text,
	"caller_number" text,
	"person_id" uuid,
	"patient_care_affected" boolean DEFAULT false NOT NULL,
	"skills" text[] DEFAULT '{}'::text[] NOT NULL,
	"state" text NOT NULL,
	"offered_at" timestamp with time zone NOT NULL,
	"queued_at" timestamp with time zone NOT NULL,
	"answered_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"wrap_done_at" timestamp with time zone,
	"agent_id" uuid,
	"outcome" text,
	"transfers" bigint DEFAULT 0 NOT NULL,
	"integration_id" uuid,
	"external_call_id" text,
	"last_event_seq" bigint,
	"last_event_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contacts_channel_check" CHECK ("contacts"."channel" in ('phone','chat','walk_up','rounding')),
	CONSTRAINT "contacts_line_check" CHECK ("contacts"."line" in ('provider','clinical','general')),
	CONSTRAINT "contacts_state_check" CHECK ("contacts"."state" in ('waiting','offered','connected','wrap_up','done')),
	CONSTRAINT "contacts_outcome_check" CHECK ("contacts"."outcome" in ('answered','abandoned','transferred','callback'))
);
--> statement-breakpoint
CREATE TABLE "cti_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"integration_id" uuid NOT NULL,
	"idempotency_key" text NOT NULL,
	"external_call_id" text NOT NULL,
	"type" text NOT NULL,
	"sequence" bigint,
	"occurred_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"contact_id" uuid,
	"payload" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "users" DROP CONSTRAINT "users_role_check";--> statement-breakpoint
ALTER TABLE "agent_presence" ADD CONSTRAINT "agent_presence_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_presence" ADD CONSTRAINT "agent_presence_current_contact_id_contacts_id_fk" FOREIGN KEY ("current_contact_id") REFERENCES "public"."contacts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_tickets" ADD CONSTRAINT "contact_tickets_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_tickets" ADD CONSTRAINT "contact_tickets_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_tickets" ADD CONSTRAINT "contact_tickets_linked_by_users_id_fk" FOREIGN KEY ("linked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_agent_id_users_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_integration_id_users_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cti_events" ADD CONSTRAINT "cti_events_integration_id_users_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cti_events" ADD CONSTRAINT "cti_events_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "agent_presence_current_contact_key" ON "agent_presence" USING btree ("current_contact_id") WHERE "agent_presence"."current_contact_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "agent_presence_state_idx" ON "agent_presence" USING btree ("state","since");--> statement-breakpoint
CREATE INDEX "contact_tickets_ticket_idx" ON "contact_tickets" USING btree ("ticket_id");--> statement-breakpoint
CREATE UNIQUE INDEX "contacts_external_call_key" ON "contacts" USING btree ("integration_id","external_call_id");--> statement-breakpoint
CREATE INDEX "contacts_waiting_idx" ON "contacts" USING btree ("queued_at") WHERE "contacts"."state" = 'waiting';--> statement-breakpoint
CREATE INDEX "contacts_offered_at_idx" ON "contacts" USING btree ("offered_at");--> statement-breakpoint
CREATE INDEX "contacts_agent_idx" ON "contacts" USING btree ("agent_id","offered_at");--> statement-breakpoint
CREATE INDEX "contacts_person_idx" ON "contacts" USING btree ("person_id","offered_at");--> statement-breakpoint
CREATE UNIQUE INDEX "cti_events_idempotency_key" ON "cti_events" USING btree ("integration_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "cti_events_call_idx" ON "cti_events" USING btree ("integration_id","external_call_id");--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_role_check" CHECK ("users"."role" in ('requester','agent','analyst','engineer','vendor','manager','admin','integration'));