// What the Notifications tab's forms send, checked first by the server's own schemas and template rules: a domain
// or address the server would not take, or a template with a placeholder that could leak PHI, is refused under its
// field before sending. Pure, tested without a browser.
import { templateProblems } from '../../../../src/features/notifications/rules/templates.ts';
import type { NotificationKind } from '../../../../src/features/notifications/rules/vocabulary.ts';
import {
  type SettingsInput,
  settingsBody,
  type TemplateInput,
  templateBody,
} from '../../../../src/features/notifications/schemas.ts';
import { type FormErrors, schemaErrors } from '../../forms/schemaErrors.ts';

export type SettingsValues = { fullTextDomain: string; pagerUrl: string };
export type TemplateValues = { subject: string; body: string };

export function settingsRequest(values: SettingsValues): SettingsInput {
  return { fullTextDomain: values.fullTextDomain.trim() || null, pagerUrl: values.pagerUrl.trim() || null };
}

export function settingsProblems(values: SettingsValues): FormErrors {
  return schemaErrors(settingsBody, settingsRequest(values), {
    labels: { fullTextDomain: 'Full text domain', pagerUrl: 'Pager address' },
  });
}

export function templateRequest(values: TemplateValues): TemplateInput {
  return { subject: values.subject.trim(), body: values.body.trim() };
}

/** A template's problems for its kind (the incident notices have placeholders of their own). */
export function templateFormProblems(values: TemplateValues, kind?: NotificationKind): FormErrors {
  const errors = schemaErrors(templateBody, templateRequest(values), { labels: { subject: 'Subject', body: 'Body' } });
  for (const p of templateProblems(templateRequest(values), kind)) errors[p.field] ??= `The ${p.field} ${p.message}.`;
  return errors;
}
