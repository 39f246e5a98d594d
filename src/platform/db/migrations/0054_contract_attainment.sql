-- Provider scorecards judge a provider's contract by its contract clocks (issue 16, docs/reports.md, "Provider
-- scorecards"): each ticket's facts keep the provider of every holding that met its contract and of every holding
-- that missed it (once per holding), and the scorecards' monthly rollup their counts per provider (contract_n
-- holdings judged, contract_k met), beside the hospital-clock counts (sla_n, sla_k: the clinician's wait).
ALTER TABLE "report_ticket_facts" ADD COLUMN "contract_met_by" uuid[] DEFAULT '{}'::uuid[] NOT NULL;--> statement-breakpoint
ALTER TABLE "report_ticket_facts" ADD COLUMN "contract_missed_by" uuid[] DEFAULT '{}'::uuid[] NOT NULL;--> statement-breakpoint
ALTER TABLE "report_month_providers" ADD COLUMN "contract_n" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "report_month_providers" ADD COLUMN "contract_k" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Only tickets with a contract clock have a verdict to add: the SLA row's "computed at" is the reports refresh's
-- signal that a ticket needs judging again (refresh.ts, as 0048 does), so the next refresh re-judges just those and
-- recomputes the rollup months whose facts moved. Every other facts row and rollup cell is right as it is (none).
UPDATE "ticket_sla" SET "computed_at" = now() WHERE "contract_clocks" <> '[]'::jsonb;
