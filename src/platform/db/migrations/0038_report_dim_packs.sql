-- The dimensions' durations packed (docs/reports.md, "Aggregates design"; docs/decisions.md). A unit's (or a
-- module's, an agent's…) month holds few tickets, so report_month_dim_times held about one bucket row per ticket: a
-- year of units was 843,357 rows at a million tickets, and reading them cost a report by unit 1.8 s. Each (month,
-- facility, dimension, key, measure) now keeps its durations by bucket as ONE row: `buckets` holds its buckets in
-- bucket order, 14 bytes each (bucket int2, count int4, largest value float8, big-endian, as int2send, int4send and
-- float8send write them), and `n` their count added up. A report reads a range's packs whole and adds them up in
-- the server with the same rule as every report (rules/histogram.ts).
DROP TABLE "report_month_dim_times";--> statement-breakpoint
CREATE TABLE "report_month_dim_packs" (
	"month" date NOT NULL,
	"facility_id" uuid,
	"dimension" text NOT NULL CHECK ("dimension" IN ('unit', 'clinical_role', 'service', 'module', 'provider', 'group', 'agent')),
	"key" text NOT NULL,
	"measure" text NOT NULL CHECK ("measure" IN ('wall', 'cal')),
	"n" integer NOT NULL,
	"buckets" bytea NOT NULL CHECK (length("buckets") % 14 = 0)
);--> statement-breakpoint
-- Packs are read whole and are mostly bucket values and counts that do not compress: stored out of line uncompressed.
ALTER TABLE "report_month_dim_packs" ALTER COLUMN "buckets" SET STORAGE EXTERNAL;--> statement-breakpoint
CREATE INDEX "report_month_dim_packs_cut_idx" ON "report_month_dim_packs" USING btree ("dimension", "month", "key");--> statement-breakpoint
-- The new table starts empty while the rollup is built: the next refresh rebuilds every month, this table included.
UPDATE "report_refresh" SET "rollup_time_zone" = NULL, "rollup_pending" = NULL;
