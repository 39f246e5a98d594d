-- The vendor's case state while their provider holds a ticket (issue 16, docs/vendors.md): working, needs
-- information from the hospital, fix proposed, fix released in a version. It belongs to the current holding: a
-- hand-off to another holder clears it. "Returned to desk" is not stored: it is the hand-back itself.
ALTER TABLE "tickets" ADD COLUMN "vendor_state" text;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "vendor_fix_version" text;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "vendor_state_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_vendor_state_check" CHECK ("tickets"."vendor_state" in ('working','needs_info','fix_proposed','fix_released'));--> statement-breakpoint
CREATE INDEX "tickets_vendor_state_idx" ON "tickets" USING btree ("vendor_state") WHERE "tickets"."vendor_state" IS NOT NULL;--> statement-breakpoint
-- A contract says whether its clock stands still while the vendor waits for information from the hospital.
ALTER TABLE "sla_policies" ADD COLUMN "pause_on_vendor_needs_info" boolean DEFAULT true NOT NULL;
