// Which SLA policy a ticket falls under, and its targets. Pure. Policies are tried in order (position); the first
// active one whose conditions all hold wins. A condition left empty matches every ticket.
import type { Targets } from './clock.ts';

export const PRIORITIES = [1, 2, 3, 4] as const;

export type PolicyMatch = {
  ticketTypes?: string[];
  serviceIds?: string[];
  /** true: only tickets on a clinical-critical service; false: only others; absent: either. */
  clinicalCritical?: boolean;
  /** true: only tickets from the provider line (requester flagged as a provider). */
  providerLine?: boolean;
  /** Only while the ticket is held by one of these providers (vendor or outsourcer contract SLAs). */
  providerIds?: string[];
  /** true: only P1 tickets and tickets with patient care affected or a patient-safety flag; false: only others. */
  patientCareOrP1?: boolean;
};

export type PriorityTargets = Record<'1' | '2' | '3' | '4', { responseMinutes: number; resolutionMinutes: number }>;

export type Policy = {
  id: string;
  name: string;
  position: number;
  active: boolean;
  match: PolicyMatch;
  calendarId: string;
  targets: PriorityTargets;
  pauseStatuses: string[];
  atRiskPercent: number;
};

export type TicketFacts = {
  type: string;
  serviceId: string | null;
  clinicalCritical: boolean;
  providerLine: boolean;
  providerId: string | null;
  priority: number;
  patientCareAffected: boolean;
  patientSafety: boolean;
};

/** DOMAIN.md: every P1, and every ticket with patient care affected or a safety flag, runs on a 24x7 calendar. */
export function patientCareOrP1(facts: Pick<TicketFacts, 'priority' | 'patientCareAffected' | 'patientSafety'>) {
  return facts.priority === 1 || facts.patientCareAffected || facts.patientSafety;
}

export function policyMatches(match: PolicyMatch, facts: TicketFacts): boolean {
  if (match.ticketTypes?.length && !match.ticketTypes.includes(facts.type)) return false;
  if (match.serviceIds?.length && !(facts.serviceId && match.serviceIds.includes(facts.serviceId))) return false;
  if (match.clinicalCritical !== undefined && match.clinicalCritical !== facts.clinicalCritical) return false;
  if (match.providerLine !== undefined && match.providerLine !== facts.providerLine) return false;
  if (match.providerIds?.length && !(facts.providerId && match.providerIds.includes(facts.providerId))) return false;
  if (match.patientCareOrP1 !== undefined && match.patientCareOrP1 !== patientCareOrP1(facts)) return false;
  return true;
}

/** The order policies are tried in: by position, ties broken by id so the choice never depends on load order. */
export function policyOrder(a: Pick<Policy, 'position' | 'id'>, b: Pick<Policy, 'position' | 'id'>): number {
  return a.position - b.position || a.id.localeCompare(b.id);
}

/** The policy that applies, or null when no active policy matches (the ticket then has no SLA). */
export function choosePolicy<P extends Policy>(policies: readonly P[], facts: TicketFacts): P | null {
  const ordered = [...policies].sort(policyOrder);
  return ordered.find((p) => p.active && policyMatches(p.match, facts)) ?? null;
}

export function targetsFor(policy: Pick<Policy, 'targets'>, priority: number): Targets {
  const t = policy.targets[String(priority) as keyof PriorityTargets] ?? policy.targets['4'];
  return { responseMs: t.responseMinutes * 60_000, resolutionMs: t.resolutionMinutes * 60_000 };
}

/** Targets from ../shared/DOMAIN.md: P1 15 min / 2 h, P2 1 h / 4 h, P3 2 h / 1 day, P4 4 h / 3 days. */
export const DEFAULT_TARGETS: PriorityTargets = {
  '1': { responseMinutes: 15, resolutionMinutes: 120 },
  '2': { responseMinutes: 60, resolutionMinutes: 240 },
  '3': { responseMinutes: 120, resolutionMinutes: 1440 },
  '4': { responseMinutes: 240, resolutionMinutes: 4320 },
};

export type PolicyProblem = { field: string; message: string };

/**
 * "Pause the contract clock while the vendor needs information" belongs to a contract (a policy naming the providers
 * holding the ticket): turning it off on a policy without providers would say something that can never apply.
 */
export function contractPauseProblems(p: {
  match: Pick<PolicyMatch, 'providerIds'>;
  pauseOnVendorNeedsInfo?: boolean | undefined;
}): PolicyProblem[] {
  if (p.pauseOnVendorNeedsInfo !== false || (p.match.providerIds?.length ?? 0) > 0) return [];
  return [
    {
      field: 'pauseOnVendorNeedsInfo',
      message:
        'only a contract (a policy for the providers holding the ticket) has a vendor clock to pause; name a provider or leave it on',
    },
  ];
}

export function policyProblems(p: Pick<Policy, 'targets' | 'atRiskPercent' | 'pauseStatuses'>): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  for (const prio of PRIORITIES) {
    const t = p.targets[String(prio) as keyof PriorityTargets];
    if (!t) {
      problems.push({ field: `targets.${prio}`, message: `needs targets for priority ${prio}` });
      continue;
    }
    if (t.resolutionMinutes < t.responseMinutes) {
      problems.push({
        field: `targets.${prio}.resolutionMinutes`,
        message: `P${prio} resolution (${t.resolutionMinutes} min) is shorter than its first response (${t.responseMinutes} min)`,
      });
    }
  }
  for (const [a, b] of [
    ['1', '2'],
    ['2', '3'],
    ['3', '4'],
  ] as const) {
    const ta = p.targets[a];
    const tb = p.targets[b];
    if (ta && tb && ta.resolutionMinutes > tb.resolutionMinutes) {
      problems.push({
        field: `targets.${a}.resolutionMinutes`,
        message: `P${a} must not allow more time than P${b} (${ta.resolutionMinutes} > ${tb.resolutionMinutes} min)`,
      });
    }
  }
  if (p.pauseStatuses.some((s) => s === 'new' || s === 'in_progress')) {
    problems.push({ field: 'pauseStatuses', message: 'only pending statuses may pause the clock' });
  }
  return problems;
}
