// Refetching what a change made stale, from a read that starts after the change.
//
// TanStack Query's invalidateQueries restarts a fetch in flight only when the query already has data; a query's
// first fetch still in flight is joined instead (FetchOptions.cancelRefetch: "Otherwise, the in-flight fetch is
// reused"). A page's first fetches go out as it loads, before its live stream is connected: a change committed while
// such a fetch was on its way back (its read already done) would be joined, and stay off the page until the next
// poll. That is how a downtime declared as an agent's console opened stayed off its banner.
import type { QueryClient, QueryKey } from '@tanstack/react-query';

/**
 * Refetches the queries under `queryKey` so that each one shown reads after this call: those already holding data
 * are refetched (a fetch in flight restarted), and a first fetch in flight is let finish and then fetched again.
 * Nothing is cancelled, so a caller awaiting that first fetch (fetchQuery) still gets its answer.
 */
export async function refetchFromNow(queryClient: QueryClient, queryKey: QueryKey): Promise<void> {
  const joined = new Set(
    queryClient
      .getQueryCache()
      .findAll({ queryKey, predicate: (q) => q.state.data === undefined && q.state.fetchStatus === 'fetching' }),
  );
  await queryClient.invalidateQueries({ queryKey });
  if (joined.size) await queryClient.invalidateQueries({ queryKey, predicate: (q) => joined.has(q) });
}
