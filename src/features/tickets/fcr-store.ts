// First-contact resolution as SQL, for queries that judge many tickets at once (knowledge usage, the demo's
// surveys). The definition is rules/fcr.ts; this is the same rule over ticket `t` (a test compares the two on the
// demo history), the one SQL copy of it.
import { sql } from 'drizzle-orm';
import type { Tier } from '../../domain/vocabulary.ts';
import { type Queryable, rowsOf } from '../../platform/db/connect.ts';
import { literals } from '../../platform/db/literals.ts';
import { CONTACT_WINDOW_MS, REOPEN_HORIZON_MS } from './rules/fcr.ts';
import { type ActivityKind, CLOSED_STATUSES, FIRST_CONTACT_CHANNELS, type HandoffKind } from './rules/vocabulary.ts';

const LIVE = sql.join(
  FIRST_CONTACT_CHANNELS.map((c) => sql`${c}`),
  sql`, `,
);
const activity = (kind: ActivityKind) => literals([kind]);
const MOVED_ON = literals<HandoffKind>(['escalate', 'transfer']);
const TIER1 = literals<Tier>(['tier1']);

/**
 * Resolved on the first contact, as SQL over ticket `t` and its first resolution time `fr.at` — the same rule as
 * rules/fcr.ts (a test compares the two on the demo history): a live channel, first resolved within the contact
 * window (a first-contact channel: FIRST_CONTACT_CHANNELS), not resolved by another agent, never escalated, moved to another tier or transferred to another agent, no
 * callback, not reopened within 7 days of the first resolution.
 */
export const FIRST_CONTACT_SQL = sql`(t.channel IN (${LIVE}) AND fr.at IS NOT NULL
  AND fr.at - t.created_at <= ${`${CONTACT_WINDOW_MS / 1000} seconds`}::interval
  AND NOT (t.resolved_by_id IS NOT NULL AND t.opened_by_user_id IS NOT NULL AND t.resolved_by_id <> t.opened_by_user_id)
  AND NOT EXISTS (SELECT 1 FROM ticket_handoffs h WHERE h.ticket_id = t.id
    AND (h.kind IN (${MOVED_ON}) OR h.to_tier <> ${TIER1}
         OR (h.to_user_id IS NOT NULL AND h.to_user_id IS DISTINCT FROM t.opened_by_user_id)))
  AND NOT EXISTS (SELECT 1 FROM ticket_activity c WHERE c.ticket_id = t.id AND c.kind = ${activity('callback_requested')})
  AND NOT EXISTS (SELECT 1 FROM ticket_activity ro WHERE ro.ticket_id = t.id AND ro.kind = ${activity('reopened')}
    AND ro.at - fr.at <= ${`${REOPEN_HORIZON_MS / 1000} seconds`}::interval))`;

/** The first resolution of ticket `t` (a reopen does not move it), as a lateral join named `fr`. */
export const FIRST_RESOLVED = sql`CROSS JOIN LATERAL (SELECT coalesce(min(ra.at), t.resolved_at) AS at FROM ticket_activity ra
  WHERE ra.ticket_id = t.id AND ra.kind = ${activity('resolved')}) fr`;

/** How many of these tickets are resolved (or closed) and were resolved on the first contact. */
export async function countResolvedOnFirstContact(db: Queryable, ticketIds: string[]): Promise<number> {
  if (!ticketIds.length) return 0;
  const res = await db.execute(sql`SELECT count(*)::int AS n FROM tickets t ${FIRST_RESOLVED}
    WHERE t.id = ANY(${`{${ticketIds.join(',')}}`}::uuid[]) AND t.status IN (${literals(CLOSED_STATUSES)}) AND ${FIRST_CONTACT_SQL}`);
  return rowsOf<{ n: number }>(res)[0]!.n;
}
