// Rebuilding a ticket's SLA timeline from its recorded history (activity and tier hand-offs), for tickets that
// reached the database without going through the services: imports, the demo history, tickets from before SLAs.
import type { TimelineEntry } from './clock.ts';

export type HistoryEvent =
  | { at: number; kind: 'opened' | 'resolved' | 'reopened' | 'closed' }
  | { at: number; kind: 'status'; to: string }
  | { at: number; kind: 'handoff'; tier: string; providerId: string | null };

export type HistoryTicket = { createdAt: number; status: string; tier: string; providerId: string | null };

export function timelineFromHistory(ticket: HistoryTicket, events: readonly HistoryEvent[]): TimelineEntry[] {
  const ordered = [...events].sort((a, b) => a.at - b.at);
  let state = { status: 'new', tier: 'tier1', providerId: null as string | null };
  const timeline: TimelineEntry[] = [{ at: ticket.createdAt, ...state }];
  const push = (at: number) => {
    const last = timeline.at(-1)!;
    if (last.status === state.status && last.tier === state.tier && last.providerId === state.providerId) return;
    if (at <= last.at) timeline[timeline.length - 1] = { ...last, ...state, at: last.at };
    else timeline.push({ at, ...state });
  };
  for (const e of ordered) {
    if (e.kind === 'status') state = { ...state, status: e.to };
    else if (e.kind === 'resolved') state = { ...state, status: 'resolved' };
    else if (e.kind === 'reopened') state = { ...state, status: 'in_progress' };
    else if (e.kind === 'closed') state = { ...state, status: 'closed' };
    else if (e.kind === 'handoff') state = { ...state, tier: e.tier, providerId: e.providerId };
    else continue;
    push(Math.max(e.at, ticket.createdAt));
  }
  // Whatever the history missed, the ticket's row is the truth now.
  state = { status: ticket.status, tier: ticket.tier, providerId: ticket.providerId };
  push(timeline.at(-1)!.at);
  return timeline;
}
