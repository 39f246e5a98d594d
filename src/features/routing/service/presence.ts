// Agent presence: set from the console (available, wrap-up, away, offline), from calls (on a contact), and timed out
// when a browser stops sending heartbeats. Every change runs routing, so a freed agent gets the next waiting contact.
import type { Actor, ActorMeta, RequestMeta } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/service.ts';
import type { Role } from '../../../platform/auth/roles.ts';
import type { AppContext } from '../../../platform/context.ts';
import type { Queryable } from '../../../platform/db/connect.ts';
import { Conflict } from '../../../platform/errors.ts';
import type { AgentState, AgentTier } from '../rules/route.ts';
import * as store from '../store.ts';
import { dispatch, emitContactChanged } from './dispatch.ts';
import { withRetry } from './retry.ts';

/** Presence older than this without a heartbeat is offline (the console beats every 20 s). */
export const PRESENCE_TIMEOUT_MS = 90_000;
/** A contact ringing at an agent this long without an answer goes back to the queue; the agent is set away. */
export const RING_NO_ANSWER_MS = 30_000;

export function tierOfRole(role: Role): AgentTier {
  if (role === 'analyst') return 'tier2';
  if (role === 'engineer') return 'tier3';
  return 'tier1';
}

export function presenceViewOf(p: store.PresenceRow) {
  return {
    userId: p.userId,
    state: p.state,
    since: p.since.toISOString(),
    heartbeatAt: p.heartbeatAt.toISOString(),
    tier: p.tier,
    extension: p.extension ?? null,
    currentContactId: p.currentContactId ?? null,
  };
}

export async function myPresence(ctx: AppContext, actor: Actor) {
  const p = await store.findPresence(ctx.database.db, actor.userId);
  if (p) return presenceViewOf(p);
  const now = new Date().toISOString();
  return {
    userId: actor.userId,
    state: 'offline' as const,
    since: now,
    heartbeatAt: now,
    tier: tierOfRole(actor.role),
    extension: null,
    currentContactId: null,
  };
}

/** Releases what an agent held before a manual change: a ringing contact returns to the queue, wrap-up ends. */
export async function releaseHeld(tx: Queryable, meta: RequestMeta, p: store.PresenceRow, now: Date) {
  if (!p.currentContactId) return;
  const c = await store.findContact(tx, p.currentContactId);
  if (!c) return;
  if (c.state === 'offered') {
    await store.updateContact(tx, c.id, { state: 'waiting', agentId: null });
    await recordAudit(tx, meta, {
      action: 'contact.requeue',
      targetType: 'contact',
      targetId: c.id,
      summary: { from: p.userId },
    });
    await emitContactChanged(tx, c.id, 'waiting');
  } else if (c.state === 'wrap_up') {
    await store.updateContact(tx, c.id, { state: 'done', wrapDoneAt: now });
    await emitContactChanged(tx, c.id, 'done');
  }
}

export async function setPresence(
  ctx: AppContext,
  meta: ActorMeta,
  input: { state: Exclude<AgentState, 'on_contact'>; extension?: string | null },
) {
  const actor = meta.actor;
  return withRetry(() =>
    ctx.database.db.transaction(async (tx) => {
      const now = new Date();
      const before = await store.lockPresence(tx, actor.userId);
      if (input.extension) {
        const other = await store.presenceOfExtension(tx, input.extension);
        if (other && other.userId !== actor.userId) {
          throw new Conflict(`Extension ${input.extension} is in use by another agent today.`, [
            { field: 'body.extension', message: 'is in use' },
          ]);
        }
      }
      if (before) await releaseHeld(tx, meta, before, now);
      const row = await store.upsertPresence(tx, {
        userId: actor.userId,
        state: input.state,
        since: now,
        heartbeatAt: now,
        currentContactId: null,
        tier: tierOfRole(actor.role),
        skills: await store.skillsOf(tx, actor.userId),
        ...(input.extension !== undefined ? { extension: input.extension } : {}),
      });
      await recordAudit(tx, meta, {
        action: 'presence.set',
        targetType: 'user',
        targetId: actor.userId,
        summary: { from: before?.state ?? 'offline', to: input.state, extension: row.extension },
      });
      await emitContactChanged(tx, actor.userId, input.state, 'presence');
      const offers = await dispatch(tx, meta, now);
      const after = offers.some((o) => o.agentId === actor.userId) ? await store.findPresence(tx, actor.userId) : row;
      return presenceViewOf(after ?? row);
    }),
  );
}

export async function heartbeat(ctx: AppContext, actor: Actor) {
  const p = await store.updatePresence(ctx.database.db, actor.userId, { heartbeatAt: new Date() });
  return p ? presenceViewOf(p) : myPresence(ctx, actor);
}

/** The periodic sweep: stale presences go offline (a ringing contact returns to the queue), ring-no-answer. */
export async function sweepPresence(tx: Queryable, meta: RequestMeta, now = new Date()) {
  let changed = 0;
  for (const p of await store.lockStalePresences(tx, new Date(now.getTime() - PRESENCE_TIMEOUT_MS))) {
    const c = p.currentContactId ? await store.findContact(tx, p.currentContactId) : undefined;
    if (c && c.state === 'connected') continue; // on a call: the phone system ends it
    await releaseHeld(tx, meta, p, now);
    await store.updatePresence(tx, p.userId, { state: 'offline', since: now, currentContactId: null });
    await recordAudit(tx, meta, {
      action: 'presence.timeout',
      targetType: 'user',
      targetId: p.userId,
      summary: { from: p.state, lastHeartbeat: p.heartbeatAt.toISOString() },
    });
    changed++;
  }
  for (const r of await store.lockUnansweredOffers(tx, new Date(now.getTime() - RING_NO_ANSWER_MS))) {
    await store.updateContact(tx, r.contactId, { state: 'waiting', agentId: null });
    await store.updatePresence(tx, r.userId, { state: 'away', since: now, currentContactId: null });
    await recordAudit(tx, meta, {
      action: 'contact.ring_no_answer',
      targetType: 'contact',
      targetId: r.contactId,
      summary: { agentId: r.userId },
    });
    await emitContactChanged(tx, r.contactId, 'waiting');
    changed++;
  }
  return changed;
}
