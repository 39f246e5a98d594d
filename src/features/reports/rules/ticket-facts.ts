// One ticket's reportable facts, derived once from its history and its SLA row, so every report counts the same
// verdicts the ticket page shows. FCR comes from the tickets feature's own rule (fcr.ts), never re-defined here.
import type { ClinicalRole, Tier } from '../../../domain/vocabulary.ts';
import { isStaff, type Role } from '../../../platform/auth/roles.ts';
import { escalated, firstContact, type HistoryFacts, reopenedWithinHorizon } from '../../tickets/rules/fcr.ts';
import { type Channel, FIRST_CONTACT_CHANNELS, type TicketType } from '../../tickets/rules/vocabulary.ts';
import { contractVerdictsOf, type HoldingClocks } from './contract-attainment.ts';

export type TicketFacts = {
  ticketId: string;
  number: number;
  createdAt: number;
  channel: Channel;
  type: TicketType;
  priority: number;
  facilityId: string | null;
  unitId: string | null;
  clinicalRole: ClinicalRole | null;
  serviceId: string | null;
  moduleId: string | null;
  groupId: string | null;
  /** The desk person who took the first contact (the opener when staff opened it, else the resolver). */
  agentId: string | null;
  /** The provider that held the ticket first: the first contact's provider. */
  firstProviderId: string | null;
  providerIds: string[];
  tiersReached: Tier[];
  liveContact: boolean;
  fcr: boolean;
  /** The resolution category is first-contact resolvable (net FCR keeps only these). */
  netEligible: boolean;
  /** Non-live tickets only: resolved by the desk's first public response (null on FCR's channels, go-live too). */
  firstTouch: boolean | null;
  escalated: boolean;
  reopened7d: boolean;
  /** The current resolution (null while open). */
  resolvedAt: number | null;
  resolveWallMs: number | null;
  resolveCalendarMs: number | null;
  slaPolicy: string | null;
  responseMet: boolean | null;
  resolutionMet: boolean | null;
  patientCareAffected: boolean;
  /** Hospital-clock open time used per holder, keyed "tier/providerId" as the SLA row keeps it. */
  heldMs: Record<string, number>;
  /** Providers that handed the ticket back to the desk (a "return" hand-off), once per return. */
  returnedBy: string[];
  /** The provider of each holding whose contract clocks met the contract, once per holding (contract-attainment.ts). */
  contractMetBy: string[];
  /** The provider of each holding whose contract clocks missed it (a response or resolution breach), once per holding. */
  contractMissedBy: string[];
};

export type TicketFactsInput = Omit<
  TicketFacts,
  | 'liveContact'
  | 'fcr'
  | 'netEligible'
  | 'firstTouch'
  | 'escalated'
  | 'reopened7d'
  | 'tiersReached'
  | 'resolveWallMs'
  | 'returnedBy'
  | 'contractMetBy'
  | 'contractMissedBy'
> & {
  history: HistoryFacts;
  handoffs: { kind: string; toTier: Tier; fromProviderId: string | null }[];
  /** The per-ticket first-touch verdict for non-live channels (the tickets feature's rule), null when not known. */
  firstTouchVerdict: boolean | null;
  /** The providers' contract clocks, one per holding (ticket_sla.contract_clocks); none when absent. */
  contractClocks?: readonly HoldingClocks[];
};

export function ticketFactsOf(i: TicketFactsInput): TicketFacts {
  const verdict = firstContact(i.history);
  const { history, handoffs, firstTouchVerdict, contractClocks, ...rest } = i;
  const contract = contractVerdictsOf(contractClocks ?? []);
  const tiersReached = [...new Set<Tier>(['tier1', ...handoffs.map((h) => h.toTier)])];
  return {
    ...rest,
    liveContact: verdict.liveContact,
    fcr: verdict.fcr,
    netEligible: verdict.netEligible,
    firstTouch: FIRST_CONTACT_CHANNELS.includes(i.channel) ? null : firstTouchVerdict,
    escalated: escalated(handoffs),
    reopened7d: reopenedWithinHorizon(history.firstResolvedAt, history.reopenedAt),
    tiersReached,
    resolveWallMs: i.resolvedAt === null ? null : Math.max(0, i.resolvedAt - i.createdAt),
    returnedBy: handoffs.filter((h) => h.kind === 'return' && h.fromProviderId).map((h) => h.fromProviderId!),
    contractMetBy: contract.metBy,
    contractMissedBy: contract.missedBy,
  };
}

/**
 * The desk person a ticket's figures count for: whoever at the desk opened it (they took the first contact); for a
 * ticket the requester opened, whoever resolved it, else whoever holds it.
 */
export function agentOf(t: {
  openedById: string | null;
  openerRole: Role | null;
  resolvedById: string | null;
  assigneeId: string | null;
}): string | null {
  const staffOpened = t.openerRole !== null && isStaff(t.openerRole);
  return (staffOpened ? t.openedById : null) ?? t.resolvedById ?? t.assigneeId;
}

/** An SLA clock is met when it stopped without breaching, missed once breached, undecided while it runs (or no policy). */
export function clockMet(state: string | null, breached: boolean): boolean | null {
  if (state === null) return null;
  if (breached) return false;
  return state === 'stopped' ? true : null;
}
