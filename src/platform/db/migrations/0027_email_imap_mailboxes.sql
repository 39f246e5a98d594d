-- Email in by IMAP (docs/email.md): one row per polled mailbox. The lease lets one app instance at a time poll it
-- (another takes over when the lease runs out, so a crashed instance holds nothing for long); the rest is what an
-- administrator needs to see whether it works: the mailbox's UIDVALIDITY, the last poll, the last error.
CREATE TABLE "email_imap_mailboxes" (
	"mailbox" text PRIMARY KEY NOT NULL,
	"holder" text,
	"lease_until" timestamp with time zone,
	"uid_validity" text,
	"last_poll_at" timestamp with time zone,
	"taken" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"last_error_at" timestamp with time zone
);
