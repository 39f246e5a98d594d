// Queues, views and search, as the viewer may see them.
import type { Actor } from '../../../platform/actor.ts';
import type { AppContext } from '../../../platform/context.ts';
import { Forbidden } from '../../../platform/errors.ts';
import { maskPhi } from '../../privacy/rules.ts';
import { slaBriefOf } from '../../sla/view.ts';
import { countViews, type ListedRow, listTickets } from '../queue-store.ts';
import { seesPhi } from '../rules/policy.ts';
import { VIEW_NAMES, viewsFor } from '../rules/queues.ts';
import type { Viewer } from '../rules/visibility.ts';
import { formatTicketNumber } from '../rules/vocabulary.ts';
import type { ListQuery, TicketSummary } from '../schemas.ts';
import { loadViewer } from './viewer.ts';

export async function listTicketsFor(ctx: AppContext, actor: Actor, q: ListQuery) {
  const db = ctx.database.db;
  const viewer = await loadViewer(db, actor);
  if (q.view && !viewsFor(actor.role).includes(q.view))
    throw new Forbidden(`The view "${q.view}" is not for your role.`);
  const { limit, offset, ...filter } = q;
  const { rows, total, capped } = await listTickets(db, filter, viewer, { limit, offset });
  const show = seesPhi(viewer) ? (s: string) => s : maskPhi;
  const now = Date.now();
  const items: TicketSummary[] = rows.map((r) => ({
    ...ticketSummaryOf(r, show, now, viewer),
    ...(filter.q ? { rank: Number(r.rank) } : {}),
  }));
  return { items, total, totalCapped: capped };
}

export async function viewCountsFor(ctx: AppContext, actor: Actor) {
  const viewer = await loadViewer(ctx.database.db, actor);
  const views = viewsFor(actor.role);
  const counts = await countViews(ctx.database.db, views, viewer);
  return views.map((id) => ({ id, name: VIEW_NAMES[id], count: Number(counts[id] ?? 0) }));
}

/** One row of a queue as the viewer may see it (`show`: the text as is, or masked); shared by the vendor's queue. */
export function ticketSummaryOf(r: ListedRow, show: (text: string) => string, now: number, viewer: Viewer) {
  return {
    id: r.t.id,
    number: formatTicketNumber(r.t.number),
    type: r.t.type,
    channel: r.t.channel,
    status: r.t.status,
    priority: r.t.priority,
    summary: show(r.t.summary),
    requester: { id: r.t.requesterId, name: r.requesterName },
    requesterIsProvider: r.requesterIsProvider,
    facility: r.facility,
    unit: r.unit,
    service: r.service,
    module: r.module,
    patientCareAffected: r.t.patientCareAffected,
    tier: r.t.tier,
    group: r.group,
    assignee: r.t.assigneeId && r.assigneeName ? { id: r.t.assigneeId, name: r.assigneeName } : null,
    createdAt: r.t.createdAt.toISOString(),
    updatedAt: r.t.updatedAt.toISOString(),
    ageMinutes: Math.max(0, Math.floor((now - r.t.createdAt.getTime()) / 60_000)),
    sla: slaBriefOf(r.sla, now),
    version: r.t.version,
    vendorState: viewer.role === 'requester' ? null : r.t.vendorState,
  };
}
