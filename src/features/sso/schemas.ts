// Wire shapes of single sign-on: the providers the sign-in page offers, and administrators' provider settings.
// Imported by the web app. A client secret goes in (write-only) and never comes out: views say only whether one is set.
import { z } from 'zod';
import { text } from '../../platform/http/validation.ts';
import { SSO_FAILURES, SSO_ROLES } from './rules.ts';

const claimName = text({ min: 1, max: 100 }).regex(/^[\w.:/-]+$/, 'letters, digits and _ . : / - only');

export const roleMapping = z
  .object({
    group: text({ min: 1, max: 200 }).describe('A group name or id as the provider sends it in the groups claim'),
    role: z.enum(SSO_ROLES),
  })
  .strict();

const providerFields = {
  name: text({ min: 1, max: 100 }).describe('Shown on the button: "Sign in with <name>"'),
  issuer: z
    .url({ protocol: /^https?$/, error: 'must be the provider’s issuer address (https://…)' })
    .max(500)
    .describe('The issuer; its /.well-known/openid-configuration is read (discovery)'),
  clientId: text({ min: 1, max: 300 }),
  scopes: text({ min: 6, max: 500 })
    .regex(/(^|\s)openid(\s|$)/, 'must include openid')
    .describe('Space-separated, e.g. "openid profile email"'),
  employeeIdClaim: claimName.nullable().describe('The claim holding the employee ID (null: none)'),
  emailClaim: claimName.nullable().describe('The claim holding the email address (null: none)'),
  groupsClaim: claimName
    .nullable()
    .describe('The claim holding the groups (null: none; only the default role applies)'),
  matchByEmail: z.boolean().describe('Match a person by email when no one has the employee ID'),
  defaultRole: z
    .enum(['requester'])
    .nullable()
    .describe('The role of a person none of whose groups is mapped; null refuses them'),
  roleMappings: z.array(roleMapping).max(200).describe('In order: the first line whose group the person is in wins'),
  enabled: z.boolean(),
};

export const providerBody = z
  .object({
    ...providerFields,
    clientSecret: text({ min: 1, max: 1000 })
      .nullable()
      .describe('Write-only; sealed with CLINIDESK_SECRET_KEY. null: a public client (PKCE only)'),
  })
  .strict();
export type ProviderBody = z.infer<typeof providerBody>;

export const providerPatch = z
  .object({
    ...providerFields,
    clientSecret: text({ min: 1, max: 1000 })
      .nullable()
      .describe('Write-only. Omit to keep the stored secret; null removes it'),
  })
  .partial()
  .strict();
export type ProviderPatch = z.infer<typeof providerPatch>;

export const providerView = z.object({
  id: z.uuid(),
  name: z.string(),
  issuer: z.string(),
  clientId: z.string(),
  hasClientSecret: z.boolean().describe('Whether a client secret is stored (it is never shown)'),
  scopes: z.string(),
  employeeIdClaim: z.string().nullable(),
  emailClaim: z.string().nullable(),
  groupsClaim: z.string().nullable(),
  matchByEmail: z.boolean(),
  defaultRole: z.enum(['requester']).nullable(),
  roleMappings: z.array(roleMapping),
  enabled: z.boolean(),
  redirectUri: z.string().describe('Register this address at the provider as the redirect (reply) URI'),
  postLogoutRedirectUri: z.string().describe('Register this address at the provider as the post-logout redirect URI'),
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

export const signOutView = z.object({
  logoutUrl: z
    .string()
    .nullable()
    .describe("The identity provider's sign-out address to open next, when the session came from one that offers it"),
});
