// Domain events, written to the outbox in the same transaction as the change they describe.
// NOTIFY inside the transaction is delivered only at commit, so listeners never see uncommitted events.
import { sql } from 'drizzle-orm';
import type { Role } from '../auth/roles.ts';
import type { Queryable } from '../db/connect.ts';
import { outbox } from '../db/schema.ts';

export const EVENTS_CHANNEL = 'clinidesk_events';

/** Who may receive an event live. Nobody unless named: by role, by user id, or vendor staff of a provider. */
export type Audience = { roles?: Role[]; userIds?: string[]; vendorProviderIds?: string[] };

export type NewEvent = {
  type: string; // e.g. "user.created"
  subjectType: string;
  subjectId: string;
  actorId?: string | null;
  payload?: Record<string, unknown>;
  audience: Audience;
};

export type StoredEvent = NewEvent & { id: number; at: string; payload: Record<string, unknown> };

export async function appendEvent(tx: Queryable, event: NewEvent): Promise<void> {
  // One round trip: the insert and the NOTIFY (delivered at commit) in a single statement.
  await tx.execute(sql`WITH e AS (
      INSERT INTO ${outbox} (type, subject_type, subject_id, actor_id, payload, audience)
      VALUES (${event.type}, ${event.subjectType}, ${event.subjectId}, ${event.actorId ?? null},
              ${JSON.stringify(event.payload ?? {})}::jsonb, ${JSON.stringify(event.audience)}::jsonb)
      RETURNING id)
    SELECT pg_notify(${EVENTS_CHANNEL}, '') FROM e`);
}

export type Receiver = { userId: string; role: Role; providerOrgId?: string | null };

export function canReceive(audience: Audience, user: Receiver): boolean {
  if ((audience.roles ?? []).includes(user.role) || (audience.userIds ?? []).includes(user.userId)) return true;
  return (
    user.role === 'vendor' && !!user.providerOrgId && (audience.vendorProviderIds ?? []).includes(user.providerOrgId)
  );
}
