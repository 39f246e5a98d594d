-- The GIN indexes new tickets reach (full text, trigram text, providers; and the report facts' and survey answers'
-- providers) keep their pending lists to 256 kB instead of PostgreSQL's 4 MB. Every search through a GIN index reads
-- its whole pending list first, and the list was merged into the index only by a VACUUM or once past 4 MB: on the
-- embedded database, keyword search after 750 new tickets answered 13 requests a second, 98 once the lists were
-- merged (docs/benchmarks.md, "GIN pending lists"). Writing each ticket straight into the indexes (fastupdate off)
-- kept search fast too but made the demo's history load 3.5 times as long; short lists cost creation nothing
-- measurable. A bulk load lets the lists grow and merges them at its end (src/platform/db/gin-lists-store.ts).
ALTER INDEX "tickets_search_idx" SET (gin_pending_list_limit = 256);--> statement-breakpoint
ALTER INDEX "tickets_search_masked_idx" SET (gin_pending_list_limit = 256);--> statement-breakpoint
ALTER INDEX "tickets_text_trgm_idx" SET (gin_pending_list_limit = 256);--> statement-breakpoint
ALTER INDEX "tickets_masked_text_trgm_idx" SET (gin_pending_list_limit = 256);--> statement-breakpoint
ALTER INDEX "tickets_provider_ids_idx" SET (gin_pending_list_limit = 256);--> statement-breakpoint
ALTER INDEX "report_ticket_facts_providers_idx" SET (gin_pending_list_limit = 256);--> statement-breakpoint
ALTER INDEX "survey_responses_provider_ids_idx" SET (gin_pending_list_limit = 256);--> statement-breakpoint
-- What is already in the lists goes into the indexes now (a lower limit merges only at the next insert).
SELECT gin_clean_pending_list(i::regclass) FROM unnest(ARRAY['tickets_search_idx', 'tickets_search_masked_idx',
  'tickets_text_trgm_idx', 'tickets_masked_text_trgm_idx', 'tickets_provider_ids_idx',
  'report_ticket_facts_providers_idx', 'survey_responses_provider_ids_idx']) AS i;
