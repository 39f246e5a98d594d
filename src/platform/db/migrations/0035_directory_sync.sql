-- LDAP / Active Directory (docs/identity.md): the one directory connection an administrator manages (bind password
-- sealed under CLINIDESK_SECRET_KEY), which directory entry each synchronised person is, and the sync runs' reports.
CREATE TABLE "directory_connections" (
	"id" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"url" text NOT NULL,
	"start_tls" boolean DEFAULT true NOT NULL,
	"tls_ca" text,
	"bind_dn" text NOT NULL,
	"bind_password_sealed" text,
	"base_dn" text NOT NULL,
	"user_filter" text NOT NULL,
	"login_attribute" text NOT NULL,
	"group_filter" text NOT NULL,
	"attributes" jsonb NOT NULL,
	"role_mappings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"sync_every_minutes" integer DEFAULT 60 NOT NULL,
	"enabled" boolean DEFAULT false NOT NULL,
	"last_sync_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "directory_connections_one_check" CHECK ("directory_connections"."id"),
	CONSTRAINT "directory_connections_every_check" CHECK ("directory_connections"."sync_every_minutes" between 5 and 10080)
);--> statement-breakpoint
CREATE TABLE "directory_people" (
	"person_id" uuid PRIMARY KEY NOT NULL,
	"entry_id" text NOT NULL,
	"dn" text NOT NULL,
	"account_disabled_by_sync" boolean DEFAULT false NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
ALTER TABLE "directory_people" ADD CONSTRAINT "directory_people_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "directory_people_entry_id_key" ON "directory_people" USING btree ("entry_id");--> statement-breakpoint
CREATE INDEX "directory_people_dn_idx" ON "directory_people" USING btree (lower("dn"));--> statement-breakpoint
CREATE TABLE "directory_sync_runs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"dry_run" boolean NOT NULL,
	"trigger" text NOT NULL,
	"actor_id" uuid,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone DEFAULT now() NOT NULL,
	"report" jsonb NOT NULL
);--> statement-breakpoint
CREATE INDEX "directory_sync_runs_finished_idx" ON "directory_sync_runs" USING btree ("finished_at");
