// Request and response schemas for notifications: one's own preferences, and the administrators' settings,
// templates and delivery queue. Shared with the web app.
import { z } from 'zod';
import { text } from '../../platform/http/validation.ts';
import { BODY_MAX, PLACEHOLDERS, SUBJECT_MAX } from './rules/templates.ts';
import { CHANNELS, DELIVERY_CHANNELS, DELIVERY_STATUSES, NOTIFICATION_KINDS } from './rules/vocabulary.ts';

export const kindSchema = z.enum(NOTIFICATION_KINDS, { error: `must be one of ${NOTIFICATION_KINDS.join(', ')}` });

export const preferenceView = z.object({
  kind: kindSchema,
  label: z.string(),
  channel: z.enum(CHANNELS),
  channels: z.array(z.enum(CHANNELS)).describe('The channels this person may choose for this notification'),
});
export const preferencesView = z.object({ preferences: z.array(preferenceView) });

export const preferencesBody = z
  .object({
    preferences: z
      .array(
        z
          .object({
            kind: kindSchema,
            channel: z.enum(CHANNELS, { error: 'must be email, none or pager' }),
          })
          .strict(),
      )
      .max(NOTIFICATION_KINDS.length * 2),
  })
  .strict();
export type PreferencesInput = z.infer<typeof preferencesBody>;

/** A mail domain such as "stmarys.org": letters, digits, dots and hyphens. */
const mailDomain = z
  .string()
  .trim()
  .toLowerCase()
  .max(253, 'at most 253 characters')
  .regex(
    /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
    'must be a mail domain like hospital.org',
  );

export const settingsBody = z
  .object({
    fullTextDomain: mailDomain
      .nullable()
      .describe("Send the ticket's text in mail to addresses of this domain only (the hospital's own); null: never"),
    pagerUrl: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) address' })
      .max(2000, 'at most 2,000 characters')
      .nullable()
      .describe('Where pages are POSTed (JSON, HMAC-signed); null: no pager'),
  })
  .strict();
export type SettingsInput = z.infer<typeof settingsBody>;

export const settingsView = settingsBody.extend({
  relayConfigured: z.boolean().describe('Whether an SMTP relay is configured; without one, mail is queued, not sent'),
  from: z.string().nullable(),
  pagerSecretConfigured: z.boolean(),
  pending: z.number().int(),
  failed: z.number().int(),
});

export const templateBody = z
  .object({
    subject: text({ min: 1, max: SUBJECT_MAX }),
    body: text({ min: 1, max: BODY_MAX }),
  })
  .strict();
export type TemplateInput = z.infer<typeof templateBody>;

export const templateView = z.object({
  kind: kindSchema,
  label: z.string(),
  subject: z.string(),
  body: z.string(),
  custom: z.boolean().describe('Whether an administrator changed it (false: the default)'),
  placeholders: z.array(z.enum(PLACEHOLDERS)).describe("The placeholders this notice's template may use"),
});
export const templatesView = z.object({
  templates: z.array(templateView),
  placeholders: z.array(z.enum(PLACEHOLDERS)),
});

export const kindParam = z.object({ kind: kindSchema }).strict();
export const deliveryIdParam = z.object({ id: z.uuid('must be a delivery id') }).strict();

export const deliveriesQuery = z
  .object({
    status: z.enum(DELIVERY_STATUSES, { error: 'must be pending, sent or failed' }).default('failed'),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

export const deliveryView = z.object({
  id: z.uuid(),
  kind: kindSchema,
  channel: z.enum(DELIVERY_CHANNELS),
  to: z.string(),
  subject: z.string(),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number().int(),
  nextAttemptAt: z.string(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
export const deliveriesView = z.object({ deliveries: z.array(deliveryView) });
