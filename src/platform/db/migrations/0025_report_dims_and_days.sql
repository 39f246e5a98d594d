-- The reports' second monthly rollup (docs/reports.md, "Aggregates design"): per local month of the hospital's time
-- zone, facility, and each dimension the first rollup does not keep (unit, clinical role, service, module, provider,
-- group, agent) with its key (the id or role as text, '' when not recorded; a ticket counts once under each provider
-- that held it), the same counts, sums and duration buckets as report_month_cells/-times, and the CSAT tallies of
-- report_month_csat (by the month the answer came). Rebuilt with the first rollup, by the same months.
CREATE TABLE "report_month_dim_cells" (
	"month" date NOT NULL,
	"facility_id" uuid,
	"dimension" text NOT NULL CHECK ("dimension" IN ('unit', 'clinical_role', 'service', 'module', 'provider', 'group', 'agent')),
	"key" text NOT NULL,
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
CREATE INDEX "report_month_dim_cells_cut_idx" ON "report_month_dim_cells" USING btree ("dimension", "month", "key");--> statement-breakpoint
CREATE TABLE "report_month_dim_times" (
	"month" date NOT NULL,
	"facility_id" uuid,
	"dimension" text NOT NULL CHECK ("dimension" IN ('unit', 'clinical_role', 'service', 'module', 'provider', 'group', 'agent')),
	"key" text NOT NULL,
	"measure" text NOT NULL CHECK ("measure" IN ('wall', 'cal')),
	"bucket" integer NOT NULL,
	"n" integer NOT NULL,
	"max" bigint NOT NULL
);--> statement-breakpoint
CREATE INDEX "report_month_dim_times_cut_idx" ON "report_month_dim_times" USING btree ("dimension", "month", "key");--> statement-breakpoint
CREATE TABLE "report_month_dim_csat" (
	"month" date NOT NULL,
	"facility_id" uuid,
	"dimension" text NOT NULL CHECK ("dimension" IN ('unit', 'clinical_role', 'service', 'module', 'provider', 'group', 'agent')),
	"key" text NOT NULL,
	"n" integer NOT NULL,
	"satisfied" integer NOT NULL,
	"score_sum" integer NOT NULL,
	"fcr_answered" integer NOT NULL,
	"fcr_yes" integer NOT NULL
);--> statement-breakpoint
CREATE INDEX "report_month_dim_csat_cut_idx" ON "report_month_dim_csat" USING btree ("dimension", "month", "key");
--> statement-breakpoint
-- The reports' daily rollup (docs/reports.md): per local day of the hospital's time zone and facility, the same counts,
-- sums and duration buckets as report_month_cells/-times, and the CSAT tallies (by the day the answer came), for
-- reports by day or week. Rebuilt with the monthly rollup: every day of each month it recomputes.
CREATE TABLE "report_day_cells" (
	"day" date NOT NULL,
	"facility_id" uuid,
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
CREATE INDEX "report_day_cells_day_idx" ON "report_day_cells" USING btree ("day");--> statement-breakpoint
CREATE TABLE "report_day_times" (
	"day" date NOT NULL,
	"facility_id" uuid,
	"measure" text NOT NULL CHECK ("measure" IN ('wall', 'cal')),
	"bucket" integer NOT NULL,
	"n" integer NOT NULL,
	"max" bigint NOT NULL
);--> statement-breakpoint
CREATE INDEX "report_day_times_day_idx" ON "report_day_times" USING btree ("day");--> statement-breakpoint
CREATE TABLE "report_day_csat" (
	"day" date NOT NULL,
	"facility_id" uuid,
	"n" integer NOT NULL,
	"satisfied" integer NOT NULL,
	"score_sum" integer NOT NULL,
	"fcr_answered" integer NOT NULL,
	"fcr_yes" integer NOT NULL
);--> statement-breakpoint
CREATE INDEX "report_day_csat_day_idx" ON "report_day_csat" USING btree ("day");--> statement-breakpoint
-- The new tables start empty while the monthly rollup is already built: forget the time zone it was cut in, so the
-- next refresh rebuilds every month, these tables included, before a report can read them.
UPDATE "report_refresh" SET "rollup_time_zone" = NULL;
