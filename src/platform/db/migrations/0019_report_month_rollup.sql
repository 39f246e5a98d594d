-- The reports' monthly rollup (docs/reports.md, "Aggregates design"): per local month of the hospital's time zone and
-- per facility, channel, priority and highest tier, every ticket metric's n and hits and the sums the means need
-- (report_month_cells), and the durations added up by bucket (report_month_times). Rebuilt from the facts for every
-- month a refresh touched; a report reads whole months here and the days at the range's edges from the facts.
CREATE TABLE "report_month_cells" (
	"month" date NOT NULL,
	"facility_id" uuid,
	"channel" text NOT NULL,
	"priority" smallint NOT NULL,
	"tier" text NOT NULL,
	"tickets_n" integer NOT NULL,
	"tickets_k" integer NOT NULL,
	"fcrGross_n" integer NOT NULL,
	"fcrGross_k" integer NOT NULL,
	"fcrNet_n" integer NOT NULL,
	"fcrNet_k" integer NOT NULL,
	"firstTouch_n" integer NOT NULL,
	"firstTouch_k" integer NOT NULL,
	"reopenRate_n" integer NOT NULL,
	"reopenRate_k" integer NOT NULL,
	"escalationTier2_n" integer NOT NULL,
	"escalationTier2_k" integer NOT NULL,
	"escalationTier3_n" integer NOT NULL,
	"escalationTier3_k" integer NOT NULL,
	"escalationVendor_n" integer NOT NULL,
	"escalationVendor_k" integer NOT NULL,
	"responseAttainment_n" integer NOT NULL,
	"responseAttainment_k" integer NOT NULL,
	"resolutionAttainment_n" integer NOT NULL,
	"resolutionAttainment_k" integer NOT NULL,
	"patientCareAffected_n" integer NOT NULL,
	"patientCareAffected_k" integer NOT NULL,
	"open_n" integer NOT NULL,
	"open_k" integer NOT NULL,
	"wall_sum" bigint NOT NULL,
	"cal_n" integer NOT NULL,
	"cal_sum" bigint NOT NULL,
	"care_done_ms" bigint NOT NULL,
	"care_open_n" integer NOT NULL,
	"care_open_created_ms" bigint NOT NULL
);--> statement-breakpoint
CREATE INDEX "report_month_cells_month_idx" ON "report_month_cells" USING btree ("month");--> statement-breakpoint
CREATE TABLE "report_month_times" (
	"month" date NOT NULL,
	"facility_id" uuid,
	"channel" text NOT NULL,
	"priority" smallint NOT NULL,
	"tier" text NOT NULL,
	"measure" text NOT NULL CHECK ("measure" IN ('wall', 'cal')),
	"bucket" integer NOT NULL,
	"n" integer NOT NULL,
	"max" bigint NOT NULL
);--> statement-breakpoint
CREATE INDEX "report_month_times_month_idx" ON "report_month_times" USING btree ("month");--> statement-breakpoint
ALTER TABLE "report_refresh" ADD COLUMN "rollup_time_zone" text;
