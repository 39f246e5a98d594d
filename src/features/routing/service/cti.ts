// The phone system (CTI) posts call events. One transaction per event: keep it once (idempotency key), lock the
// call's contact, apply the event (out-of-order safe, rules/contact-events.ts), move presences, run routing, and
// answer with the caller's card and who should take the call.
import type { ActorMeta, RequestMeta } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/service.ts';
import type { AppContext } from '../../../platform/context.ts';
import type { Queryable } from '../../../platform/db/connect.ts';
import { NotFound } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { normalisePhone } from '../../directory/rules.ts';
import { goLiveLineAt } from '../../golive/service.ts';
import { applyCtiEvent, type ContactFacts, type CtiEventFacts } from '../rules/contact-events.ts';
import { goLiveCall } from '../rules/golive-line.ts';
import type { Line } from '../rules/route.ts';
import type { CtiEventInput, CtiEventResult } from '../schemas.ts';
import * as store from '../store.ts';
import { callerCardOf, dispatch, emitContactChanged, emitContactOffered } from './dispatch.ts';
import { tierOfRole } from './presence.ts';
import { withRetry } from './retry.ts';

const factsOf = (c: store.ContactRow): ContactFacts => ({
  state: c.state,
  offeredAt: c.offeredAt,
  queuedAt: c.queuedAt,
  answeredAt: c.answeredAt,
  endedAt: c.endedAt,
  agentId: c.agentId,
  outcome: c.outcome,
  transfers: c.transfers,
  lastEventSeq: c.lastEventSeq,
  lastEventAt: c.lastEventAt,
});

/** The agent an event names: a username, else the extension set in an agent's presence. Unknown: null. */
async function agentNamed(tx: Queryable, name: string | undefined) {
  if (!name) return null;
  const byName = await store.findUserByName(tx, name);
  if (
    byName &&
    !byName.disabledAt &&
    byName.role !== 'requester' &&
    byName.role !== 'vendor' &&
    byName.role !== 'integration'
  ) {
    return byName;
  }
  const byExt = await store.presenceOfExtension(tx, name);
  return byExt ? ((await store.findUser(tx, byExt.userId)) ?? null) : null;
}

export async function postCtiEvent(ctx: AppContext, meta: ActorMeta, input: CtiEventInput): Promise<CtiEventResult> {
  const integrationId = meta.actor.userId;
  const occurredAt = new Date(input.occurredAt);
  const key = input.eventId ?? `${input.callId}:${input.type}:${input.sequence ?? occurredAt.toISOString()}`;
  return withRetry(() =>
    ctx.database.db.transaction(async (tx) => {
      const eventRow = await store.insertCtiEvent(tx, {
        integrationId,
        idempotencyKey: key,
        externalCallId: input.callId,
        type: input.type,
        sequence: input.sequence ?? null,
        occurredAt,
        payload: input,
      });
      if (eventRow === null) {
        // Seen before: nothing changes; answer as now.
        const existing = await store.findContactOfCall(tx, integrationId, input.callId);
        if (!existing) throw new NotFound('That event was received, but its call is gone.');
        return resultOf(tx, existing, true);
      }

      const agent = await agentNamed(tx, input.agent);
      const e: CtiEventFacts = {
        type: input.type,
        occurredAt,
        sequence: input.sequence ?? null,
        agentId: agent?.id ?? null,
        external: input.external ?? (input.type === 'transferred' && !agent),
      };

      let before = await store.lockContactOfCall(tx, integrationId, input.callId);
      if (!before) {
        const number = input.callerNumber
          ? (normalisePhone(input.callerNumber) ?? input.callerNumber.replace(/\D/g, ''))
          : null;
        const matches = number ? await store.peopleWithPhone(tx, number) : [];
        const person = matches.length === 1 ? matches[0]! : null;
        // A go-live's line while it runs: by the caller's role and the application chosen (rules/golive-line.ts).
        const goLive = input.dialledLine ? await goLiveLineAt(tx, input.dialledLine, occurredAt) : null;
        const routed = goLive
          ? goLiveCall(person && { provider: person.provider, clinicalRole: person.clinicalRole }, input)
          : null;
        const line: Line = routed?.line ?? (person?.provider ? 'provider' : (input.line ?? 'general'));
        // Another instance may insert the same call at the same moment: the unique key keeps one; lock whichever won.
        await store.insertContact(tx, {
          id: newId(),
          channel: 'phone',
          line,
          dialledLine: input.dialledLine ?? null,
          callerNumber: number || null,
          personId: person?.id ?? null,
          patientCareAffected: input.patientCareAffected ?? false,
          skills: routed?.skills ?? input.skills ?? [],
          state: 'waiting',
          offeredAt: occurredAt,
          queuedAt: occurredAt,
          agentId: null,
          integrationId,
          externalCallId: input.callId,
        });
        // A contact first heard of by a later event ("answered" before "offered") still moves forward below.
        before = (await store.lockContactOfCall(tx, integrationId, input.callId))!;
      } else if (input.type === 'offered') {
        // A late or repeated "offered" may carry what the first event did not.
        const fill: Partial<store.ContactRow> = {};
        if (input.patientCareAffected && !before.patientCareAffected) fill.patientCareAffected = true;
        if (input.skills?.length && before.skills.length === 0) fill.skills = input.skills;
        if (Object.keys(fill).length) before = await store.updateContact(tx, before.id, fill);
      }

      const now = new Date();
      const next = applyCtiEvent(factsOf(before), e);
      const contact = await store.updateContact(tx, before.id, next);
      await store.setCtiEventContact(tx, eventRow, contact.id);
      await movePresences(tx, meta, before, contact, now);
      await recordAudit(tx, meta, {
        action: 'cti.event',
        targetType: 'contact',
        targetId: contact.id,
        summary: {
          type: input.type,
          callId: input.callId,
          sequence: input.sequence ?? null,
          from: before.state,
          to: contact.state,
          agentId: contact.agentId,
          unknownAgent: input.agent && !agent ? input.agent : undefined,
        },
      });
      if (before.state !== contact.state) await emitContactChanged(tx, contact.id, contact.state);
      const offers = await dispatch(tx, meta, now);
      const latest = (await store.findContact(tx, contact.id))!;
      return resultOf(tx, latest, false, offers.find((o) => o.contactId === contact.id)?.match ?? null);
    }),
  );
}

/** Keeps agent_presence in step with the call: who holds it, on a contact or wrapping up. */
async function movePresences(
  tx: Queryable,
  meta: RequestMeta,
  before: store.ContactRow,
  after: store.ContactRow,
  now: Date,
) {
  const holder = await store.lockPresenceHolding(tx, after.id);
  const active = after.state === 'offered' || after.state === 'connected';
  // Whoever holds the contact but is no longer its agent (answered by someone else, transferred) lets go.
  if (holder && (holder.userId !== after.agentId || !['offered', 'connected', 'wrap_up'].includes(after.state))) {
    const talked = before.state === 'connected' && holder.userId === before.agentId;
    await store.updatePresence(tx, holder.userId, {
      state: talked ? 'wrap_up' : 'available',
      since: now,
      currentContactId: null,
    });
  }
  if (!after.agentId) return;
  if (active && after.state === 'connected') {
    let p = await store.lockPresence(tx, after.agentId);
    if (p?.currentContactId && p.currentContactId !== after.id) {
      // Answered this call while another was ringing for them: that one goes back to the queue.
      const other = await store.findContact(tx, p.currentContactId);
      if (other?.state === 'offered') {
        await store.updateContact(tx, other.id, { state: 'waiting', agentId: null });
        await recordAudit(tx, meta, {
          action: 'contact.requeue',
          targetType: 'contact',
          targetId: other.id,
          summary: { from: p.userId },
        });
      }
    }
    const user = await store.findUser(tx, after.agentId);
    if (!user) return;
    p = await store.upsertPresence(tx, {
      userId: user.id,
      state: 'on_contact',
      since: p?.state === 'on_contact' && p.currentContactId === after.id ? p.since : now,
      heartbeatAt: p?.heartbeatAt ?? now,
      currentContactId: after.id,
      tier: p?.tier ?? tierOfRole(user.role),
      skills: p?.skills ?? (await store.skillsOf(tx, user.id)),
    });
    // Answered by someone it was not offered to (picked up from the queue): they get the screen pop now.
    if (before.agentId !== after.agentId || before.state !== 'connected') {
      await emitContactOffered(tx, after.id, user.id, 'contact.answered');
    }
  } else if (after.state === 'wrap_up') {
    const p = await store.lockPresence(tx, after.agentId);
    if (p && (p.currentContactId === after.id || p.currentContactId === null) && p.state === 'on_contact') {
      await store.updatePresence(tx, p.userId, { state: 'wrap_up', since: now, currentContactId: after.id });
    }
  }
}

async function resultOf(
  tx: Queryable,
  c: store.ContactRow,
  duplicate: boolean,
  match: string | null = null,
): Promise<CtiEventResult> {
  const caller = await callerCardOf(tx, c.personId, c.callerNumber);
  const holds = c.agentId && (c.state === 'offered' || c.state === 'connected');
  const agentUser = holds ? await store.findUser(tx, c.agentId!) : undefined;
  const presence = agentUser ? await store.findPresence(tx, agentUser.id) : undefined;
  return {
    duplicate,
    contactId: c.id,
    callId: c.externalCallId ?? '',
    state: c.state,
    line: c.line,
    caller,
    route: {
      agent: agentUser
        ? {
            userId: agentUser.id,
            username: agentUser.username,
            displayName: agentUser.displayName,
            extension: presence?.extension ?? null,
          }
        : null,
      queue: c.line,
      match,
    },
  };
}

export async function callStatus(ctx: AppContext, integrationId: string, callId: string) {
  const db = ctx.database.db;
  const c = await store.findContactOfCall(db, integrationId, callId);
  if (!c) throw new NotFound(`No call ${callId} from this integration.`);
  return resultOf(db, c, false);
}
