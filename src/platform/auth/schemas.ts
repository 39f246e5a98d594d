// Wire shapes of sign-in, sessions and accounts. Imported by the web app too.
import { z } from 'zod';
import { text } from '../http/validation.ts';
import { PERMISSIONS, ROLES } from './roles.ts';

export const roleSchema = z.enum(ROLES);

export const loginBody = z
  .object({
    username: text({ min: 1, max: 200 }).describe('Account name (case-insensitive)'),
    password: z.string().min(1).max(1024),
  })
  .strict();
export type LoginInput = z.infer<typeof loginBody>;

export const userView = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  role: roleSchema,
  createdAt: z.iso.datetime(),
  disabled: z.boolean(),
});
export type UserView = z.infer<typeof userView>;

export const sessionView = z.object({
  user: userView,
  permissions: z.array(z.enum(PERMISSIONS)),
  csrfToken: z.string().describe('Send as the X-CSRF-Token header on every write made with the session cookie'),
  expiresAt: z.iso.datetime(),
  idleTimeoutSeconds: z.number().int(),
});
export type SessionView = z.infer<typeof sessionView>;

export const createUserBody = z
  .object({
    username: text({ min: 2, max: 100 }).regex(/^[\p{L}\p{N}._@-]+$/u, 'letters, digits and . _ @ - only'),
    displayName: text({ min: 1, max: 200 }),
    email: z.email().max(320).nullable().optional(),
    role: roleSchema,
    password: z.string().min(12, 'at least 12 characters').max(1024),
  })
  .strict();

export const createTokenBody = z
  .object({
    name: text({ min: 1, max: 100 }).describe('What the token is for, e.g. "phone system"'),
    expiresInDays: z.number().int().min(1).max(3650).optional(),
  })
  .strict();

export const tokenView = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime().nullable(),
  lastUsedAt: z.iso.datetime().nullable(),
});

export const createdTokenView = tokenView.extend({
  token: z.string().describe('Shown once; only its hash is stored'),
});
