-- The phone report's monthly rollup (docs/reports.md, "Aggregates design"): per local month of the hospital's time
-- zone and per line, agent and channel, the counts and sums behind the phone figures (report_month_calls) and the
-- answered calls' waits counted by tenth of a second, the precision the figures are shown in (report_month_call_waits):
-- the p80 wait read from them is the one the exact sort gives, as shown. Whole months come from here, the range's
-- edges from the contacts. A call changes until its wrap-up is done, so contacts now carry updated_at (set by a
-- trigger on every update, whichever code path makes it) and the refresh rebuilds the months of calls changed since
-- its last run. "Answered within target" depends on each line's target: the targets the rollup counted with are
-- kept in report_refresh.call_targets, and a report under other targets reads the contacts until the next refresh
-- has rebuilt it.
ALTER TABLE "contacts" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
CREATE INDEX "contacts_updated_at_idx" ON "contacts" USING btree ("updated_at");--> statement-breakpoint
CREATE FUNCTION contacts_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER contacts_touch BEFORE UPDATE ON "contacts" FOR EACH ROW EXECUTE FUNCTION contacts_touch();--> statement-breakpoint
CREATE TABLE "report_month_calls" (
	"month" date NOT NULL,
	"line" text NOT NULL,
	"agent_id" uuid,
	"channel" text NOT NULL,
	"offered" integer NOT NULL,
	"answered" integer NOT NULL,
	"abandoned" integer NOT NULL,
	"within" integer NOT NULL,
	"wait_sum" numeric NOT NULL,
	"handle_n" integer NOT NULL,
	"handle_sum" numeric NOT NULL
);--> statement-breakpoint
CREATE INDEX "report_month_calls_month_idx" ON "report_month_calls" USING btree ("month");--> statement-breakpoint
CREATE TABLE "report_month_call_waits" (
	"month" date NOT NULL,
	"line" text NOT NULL,
	"agent_id" uuid,
	"channel" text NOT NULL,
	"tenths" integer NOT NULL,
	"n" integer NOT NULL
);--> statement-breakpoint
CREATE INDEX "report_month_call_waits_month_idx" ON "report_month_call_waits" USING btree ("month");--> statement-breakpoint
-- A rebuild before the first refresh records what it was cut with in a row that has no watermark yet.
ALTER TABLE "report_refresh" ALTER COLUMN "watermark" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "report_refresh" ADD COLUMN "call_targets" jsonb;--> statement-breakpoint
ALTER TABLE "report_refresh" ADD COLUMN "calls_time_zone" text;
