-- The scorecards' monthly rollup (docs/reports.md): per local month of the hospital's time zone, facility and
-- provider that held the ticket, the scorecard's counts (report_month_providers) and the hospital-clock time each
-- provider held tickets, by bucket (report_month_held). Maintained with report_month_cells, by the same months.
CREATE TABLE "report_month_providers" (
	"month" date NOT NULL,
	"facility_id" uuid,
	"provider_id" uuid NOT NULL,
	"handled" integer NOT NULL,
	"fc_n" integer NOT NULL,
	"fc_k" integer NOT NULL,
	"sla_n" integer NOT NULL,
	"sla_k" integer NOT NULL,
	"ro_n" integer NOT NULL,
	"ro_k" integer NOT NULL,
	"handbacks" integer NOT NULL
);--> statement-breakpoint
CREATE INDEX "report_month_providers_month_idx" ON "report_month_providers" USING btree ("month");--> statement-breakpoint
CREATE TABLE "report_month_held" (
	"month" date NOT NULL,
	"facility_id" uuid,
	"provider_id" uuid NOT NULL,
	"bucket" integer NOT NULL,
	"n" integer NOT NULL,
	"max" bigint NOT NULL
);--> statement-breakpoint
CREATE INDEX "report_month_held_month_idx" ON "report_month_held" USING btree ("month");
