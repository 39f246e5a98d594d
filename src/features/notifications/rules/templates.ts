// Notification templates: a subject and a plain-text body with a few placeholders. The default keeps PHI out of the
// mailbox: a mail says what happened and links to the portal or console. Only {{title}} and {{text}} carry the
// ticket's free text, and they render empty unless the administrator turned on full text for the hospital's own
// mail domain and the recipient's address is in it. Neither may appear in a subject, whatever the setting.

import { ticketSubjectTag } from '../../email/rules/threading.ts';
import { formatTicketNumber } from '../../tickets/rules/vocabulary.ts';
import { isIncidentKind, isVendorKind, NOTIFICATION_KINDS, type NotificationKind } from './vocabulary.ts';

export const TICKET_PLACEHOLDERS = ['number', 'link', 'priority', 'surveyLink', 'title', 'text'] as const;
/**
 * The incident notices' placeholders: the incident number (INC-000012), the status page's link, and only public
 * texts (the title, the update's public text; both refused on entry when they look like patient details), the state
 * and the scheduled times. Never the internal note, the people or the units.
 */
export const INCIDENT_PLACEHOLDERS = ['number', 'link', 'title', 'text', 'state', 'start', 'end'] as const;
/**
 * A provider's engineers' notices: the number, the priority and the link, nothing else. The ticket's title and texts
 * may hold PHI and never reach a vendor's mailbox, whatever the full-text setting.
 */
export const VENDOR_PLACEHOLDERS = ['number', 'link', 'priority'] as const;
/**
 * The answer to a vendor engineer who emailed the desk: the link to their queue in Clinidesk and nothing else. It
 * answers a message that became no ticket, and it never repeats that message (it may hold patient details).
 */
export const REFUSAL_PLACEHOLDERS = ['link'] as const;
/** Every placeholder of some template (each kind allows its own: `placeholdersFor`). */
export const PLACEHOLDERS = [
  'number',
  'link',
  'priority',
  'surveyLink',
  'title',
  'text',
  'state',
  'start',
  'end',
] as const;
export type Placeholder = (typeof TICKET_PLACEHOLDERS)[number];
export type IncidentPlaceholder = (typeof INCIDENT_PLACEHOLDERS)[number];

/** The placeholders a kind's template may use. */
export function placeholdersFor(kind: NotificationKind | undefined): readonly string[] {
  if (kind && isIncidentKind(kind)) return INCIDENT_PLACEHOLDERS;
  if (kind === 'vendor_email_refused') return REFUSAL_PLACEHOLDERS;
  return kind && isVendorKind(kind) ? VENDOR_PLACEHOLDERS : TICKET_PLACEHOLDERS;
}
/** Free text from the ticket: may hold PHI, so only with full text allowed, and never in a subject. */
export const FREE_TEXT_PLACEHOLDERS: readonly Placeholder[] = ['title', 'text'];

export const SUBJECT_MAX = 200;
export const BODY_MAX = 5000;

export type Template = { subject: string; body: string };

const FOOTER = '\n\nOpen it here: {{link}}\n\nThis message was sent by the service desk. Replies reach the ticket.';
const VENDOR_FOOTER =
  "\n\nReply in Clinidesk: {{link}}\n\nThis message was sent by the hospital's service desk. It never carries patient details: read and answer the case in Clinidesk.";
const INCIDENT_FOOTER =
  '\n\nLatest news on the status page: {{link}}\n\nThis message was sent by the service desk to the leaders and super-users of the units affected.';

export const DEFAULT_TEMPLATES: Record<NotificationKind, Template> = {
  ticket_received: {
    subject: 'Your ticket {{number}} was received',
    body: `We have your ticket {{number}} and the desk will look at it.{{title}}{{text}}${FOOTER}`,
  },
  public_reply: {
    subject: 'Your ticket {{number}} has a reply',
    body: `The service desk replied on your ticket {{number}}.{{text}}${FOOTER}`,
  },
  ticket_resolved: {
    subject: 'Your ticket {{number}} was resolved',
    body: `Your ticket {{number}} was resolved. If the problem is back, reopen it from the portal.{{surveyLink}}${FOOTER}`,
  },
  ticket_reopened: {
    subject: 'Your ticket {{number}} was reopened',
    body: `Your ticket {{number}} was reopened and is back with the desk.${FOOTER}`,
  },
  assigned_to_you: {
    subject: 'Ticket {{number}} ({{priority}}) was assigned to you',
    body: `Ticket {{number}}, priority {{priority}}, is now yours.{{title}}${FOOTER}`,
  },
  new_urgent_in_group: {
    subject: '{{priority}} ticket {{number}} in your group',
    body: `A {{priority}} ticket, {{number}}, is waiting in your group: new, raised to {{priority}}, or moved to your group.{{title}}${FOOTER}`,
  },
  sla_at_risk: {
    subject: 'Ticket {{number}} ({{priority}}) is close to its SLA target',
    body: `Ticket {{number}}, priority {{priority}}, is close to its SLA target.${FOOTER}`,
  },
  sla_breached: {
    subject: 'Ticket {{number}} ({{priority}}) missed its SLA target',
    body: `Ticket {{number}}, priority {{priority}}, missed its SLA target.${FOOTER}`,
  },
  sensitive_request_by_email: {
    subject: 'About your email on ticket {{number}}',
    body: `Your email asks for a password, MFA or access change. For your safety the service desk never makes these changes because of an email: please call the desk or come in person, and the desk will check who you are first.${FOOTER}`,
  },
  vendor_email_refused: {
    subject: 'Please reply in Clinidesk, not by email',
    body: "Thank you for your message. The hospital's service desk does not take vendor work by email, so your message was not added to any ticket. Please read and answer your cases on the shared thread in Clinidesk (or through your company's e-bonding connection): {{link}}\n\nThis message was sent automatically by the hospital's service desk. It does not repeat your message: email may hold patient details, and Clinidesk keeps them from reaching a vendor's mailbox.",
  },
  verification_alert: {
    subject: 'Security: repeated identity checks or resets on ticket {{number}}',
    body: `One account had several failed identity checks or credential changes in a short time (latest on ticket {{number}}). Check that the requests are genuine before anything else is changed for this account, and tell security if they are not.${FOOTER}`,
  },
  vendor_case_updated: {
    subject: 'The vendor updated ticket {{number}}',
    body: `The vendor wrote on the vendor thread of ticket {{number}}.${FOOTER}`,
  },
  vendor_needs_info: {
    subject: 'The vendor needs information on ticket {{number}} ({{priority}})',
    body: `The vendor holding ticket {{number}}, priority {{priority}}, needs information from the hospital. Answer on the vendor thread ("Reply to vendor"); the case goes back to the vendor when you do.${FOOTER}`,
  },
  vendor_new_case: {
    subject: 'New case {{number}} ({{priority}}) escalated to you',
    body: `Ticket {{number}}, priority {{priority}}, was escalated to your company by the hospital's service desk.${VENDOR_FOOTER}`,
  },
  vendor_desk_reply: {
    subject: 'The hospital replied on case {{number}}',
    body: `The hospital's service desk replied on the shared thread of ticket {{number}}.${VENDOR_FOOTER}`,
  },
  vendor_clock_at_risk: {
    subject: 'Case {{number}} ({{priority}}) is close to its contract target',
    body: `Your company's contract clock on ticket {{number}}, priority {{priority}}, is close to its target.${VENDOR_FOOTER}`,
  },
  vendor_clock_breached: {
    subject: 'Case {{number}} ({{priority}}) missed its contract target',
    body: `Your company's contract clock on ticket {{number}}, priority {{priority}}, missed its target.${VENDOR_FOOTER}`,
  },
  incident_declared: {
    subject: '{{number}} declared: {{title}}',
    body: `{{number}} ({{title}}) was declared and affects your unit. Follow the downtime procedures.{{text}}${INCIDENT_FOOTER}`,
  },
  incident_update: {
    subject: '{{number}} update: {{title}}',
    body: `An update on {{number}} ({{title}}), now {{state}}:{{text}}${INCIDENT_FOOTER}`,
  },
  incident_resolved: {
    subject: '{{number}} resolved: {{title}}',
    body: `{{number}} ({{title}}) is resolved. Catch up on what was done on paper during the downtime.{{text}}${INCIDENT_FOOTER}`,
  },
  planned_downtime_notice: {
    subject: '{{number}} planned downtime starts {{start}}: {{title}}',
    body: `A planned downtime, {{number}} ({{title}}), affects your unit from {{start}} until {{end}}. Prepare the downtime procedures and paper forms.{{text}}${INCIDENT_FOOTER}`,
  },
};

const PLACEHOLDER = /\{\{\s*([A-Za-z]+)\s*\}\}/g;

export type TemplateProblem = { field: 'subject' | 'body'; message: string };

/** What is wrong with a template an administrator wrote for this kind; empty when it may be saved. */
export function templateProblems(t: Template, kind?: NotificationKind): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const allowed = placeholdersFor(kind);
  const incident = kind !== undefined && isIncidentKind(kind);
  for (const field of ['subject', 'body'] as const) {
    for (const m of t[field].matchAll(PLACEHOLDER)) {
      const name = m[1]!;
      if (!allowed.includes(name)) {
        problems.push({ field, message: `{{${name}}} is not a placeholder (use ${allowed.join(', ')})` });
      } else if (incident && field === 'subject' && name === 'text') {
        problems.push({ field, message: '{{text}} is the whole update and cannot be in a subject' });
      } else if (!incident && field === 'subject' && FREE_TEXT_PLACEHOLDERS.includes(name as Placeholder)) {
        problems.push({ field, message: `{{${name}}} may hold patient details and cannot be in a subject` });
      }
    }
    // A stray brace pair that is not a placeholder would be sent as is: refuse it too, it is almost surely a typo.
    if (/\{\{|\}\}/.test(t[field].replace(PLACEHOLDER, ''))) {
      problems.push({ field, message: 'has "{{" or "}}" that is not a placeholder' });
    }
  }
  if (!/\{\{\s*link\s*\}\}/.test(t.body)) problems.push({ field: 'body', message: 'must contain {{link}}' });
  if (/[\r\n]/.test(t.subject)) problems.push({ field: 'subject', message: 'must be one line' });
  return problems;
}

export type RenderInput = {
  ticketNumber: number;
  /** 1 (P1) to 4 (P4). */
  priority: number;
  link: string;
  surveyLink: string | null;
  /** The ticket's title and the text the notice is about (a reply, a description): shown only with full text. */
  title: string | null;
  text: string | null;
  fullText: boolean;
};

/** Fills a template. The subject always starts with "[CSD-000123]" (threading), added when the template lacks it. */
export function render(t: Template, input: RenderInput): Template {
  const values: Record<Placeholder, string> = {
    number: formatTicketNumber(input.ticketNumber),
    link: input.link,
    priority: `P${input.priority}`,
    surveyLink: input.surveyLink ? `\n\nTell us how we did: ${input.surveyLink}` : '',
    title: input.fullText && input.title ? `\n\nTitle: ${input.title}` : '',
    text: input.fullText && input.text ? `\n\n${input.text}` : '',
  };
  const fill = (s: string, field: 'subject' | 'body') =>
    s.replace(PLACEHOLDER, (_, name: string) => {
      if (field === 'subject' && FREE_TEXT_PLACEHOLDERS.includes(name as Placeholder)) return '';
      return values[name as Placeholder] ?? '';
    });
  const tag = ticketSubjectTag(input.ticketNumber);
  const subject = fill(t.subject, 'subject').replace(/\s+/g, ' ').trim();
  return { subject: subject.includes(tag) ? subject : `${tag} ${subject}`, body: fill(t.body, 'body') };
}

/**
 * Fills the answer to a vendor engineer who emailed the desk: only the link exists in the input, so nothing else can
 * be sent whatever the template. No ticket tag: the message it answers became no ticket.
 */
export function renderRefusal(t: Template, input: { link: string }): Template {
  const fill = (s: string) => s.replace(PLACEHOLDER, (_, name: string) => (name === 'link' ? input.link : ''));
  return { subject: fill(t.subject).replace(/\s+/g, ' ').trim().slice(0, SUBJECT_MAX), body: fill(t.body) };
}

export type IncidentRenderInput = {
  /** INC-000012 */
  number: string;
  /** The status page. */
  link: string;
  /** Public texts only: the incident's title and the text this notice is about (the update, the public summary). */
  title: string;
  text: string | null;
  state: string;
  start: string | null;
  end: string | null;
};

/**
 * Fills an incident notice's template. Only public parts exist in the input, so nothing else can be sent whatever the
 * template. The subject always starts with "[INC-000012]", added when the template lacks it.
 */
export function renderIncident(t: Template, input: IncidentRenderInput): Template {
  const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();
  const values: Record<IncidentPlaceholder, string> = {
    number: input.number,
    link: input.link,
    title: oneLine(input.title),
    text: input.text ? `\n\n${input.text.trim()}` : '',
    state: input.state,
    start: input.start ?? 'a time still to be set',
    end: input.end ?? 'a time still to be set',
  };
  const fill = (s: string, field: 'subject' | 'body') =>
    s.replace(PLACEHOLDER, (_, name: string) => {
      if (field === 'subject' && name === 'text') return '';
      return values[name as IncidentPlaceholder] ?? '';
    });
  const tag = `[${input.number}]`;
  const subject = oneLine(fill(t.subject, 'subject')).slice(0, SUBJECT_MAX);
  return { subject: subject.includes(tag) ? subject : `${tag} ${subject}`, body: fill(t.body, 'body') };
}

/** Whether full text may go to this address: only when turned on, and only inside the hospital's own mail domain. */
export function fullTextAllowed(internalDomain: string | null, address: string): boolean {
  if (!internalDomain) return false;
  const domain = address.trim().toLowerCase().split('@').pop() ?? '';
  return domain === internalDomain.toLowerCase();
}

export function isKind(s: string): s is NotificationKind {
  return (NOTIFICATION_KINDS as readonly string[]).includes(s);
}
