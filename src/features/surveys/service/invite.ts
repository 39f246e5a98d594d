// After resolution: a consumer of the outbox's "ticket.resolved" events creates the survey invitation the first
// matching policy asks for. Its read position is a row, locked with SKIP LOCKED and moved in the same transaction
// as the invitations it wrote: with several instances one reads at a time, and no event is lost or handled twice.
import { SYSTEM_META } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/service.ts';
import type { AppContext } from '../../../platform/context.ts';
import type { Queryable } from '../../../platform/db/connect.ts';
import { appendEvent, committedEventsAfter, isAfter, type OutboxPosition } from '../../../platform/events/outbox.ts';
import { newId } from '../../../platform/ids.ts';
import { userIdOfPerson } from '../../directory/service.ts';
import { decideInvitation, type InvitationDecision, type SurveyPolicy } from '../rules.ts';
import * as store from '../store.ts';

const BATCH = 500;

/** Reads the next batch of committed events; returns how many it read (0 when caught up or another reader holds it). */
export async function consumeResolvedTickets(ctx: AppContext, now = new Date()): Promise<number> {
  return ctx.database.db.transaction(async (tx) => {
    const cursor = await store.lockCursor(tx);
    if (!cursor) return 0;
    const events = await committedEventsAfter(tx, { txid: cursor.txid, id: String(cursor.eventId) }, BATCH);
    if (!events.length) return 0;
    let policies: SurveyPolicy[] | undefined;
    for (const e of events) {
      if (e.type !== 'ticket.resolved') continue;
      policies ??= (await store.listPolicies(tx)) as SurveyPolicy[];
      await inviteAfterResolution(tx, e.subjectId, policies, now);
    }
    const last = events[events.length - 1]!;
    await store.saveCursor(tx, { txid: last.txid, eventId: last.id });
    return events.length;
  });
}

/** Decides for one resolved ticket and writes the invitation; returns the decision (for tests and the audit). */
export async function inviteAfterResolution(
  tx: Queryable,
  ticketId: string,
  policies: SurveyPolicy[],
  now: Date,
): Promise<InvitationDecision | null> {
  const facts = await store.ticketSurveyFacts(tx, ticketId);
  // Reopened since the event, or already asked (a replayed event): nothing to do.
  if (!facts || facts.alreadyInvited || (facts.status !== 'resolved' && facts.status !== 'closed')) return null;
  const decision = decideInvitation(policies, facts, now);
  if (!decision.invite) return decision;
  const id = newId();
  const created = await store.insertInvitation(tx, {
    id,
    kind: 'ticket',
    ticketId,
    personId: facts.requesterId,
    policyId: decision.policy.id,
    channel: 'portal',
    availableAt: decision.availableAt,
    expiresAt: decision.expiresAt,
    facilityId: facts.facilityId,
    unitId: facts.unitId,
    clinicalRole: facts.clinicalRole,
    providerIds: facts.providerIds,
  });
  if (!created) return null;
  await recordAudit(tx, SYSTEM_META, {
    action: 'survey.invite',
    targetType: 'survey_invitation',
    targetId: id,
    summary: { ticketId, policy: decision.policy.name, availableAt: decision.availableAt.toISOString() },
  });
  const userId = await userIdOfPerson(tx, facts.requesterId);
  if (userId) {
    await appendEvent(tx, {
      type: 'survey.invited',
      subjectType: 'survey_invitation',
      subjectId: id,
      payload: { availableAt: decision.availableAt.toISOString() },
      audience: { userIds: [userId] },
    });
  }
  return decision;
}

/**
 * Whether the invitations consumer has read past this outbox position: the resolution notice waits for it, so the
 * mail carries the survey link whenever the ticket gets a survey.
 */
export async function invitationsReadPast(db: Queryable, position: OutboxPosition): Promise<boolean> {
  const c = await store.readCursor(db);
  return !c || !isAfter(position, { txid: c.txid, id: String(c.eventId) });
}
