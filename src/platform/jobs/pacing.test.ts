// Background drains yield to requests (pacing-rules.ts, pacing.ts): the rule on its own, then real drains with real
// timers, once on an idle instance and once while requests keep arriving.
import { setTimeout as sleep } from 'node:timers/promises';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/app.ts';
import { drainPaced, RequestActivity } from './pacing.ts';
import { BUSY_SHARE, MAX_REST_MS, restAfter } from './pacing-rules.ts';

describe('restAfter', () => {
  it('never rests an idle instance', () => {
    fc.assert(fc.property(fc.double({ min: 0, max: 1e6, noNaN: true }), (ms) => restAfter(ms, false) === 0));
  });

  it('keeps a drain to its share of a busy instance, and never rests longer than the cap', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 1e6, noNaN: true }), (ms) => {
        const rest = restAfter(ms, true);
        expect(rest).toBeLessThanOrEqual(MAX_REST_MS);
        if (rest < MAX_REST_MS) expect(ms / (ms + rest)).toBeLessThanOrEqual(BUSY_SHARE + 1e-9);
      }),
    );
  });

  it('rests three times a batch at a quarter share', () => {
    expect(restAfter(100, true)).toBe(300);
    expect(restAfter(0, true)).toBe(0);
    expect(restAfter(Number.NaN, true)).toBe(0);
  });
});

describe('drainPaced', () => {
  // Each batch takes ~20 ms of "work" and reports 1 item, until `items` are done.
  const batches = (items: number) => {
    let left = items;
    let count = 0;
    return {
      batch: async () => {
        if (left === 0) return 0;
        await sleep(20);
        left--;
        count++;
        return 1;
      },
      count: () => count,
    };
  };

  it('runs batch after batch without rest on an idle instance', async () => {
    const work = batches(10);
    const started = performance.now();
    const handled = await drainPaced(
      new RequestActivity(),
      new AbortController().signal,
      { maxBatches: 20, budgetMs: 5_000 },
      work.batch,
    );
    expect(handled).toBe(10);
    expect(performance.now() - started).toBeLessThan(20 * 10 * 3);
  });

  it('rests between batches while requests arrive, and ends the run at its budget', async () => {
    const activity = new RequestActivity();
    const requests = setInterval(() => activity.count(), 2);
    try {
      const work = batches(100);
      const started = performance.now();
      const handled = await drainPaced(
        activity,
        new AbortController().signal,
        { maxBatches: 20, budgetMs: 1_000 },
        work.batch,
      );
      const elapsed = performance.now() - started;
      // Each batch of ≥20 ms is followed by ≥60 ms of rest: at most ~1,000 / 80 batches fit in the budget.
      expect(handled).toBeGreaterThan(0);
      expect(handled).toBeLessThanOrEqual(13);
      expect(elapsed).toBeLessThanOrEqual(1_000 + 200);
      expect(work.count()).toBe(handled);
    } finally {
      clearInterval(requests);
    }
  });

  it('stops resting at once when the server stops', async () => {
    const activity = new RequestActivity();
    const requests = setInterval(() => activity.count(), 2);
    const stopping = new AbortController();
    try {
      const work = batches(100);
      setTimeout(() => stopping.abort(), 50);
      const started = performance.now();
      await drainPaced(activity, stopping.signal, { maxBatches: 20, budgetMs: 10_000 }, work.batch);
      expect(performance.now() - started).toBeLessThan(500);
    } finally {
      clearInterval(requests);
    }
  });
});

describe('the requests a drain yields to', () => {
  it('are the ones someone waits on: an API call or a page, not a health check or the metrics scrape', async () => {
    const t = await createTestApp({ seedDemo: false });
    try {
      let mark = t.ctx.requests.mark();
      for (const url of ['/api/health', '/api/ready', '/metrics']) await t.anonymous.get(url);
      expect(t.ctx.requests.since(mark)).toBe(false);
      await t.anonymous.get('/api/v1/auth/me');
      expect(t.ctx.requests.since(mark)).toBe(true);
      mark = t.ctx.requests.mark();
      await t.anonymous.get('/console');
      expect(t.ctx.requests.since(mark)).toBe(true);
    } finally {
      await t.close();
    }
  });
});
