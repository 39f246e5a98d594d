// Phone metrics exactly as DOMAIN.md defines them. Pure.
// - ASA: queue entry → answered by a person, over answered contacts; mean and p80 (nearest rank).
// - % answered within the line's target: answered within target / answered.
// - Abandonment: contacts that left the queue unanswered after more than 5 s / contacts offered.
import { ABANDON_GRACE_MS } from './contact-events.ts';

export type ContactOutcome = {
  queuedAt: number;
  answeredAt: number | null;
  endedAt: number | null;
  outcome: 'answered' | 'abandoned' | 'transferred' | 'callback' | null;
};

export type LineFigures = {
  offered: number;
  answered: number;
  abandoned: number;
  asaSeconds: number | null;
  asaP80Seconds: number | null;
  answeredWithinTargetPct: number | null;
  abandonmentPct: number | null;
};

/** Nearest-rank percentile (p in 0–100) of unsorted values; null when empty. */
export function percentile(values: readonly number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

export function isAbandoned(c: ContactOutcome): boolean {
  return (
    c.answeredAt === null && c.outcome === 'abandoned' && (c.endedAt ?? c.queuedAt) - c.queuedAt > ABANDON_GRACE_MS
  );
}

export function lineFigures(contacts: readonly ContactOutcome[], targetMs: number): LineFigures {
  const waits = contacts.filter((c) => c.answeredAt !== null).map((c) => c.answeredAt! - c.queuedAt);
  const abandoned = contacts.filter(isAbandoned).length;
  const mean = waits.length ? waits.reduce((a, b) => a + b, 0) / waits.length : null;
  const p80 = percentile(waits, 80);
  return {
    offered: contacts.length,
    answered: waits.length,
    abandoned,
    asaSeconds: mean === null ? null : round1(mean / 1000),
    asaP80Seconds: p80 === null ? null : round1(p80 / 1000),
    answeredWithinTargetPct: waits.length
      ? round1((100 * waits.filter((w) => w <= targetMs).length) / waits.length)
      : null,
    abandonmentPct: contacts.length ? round1((100 * abandoned) / contacts.length) : null,
  };
}
