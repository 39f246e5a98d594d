-- Ticket-survey answers in the reports' monthly rollup (docs/reports.md): per local month the answer came in, and
-- the answered ticket's facility, channel, priority and highest tier, the tallies CSAT is computed from.
CREATE TABLE "report_month_csat" (
	"month" date NOT NULL,
	"facility_id" uuid,
	"channel" text NOT NULL,
	"priority" smallint NOT NULL,
	"tier" text NOT NULL,
	"n" integer NOT NULL,
	"satisfied" integer NOT NULL,
	"score_sum" integer NOT NULL,
	"fcr_answered" integer NOT NULL,
	"fcr_yes" integer NOT NULL
);--> statement-breakpoint
CREATE INDEX "report_month_csat_month_idx" ON "report_month_csat" USING btree ("month");
