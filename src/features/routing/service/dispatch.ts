// Running the routing decision against the database. Inside the caller's transaction: waiting contacts and available
// agents are locked with FOR UPDATE SKIP LOCKED, so two app instances dispatching at once work on disjoint rows and
// a contact is never offered to two agents, nor an agent given two contacts (the partial unique index on
// agent_presence.current_contact_id and the conditional updates are the last line of defence).
import type { RequestMeta } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/service.ts';
import type { Queryable } from '../../../platform/db/connect.ts';
import { appendEvent } from '../../../platform/events/outbox.ts';
import { formatTicketNumber } from '../../tickets/rules/vocabulary.ts';
import { route } from '../rules/route.ts';
import type { CallerCard } from '../schemas.ts';
import * as store from '../store.ts';
import { loadRoutingConfig } from './settings.ts';

export type Offer = { contactId: string; agentId: string; match: string };

export async function dispatch(tx: Queryable, meta: RequestMeta, now = new Date()): Promise<Offer[]> {
  const config = await loadRoutingConfig(tx);
  // Agents first: during a call storm nobody is free, and each call event then skips locking the whole queue.
  const free = await store.lockAvailableAgents(tx);
  if (!free.length) return [];
  const waiting = await store.lockWaitingContacts(tx, config);
  if (!waiting.length) return [];
  const decisions = route(
    waiting.map((c) => ({
      id: c.id,
      line: c.line,
      patientCareAffected: c.patientCareAffected,
      skills: c.skills,
      queuedAt: c.queuedAt.getTime(),
    })),
    free.map((a) => ({
      id: a.userId,
      state: 'available' as const,
      tier: a.tier as 'tier1' | 'tier2' | 'tier3',
      skills: a.skills,
      idleSince: a.since.getTime(),
    })),
    now.getTime(),
    config,
  );
  const offers: Offer[] = [];
  for (const d of decisions) {
    if (!(await store.offerContact(tx, d.contactId, d.agentId, now))) continue;
    offers.push({ contactId: d.contactId, agentId: d.agentId, match: d.match });
    await recordAudit(tx, meta, {
      action: 'contact.offer',
      targetType: 'contact',
      targetId: d.contactId,
      summary: { agentId: d.agentId, match: d.match, waitedMs: d.waitedMs },
    });
    await emitContactOffered(tx, d.contactId, d.agentId);
  }
  return offers;
}

/** The screen pop: the caller's card to the chosen agent only. Names, flags and ticket numbers; no free text. */
export async function emitContactOffered(tx: Queryable, contactId: string, agentId: string, type = 'contact.offered') {
  const c = await store.findContact(tx, contactId);
  if (!c) return;
  const caller = await callerCardOf(tx, c.personId, c.callerNumber);
  await appendEvent(tx, {
    type,
    subjectType: 'contact',
    subjectId: contactId,
    actorId: null,
    payload: {
      contactId,
      line: c.line,
      state: c.state,
      callerNumber: c.callerNumber,
      patientCareAffected: c.patientCareAffected,
      caller,
    },
    audience: { userIds: [agentId] },
  });
}

/** Wallboards refresh on this (states only). */
export async function emitContactChanged(tx: Queryable, subjectId: string, state: string, subjectType = 'contact') {
  await appendEvent(tx, {
    type: 'contact.changed',
    subjectType,
    subjectId,
    payload: { state },
    audience: { roles: ['agent', 'analyst', 'engineer', 'manager', 'admin'] },
  });
}

export async function callerCardOf(
  db: Queryable,
  personId: string | null,
  callerNumber: string | null,
): Promise<CallerCard> {
  if (personId) {
    const p = await store.personCard(db, personId);
    if (p) {
      const open = await store.openTicketsOf(db, p.id);
      return {
        known: true,
        personId: p.id,
        displayName: p.displayName,
        provider: p.provider,
        sensitive: p.sensitive,
        clinicalRole: p.clinicalRole,
        facility: p.facility,
        unit: p.unit,
        facilityId: p.facilityId,
        unitId: p.unitId,
        openTickets: open.map((t) => ({
          number: formatTicketNumber(t.number),
          status: t.status,
          priority: t.priority,
        })),
      };
    }
  }
  // Unknown, or a shared number (a nurses' station): what all matches have in common, no person.
  const shared = callerNumber ? await store.peopleWithPhone(db, callerNumber) : [];
  const sameUnit = shared.length > 0 && shared.every((s) => s.unitId === shared[0]!.unitId);
  return {
    known: false,
    personId: null,
    displayName: null,
    provider: false,
    sensitive: false,
    clinicalRole: null,
    facility: sameUnit ? shared[0]!.facility : null,
    unit: sameUnit ? shared[0]!.unit : null,
    facilityId: sameUnit ? shared[0]!.facilityId : null,
    unitId: sameUnit ? shared[0]!.unitId : null,
    openTickets: [],
  };
}
