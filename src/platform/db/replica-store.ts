// What the primary and a read replica say of their WAL positions, for report-reads.ts (replica-lag.ts judges).
import { sql } from 'drizzle-orm';
import { type Db, rowsOf } from './connect.ts';
import { lsnOf, type ReplicaState } from './replica-lag.ts';

/** The primary's WAL position now. */
export async function primaryWalPosition(db: Db): Promise<bigint> {
  const [row] = rowsOf<{ lsn: string }>(await db.execute(sql`SELECT pg_current_wal_lsn()::text AS lsn`));
  return lsnOf(row!.lsn);
}

/** Whether the replica is a standby, the WAL position it has applied and how long ago its last applied commit was. */
export async function replicaState(db: Db): Promise<ReplicaState> {
  const [row] = rowsOf<{ in_recovery: boolean; replay_lsn: string | null; since_commit: number | null }>(
    await db.execute(sql`SELECT pg_is_in_recovery() AS in_recovery,
      pg_last_wal_replay_lsn()::text AS replay_lsn,
      extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8 AS since_commit`),
  );
  return {
    inRecovery: row!.in_recovery,
    replayLsn: row!.replay_lsn === null ? null : lsnOf(row!.replay_lsn),
    sinceLastReplayedCommit: row!.since_commit === null ? null : Number(row!.since_commit),
  };
}
