-- Editing a go-live from its screen (docs/golive.md): each go-live and each zone carries the version the editor read,
-- so a save based on an older one (another tab, another manager) is refused with 409 instead of overwriting it.
ALTER TABLE "golive_events" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "golive_zones" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;
