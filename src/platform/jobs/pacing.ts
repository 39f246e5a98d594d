// Background drains yield to the people using the instance (pacing-rules.ts says how much). What "busy" means is the
// count of requests this instance has started (buildApp counts them; health checks and live streams aside): each
// instance paces its own background work by its own load, so nothing here needs sharing between instances.
import { setTimeout as sleep } from 'node:timers/promises';
import { restAfter } from './pacing-rules.ts';

/** Requests started on this instance, counted by buildApp. */
export class RequestActivity {
  private started = 0;
  /** Called once per request that a person (or a client system) is waiting on. */
  count(): void {
    this.started++;
  }
  /** A mark to compare with later: were there requests since? */
  mark(): number {
    return this.started;
  }
  since(mark: number): boolean {
    return this.started !== mark;
  }
}

/** A paced run ends rather than rest past this (its job's next run goes on): under the runner's 1 s "took long". */
export const RUN_BUDGET_MS = 800;

/**
 * Runs `batch` until it reports nothing left (0), `maxBatches` have run, `signal` is aborted or a rest would carry the
 * run past `budgetMs` (RUN_BUDGET_MS unless given), resting between batches while requests arrive. Returns how many
 * items the batches handled.
 */
export async function drainPaced(
  activity: RequestActivity,
  signal: AbortSignal,
  limits: { maxBatches: number; budgetMs?: number },
  batch: () => Promise<number>,
): Promise<number> {
  const runStarted = performance.now();
  let handled = 0;
  for (let i = 0; i < limits.maxBatches && !signal.aborted; i++) {
    const mark = activity.mark();
    const startedAt = performance.now();
    const n = await batch();
    handled += n;
    if (n === 0) break;
    const now = performance.now();
    const rest = restAfter(now - startedAt, activity.since(mark));
    if (rest === 0) continue;
    if (now - runStarted + rest > (limits.budgetMs ?? RUN_BUDGET_MS)) break;
    try {
      await sleep(rest, undefined, { signal });
    } catch {
      break; // stopping
    }
  }
  return handled;
}
