// Background drains yield to requests (pacing-rules.ts, pacing.ts): the rule on its own, then real drains with real
// timers, once on an idle instance and once while requests keep arriving.
import { setTimeout as sleep } from 'node:timers/promises';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
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

  it('rests nine times a batch at a tenth share', () => {
    expect(restAfter(100, true)).toBe(900);
    expect(restAfter(500, true)).toBe(MAX_REST_MS);
    expect(restAfter(0, true)).toBe(0);
    expect(restAfter(Number.NaN, true)).toBe(0);
  });
});

describe('drainPaced', () => {
  // Each batch takes ~20 ms of "work" and reports 1 item, until `items` are done. It records when each batch began and
  // ended, so the tests measure the drain's rests (the gaps between batches) rather than a wall time that a loaded
  // machine's timers stretch.
  const batches = (items: number) => {
    let left = items;
    const spans: { start: number; end: number }[] = [];
    return {
      batch: async () => {
        if (left === 0) return 0;
        const start = performance.now();
        await sleep(20);
        left--;
        spans.push({ start, end: performance.now() });
        return 1;
      },
      count: () => spans.length,
      /** The time between one batch's end and the next one's start, summed. */
      rested: () => spans.slice(1).reduce((sum, span, i) => sum + (span.start - (spans[i]?.end ?? span.start)), 0),
      spans,
    };
  };

  it('runs batch after batch without rest on an idle instance', async () => {
    const work = batches(10);
    const started = performance.now();
    const handled = await drainPaced(new RequestActivity(), new AbortController().signal, work.batch, {
      maxBatches: 20,
      budgetMs: 5_000,
    });
    expect(handled).toBe(10);
    // Nine gaps; each rest would have been ≥180 ms (nine times a 20 ms batch).
    expect(work.rested()).toBeLessThan(180);
    expect(performance.now() - started).toBeGreaterThanOrEqual(20 * 10 - 5);
  });

  it('rests between batches while requests are in flight, and ends the run at its budget', async () => {
    const activity = new RequestActivity();
    const request = activity.begin();
    try {
      const work = batches(100);
      const started = performance.now();
      const handled = await drainPaced(activity, new AbortController().signal, work.batch, {
        maxBatches: 20,
        budgetMs: 1_000,
      });
      // Each batch of ~20 ms is followed by nine times as long a rest, and every rest ends within the budget. A 20 ms
      // timer may fire ~1 ms early, so a batch and its rest take ≥190 ms: the 6th batch may still start (at ≥950 ms),
      // a 7th may not (a run on a loaded machine saw 6 against a bound of 5 that assumed whole 20 ms batches).
      expect(handled).toBeGreaterThan(0);
      expect(handled).toBeLessThanOrEqual(6);
      expect(work.count()).toBe(handled);
      // What the drain decided, read from the batches it ran (not from when a loaded machine's timers woke it): after
      // each batch but the last it rested at least the rule's rest, and every rest was planned to end within the
      // budget; after the last, one more rest would have carried the run past it (the run had batches and items left).
      const planned = (span: { start: number; end: number }) => span.end + restAfter(span.end - span.start, true);
      // The drain reads its clock a moment after the batch's own end, and a timer may fire ~1 ms early.
      const tolerance = 2;
      for (const [i, span] of work.spans.slice(0, -1).entries()) {
        const next = work.spans[i + 1];
        expect(next?.start ?? 0).toBeGreaterThanOrEqual(planned(span) - tolerance);
        expect(planned(span) - started).toBeLessThanOrEqual(1_000 + tolerance);
      }
      const last = work.spans[work.spans.length - 1];
      expect(last && planned(last) - started).toBeGreaterThan(1_000 - tolerance);
    } finally {
      request();
    }
    // The request over, the rest of the work goes without rests.
    const work = batches(10);
    expect(await drainPaced(activity, new AbortController().signal, work.batch, { maxBatches: 20 })).toBe(10);
    expect(work.rested()).toBeLessThan(180);
  });

  it('stops resting at once when the server stops', async () => {
    const activity = new RequestActivity();
    const request = activity.begin();
    const stopping = new AbortController();
    try {
      const work = batches(100);
      setTimeout(() => stopping.abort(), 50);
      const started = performance.now();
      await drainPaced(activity, stopping.signal, work.batch, { maxBatches: 20, budgetMs: 10_000 });
      expect(performance.now() - started).toBeLessThan(500);
    } finally {
      request();
    }
  });
});

describe('the requests a drain yields to', () => {
  it('are the ones someone waits on (an API call, a page), not health checks or the metrics scrape; none is left counted', async () => {
    const t = await createTestApp({ seedDemo: false });
    try {
      const begin = vi.spyOn(t.ctx.requests, 'begin');
      for (const url of ['/api/health', '/api/ready', '/metrics']) await t.anonymous.get(url);
      expect(begin).not.toHaveBeenCalled();
      await t.anonymous.get('/api/v1/auth/me');
      await t.anonymous.get('/console');
      await t.anonymous.post('/api/v1/tickets', { nonsense: true });
      expect(begin).toHaveBeenCalledTimes(3);
      expect(t.ctx.requests.busy()).toBe(false);
    } finally {
      await t.close();
    }
  });
});
