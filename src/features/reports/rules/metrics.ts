// The desk's figures over a set of tickets' facts, each exactly as DOMAIN.md defines it. Pure: the SQL report
// (store.ts) computes the same sums over the facts table, and tests hold the two equal.
import type { Tier } from '../../../domain/vocabulary.ts';
import { DEFAULT_MIN_N, type Distribution, durationFigures, type Rate, rateOf } from './stats.ts';
import type { TicketFacts } from './ticket-facts.ts';

export type TicketFigures = {
  tickets: number;
  /** FCR over tickets opened by a live contact (phone, chat, walk-up). */
  fcrGross: Rate;
  /** FCR leaving out categories no agent can finish on a call (hardware replacement, access approvals). */
  fcrNet: Rate;
  /** Non-live channels, reported beside FCR and never added into it. */
  firstTouch: Rate;
  /** Resolved tickets reopened within 7 days of their first resolution. */
  reopenRate: Rate;
  escalationRate: Record<Exclude<Tier, 'tier1'>, Rate>;
  responseAttainment: Rate;
  resolutionAttainment: Rate;
  /** Minutes, open → resolved. */
  timeToResolveWall: Distribution;
  /** Minutes of SLA-calendar open time (paused time not counted). */
  timeToResolveCalendar: Distribution;
  patientCareAffected: { tickets: number; clinicianHoursLost: number };
  open: number;
};

export function ticketFigures(facts: readonly TicketFacts[], now: number, minN = DEFAULT_MIN_N): TicketFigures {
  const resolved = facts.filter((f) => f.resolvedAt !== null);
  const patientCare = facts.filter((f) => f.patientCareAffected);
  const escalationTo = (tier: Tier) =>
    rateOf(
      facts,
      () => true,
      (f) => f.tiersReached.includes(tier),
      minN,
    );
  return {
    tickets: facts.length,
    fcrGross: rateOf(
      facts,
      (f) => f.liveContact,
      (f) => f.fcr,
      minN,
    ),
    fcrNet: rateOf(
      facts,
      (f) => f.liveContact && f.netEligible,
      (f) => f.fcr,
      minN,
    ),
    firstTouch: rateOf(
      facts,
      (f) => f.firstTouch !== null,
      (f) => f.firstTouch === true,
      minN,
    ),
    reopenRate: rateOf(
      resolved,
      () => true,
      (f) => f.reopened7d,
      minN,
    ),
    escalationRate: { tier2: escalationTo('tier2'), tier3: escalationTo('tier3'), vendor: escalationTo('vendor') },
    responseAttainment: rateOf(
      facts,
      (f) => f.responseMet !== null,
      (f) => f.responseMet === true,
      minN,
    ),
    resolutionAttainment: rateOf(
      facts,
      (f) => f.resolutionMet !== null,
      (f) => f.resolutionMet === true,
      minN,
    ),
    timeToResolveWall: durationFigures(
      resolved.map((f) => f.resolveWallMs ?? 0),
      minN,
    ),
    timeToResolveCalendar: durationFigures(
      resolved.filter((f) => f.resolveCalendarMs !== null).map((f) => f.resolveCalendarMs!),
      minN,
    ),
    patientCareAffected: {
      tickets: patientCare.length,
      clinicianHoursLost: clinicianHoursLost(patientCare, now),
    },
    open: facts.length - resolved.length,
  };
}

/**
 * Clinician time lost: the wall-clock open time of patient-care-affected tickets until resolved. Tickets still
 * open count up to `now` (pass NaN to count resolved tickets only).
 */
export function clinicianHoursLost(facts: readonly TicketFacts[], now: number): number {
  let ms = 0;
  for (const f of facts) {
    if (!f.patientCareAffected) continue;
    if (f.resolvedAt !== null) ms += f.resolvedAt - f.createdAt;
    else if (!Number.isNaN(now)) ms += Math.max(0, now - f.createdAt);
  }
  return Math.round(ms / 360_000) / 10;
}

/** Average handle time per handled contact: talk + hold (answered → ended) + wrap-up (ended → wrap done). */
export function averageHandleSeconds(
  contacts: readonly { answeredAt: number | null; endedAt: number | null; wrapDoneAt: number | null }[],
): { seconds: number | null; n: number } {
  const handled = contacts.filter((c) => c.answeredAt !== null && c.endedAt !== null);
  if (!handled.length) return { seconds: null, n: 0 };
  const total = handled.reduce((s, c) => s + ((c.wrapDoneAt ?? c.endedAt!) - c.answeredAt!), 0);
  return { seconds: Math.round(total / handled.length / 100) / 10, n: handled.length };
}
