-- SAML 2.0 single sign-on beside OpenID Connect (docs/identity.md): a provider's kind, the SAML IdP's SSO address and
-- signing certificates (two during a rotation), the AuthnRequests under way (their ID is what the IdP answers
-- InResponseTo; single use, ten minutes, bound to the browser that started), and the assertion IDs already used,
-- kept until they expire, so a replayed assertion is refused on every instance.
ALTER TABLE "identity_providers" ADD COLUMN "kind" text DEFAULT 'oidc' NOT NULL;--> statement-breakpoint
ALTER TABLE "identity_providers" ALTER COLUMN "client_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "identity_providers" ADD COLUMN "sso_url" text;--> statement-breakpoint
ALTER TABLE "identity_providers" ADD COLUMN "idp_certificates" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "identity_providers" ADD CONSTRAINT "identity_providers_kind_check" CHECK (("identity_providers"."kind" = 'oidc' and "identity_providers"."client_id" is not null) or ("identity_providers"."kind" = 'saml' and "identity_providers"."sso_url" is not null));--> statement-breakpoint
ALTER TABLE "sso_sessions" ALTER COLUMN "id_token" DROP NOT NULL;--> statement-breakpoint
CREATE TABLE "saml_requests" (
	"request_id" text PRIMARY KEY NOT NULL,
	"state_hash" text NOT NULL,
	"provider_id" uuid NOT NULL,
	"return_to" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"answered_at" timestamp with time zone,
	"identity" jsonb,
	"used_at" timestamp with time zone,
	CONSTRAINT "saml_requests_state_hash_unique" UNIQUE("state_hash")
);--> statement-breakpoint
ALTER TABLE "saml_requests" ADD CONSTRAINT "saml_requests_provider_id_identity_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."identity_providers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "saml_requests_expires_idx" ON "saml_requests" USING btree ("expires_at");--> statement-breakpoint
CREATE TABLE "saml_assertions" (
	"provider_id" uuid NOT NULL,
	"assertion_id" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "saml_assertions_provider_id_assertion_id_pk" PRIMARY KEY("provider_id","assertion_id")
);--> statement-breakpoint
ALTER TABLE "saml_assertions" ADD CONSTRAINT "saml_assertions_provider_id_identity_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."identity_providers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "saml_assertions_expires_idx" ON "saml_assertions" USING btree ("expires_at");
