// The public status endpoint's throttle across app instances: two instances on one database (PostgreSQL: two
// connection pools; PGlite: two apps over the one embedded database) count one address's requests together, so the
// limit holds whichever instance answers, while the cache headers stay and another address is not affected.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { createContextAndApp } from '../../main.ts';
import { openDatabase } from '../../platform/db/connect.ts';
import { STATUS_LIMIT, statusThrottle, windowOf } from './rules/status-throttle.ts';
import { sweepStatusThrottle } from './service/status.ts';

describe('the status page throttle with two app instances on one database', () => {
  let t: TestApp;
  let second: Awaited<ReturnType<typeof createContextAndApp>>;
  beforeAll(async () => {
    t = await createTestApp({ seedDemo: false });
    const url = (t.ctx.database as { url?: string }).url;
    second = await createContextAndApp({
      // PGlite belongs to one process: the second app shares it (and must not close it).
      database: url
        ? await openDatabase({ databaseUrl: url, poolSize: 5 })
        : { ...t.ctx.database, close: async () => {} },
      seedDemo: false,
      logLevel: 'silent',
    });
  }, 120_000);
  afterAll(async () => {
    await second?.close();
    await t?.close();
  });

  const ask = (instance: 'a' | 'b', ip: string): Promise<LightMyRequestResponse> =>
    (instance === 'a' ? t.app : second.app).inject({ method: 'GET', url: '/api/v1/status', remoteAddress: ip });

  it('refuses an address over the limit on both instances, having counted its requests to either', async () => {
    // One minute's requests, split between the two instances (a load balancer's round robin), 50 at a time, then one
    // more on each. Should the minute turn before those two (the count starts again), it is all done once more from
    // another address: a run takes seconds, so the minute cannot turn twice.
    let onA: LightMyRequestResponse | undefined;
    let onB: LightMyRequestResponse | undefined;
    for (const ip of ['203.0.113.9', '203.0.113.19', '203.0.113.29']) {
      const minute = windowOf(Date.now());
      const codes: number[] = [];
      for (let batch = 0; batch < STATUS_LIMIT.perMinute / 50; batch++) {
        const answers = await Promise.all(Array.from({ length: 50 }, (_, n) => ask(n % 2 === 0 ? 'a' : 'b', ip)));
        codes.push(...answers.map((r) => r.statusCode));
      }
      expect(codes.filter((c) => c !== 200)).toEqual([]);
      onA = await ask('a', ip);
      onB = await ask('b', ip);
      if (windowOf(Date.now()) === minute) break;
    }
    if (!onA || !onB) throw new Error('unreachable: the loop always asks');
    expect(onA.statusCode, onA.body).toBe(429);
    expect(onB.statusCode, onB.body).toBe(429);
    expect(Number(onB.headers['retry-after'])).toBeGreaterThan(0);
    expect(onB.json().detail).toMatch(/Wait a minute/);
    const other = await ask('b', '203.0.113.10');
    expect(other.statusCode).toBe(200);
    expect(other.headers['cache-control']).toBe('public, max-age=30');
  }, 120_000);

  it('keeps one counter row per address and minute, and sweeps the old minutes', async () => {
    await ask('a', '198.51.100.7');
    await ask('b', '198.51.100.7');
    const rows = await t.ctx.database.query<{ hits: number }>(
      `SELECT hits FROM status_request_windows WHERE client_key = $1`,
      ['198.51.100.7'],
    );
    expect(rows.reduce((n, r) => n + Number(r.hits), 0)).toBe(2);
    await sweepStatusThrottle(second.ctx, Date.now() + 10 * 60_000);
    expect(await t.ctx.database.query(`SELECT 1 FROM status_request_windows`)).toEqual([]);
  });

  it('decides from the minute’s count: the limit itself passes, one more waits for the next minute', () => {
    const now = Date.parse('2026-12-02T04:00:10Z');
    expect(statusThrottle(STATUS_LIMIT.perMinute, now)).toEqual({ allowed: true });
    expect(statusThrottle(STATUS_LIMIT.perMinute + 1, now)).toMatchObject({ allowed: false, retryAfterSeconds: 50 });
  });
});
