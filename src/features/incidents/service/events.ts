// The incident's outbox events: desk staff follow incidents live; requesters, vendors and integrations never
// receive them (the portal learns about an outage through its own reads, without internal detail).
import type { RequestMeta } from '../../../platform/actor.ts';
import { type Role, STAFF_ROLES } from '../../../platform/auth/roles.ts';
import type { Queryable } from '../../../platform/db/connect.ts';
import { appendEvent } from '../../../platform/events/outbox.ts';
import { formatIncidentNumber } from '../rules/vocabulary.ts';
import type { IncidentRow } from '../store.ts';

export const DESK_ROLES: Role[] = STAFF_ROLES;

export type IncidentEventType =
  | 'incident.declared'
  | 'incident.updated'
  | 'incident.resolved'
  | 'incident.closed'
  | 'incident.timeline'
  | 'incident.child_linked'
  | 'incident.child_suggested'
  | 'incident.child_unlinked'
  | 'incident.children_done';

export async function emitIncidentEvent(
  tx: Queryable,
  meta: RequestMeta,
  type: IncidentEventType,
  row: IncidentRow,
  payload: Record<string, unknown> = {},
): Promise<void> {
  await appendEvent(tx, {
    type,
    subjectType: 'incident',
    subjectId: row.id,
    actorId: meta.actor?.userId ?? null,
    payload: {
      number: formatIncidentNumber(row.number),
      kind: row.kind,
      state: row.state,
      severity: row.severity,
      version: row.version,
      ...payload,
    },
    audience: { roles: DESK_ROLES },
  });
}
