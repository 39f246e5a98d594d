// Live updates: one EventSource per signed-in tab; ticket events refresh the queries that show those tickets.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useSyncExternalStore } from 'react';
import { goLiveKeys } from '../api/golive.ts';
import { incidentCommsKeys } from '../api/incidentComms.ts';
import { ticketKeys } from '../api/tickets.ts';
import { refetchFromNow } from './refetch.ts';
import { addSlaAlert, slaAlertOf } from './slaAlerts.ts';

export const TICKET_EVENTS = [
  'ticket.opened',
  'ticket.updated',
  'ticket.commented',
  'ticket.escalated',
  'ticket.resolved',
  // Caller verification on a ticket (desk staff only): the identity check panel refreshes with the ticket.
  'verification.updated',
] as const;

export const SLA_EVENTS = ['sla.at_risk', 'sla.breached'] as const;

/** An incident declared, changed, updated or resolved: the banners refetch (the server decides what each viewer sees). */
export const INCIDENT_EVENTS = [
  'incident.declared',
  'incident.updated',
  'incident.resolved',
  'incident.communicated',
] as const;

/** The go-live command center: an issue logged, the roster or the event changed, a known issue broadcast or retired. */
export const GOLIVE_EVENTS = [
  'golive.created',
  'golive.updated',
  'golive.roster_changed',
  'golive.issue_logged',
  'golive.known_issue',
  'golive.known_issue_retired',
] as const;

export type LiveStatus = 'connecting' | 'live' | 'offline';

// Batches a burst of events (a resolve emits several) into one refetch per query.
const DEBOUNCE_MS = 250;

let status: LiveStatus = 'connecting';
const statusListeners = new Set<() => void>();

function setStatus(next: LiveStatus): void {
  if (status === next) return;
  status = next;
  for (const listener of statusListeners) listener();
}

/** Whether live updates are flowing, for a small indicator beside the queues. */
export function useLiveStatus(): LiveStatus {
  return useSyncExternalStore(
    (listener) => {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    () => status,
  );
}

function ticketNumberOf(data: string): string | undefined {
  try {
    const event = JSON.parse(data) as { payload?: { number?: unknown } };
    return typeof event.payload?.number === 'string' ? event.payload.number : undefined;
  } catch {
    return undefined;
  }
}

/** Subscribes the tab to ticket events while mounted (the signed-in frame). */
export function useLiveTicketUpdates(enabled: boolean): void {
  const queryClient = useQueryClient();

  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/v1/events', { withCredentials: true });
    const changed = new Set<string>();
    let timer: ReturnType<typeof setTimeout> | undefined;

    const flush = () => {
      timer = undefined;
      void refetchFromNow(queryClient, ticketKeys.lists());
      void refetchFromNow(queryClient, ticketKeys.views());
      for (const number of changed) void refetchFromNow(queryClient, ticketKeys.detail(number));
      changed.clear();
      // A ticket's state, owner or links show on the go-live board, roll-up and huddle (only shown ones refetch).
      void refetchFromNow(queryClient, goLiveKeys.all);
    };
    const onTicketEvent = (event: MessageEvent<string>) => {
      const number = ticketNumberOf(event.data);
      if (number) changed.add(number);
      timer ??= setTimeout(flush, DEBOUNCE_MS);
    };

    setStatus('connecting');
    source.onopen = () => {
      // What the page fetched before the stream was open (at load, or before the browser reconnected by itself) may
      // have changed meanwhile, and those events came to no stream: refetch everything live events refresh. On the
      // first open too: a page's first fetches go out before its stream is connected, and an incident declared in
      // between stayed off the banner until its next minute's poll. A first fetch still on its way back is fetched
      // again once it lands (refetch.ts): its read may predate an event this stream was not yet there to receive.
      for (const queryKey of [ticketKeys.all, incidentCommsKeys.all, goLiveKeys.all]) {
        void refetchFromNow(queryClient, queryKey);
      }
      setStatus('live');
    };
    source.onerror = () => setStatus(source.readyState === EventSource.CLOSED ? 'offline' : 'connecting');
    for (const type of TICKET_EVENTS) source.addEventListener(type, onTicketEvent);
    // On reconnecting, the browser sends the id of the last event it got and the server replays what was missed;
    // when that is too far back, it sends "reset" instead: reload everything shown.
    source.addEventListener('reset', () => void refetchFromNow(queryClient, []));
    // SLA announcements come only to the ticket's assignee, its group and managers: refresh and show them.
    let alertId = 0;
    const onSlaEvent = (event: MessageEvent<string>) => {
      onTicketEvent(event);
      const alert = slaAlertOf(event.type, event.data, ++alertId);
      if (alert) addSlaAlert(alert);
    };
    for (const type of SLA_EVENTS) source.addEventListener(type, onSlaEvent);
    const onIncidentEvent = () => void refetchFromNow(queryClient, incidentCommsKeys.all);
    for (const type of INCIDENT_EVENTS) source.addEventListener(type, onIncidentEvent);
    const onGoLiveEvent = () => void refetchFromNow(queryClient, goLiveKeys.all);
    for (const type of GOLIVE_EVENTS) source.addEventListener(type, onGoLiveEvent);

    return () => {
      if (timer) clearTimeout(timer);
      source.close();
      setStatus('offline');
    };
  }, [enabled, queryClient]);
}
