// Wire shapes of integration accounts (systems such as the phone system) and their API tokens. Imported by the web app.
import { z } from 'zod';
import { text } from '../http/validation.ts';
import { PERMISSIONS } from './roles.ts';

export const USERNAME_PATTERN = /^[\p{L}\p{N}._@-]+$/u;

export const integrationBody = z
  .object({
    username: text({ min: 2, max: 100 })
      .regex(USERNAME_PATTERN, 'letters, digits and . _ @ - only')
      .describe('The account name the phone system acts as, e.g. "pbx"'),
    displayName: text({ min: 1, max: 200 }).describe('Shown in the audit trail, e.g. "Phone system"'),
    purpose: text({ min: 1, max: 500 }).describe('What it is for, e.g. "Asterisk posts call events to the desk"'),
  })
  .strict();
export type IntegrationBody = z.infer<typeof integrationBody>;

export const integrationTokenBody = z
  .object({
    name: text({ min: 1, max: 100 }).describe('Which system or node holds it, e.g. "Asterisk cluster A"'),
    expiresInDays: z.number().int().min(1).max(3650).nullable().describe('null: never expires (not recommended)'),
  })
  .strict();
export type IntegrationTokenBody = z.infer<typeof integrationTokenBody>;

export const integrationTokenView = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string().describe('The first characters of the token, to tell tokens apart'),
  scope: z.array(z.enum(PERMISSIONS)).describe("What the token may do: the integration role's permissions"),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime().nullable(),
  lastUsedAt: z.iso.datetime().nullable(),
  expired: z.boolean(),
});
export type IntegrationTokenView = z.infer<typeof integrationTokenView>;

export const issuedTokenView = integrationTokenView.extend({
  token: z.string().describe('Shown once; only its hash is stored'),
});

export const integrationView = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  purpose: z.string().nullable(),
  createdAt: z.iso.datetime(),
  disabled: z.boolean(),
  tokens: z.array(integrationTokenView).describe('Tokens not revoked, oldest first (expired ones included)'),
});
export type IntegrationView = z.infer<typeof integrationView>;

export const integrationTokenParams = z.object({ id: z.uuid('must be a UUID'), tokenId: z.uuid('must be a UUID') });
