-- The reports' durations by channel, priority and highest tier (docs/reports.md, "Aggregates design"): per local month,
-- scope (the whole desk '*', or a facility) and the dimension's key, each bucket's count and largest value. A report
-- by channel, priority or tier read them from report_month_times, one row per bucket of every facility × channel ×
-- priority × tier cell: at a million tickets about a row per ticket.
CREATE TABLE "report_month_cut_times" (
	"month" date NOT NULL,
	"scope" text NOT NULL,
	"dimension" text NOT NULL CHECK ("dimension" IN ('channel', 'priority', 'tier')),
	"key" text NOT NULL,
	"measure" text NOT NULL CHECK ("measure" IN ('wall', 'cal')),
	"bucket" integer NOT NULL,
	"n" integer NOT NULL,
	"max" bigint NOT NULL
);--> statement-breakpoint
CREATE INDEX "report_month_cut_times_cut_idx" ON "report_month_cut_times" USING btree ("dimension", "scope", "month");--> statement-breakpoint
-- The new table starts empty while the rollup is built: the next refresh rebuilds every month, this table included.
UPDATE "report_refresh" SET "rollup_time_zone" = NULL, "rollup_pending" = NULL;
