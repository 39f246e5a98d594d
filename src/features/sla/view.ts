// How a ticket's SLA is shown: the brief on queue rows (the next clock due) and the detail on the ticket.
// A running clock whose due time has passed reads as breached even before the sweep has marked it.
import { z } from 'zod';
import type { ClockRecord, ContractClockRecord } from './rules/contract.ts';
import type { TicketSlaRow } from './store.ts';

const clockState = z.enum(['running', 'paused', 'stopped']);

export const slaClockView = z.object({
  state: clockState,
  targetMinutes: z.number(),
  elapsedMinutes: z.number().describe('Open calendar time used, as of computedAt'),
  dueAt: z
    .string()
    .nullable()
    .describe('When the target runs out if the clock keeps running; null when paused/stopped'),
  remainingMinutes: z.number().nullable().describe('Open time left (negative once breached)'),
  atRisk: z.boolean(),
  breached: z.boolean(),
  breachedAt: z.string().nullable(),
});

export const slaBrief = z
  .object({
    clock: z.enum(['response', 'resolution']).describe('The clock shown: the response clock until answered'),
    state: clockState,
    dueAt: z.string().nullable(),
    remainingMinutes: z.number().nullable(),
    atRisk: z.boolean(),
    breached: z.boolean(),
  })
  .describe('The SLA clock that matters now; null when no policy applies');
export type SlaBrief = z.infer<typeof slaBrief>;

export const contractClockView = z
  .object({
    providerId: z.uuid(),
    provider: z.string().nullable().describe("The provider's name"),
    policy: z.string().describe('The contract policy'),
    timeZone: z.string(),
    from: z.string().describe('When the provider took the ticket'),
    to: z.string().nullable().describe('When it handed the ticket on; null while it still holds it'),
    response: slaClockView.describe("The provider's first reply while holding the ticket"),
    resolution: slaClockView,
  })
  .describe("A provider's contract clock for one period it held the ticket, beside the hospital's clock");
export type ContractClockView = z.infer<typeof contractClockView>;

export const slaDetail = z.object({
  policy: z.string().nullable().describe("The hospital's policy: the clinician's wait"),
  policyId: z.uuid().nullable(),
  timeZone: z.string().nullable(),
  response: slaClockView.nullable(),
  resolution: slaClockView.nullable(),
  elapsedByHolder: z
    .record(z.string(), z.number())
    .describe('Minutes of the resolution clock used per "tier/provider id", and "paused"'),
  contracts: z
    .array(contractClockView)
    .describe("Providers' contract clocks, oldest first (a vendor sees only its own provider's)"),
  computedAt: z.string(),
});
export type SlaDetail = z.infer<typeof slaDetail>;

export type SlaColumns = Pick<
  TicketSlaRow,
  | 'responseState'
  | 'resolutionState'
  | 'responseTargetMs'
  | 'resolutionTargetMs'
  | 'responseElapsedMs'
  | 'resolutionElapsedMs'
  | 'responseDueAt'
  | 'resolutionDueAt'
  | 'responseBreachedAt'
  | 'resolutionBreachedAt'
  | 'responseAtRiskNotified'
  | 'resolutionAtRiskNotified'
  | 'atRisk'
>;

const minutes = (ms: number) => Math.round(ms / 6_000) / 10;

function clockOf(row: SlaColumns, name: 'response' | 'resolution', now: number): z.infer<typeof slaClockView> | null {
  const state = row[`${name}State`] as z.infer<typeof clockState> | null;
  const target = row[`${name}TargetMs`];
  if (!state || target === null) return null;
  const elapsed = row[`${name}ElapsedMs`];
  const dueAt = row[`${name}DueAt`];
  const breachedAt =
    row[`${name}BreachedAt`] ?? (state === 'running' && dueAt && dueAt.getTime() <= now ? dueAt : null);
  const remaining = state === 'running' && dueAt ? dueAt.getTime() - now : target - elapsed;
  const breached = breachedAt !== null;
  return {
    state,
    targetMinutes: minutes(target),
    elapsedMinutes: minutes(elapsed),
    dueAt: dueAt?.toISOString() ?? null,
    // Past the due time a running clock's overrun is wall-clock time; open time is counted exactly by the sweep.
    remainingMinutes: state === 'stopped' ? null : minutes(remaining),
    atRisk: !breached && state !== 'stopped' && row[`${name}AtRiskNotified`],
    breached,
    breachedAt: breachedAt?.toISOString() ?? null,
  };
}

function contractClockOf(c: ClockRecord, now: number): z.infer<typeof slaClockView> {
  const breachedAt = c.breachedAt ?? (c.state === 'running' && c.dueAt !== null && c.dueAt <= now ? c.dueAt : null);
  const remaining = c.state === 'running' && c.dueAt !== null ? c.dueAt - now : c.targetMs - c.elapsedMs;
  const breached = breachedAt !== null;
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    state: c.state,
    targetMinutes: minutes(c.targetMs),
    elapsedMinutes: minutes(c.elapsedMs),
    dueAt: iso(c.dueAt),
    remainingMinutes: c.state === 'stopped' ? null : minutes(remaining),
    atRisk: !breached && c.state !== 'stopped' && c.atRisk,
    breached,
    breachedAt: iso(breachedAt),
  };
}

export function contractViewsOf(
  records: readonly ContractClockRecord[],
  providerName: (id: string) => string | null,
  now = Date.now(),
): ContractClockView[] {
  return records.map((r) => ({
    providerId: r.providerId,
    provider: providerName(r.providerId),
    policy: r.policyName,
    timeZone: r.timeZone,
    from: new Date(r.from).toISOString(),
    to: r.to === null ? null : new Date(r.to).toISOString(),
    response: contractClockOf(r.response, now),
    resolution: contractClockOf(r.resolution, now),
  }));
}

export function slaDetailOf(
  row: TicketSlaRow | null | undefined,
  now = Date.now(),
  providerName: (id: string) => string | null = () => null,
): SlaDetail | null {
  if (!row) return null;
  return {
    policy: row.policyName,
    policyId: row.policyId,
    timeZone: row.timeZone,
    response: clockOf(row, 'response', now),
    resolution: clockOf(row, 'resolution', now),
    elapsedByHolder: Object.fromEntries(Object.entries(row.elapsedByHolder).map(([k, v]) => [k, minutes(v)])),
    contracts: contractViewsOf(row.contractClocks ?? [], providerName, now),
    computedAt: row.computedAt.toISOString(),
  };
}

export function slaBriefOf(row: SlaColumns | null | undefined, now = Date.now()): SlaBrief | null {
  if (!row) return null;
  const response = clockOf(row, 'response', now);
  const resolution = clockOf(row, 'resolution', now);
  const shown = response && response.state !== 'stopped' ? ['response', response] : ['resolution', resolution];
  const [clock, c] = shown as ['response' | 'resolution', z.infer<typeof slaClockView> | null];
  if (!c) return null;
  return {
    clock,
    state: c.state,
    dueAt: c.dueAt,
    remainingMinutes: c.remainingMinutes,
    atRisk: c.atRisk,
    breached: c.breached,
  };
}
