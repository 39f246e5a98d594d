// Single sign-on tables (migrations 0030, 0036): identity providers (OpenID Connect or SAML 2.0), sign-ins under way,
// linked provider accounts, the sessions a provider started, and the SAML assertions already used (replay).
import { sql } from 'drizzle-orm';
import { boolean, check, index, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tstz } from '../../platform/db/columns.ts';
import { sessions, users } from '../../platform/db/schema.ts';
import { type Identity, PROVIDER_KINDS, type RoleMapping } from './rules.ts';

export const identityProviders = pgTable(
  'identity_providers',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    kind: text('kind', { enum: PROVIDER_KINDS }).notNull().default('oidc'),
    // OpenID Connect: the issuer (discovery). SAML: the IdP's entity id (the assertion's Issuer).
    issuer: text('issuer').notNull(),
    clientId: text('client_id'), // OpenID Connect only
    ssoUrl: text('sso_url'), // SAML only: where AuthnRequests go (HTTP-Redirect binding)
    // SAML only: the IdP's signing certificates (PEM), two while the IdP rotates its certificate.
    idpCertificates: jsonb('idp_certificates').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    // AES-256-GCM under CLINIDESK_SECRET_KEY (platform/auth/sealed.ts): usable by the server, never shown.
    clientSecretSealed: text('client_secret_sealed'),
    scopes: text('scopes').notNull().default('openid profile email'),
    employeeIdClaim: text('employee_id_claim'),
    emailClaim: text('email_claim'),
    groupsClaim: text('groups_claim'),
    matchByEmail: boolean('match_by_email').notNull().default(true),
    // null: a person none of whose groups is mapped is refused; 'requester': they sign in to the portal.
    defaultRole: text('default_role', { enum: ['requester'] }),
    roleMappings: jsonb('role_mappings').$type<RoleMapping[]>().notNull().default(sql`'[]'::jsonb`),
    enabled: boolean('enabled').notNull().default(true),
    createdAt: tstz('created_at').notNull().defaultNow(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('identity_providers_name_lower_key').on(sql`lower(${t.name})`),
    check('identity_providers_default_role_check', sql`${t.defaultRole} is null or ${t.defaultRole} = 'requester'`),
    check(
      'identity_providers_kind_check',
      sql`(${t.kind} = 'oidc' and ${t.clientId} is not null) or (${t.kind} = 'saml' and ${t.ssoUrl} is not null)`,
    ),
  ],
);

export const ssoLogins = pgTable(
  'sso_logins',
  {
    // SHA-256 of the state sent to the provider (also kept in the browser's sign-in cookie).
    stateHash: text('state_hash').primaryKey(),
    providerId: uuid('provider_id')
      .notNull()
      .references(() => identityProviders.id, { onDelete: 'cascade' }),
    codeVerifier: text('code_verifier').notNull(),
    nonce: text('nonce').notNull(),
    returnTo: text('return_to'),
    createdAt: tstz('created_at').notNull().defaultNow(),
    expiresAt: tstz('expires_at').notNull(),
    usedAt: tstz('used_at'),
  },
  (t) => [index('sso_logins_expires_idx').on(t.expiresAt)],
);

export const userIdentities = pgTable(
  'user_identities',
  {
    providerId: uuid('provider_id')
      .notNull()
      .references(() => identityProviders.id, { onDelete: 'cascade' }),
    subject: text('subject').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: tstz('created_at').notNull().defaultNow(),
    lastSignInAt: tstz('last_sign_in_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.providerId, t.subject] }), index('user_identities_user_idx').on(t.userId)],
);

export const ssoSessions = pgTable('sso_sessions', {
  sessionIdHash: text('session_id_hash')
    .primaryKey()
    .references(() => sessions.idHash, { onDelete: 'cascade' }),
  providerId: uuid('provider_id')
    .notNull()
    .references(() => identityProviders.id, { onDelete: 'cascade' }),
  idToken: text('id_token'), // OpenID Connect: for RP-initiated sign-out; SAML: null
});

export const samlRequests = pgTable(
  'saml_requests',
  {
    // The AuthnRequest's ID: the IdP answers InResponseTo it (and sends it back as RelayState).
    requestId: text('request_id').primaryKey(),
    // SHA-256 of the state in this browser's sign-in cookie: only the browser that started can finish.
    stateHash: text('state_hash').notNull().unique(),
    providerId: uuid('provider_id')
      .notNull()
      .references(() => identityProviders.id, { onDelete: 'cascade' }),
    returnTo: text('return_to'),
    createdAt: tstz('created_at').notNull().defaultNow(),
    expiresAt: tstz('expires_at').notNull(),
    // Set when the IdP's answer arrived (once), with the identity its verified assertion names.
    answeredAt: tstz('answered_at'),
    identity: jsonb('identity').$type<Identity>(),
    usedAt: tstz('used_at'),
  },
  (t) => [index('saml_requests_expires_idx').on(t.expiresAt)],
);

export const samlAssertions = pgTable(
  'saml_assertions',
  {
    providerId: uuid('provider_id')
      .notNull()
      .references(() => identityProviders.id, { onDelete: 'cascade' }),
    assertionId: text('assertion_id').notNull(),
    // Kept until the assertion could no longer be accepted anyway (its NotOnOrAfter plus the clock skew).
    expiresAt: tstz('expires_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.providerId, t.assertionId] }), index('saml_assertions_expires_idx').on(t.expiresAt)],
);
