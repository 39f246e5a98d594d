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
