// When a delivery that failed is tried again, and when the queue gives up on it; the pager's message (no PHI).
import { formatTicketNumber } from '../../tickets/rules/vocabulary.ts';
import type { NotificationKind } from './vocabulary.ts';

export const FIRST_RETRY_MS = 30_000;
export const MAX_RETRY_MS = 60 * 60_000;
/** About a day of trying (30 s doubling to an hour, then hourly) before a delivery is listed as failed. */
export const MAX_ATTEMPTS = 30;

/** Exponential backoff: 30 s, 1 min, 2 min … capped at an hour. `attempts` counts tries made so far (≥ 1). */
export function retryDelayMs(attempts: number): number {
  const n = Math.max(1, Math.floor(attempts));
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.min(n - 1, 20));
}

/** After a failed try: the next time to try, or null when the delivery is given up (listed for the admin). */
export function afterFailure(attempts: number, now: Date): Date | null {
  if (attempts >= MAX_ATTEMPTS) return null;
  return new Date(now.getTime() + retryDelayMs(attempts));
}

/** The pager's JSON: what happened, to which ticket, and where to look. Never the ticket's text or the requester. */
export type PagerPayload = {
  kind: NotificationKind;
  ticket: string;
  priority: string;
  link: string;
  deliveryId: string;
  at: string;
};

export function pagerPayload(p: {
  kind: NotificationKind;
  ticketNumber: number;
  priority: number;
  link: string;
  deliveryId: string;
  at: Date;
}): PagerPayload {
  return {
    kind: p.kind,
    ticket: formatTicketNumber(p.ticketNumber),
    priority: `P${p.priority}`,
    link: p.link,
    deliveryId: p.deliveryId,
    at: p.at.toISOString(),
  };
}

/**
 * The page for a declared outage (the secure-messaging webhook): the incident number, its title (public text), its
 * severity, the status page, and to whom (the recipient's address, so the messaging system can route it). Nothing else.
 */
export type IncidentPagerPayload = {
  kind: NotificationKind;
  incident: string;
  severity: string;
  title: string;
  link: string;
  to: string | null;
  deliveryId: string;
  at: string;
};

export function incidentPagerPayload(p: {
  kind: NotificationKind;
  incidentNumber: string;
  severity: string;
  title: string;
  link: string;
  to: string | null;
  deliveryId: string;
  at: Date;
}): IncidentPagerPayload {
  return {
    kind: p.kind,
    incident: p.incidentNumber,
    severity: p.severity,
    title: p.title,
    link: p.link,
    to: p.to,
    deliveryId: p.deliveryId,
    at: p.at.toISOString(),
  };
}
