// How far behind a read replica can be, from what the two servers say (report-reads.ts asks them). The time since
// the last replayed commit alone is no measure: on a quiet primary it grows while nothing is missing. A WAL position
// alone says nothing of time. So the primary's position is sampled at each check, and the replica is at most as old
// as the newest sample it has replayed.

/** The primary's WAL position (pg_current_wal_lsn) at a moment (ms since the epoch, this process's clock). */
export type LsnSample = { at: number; lsn: bigint };

/** What the replica says of itself, asked just after the primary's latest sample was taken. */
export type ReplicaState = {
  inRecovery: boolean;
  /** pg_last_wal_replay_lsn(): the last WAL position it applied. */
  replayLsn: bigint | null;
  /** Seconds since the last transaction it applied committed (its now() − pg_last_xact_replay_timestamp()). */
  sinceLastReplayedCommit: number | null;
};

/** A WAL position as PostgreSQL prints it ('16/B374D848') → a number that orders as the positions do. */
export function lsnOf(text: string): bigint {
  const m = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(text);
  if (!m) throw new Error(`not a WAL position: ${text}`);
  return (BigInt(`0x${m[1]}`) << 32n) + BigInt(`0x${m[2]}`);
}

/**
 * The most the replica can be behind the primary at `now`, in seconds: the time since the newest sample whose
 * position it has replayed (it has everything the primary had then), or since its last replayed commit (anything
 * missing committed after that), whichever is less. null when it cannot be told: the server is not a standby (a
 * promoted replica no longer follows the primary) or it has replayed nothing and no commit is known.
 */
export function replicaLagSeconds(now: number, samples: readonly LsnSample[], replica: ReplicaState): number | null {
  if (!replica.inRecovery || replica.replayLsn === null) return null;
  const replay = replica.replayLsn;
  let newestReplayed: number | null = null;
  for (const s of samples)
    if (s.lsn <= replay && (newestReplayed === null || s.at > newestReplayed)) newestReplayed = s.at;
  const bounds = [
    newestReplayed === null ? null : Math.max(0, (now - newestReplayed) / 1000),
    replica.sinceLastReplayedCommit === null ? null : Math.max(0, replica.sinceLastReplayedCommit),
  ].filter((b): b is number => b !== null);
  return bounds.length ? Math.min(...bounds) : null;
}

/** The samples worth keeping: those within the bound (an older one only proves a lag beyond it), the newest 64. */
export function samplesToKeep(now: number, samples: readonly LsnSample[], maxLagSeconds: number): LsnSample[] {
  return samples.filter((s) => now - s.at <= maxLagSeconds * 1000).slice(-64);
}
