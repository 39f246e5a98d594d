-- Search that learns nothing about hidden PHI: a viewer who may not see PHI (vendors) searches the masked text only.
-- The masked text is computed by the application (privacy/rules.ts): NULL when a field has no likely PHI, and
-- phi_scanned is false until it has been computed, so a row nobody has scanned yet is found by nobody who may not
-- see PHI (never the other way round).
ALTER TABLE "tickets" ADD COLUMN "masked_summary" text;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "masked_error_text" text;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "masked_description" text;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "phi_scanned" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "search_masked" tsvector GENERATED ALWAYS AS (CASE WHEN phi_scanned THEN setweight(to_tsvector('english', coalesce(masked_summary, summary, '')), 'A') || setweight(to_tsvector('english', coalesce(masked_error_text, error_text, '')), 'B') || setweight(to_tsvector('english', coalesce(masked_description, description, '')), 'C') ELSE ''::tsvector END) STORED;--> statement-breakpoint
CREATE INDEX "tickets_search_masked_idx" ON "tickets" USING gin ("search_masked");--> statement-breakpoint
-- Rows written before this migration (or by a bulk loader) wait here for the phi-scan job.
CREATE INDEX "tickets_phi_unscanned_idx" ON "tickets" USING btree ("id") WHERE NOT "tickets"."phi_scanned";--> statement-breakpoint
-- Words in unspaced scripts (Chinese, Japanese) are not split by the English parser: a trigram index finds them as
-- substrings. Only queries with such characters use it (queue-store.ts).
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE INDEX "tickets_text_trgm_idx" ON "tickets" USING gin ((("summary" || ' ' || coalesce("error_text", '') || ' ' || "description")) gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "tickets_masked_text_trgm_idx" ON "tickets" USING gin (((CASE WHEN "phi_scanned" THEN coalesce("masked_summary", "summary") || ' ' || coalesce("masked_error_text", "error_text", '') || ' ' || coalesce("masked_description", "description") ELSE '' END)) gin_trgm_ops);--> statement-breakpoint
-- The thread shared with the vendor: desk replies "to vendor" and the vendor's own replies.
ALTER TABLE "ticket_comments" DROP CONSTRAINT "ticket_comments_visibility_check";--> statement-breakpoint
ALTER TABLE "ticket_comments" ADD CONSTRAINT "ticket_comments_visibility_check" CHECK ("ticket_comments"."visibility" in ('public','internal','vendor'));--> statement-breakpoint
-- Vendor engineers' earlier comments were stored as public or internal; they belong on the shared thread.
UPDATE "ticket_comments" c SET "visibility" = 'vendor' FROM "users" u WHERE u.id = c.author_id AND u.role = 'vendor';
