// Contract attainment (DOMAIN.md "Two clocks", issue 16): the scorecards judge a provider's contract by its contract
// clocks, one per holding period (sla/rules/contract.ts), never by the hospital's clock. Pure.
//
// A holding **met** the contract when both of its clocks (response and resolution) stopped without breaching: the
// provider replied and resolved or handed the ticket on within the contract's targets. It **missed** once either
// clock breached (a breach is final, even while the other clock still runs). Otherwise it is **still running** and
// is not judged yet. A provider that held a ticket twice is judged twice, once per holding.
import type { ClockState } from '../../sla/rules/clock.ts';

export type ContractVerdict = 'met' | 'missed' | 'running';

/** A contract clock as stored on the ticket's SLA row (ticket_sla.contract_clocks), as much as the verdict needs. */
export type HoldingClocks = {
  providerId: string;
  from: number;
  response: { state: ClockState; breached: boolean };
  resolution: { state: ClockState; breached: boolean };
};

export function holdingVerdict(h: Pick<HoldingClocks, 'response' | 'resolution'>): ContractVerdict {
  if (h.response.breached || h.resolution.breached) return 'missed';
  return h.response.state === 'stopped' && h.resolution.state === 'stopped' ? 'met' : 'running';
}

/** Each holding's verdict, oldest holding first. */
export function holdingVerdicts(
  clocks: readonly HoldingClocks[],
): { providerId: string; from: number; verdict: ContractVerdict }[] {
  return [...clocks]
    .sort((a, b) => a.from - b.from)
    .map((c) => ({ providerId: c.providerId, from: c.from, verdict: holdingVerdict(c) }));
}

/**
 * A ticket's contract verdicts as the reports' facts keep them: the provider of every holding that met its contract
 * and of every holding that missed it, once per holding (a provider appears twice when two of its holdings were
 * judged so), oldest holding first. Holdings still running are in neither.
 */
export function contractVerdictsOf(clocks: readonly HoldingClocks[]): { metBy: string[]; missedBy: string[] } {
  const verdicts = holdingVerdicts(clocks);
  return {
    metBy: verdicts.filter((v) => v.verdict === 'met').map((v) => v.providerId),
    missedBy: verdicts.filter((v) => v.verdict === 'missed').map((v) => v.providerId),
  };
}

/** One provider's contract attainment over tickets' verdicts: holdings judged (n) and holdings that met it (k). */
export function contractAttainment(
  tickets: readonly { metBy: readonly string[]; missedBy: readonly string[] }[],
  providerId: string,
): { n: number; k: number } {
  let n = 0;
  let k = 0;
  for (const t of tickets) {
    const met = t.metBy.filter((p) => p === providerId).length;
    k += met;
    n += met + t.missedBy.filter((p) => p === providerId).length;
  }
  return { n, k };
}
