// Children attach themselves: every new ticket (portal, phone intake, email) is matched, in the transaction that
// opens it, against the open incidents (rules/matching.ts). A match on application or module and on place links it
// as a child; similar text only (or an unknown place) makes it a suggestion the agent accepts or dismisses. Each
// link is audited and announced to the desk; nothing is said to the requester here (the portal reads it).
import type { RequestMeta } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/service.ts';
import type { Queryable } from '../../../platform/db/connect.ts';
import { bestMatch, type TicketFacts } from '../rules/matching.ts';
import { formatIncidentNumber } from '../rules/vocabulary.ts';
import * as store from '../store.ts';
import { emitIncidentEvent } from './events.ts';
import { openScopes } from './read.ts';

export type NewTicketFacts = {
  id: string;
  number: number;
  serviceId: string | null;
  moduleId: string | null;
  facilityId: string | null;
  unitId: string | null;
  summary: string;
  description: string;
  errorText: string | null;
};

export function factsOfTicket(t: NewTicketFacts): TicketFacts {
  return {
    serviceId: t.serviceId,
    moduleId: t.moduleId,
    facilityId: t.facilityId,
    unitId: t.unitId,
    text: [t.summary, t.description, t.errorText ?? ''].join('\n'),
  };
}

/** Links (or suggests) a just-opened ticket to the open incident it matches best; returns what was decided. */
export async function attachNewTicketTx(tx: Queryable, meta: RequestMeta, t: NewTicketFacts) {
  const scopes = await openScopes(tx);
  if (!scopes.length) return null;
  const match = bestMatch(scopes, factsOfTicket(t));
  if (!match) return null;
  const incident = scopes.find((s) => s.id === match.incidentId)!.row;
  const status = match.decision === 'link' ? 'linked' : 'suggested';
  await store.upsertLink(tx, {
    incidentId: incident.id,
    ticketId: t.id,
    status,
    source: 'auto',
    reason: match.reason,
    linkedBy: null,
  });
  await recordAudit(tx, meta, {
    action: 'incident.link',
    targetType: 'incident',
    targetId: incident.id,
    summary: {
      number: formatIncidentNumber(incident.number),
      ticket: t.number,
      status,
      source: 'auto',
      reason: match.reason,
    },
  });
  await emitIncidentEvent(
    tx,
    meta,
    status === 'linked' ? 'incident.child_linked' : 'incident.child_suggested',
    incident,
    {
      ticketId: t.id,
      source: 'auto',
    },
  );
  return { incident, status, reason: match.reason };
}
