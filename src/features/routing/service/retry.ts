// Routing transactions lock rows on two tables; under load two instances may deadlock (PostgreSQL aborts one) or
// race on a unique key. Such a transaction is simply run again, a few times, before the 409 reaches the caller.
import { isPgError, PG } from '../../../platform/db/errors.ts';

const RETRYABLE = [PG.deadlockDetected, PG.serializationFailure, PG.uniqueViolation] as const;

export async function withRetry<T>(work: () => Promise<T>, attempts = 4): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await work();
    } catch (err) {
      if (i >= attempts || !isPgError(err, ...RETRYABLE)) throw err;
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * i));
    }
  }
}
