// Who is told of an incident and which notice an incident event gives (pure). The audience: the unit leaders and
// super-users of the affected units, where the affected units are the incident's units, or every unit of its
// facilities when it names none, or every unit when it names neither (an outage everywhere). Only people with an
// active account (preferences are per account), never a vendor or an integration, never the one who did it.
import { DateTime } from 'luxon';
import type { NotificationKind } from './vocabulary.ts';

/** The outbox events that may tell the incident's audience something. */
const INCIDENT_EVENTS = new Set([
  'incident.declared',
  'incident.updated',
  'incident.communicated',
  'incident.resolved',
  'incident.planned_notice',
]);

export function mayNotifyIncident(type: string): boolean {
  return INCIDENT_EVENTS.has(type);
}

export type IncidentEventFacts = { type: string; payload: Record<string, unknown> };

/**
 * The notice an incident event gives, or null:
 * - declared: an incident declared under way, or one that becomes declared (a planned downtime starting, an incident
 *   reopened or worse again); one scheduled ahead gives none (the planned notice does, before its start);
 * - update: a public update posted (the event names the update);
 * - resolved: resolved (a planned downtime cancelled too);
 * - planned notice: the planned-downtime notice job's event.
 */
export function incidentNoticeKind(e: IncidentEventFacts): NotificationKind | null {
  switch (e.type) {
    case 'incident.declared':
      return e.payload.state === 'declared' ? 'incident_declared' : null;
    case 'incident.updated':
      // A state move carries the state it left (`from`); other changes carry none.
      return typeof e.payload.from === 'string' && e.payload.from !== 'declared' && e.payload.state === 'declared'
        ? 'incident_declared'
        : null;
    case 'incident.communicated':
      return typeof e.payload.updateId === 'string' ? 'incident_update' : null;
    case 'incident.resolved':
      return 'incident_resolved';
    case 'incident.planned_notice':
      return 'planned_downtime_notice';
    default:
      return null;
  }
}

export type IncidentScope = { unitIds: string[]; facilityIds: string[] };
export type UnitPlace = { id: string; facilityId: string };

/** The units an incident affects: its units; else every unit of its facilities; else (neither named) every unit. */
export function affectedUnitIds(scope: IncidentScope, units: UnitPlace[]): string[] {
  if (scope.unitIds.length) return [...new Set(scope.unitIds)].sort();
  const facilities = new Set(scope.facilityIds);
  return [...new Set(units.filter((u) => !facilities.size || facilities.has(u.facilityId)).map((u) => u.id))].sort();
}

/** A person of the directory who may be told: their account, their unit, the super-user flag, the units they lead. */
export type AudienceCandidate = {
  userId: string | null;
  role: string | null;
  disabled: boolean;
  active: boolean;
  unitId: string | null;
  superUser: boolean;
  leads: string[];
};

const NEVER_TOLD = new Set(['vendor', 'integration']);

/** The accounts told of an incident affecting these units (each once, sorted), the actor left out. */
export function incidentAudience(
  affected: string[],
  candidates: AudienceCandidate[],
  actorId: string | null,
): string[] {
  const units = new Set(affected);
  const out = new Set<string>();
  for (const c of candidates) {
    if (!c.userId || !c.role || c.disabled || !c.active || NEVER_TOLD.has(c.role) || c.userId === actorId) continue;
    const superUserHere = c.superUser && c.unitId !== null && units.has(c.unitId);
    if (superUserHere || c.leads.some((u) => units.has(u))) out.add(c.userId);
  }
  return [...out].sort();
}

/** A time in a notice, in the facility's time zone: "Thu 3 Dec 2026, 22:00 EST". */
export function noticeTime(at: Date | null, timeZone: string | null): string | null {
  if (!at) return null;
  const t = DateTime.fromJSDate(at, { zone: timeZone ?? 'UTC' });
  return (t.isValid ? t : DateTime.fromJSDate(at, { zone: 'UTC' })).toFormat('ccc d LLL yyyy, HH:mm ZZZZ');
}

/** How the state reads in a notice. */
export const STATE_WORDS: Record<string, string> = {
  scheduled: 'scheduled',
  declared: 'under way',
  monitoring: 'fixed and being watched',
  resolved: 'resolved',
  closed: 'closed',
};
