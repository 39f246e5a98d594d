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

/**
 * What the figures are made of: counts, the mean wait and the p80 wait (ms) of the answered calls. The wallboard and
 * the phone report count these in SQL; `lineFigures` counts them here; `figuresOf` turns either into the figures.
 */
export type LineCounts = {
  offered: number;
  answered: number;
  abandoned: number;
  answeredWithinTarget: number;
  meanWaitMs: number | null;
  p80WaitMs: number | null;
};

export function lineCounts(contacts: readonly ContactOutcome[], targetMs: number): LineCounts {
  const waits = contacts.filter((c) => c.answeredAt !== null).map((c) => c.answeredAt! - c.queuedAt);
  return {
    offered: contacts.length,
    answered: waits.length,
    abandoned: contacts.filter(isAbandoned).length,
    answeredWithinTarget: waits.filter((w) => w <= targetMs).length,
    meanWaitMs: waits.length ? waits.reduce((a, b) => a + b, 0) / waits.length : null,
    p80WaitMs: percentile(waits, 80),
  };
}

export function figuresOf(c: LineCounts): LineFigures {
  return {
    offered: c.offered,
    answered: c.answered,
    abandoned: c.abandoned,
    asaSeconds: c.meanWaitMs === null ? null : round1(c.meanWaitMs / 1000),
    asaP80Seconds: c.p80WaitMs === null ? null : round1(c.p80WaitMs / 1000),
    answeredWithinTargetPct: c.answered ? round1((100 * c.answeredWithinTarget) / c.answered) : null,
    abandonmentPct: c.offered ? round1((100 * c.abandoned) / c.offered) : null,
  };
}

export function lineFigures(contacts: readonly ContactOutcome[], targetMs: number): LineFigures {
  return figuresOf(lineCounts(contacts, targetMs));
}
