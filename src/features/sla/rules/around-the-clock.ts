// The hospital rule over every SLA policy (DOMAIN.md): "Every P1, and every ticket with patient care affected or a
// safety flag, runs on a 24x7 calendar whatever its service." Decided here, in the clock's calendar choice, not left
// to policy order: the policy still gives the targets, but an administrator's edit can never put such a ticket on
// business hours. The policy admin warns when a policy would otherwise have done so. Pure.
import { choosePolicy, type Policy, patientCareOrP1, policyOrder, type TicketFacts } from './policy.ts';

type CalendarLike = { id: string; name: string; alwaysOpen: boolean };

export type SlaChoice<P, C> = {
  policy: P;
  /** The calendar the clocks run on; null means the built-in 24x7 calendar (when no 24x7 calendar row exists). */
  calendar: C | null;
  /** Why the policy's own calendar was set aside for 24x7, e.g. "P1"; null when the policy's calendar is used. */
  aroundTheClockBecause: string | null;
};

function becauseOf(facts: TicketFacts): string {
  if (facts.priority === 1) return 'P1';
  return facts.patientSafety ? 'patient-safety flag' : 'patient care affected';
}

/** The policy that applies and the calendar its clocks run on; null when no policy applies (no SLA). */
export function chooseSla<P extends Policy, C extends CalendarLike>(
  policies: readonly P[],
  calendars: readonly C[],
  facts: TicketFacts,
): SlaChoice<P, C> | null {
  const policy = choosePolicy(policies, facts);
  if (!policy) return null;
  const own = calendars.find((c) => c.id === policy.calendarId) ?? null;
  if (!patientCareOrP1(facts) || own?.alwaysOpen) {
    return own ? { policy, calendar: own, aroundTheClockBecause: null } : null;
  }
  const roundTheClock = [...calendars].sort((a, b) => a.name.localeCompare(b.name)).find((c) => c.alwaysOpen) ?? null;
  return { policy, calendar: roundTheClock, aroundTheClockBecause: becauseOf(facts) };
}

/** Whether a P1 (or a patient-care or safety ticket) can reach this policy: no earlier active policy takes them all. */
function reachableByP1(policy: Policy, policies: readonly Policy[]): boolean {
  if (!policy.active || policy.match.patientCareOrP1 === false) return false;
  const catchesAll = (p: Policy) => {
    const { patientCareOrP1: only, ...others } = p.match;
    return only !== false && Object.values(others).every((v) => v === undefined || (Array.isArray(v) && !v.length));
  };
  return !policies.some((p) => p.id !== policy.id && p.active && catchesAll(p) && policyOrder(p, policy) < 0);
}

/**
 * Warnings for the policy admin: each active policy a P1 could reach whose calendar keeps business hours. Such
 * tickets still run on 24x7 (chooseSla), but the administrator should see that the policy says otherwise. A contract
 * (a policy naming providers) is left out: its clock runs on the calendar the provider signed for (rules/contract.ts),
 * business hours included, beside the hospital's own 24x7 clock.
 */
export function businessHoursWarnings(
  policies: readonly Policy[],
  calendars: readonly CalendarLike[],
): Map<string, string> {
  const warnings = new Map<string, string>();
  for (const p of policies) {
    const calendar = calendars.find((c) => c.id === p.calendarId);
    if (p.match.providerIds?.length) continue;
    if (!calendar || calendar.alwaysOpen || !reachableByP1(p, policies)) continue;
    warnings.set(
      p.id,
      `A P1, or a ticket with patient care affected or a patient-safety flag, can fall under this policy, and its ` +
        `calendar "${calendar.name}" keeps business hours. Such tickets run on a 24x7 calendar anyway; to make the ` +
        'policy say so, put a 24x7 policy for them ahead of it, or give this policy a 24x7 calendar.',
    );
  }
  return warnings;
}
