-- The public status endpoint's throttle held across app instances (docs/incidents.md, "Public status page"): one
-- counter row per client key and minute, bumped by one upsert per request; old minutes are swept by a job. And each
-- planned downtime's own notice hours (1 to 336 before its start, 24 unless set), read by the notices job.
CREATE UNLOGGED TABLE "status_request_windows" (
	"client_key" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"hits" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "status_request_windows_pkey" PRIMARY KEY("client_key","window_start")
);--> statement-breakpoint
CREATE INDEX "status_request_windows_start_idx" ON "status_request_windows" USING btree ("window_start");--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "notice_hours_before" integer DEFAULT 24 NOT NULL;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_notice_hours_before_range" CHECK ("incidents"."notice_hours_before" BETWEEN 1 AND 336);
