// Background drains yield to the people using the instance (pacing-rules.ts says how much). "Busy" is this
// instance's requests in flight (buildApp counts them; health checks and live streams aside): each instance paces its
// own background work by its own load, so nothing here needs sharing between instances.
import { setTimeout as sleep } from 'node:timers/promises';
import { restAfter } from './pacing-rules.ts';

/** Requests in flight on this instance, counted by buildApp. */
export class RequestActivity {
  private inFlight = 0;
  /** A request someone waits on has begun; call the returned function once when it is over (answered or dropped). */
  begin(): () => void {
    this.inFlight++;
    let over = false;
    return () => {
      if (over) return;
      over = true;
      this.inFlight--;
    };
  }
  busy(): boolean {
    return this.inFlight > 0;
  }
}

/** A paced run ends rather than rest past this (its job's next run goes on): under the runner's 1 s "took long". */
export const RUN_BUDGET_MS = 800;
/** Batches a run takes at most: the job's next run goes on from there. */
const MAX_BATCHES = 20;

/**
 * Runs `batch` until it reports nothing left (0), `maxBatches` (20 unless given) have run, `signal` is aborted or a rest
 * would carry the run past `budgetMs` (RUN_BUDGET_MS unless given), resting between batches while requests arrive.
 * Returns how many items the batches handled.
 */
export async function drainPaced(
  activity: RequestActivity,
  signal: AbortSignal,
  batch: () => Promise<number>,
  limits: { maxBatches?: number; budgetMs?: number } = {},
): Promise<number> {
  const runStarted = performance.now();
  let handled = 0;
  for (let i = 0; i < (limits.maxBatches ?? MAX_BATCHES) && !signal.aborted; i++) {
    const startedAt = performance.now();
    const n = await batch();
    handled += n;
    if (n === 0) break;
    const now = performance.now();
    const rest = restAfter(now - startedAt, activity.busy());
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
