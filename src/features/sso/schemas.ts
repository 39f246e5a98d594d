// Wire shapes of single sign-on: the providers the sign-in page offers, and administrators' provider settings.
// Imported by the web app. A client secret goes in (write-only) and never comes out: views say only whether one is set.
import { z } from 'zod';
import { text } from '../../platform/http/validation.ts';
import { PROVIDER_KINDS, SSO_FAILURES, SSO_ROLES } from './rules.ts';

const claimName = text({ min: 1, max: 100 }).regex(/^[\w.:/-]+$/, 'letters, digits and _ . : / - only');

export const roleMapping = z
  .object({
    group: text({ min: 1, max: 200 }).describe('A group name or id as the provider sends it in the groups claim'),
    role: z.enum(SSO_ROLES),
  })
  .strict();

const commonFields = {
  name: text({ min: 1, max: 100 }).describe('Shown on the button: "Sign in with <name>"'),
  employeeIdClaim: claimName
    .nullable()
    .describe('The claim (OpenID Connect) or attribute name (SAML) holding the employee ID (null: none)'),
  emailClaim: claimName.nullable().describe('The claim or attribute name holding the email address (null: none)'),
  groupsClaim: claimName
    .nullable()
    .describe('The claim or attribute name holding the groups (null: none; only the default role applies)'),
  matchByEmail: z.boolean().describe('Match a person by email when no one has the employee ID'),
  defaultRole: z
    .enum(['requester'])
    .nullable()
    .describe('The role of a person none of whose groups is mapped; null refuses them'),
  roleMappings: z.array(roleMapping).max(200).describe('In order: the first line whose group the person is in wins'),
  enabled: z.boolean(),
};

const address = (what: string) => z.url({ protocol: /^https?$/, error: `must be ${what} (https://…)` }).max(500);

const oidcFields = {
  issuer: address('the provider’s issuer address').describe(
    'The issuer; its /.well-known/openid-configuration is read (discovery)',
  ),
  clientId: text({ min: 1, max: 300 }),
  scopes: text({ min: 6, max: 500 })
    .regex(/(^|\s)openid(\s|$)/, 'must include openid')
    .describe('Space-separated, e.g. "openid profile email"'),
};

const certificate = text({ min: 100, max: 10_000 }).describe(
  'An X.509 certificate in PEM (-----BEGIN CERTIFICATE-----…) or its base64 body',
);

const samlFields = {
  issuer: text({ min: 1, max: 500 }).describe(
    'The IdP’s entity id, exactly as in its metadata (ADFS: http://<host>/adfs/services/trust; Entra ID: https://sts.windows.net/<tenant-id>/)',
  ),
  ssoUrl: address('the IdP’s sign-in (SSO) address').describe(
    'The IdP’s SingleSignOnService address for the HTTP-Redirect binding',
  ),
  certificates: z
    .array(certificate)
    .min(1, 'add the IdP’s signing certificate')
    .max(2, 'at most two: the current certificate and the next one during a rotation')
    .describe('The IdP’s signing certificates: one, or two while the IdP rotates its certificate'),
};

const oidcBody = z
  .object({
    kind: z.literal('oidc').default('oidc').describe('OpenID Connect (the default)'),
    ...commonFields,
    ...oidcFields,
    clientSecret: text({ min: 1, max: 1000 })
      .nullable()
      .describe('Write-only; sealed with CLINIDESK_SECRET_KEY. null: a public client (PKCE only)'),
  })
  .strict();

const samlBody = z.object({ kind: z.literal('saml').describe('SAML 2.0'), ...commonFields, ...samlFields }).strict();

export const providerBody = z.discriminatedUnion('kind', [oidcBody, samlBody]);
export type ProviderBody = z.infer<typeof providerBody>;

export const providerPatch = z
  .object({
    ...commonFields,
    issuer: text({ min: 1, max: 500 }).describe('OpenID Connect: the issuer address; SAML: the IdP’s entity id'),
    clientId: oidcFields.clientId.describe('OpenID Connect only'),
    scopes: oidcFields.scopes.describe('OpenID Connect only'),
    clientSecret: text({ min: 1, max: 1000 })
      .nullable()
      .describe('OpenID Connect only. Write-only. Omit to keep the stored secret; null removes it'),
    ssoUrl: samlFields.ssoUrl.describe('SAML only'),
    certificates: samlFields.certificates.describe('SAML only: replaces the certificates'),
  })
  .partial()
  .strict()
  .describe('The fields to change; a provider’s kind never changes');
export type ProviderPatch = z.infer<typeof providerPatch>;

export const certificateView = z.object({
  subject: z.string(),
  notAfter: z.iso.datetime().describe('The certificate expires then: add the next one before'),
  fingerprint: z.string().describe('SHA-256 fingerprint, as ADFS and Entra ID show it (hex, colons)'),
});
export type CertificateView = z.infer<typeof certificateView>;

export const serviceProviderView = z
  .object({
    entityId: z.string().describe('Clinidesk’s entity id (identifier) to register at the IdP'),
    acsUrl: z.string().describe('The assertion consumer service (reply URL) to register at the IdP, HTTP-POST'),
    metadataUrl: z.string().describe('Clinidesk’s SAML metadata, for IdPs that read it'),
  })
  .describe('SAML: what to register at the IdP');

export const providerView = z.object({
  id: z.uuid(),
  kind: z.enum(PROVIDER_KINDS),
  name: z.string(),
  issuer: z.string().describe('OpenID Connect: the issuer; SAML: the IdP’s entity id'),
  clientId: z.string().nullable(),
  hasClientSecret: z.boolean().describe('Whether a client secret is stored (it is never shown)'),
  scopes: z.string().nullable(),
  ssoUrl: z.string().nullable(),
  certificates: z.array(certificateView),
  employeeIdClaim: z.string().nullable(),
  emailClaim: z.string().nullable(),
  groupsClaim: z.string().nullable(),
  matchByEmail: z.boolean(),
  defaultRole: z.enum(['requester']).nullable(),
  roleMappings: z.array(roleMapping),
  enabled: z.boolean(),
  redirectUri: z
    .string()
    .nullable()
    .describe('OpenID Connect: register this address at the provider as the redirect (reply) URI'),
  postLogoutRedirectUri: z
    .string()
    .nullable()
    .describe('OpenID Connect: register this address at the provider as the post-logout redirect URI'),
  serviceProvider: serviceProviderView.nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type ProviderView = z.infer<typeof providerView>;

export const signInOption = z.object({ id: z.uuid(), name: z.string() });
export type SignInOption = z.infer<typeof signInOption>;

export const startQuery = z.object({ returnTo: z.string().max(500).optional() }).strict();

export const callbackQuery = z
  .object({
    code: z.string().max(4000).optional(),
    state: z.string().max(500).optional(),
    iss: z.string().max(500).optional(),
    error: z.string().max(200).optional(),
    error_description: z.string().max(2000).optional(),
    session_state: z.string().max(500).optional(),
  })
  .describe('What the provider sends back; other parameters some providers add are ignored');

export const ssoFailureCode = z.enum(SSO_FAILURES);

export const samlAcsForm = z
  .object({
    SAMLResponse: z.string().max(200_000).optional(),
    RelayState: z.string().max(200).optional(),
  })
  .describe('What the IdP posts (HTTP-POST binding); other fields are ignored');

export const signOutView = z.object({
  logoutUrl: z
    .string()
    .nullable()
    .describe("The identity provider's sign-out address to open next, when the session came from one that offers it"),
});
