import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type LsnSample, lsnOf, type ReplicaState, replicaLagSeconds, samplesToKeep } from './replica-lag.ts';

const NOW = 1_700_000_000_000;
const standby = (replayLsn: bigint, sinceLastReplayedCommit: number | null = null): ReplicaState => ({
  inRecovery: true,
  replayLsn,
  sinceLastReplayedCommit,
});

describe('WAL positions', () => {
  it('orders positions across the high word as PostgreSQL does', () => {
    expect(lsnOf('0/16B3748')).toBe(0x16b3748n);
    expect(lsnOf('1/0') > lsnOf('0/FFFFFFFF')).toBe(true);
    expect(() => lsnOf('not/a-position')).toThrow(/not a WAL position/);
  });
});

describe('how far behind a read replica can be', () => {
  it('is nothing when the replica has replayed where the primary was just now, however old its last commit', () => {
    const samples = [{ at: NOW, lsn: 500n }];
    // A quiet primary: the last commit an hour ago, nothing written since.
    expect(replicaLagSeconds(NOW, samples, standby(500n, 3600))).toBe(0);
  });

  it('is the time since the newest primary position the replica has replayed', () => {
    const samples = [
      { at: NOW - 20_000, lsn: 100n },
      { at: NOW - 10_000, lsn: 200n },
      { at: NOW, lsn: 300n },
    ];
    expect(replicaLagSeconds(NOW, samples, standby(250n))).toBe(10);
    expect(replicaLagSeconds(NOW, samples, standby(150n))).toBe(20);
  });

  it('is at most the time since its last replayed commit when no sample is replayed yet', () => {
    expect(replicaLagSeconds(NOW, [{ at: NOW, lsn: 300n }], standby(250n, 4.5))).toBe(4.5);
  });

  it('cannot be told for a server that is not a standby, nor for one with nothing to go by', () => {
    expect(replicaLagSeconds(NOW, [{ at: NOW, lsn: 1n }], { ...standby(9n, 1), inRecovery: false })).toBeNull();
    expect(replicaLagSeconds(NOW, [{ at: NOW, lsn: 300n }], standby(250n, null))).toBeNull();
  });

  const sample = fc.record({ at: fc.integer({ min: NOW - 600_000, max: NOW }), lsn: fc.bigInt(0n, 1000n) });
  const samples = fc.array(sample, { maxLength: 20 });
  const sinceCommit = fc.option(fc.double({ min: 0, max: 7200, noNaN: true }), { nil: null });

  it('never says more than the time since the last replayed commit, nor than since a replayed sample', () => {
    fc.assert(
      fc.property(samples, fc.bigInt(0n, 1000n), sinceCommit, (ss, replay, since) => {
        const lag = replicaLagSeconds(NOW, ss, standby(replay, since));
        if (since !== null) expect(lag).not.toBeNull();
        if (lag === null) return;
        if (since !== null) expect(lag).toBeLessThanOrEqual(since);
        for (const s of ss) if (s.lsn <= replay) expect(lag).toBeLessThanOrEqual((NOW - s.at) / 1000);
      }),
    );
  });

  it('never grows as the replica replays further', () => {
    fc.assert(
      fc.property(samples, fc.bigInt(0n, 1000n), fc.bigInt(0n, 500n), sinceCommit, (ss, replay, more, since) => {
        const before = replicaLagSeconds(NOW, ss, standby(replay, since));
        const after = replicaLagSeconds(NOW, ss, standby(replay + more, since));
        if (before !== null) expect(after).not.toBeNull();
        if (before !== null && after !== null) expect(after).toBeLessThanOrEqual(before);
      }),
    );
  });

  it('keeps only the samples within the bound, at most 64 of them, the newest', () => {
    const ss: LsnSample[] = Array.from({ length: 100 }, (_, i) => ({ at: NOW - (99 - i) * 100, lsn: BigInt(i) }));
    const kept = samplesToKeep(NOW, [{ at: NOW - 31_000, lsn: 0n }, ...ss], 30);
    expect(kept).toHaveLength(64);
    expect(kept.at(-1)).toEqual(ss.at(-1));
    expect(kept.every((s) => NOW - s.at <= 30_000)).toBe(true);
  });
});
