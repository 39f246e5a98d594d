// The fan-out when an incident resolves: its open children are resolved (code known_outage, the incident's public
// note as resolution, SLA clocks stopped) or only sent the note, as the declarer chose. It runs after the incident's
// own change commits, in batches of BATCH children, one short transaction each, so 2,000 children never hold the
// database (PGlite has one connection) for more than one batch at a time. Each child gets its ticket activity, audit
// entry and event through the tickets' service; each batch is audited on the incident; a child records when it was
// handled, so a fan-out interrupted by a restart carries on where it stopped (the job picks up unfinished ones).
import { type ActorMeta, SYSTEM_META } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/service.ts';
import type { AppContext } from '../../../platform/context.ts';
import { newId } from '../../../platform/ids.ts';
import { lockChildren, publicReplyTx, resolveAsKnownOutageTx } from '../../tickets/service/outage.ts';
import { formatIncidentNumber } from '../rules/vocabulary.ts';
import * as store from '../store.ts';
import { emitIncidentEvent } from './events.ts';

export const FAN_OUT_BATCH = 100;

export type FanOutResult = { incident: string; handled: number; skipped: number; batches: number; ms: number };

/** Works through one incident's pending fan-out to the end; returns what it did (null: nothing pending). */
export async function runFanOut(
  ctx: AppContext,
  incidentId: string,
  opts: { batch?: number; meta?: ActorMeta } = {},
): Promise<FanOutResult | null> {
  const started = performance.now();
  const db = ctx.database.db;
  const first = await store.findIncident(db, incidentId);
  if (!first?.fanOut || first.fanOutDoneAt) return null;
  const meta = opts.meta ?? (await resolverMeta(ctx, first));
  const inc = formatIncidentNumber(first.number);
  const note = first.resolutionNote ?? '';
  const size = opts.batch ?? FAN_OUT_BATCH;
  let handled = 0;
  let skipped = 0;
  let batches = 0;
  for (;;) {
    const done = await db.transaction(async (tx) => {
      const incident = await store.findIncidentByNumber(tx, first.number, true);
      if (!incident?.fanOut || incident.fanOutDoneAt) return true;
      const ids = await store.pendingFanOut(tx, incident.id, size);
      if (!ids.length) {
        const total = incident.fanOutHandled;
        await store.finishFanOut(tx, incident.id);
        await store.insertTimeline(tx, {
          id: newId(),
          incidentId: incident.id,
          kind: 'children',
          body:
            incident.fanOut === 'resolve'
              ? `${total} linked ticket${total === 1 ? '' : 's'} resolved with the incident.`
              : `${total} linked ticket${total === 1 ? '' : 's'} sent the resolution message.`,
          data: { action: incident.fanOut, handled: total },
          authorId: meta.actor.userId === SYSTEM_META.actor.userId ? null : meta.actor.userId,
          at: new Date(),
        });
        await emitIncidentEvent(tx, meta, 'incident.children_done', incident, {
          action: incident.fanOut,
          handled: total,
        });
        return true;
      }
      const now = new Date();
      const children = await lockChildren(tx, ids);
      let n = 0;
      for (const t of children) {
        let ok = false;
        if (incident.fanOut === 'resolve') ok = await resolveAsKnownOutageTx(tx, meta, t, { number: inc }, note, now);
        else if (t.status !== 'resolved' && t.status !== 'closed') {
          await publicReplyTx(tx, meta, t, { number: inc }, note);
          ok = true;
        }
        if (ok) n++;
        else skipped++;
      }
      await store.markFannedOut(tx, incident.id, ids, now, n);
      await recordAudit(tx, meta, {
        action: 'incident.fan_out',
        targetType: 'incident',
        targetId: incident.id,
        summary: { number: inc, action: incident.fanOut, tickets: children.map((c) => c.number), handled: n },
      });
      handled += n;
      batches++;
      return false;
    });
    if (done) break;
    // Let other requests in between batches.
    await new Promise((r) => setImmediate(r));
  }
  return { incident: inc, handled, skipped, batches, ms: Math.round(performance.now() - started) };
}

/** Who the fan-out acts as: the person who resolved the incident (from its timeline), else the system. */
async function resolverMeta(ctx: AppContext, incident: store.IncidentRow): Promise<ActorMeta> {
  const who = await store.resolverOf(ctx.database.db, incident.id);
  if (!who) return SYSTEM_META;
  return {
    ...SYSTEM_META,
    actor: { userId: who.id, username: who.username, displayName: who.displayName, role: who.role, via: 'system' },
  };
}

const running = new Set<string>();

/** Every unfinished fan-out, one at a time per incident in this process (the job, and right after resolving). */
export async function runPendingFanOuts(ctx: AppContext): Promise<FanOutResult[]> {
  const out: FanOutResult[] = [];
  for (const id of await store.pendingFanOutIncidents(ctx.database.db)) {
    if (running.has(id)) continue;
    running.add(id);
    try {
      const r = await runFanOut(ctx, id);
      if (r) out.push(r);
    } finally {
      running.delete(id);
    }
  }
  return out;
}
