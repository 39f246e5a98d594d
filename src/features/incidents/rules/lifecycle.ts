// The incident's states and the moves between them (pure): a planned downtime starts scheduled, an unplanned one
// declared; it may be watched (monitoring), resolved (with what was fixed), reopened, and closed once resolved and
// no child is left open. Messages are for the nurse or the desk agent reading them.
import { phiKinds } from '../../privacy/rules.ts';
import { formatIncidentNumber, type IncidentState } from './vocabulary.ts';

const MOVES: Record<IncidentState, readonly IncidentState[]> = {
  scheduled: ['declared', 'resolved', 'closed'],
  declared: ['monitoring', 'resolved'],
  monitoring: ['declared', 'resolved'],
  resolved: ['declared', 'closed'],
  closed: [],
};

const LABEL: Record<IncidentState, string> = {
  scheduled: 'scheduled',
  declared: 'declared (under way)',
  monitoring: 'monitoring',
  resolved: 'resolved',
  closed: 'closed',
};

export function initialState(planned: boolean): IncidentState {
  return planned ? 'scheduled' : 'declared';
}

export function nextStates(from: IncidentState): readonly IncidentState[] {
  return MOVES[from];
}

/** Why the incident may not move from `from` to `to` (null: it may). */
export function transitionRefusal(
  number: number,
  from: IncidentState,
  to: IncidentState,
  facts: { openChildren: number; resolutionGiven: boolean },
): string | null {
  const inc = formatIncidentNumber(number);
  if (from === to) return null;
  if (!MOVES[from].includes(to)) {
    if (from === 'closed') return `${inc} is closed; declare a new incident instead of reopening it.`;
    const allowed = MOVES[from].map((s) => LABEL[s]).join(', ');
    return `${inc} is ${LABEL[from]}; it can only become ${allowed}.`;
  }
  if (to === 'resolved' && from !== 'scheduled' && !facts.resolutionGiven) {
    return `Say what was fixed and what to do with the open tickets linked to ${inc} to resolve it.`;
  }
  if (to === 'closed' && facts.openChildren > 0) {
    const n = facts.openChildren;
    return `${inc} still has ${n} open linked ticket${n === 1 ? '' : 's'}. Resolve the incident with "resolve the linked tickets", or resolve them first, then close it.`;
  }
  return null;
}

/** The times a move sets. */
export function timesOf(to: IncidentState, now: Date, current: { startedAt: Date | null }) {
  if (to === 'declared') return { startedAt: current.startedAt ?? now, resolvedAt: null, closedAt: null };
  if (to === 'monitoring') return {};
  if (to === 'resolved') return { resolvedAt: now };
  if (to === 'closed') return { closedAt: now };
  return {};
}

/** What may be shown outside the desk must carry no patient information: the fields that do, and what was seen. */
export function phiRefusals(fields: Record<string, string | null | undefined>): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  for (const [field, value] of Object.entries(fields)) {
    if (!value) continue;
    const kinds = phiKinds(value);
    if (kinds.length) {
      out.push({
        field: `body.${field}`,
        message: `looks like it contains patient information (${kinds.map((k) => k.replaceAll('_', ' ')).join(', ')}); incidents are shown to every requester, leave it out`,
      });
    }
  }
  return out;
}

/** A planned downtime's window must end after it starts. */
export function scheduleRefusal(start: Date | null, end: Date | null): string | null {
  if (start && end && end.getTime() <= start.getTime()) return 'The planned end must be after the planned start.';
  return null;
}
