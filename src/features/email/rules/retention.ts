// How long the intake keeps a message's raw copy. The raw message (with copies of its attachments) is the record of
// what came in, kept for the quarantine and for checking what the intake made of it; the ticket keeps its own text,
// comments and attachments. After the retention period the raw copy is deleted and the row stays as the record.
import type { MessageState } from './vocabulary.ts';

export const DEFAULT_RAW_RETENTION_DAYS = 30;

/** What the retention job does to a message's raw copy now. */
export type RawRetention = 'keep' | 'purge' | 'purge_and_discard';

/**
 * A message still waiting to be processed keeps its copy (it is all there is of it). One processed, ignored or
 * discarded is purged once older than the period; one still in the quarantine is purged too, and so discarded: an
 * undecided message must not keep patient details for ever.
 */
export function rawRetention(
  m: { state: MessageState; receivedAt: Date; rawPurgedAt: Date | null },
  now: Date,
  days: number,
): RawRetention {
  if (m.rawPurgedAt || m.state === 'received') return 'keep';
  if (m.receivedAt.getTime() > retentionCutoff(now, days).getTime()) return 'keep';
  return m.state === 'quarantined' ? 'purge_and_discard' : 'purge';
}

/** Messages received at or before this instant are past the period. */
export function retentionCutoff(now: Date, days: number): Date {
  return new Date(now.getTime() - days * 86_400_000);
}

/** The states whose raw copy the job deletes once past the period (rawRetention's SQL form reads these). */
export const PURGEABLE_STATES: readonly MessageState[] = ['processed', 'ignored', 'quarantined', 'discarded'];
