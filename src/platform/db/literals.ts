// A vocabulary's values written into SQL as literals, so a query names its statuses and kinds through the same typed
// constants as the code (`literals<ActivityKind>(['resolved', 'reopened'])` fails type-checking on a misspelt kind).
import { type SQL, sql } from 'drizzle-orm';

/**
 * Known values as a list of SQL string literals ('resolved','closed'), for IN (...) and = comparisons. Literals, not
 * parameters: the planner sees the same query text as a hand-written one (a partial index's predicate still matches).
 * Only for the code's own constants, never for input.
 */
export function literals<T extends string>(values: readonly T[]): SQL {
  if (values.length === 0) throw new Error('An SQL list needs at least one value.');
  return sql.raw(values.map((v) => `'${v.replaceAll("'", "''")}'`).join(','));
}

/**
 * A whole number written into SQL as a literal, for LIMIT and OFFSET. As a parameter, the planner cannot see a page's
 * size when it plans a prepared statement once for every run (its generic plan), so it planned the queue afresh on
 * every read instead: the joins of a queue page cost more to plan than to run (docs/benchmarks.md, 2026-12-05). Each
 * page size and offset is then a statement of its own, prepared once. Refuses anything but a whole number ≥ 0, so it
 * is safe for a validated page number from a request too.
 */
export function wholeNumber(n: number): SQL {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${n} is not a whole number of rows.`);
  return sql.raw(String(n));
}
