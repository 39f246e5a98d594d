// What a delivery carries, built by the API's own visibility rules (never a second masking):
// - a vendor's subscription gets the ticket exactly as that provider's engineers read it through the API
//   (tickets' `ticketDetailFor` with a vendor viewer: PHI masked, only the shared thread, no internal notes), and only
//   for tickets the provider holds or held and events the outbox would send to its engineers live (`canReceive`:
//   a comment's event reaches the vendor only when it is on the shared thread);
// - the hospital's own systems get numbers, states and ids (the outbox payload, which carries no free text) and a
//   link: whatever text they need they read through the API with their own credentials and permissions.
import type { Queryable } from '../../../platform/db/connect.ts';
import { type CommittedEvent, canReceive } from '../../../platform/events/outbox.ts';
import { canSeeTicket, type Viewer } from '../../tickets/rules/visibility.ts';
import { formatTicketNumber } from '../../tickets/rules/vocabulary.ts';
import { ticketDetailFor } from '../../tickets/service/read-ticket.ts';
import type { TicketRow } from '../../tickets/service/reads.ts';
import type { EventSubject } from '../rules/delivery.ts';

/** The envelope every delivery has (the Standard Webhooks shape: type, timestamp, data). */
export type WebhookPayload = {
  type: string;
  timestamp: string;
  data: Record<string, unknown> & { eventId: string };
};

/**
 * What the event is about, for the filters. A contract clock's event concerns the one provider whose contract it is,
 * so a provider filter matches it by that provider, not by every provider that held the ticket.
 */
export function subjectOf(ticket: TicketRow | undefined, e?: Pick<CommittedEvent, 'payload'>): EventSubject {
  if (!ticket) return { kind: 'other' };
  const contractOf = e?.payload.owner === 'contract' ? e.payload.providerId : undefined;
  const providerIds = typeof contractOf === 'string' ? [contractOf] : ticket.providerIds;
  return { kind: 'ticket', facilityId: ticket.facilityId, serviceId: ticket.serviceId, providerIds };
}

/** A vendor's engineer as the ticket rules see one: the role and the provider, nothing else. */
export function vendorViewer(providerId: string): Viewer {
  return {
    userId: '00000000-0000-0000-0000-000000000000',
    role: 'vendor',
    personId: null,
    unitId: null,
    superUser: false,
    providerOrgId: providerId,
  };
}

/** The payload for a vendor's subscription, or null when its engineers would not be told of this event. */
export async function vendorPayload(
  db: Queryable,
  e: CommittedEvent,
  ticket: TicketRow | undefined,
  providerId: string,
  publicUrl: string,
): Promise<WebhookPayload | null> {
  if (!ticket || e.subjectType !== 'ticket') return null;
  const viewer = vendorViewer(providerId);
  if (!canSeeTicket(viewer, ticket)) return null;
  if (!canReceive(e.audience, { userId: viewer.userId, role: 'vendor', providerOrgId: providerId })) return null;
  const link = `${publicUrl}/console/tickets/${formatTicketNumber(ticket.number)}`;
  // Its contract clock at risk or breached: the clock's numbers and the ticket's state, no ticket text at all.
  if (e.type.startsWith('sla.')) {
    const ticketState = { number: formatTicketNumber(ticket.number), status: ticket.status, priority: ticket.priority };
    return {
      type: e.type,
      timestamp: e.at,
      data: { eventId: String(e.id), link, event: e.payload, ticket: ticketState },
    };
  }
  const detail = await ticketDetailFor(db, viewer, ticket);
  const commentId = typeof e.payload.commentId === 'string' ? e.payload.commentId : null;
  const comment = commentId ? (detail.comments.find((c) => c.id === commentId) ?? null) : null;
  // A comment event whose comment the vendor does not read (a thread not shared) is not theirs to hear of.
  if (e.type === 'ticket.commented' && !comment) return null;
  return {
    type: e.type,
    timestamp: e.at,
    data: {
      eventId: String(e.id),
      link,
      ticket: detail,
      ...(comment ? { comment } : {}),
    },
  };
}

/** The payload for the hospital's own systems: numbers, states and ids, never free text. */
export function hospitalPayload(e: CommittedEvent, ticket: TicketRow | undefined, publicUrl: string): WebhookPayload {
  // Ticket and SLA events carry numbers and states only (tickets/service/events.ts, sla/service.ts); an incident's
  // event also carries its title, free text nobody checked for PHI: only the incident's numbers and states go out.
  const event = e.subjectType === 'incident' ? pick(e.payload, INCIDENT_FIELDS) : e.payload;
  const data: WebhookPayload['data'] = { eventId: String(e.id), event };
  if (ticket) {
    const number = formatTicketNumber(ticket.number);
    data.link = `${publicUrl}/console/tickets/${number}`;
    data.ticket = {
      id: ticket.id,
      number,
      type: ticket.type,
      status: ticket.status,
      priority: ticket.priority,
      tier: ticket.tier,
      facilityId: ticket.facilityId,
      unitId: ticket.unitId,
      serviceId: ticket.serviceId,
      moduleId: ticket.moduleId,
      groupId: ticket.groupId,
      assigneeId: ticket.assigneeId,
      providerId: ticket.providerId,
      patientCareAffected: ticket.patientCareAffected,
      createdAt: ticket.createdAt.toISOString(),
      updatedAt: ticket.updatedAt.toISOString(),
    };
  } else if (e.subjectType === 'incident') {
    data.incident = { id: e.subjectId, ...event };
    if (typeof e.payload.number === 'string') data.link = `${publicUrl}/console/incidents/${e.payload.number}`;
  }
  return { type: e.type, timestamp: e.at, data };
}

const INCIDENT_FIELDS = ['number', 'kind', 'state', 'severity', 'version', 'fields'] as const;

function pick(o: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => k in o).map((k) => [k, o[k]]));
}
