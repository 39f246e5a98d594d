// SLA announcements for the signed-in person (the server sends them only to the assignee, the group and managers):
// kept in a small external store so the live-updates hook can add them and the frame can show them.
import { useSyncExternalStore } from 'react';

export type SlaAlert = { id: number; kind: 'at_risk' | 'breached'; number: string; clock: string; priority: number };

// Kept for the folded list: enough for a bad hour on a busy desk, never an unbounded pile.
const MAX_KEPT = 20;
let alerts: SlaAlert[] = [];
const listeners = new Set<() => void>();
const emit = () => {
  for (const listener of listeners) listener();
};

export function addSlaAlert(alert: SlaAlert): void {
  alerts = [alert, ...alerts.filter((a) => !(a.number === alert.number && a.clock === alert.clock))].slice(0, MAX_KEPT);
  emit();
}

export function dismissSlaAlert(id: number): void {
  alerts = alerts.filter((a) => a.id !== id);
  emit();
}

export function dismissAllSlaAlerts(): void {
  alerts = [];
  emit();
}

export function useSlaAlerts(): SlaAlert[] {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => alerts,
  );
}

/** Reads an `sla.at_risk` / `sla.breached` SSE message; null if it is not one. */
export function slaAlertOf(type: string, data: string, id: number): SlaAlert | null {
  try {
    const event = JSON.parse(data) as { payload?: { number?: unknown; clock?: unknown; priority?: unknown } };
    const p = event.payload ?? {};
    if (typeof p.number !== 'string' || typeof p.clock !== 'string') return null;
    return {
      id,
      kind: type === 'sla.breached' ? 'breached' : 'at_risk',
      number: p.number,
      clock: p.clock,
      priority: typeof p.priority === 'number' ? p.priority : 0,
    };
  } catch {
    return null;
  }
}
