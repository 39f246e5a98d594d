-- The reports' rollups are rebuilt in steps, one local month per transaction (docs/reports.md, "Aggregates design"),
-- so a rebuild at a million tickets never holds PGlite's one connection for minutes. While one runs, the rollup is
-- marked not built (rollup_time_zone / calls_time_zone NULL: reports read the facts and the contacts) and the months
-- still to do are kept here with the time zone (and the phone rollup's line targets) they are cut with: every step
-- takes one month off the list under the refresh job's lock, so two instances share a rebuild instead of interleaving
-- two, and a rebuild a crash interrupted is resumed by the next refresh. NULL: no rebuild under way.
ALTER TABLE "report_refresh" ADD COLUMN "rollup_pending" jsonb;--> statement-breakpoint
ALTER TABLE "report_refresh" ADD COLUMN "calls_pending" jsonb;
