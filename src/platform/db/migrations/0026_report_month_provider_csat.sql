-- The scorecards' CSAT in the reports' monthly rollup (docs/reports.md): per local month the answer came in, the
-- answer's facility, each provider it names and the requester's role group (physician, nurse, other), the tallies CSAT
-- is computed from — every answer, ticket and pulse surveys alike, as the scorecards count them. Whole months come
-- from here, a range's edges from the answers.
CREATE TABLE "report_month_provider_csat" (
	"month" date NOT NULL,
	"facility_id" uuid,
	"provider_id" uuid NOT NULL,
	"role_group" text NOT NULL,
	"n" integer NOT NULL,
	"satisfied" integer NOT NULL,
	"score_sum" integer NOT NULL,
	"fcr_answered" integer NOT NULL,
	"fcr_yes" integer NOT NULL
);--> statement-breakpoint
CREATE INDEX "report_month_provider_csat_month_idx" ON "report_month_provider_csat" USING btree ("month");--> statement-breakpoint
-- The new table starts empty while the rollup is built: the next refresh rebuilds every month, this table included.
UPDATE "report_refresh" SET "rollup_time_zone" = NULL;
