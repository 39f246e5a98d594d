// The signed-in session as server state: one query everyone reads, set on sign-in, cleared on sign-out.
import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SessionView } from '../../../src/platform/auth/schemas.ts';
import { fetchSession } from '../api/auth.ts';

export const sessionQuery = queryOptions({
  queryKey: ['session'],
  queryFn: fetchSession,
  staleTime: 60_000,
  retry: false,
});

/** The current session; null for the moment between losing a session and the router sending the person to sign in. */
export function useSession(): SessionView | null {
  return useQuery(sessionQuery).data ?? null;
}

export function useSessionCache() {
  const queryClient = useQueryClient();
  return {
    signedIn(session: SessionView) {
      queryClient.setQueryData(sessionQuery.queryKey, session);
    },
    signedOut() {
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'session' });
      queryClient.setQueryData(sessionQuery.queryKey, null);
    },
  };
}
