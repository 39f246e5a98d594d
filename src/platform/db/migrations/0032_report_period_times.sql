-- The reports' time figures at size (docs/reports.md, "Aggregates design"). With a real history nearly every ticket
-- has its own duration, so the duration buckets of a year cut by day, or of every cell of the monthly rollup, are
-- about as many rows as tickets, and adding them up at each report cost seconds at a million tickets.
-- report_period_times: each whole local day, week (from Monday) and month's median and p90 time to resolve, for the
-- whole desk (scope '*') and for each facility (scope = its id), worked out from the buckets when the rollup is
-- rebuilt, so a report by day, week or month reads one row per group.
CREATE TABLE "report_period_times" (
	"period" text NOT NULL CHECK ("period" IN ('day', 'week', 'month')),
	"start" date NOT NULL,
	"scope" text NOT NULL,
	"measure" text NOT NULL CHECK ("measure" IN ('wall', 'cal')),
	"n" integer NOT NULL,
	"median" bigint NOT NULL,
	"p90" bigint NOT NULL,
	PRIMARY KEY ("period", "scope", "start", "measure")
);--> statement-breakpoint
-- report_month_scope_times: a month's durations by bucket for the whole desk and for each facility (not by channel,
-- priority and tier as report_month_times), for a range's overall median and p90: a year is a few thousand rows.
CREATE TABLE "report_month_scope_times" (
	"month" date NOT NULL,
	"scope" text NOT NULL,
	"measure" text NOT NULL CHECK ("measure" IN ('wall', 'cal')),
	"bucket" integer NOT NULL,
	"n" integer NOT NULL,
	"max" bigint NOT NULL
);--> statement-breakpoint
CREATE INDEX "report_month_scope_times_cut_idx" ON "report_month_scope_times" USING btree ("scope", "month");--> statement-breakpoint
-- The new tables start empty while the rollup is built: the next refresh rebuilds every month, these included.
UPDATE "report_refresh" SET "rollup_time_zone" = NULL;
