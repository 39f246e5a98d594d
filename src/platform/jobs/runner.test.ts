// The job runner's stop: the database is closed after it, so it must wait for runs under way and tell them to stop.
import { describe, expect, it, vi } from 'vitest';
import type { AppContext } from '../context.ts';
import { startJobs } from './runner.ts';

const quietCtx = () =>
  ({ log: { error: vi.fn(), warn: vi.fn() } }) as unknown as AppContext & {
    log: { error: ReturnType<typeof vi.fn>; warn: ReturnType<typeof vi.fn> };
  };

describe('startJobs', () => {
  it('waits for a run under way when stopped, aborts its signal, and logs nothing for the abort', async () => {
    vi.useFakeTimers();
    try {
      const ctx = quietCtx();
      let finished = false;
      let seen: AbortSignal | undefined;
      let release!: () => void;
      const gate = new Promise<void>((r) => {
        release = r;
      });
      const stop = startJobs(ctx, [
        {
          name: 'steps',
          everyMs: 1_000,
          run: async (_ctx, signal) => {
            seen = signal;
            await gate;
            signal.throwIfAborted(); // the next step would not start
            finished = true;
          },
        },
      ]);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(seen?.aborted).toBe(false);
      let stopped = false;
      const stopping = stop().then(() => {
        stopped = true;
      });
      await vi.advanceTimersByTimeAsync(0);
      expect(seen?.aborted).toBe(true);
      expect(stopped).toBe(false); // still waiting for the step under way
      release();
      await stopping;
      expect(stopped).toBe(true);
      expect(finished).toBe(false);
      expect(ctx.log.error).not.toHaveBeenCalled();
    } finally {
      vi.useRealTimers();
    }
  });

  it('logs a job that fails while running, and does not stack a slow run', async () => {
    vi.useFakeTimers();
    try {
      const ctx = quietCtx();
      let runs = 0;
      let release!: () => void;
      const stop = startJobs(ctx, [
        {
          name: 'slow',
          everyMs: 1_000,
          run: async () => {
            runs++;
            await new Promise<void>((r) => {
              release = r;
            });
            throw new Error('the step failed');
          },
        },
      ]);
      await vi.advanceTimersByTimeAsync(3_000);
      expect(runs).toBe(1);
      release();
      await vi.advanceTimersByTimeAsync(0);
      expect(ctx.log.error).toHaveBeenCalledTimes(1);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(runs).toBe(2);
      release();
      await stop();
    } finally {
      vi.useRealTimers();
    }
  });
});
