// A change committed while a page's first fetch is on its way back must still reach the page.
import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { afterEach, describe, expect, it } from 'vitest';
import { refetchFromNow } from './refetch.ts';

/** A server whose answer is read when a request arrives and sent when the test releases it. */
function slowServer(initial: string) {
  let value = initial;
  const waiting: (() => void)[] = [];
  let reads = 0;
  return {
    set: (next: string) => {
      value = next;
    },
    get reads() {
      return reads;
    },
    release: () => {
      for (const send of waiting.splice(0)) send();
    },
    fetch: () => {
      reads++;
      const read = value;
      return new Promise<string>((resolve) => waiting.push(() => resolve(read)));
    },
  };
}

const clients: QueryClient[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.clear();
});

/** A query shown on the page (an observer subscribed), its first fetch sent and its read done. */
function shownQuery(server: ReturnType<typeof slowServer>) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  clients.push(client);
  const observer = new QueryObserver(client, { queryKey: ['banners'], queryFn: server.fetch });
  const unsubscribe = observer.subscribe(() => {});
  return { client, observer, unsubscribe };
}

async function settle(client: QueryClient, key: string[], server: ReturnType<typeof slowServer>) {
  for (let i = 0; i < 20 && client.isFetching({ queryKey: key }) > 0; i++) {
    server.release();
    await new Promise((r) => setTimeout(r, 0));
  }
}

describe('refetching after a live event', () => {
  it('shows a change committed while the first fetch was on its way back', async () => {
    const server = slowServer('no banner');
    const { client, unsubscribe } = shownQuery(server);
    expect(server.reads).toBe(1);
    server.set('EHR unavailable'); // declared after the first read, before its answer arrived
    const refreshed = refetchFromNow(client, ['banners']);
    await settle(client, ['banners'], server);
    await refreshed;
    expect(client.getQueryData(['banners'])).toBe('EHR unavailable');
    expect(server.reads).toBe(2);
    unsubscribe();
  });

  it('needs this: invalidateQueries alone joins that first fetch and keeps the old answer', async () => {
    const server = slowServer('no banner');
    const { client, unsubscribe } = shownQuery(server);
    server.set('EHR unavailable');
    const invalidated = client.invalidateQueries({ queryKey: ['banners'] });
    await settle(client, ['banners'], server);
    await invalidated;
    expect(client.getQueryData(['banners'])).toBe('no banner');
    expect(server.reads).toBe(1);
    unsubscribe();
  });

  it('restarts a refetch in flight of a query that has data, once', async () => {
    const server = slowServer('v1');
    const { client, observer, unsubscribe } = shownQuery(server);
    await settle(client, ['banners'], server);
    expect(client.getQueryData(['banners'])).toBe('v1');
    void observer.refetch();
    server.set('v2');
    const refreshed = refetchFromNow(client, ['banners']);
    await settle(client, ['banners'], server);
    await refreshed;
    expect(client.getQueryData(['banners'])).toBe('v2');
    expect(server.reads).toBe(3);
    unsubscribe();
  });

  it('leaves a first fetch that someone awaits to finish with its answer, not cancelled', async () => {
    const server = slowServer('ticket');
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    clients.push(client);
    const awaited = client.fetchQuery({ queryKey: ['ticket', '1'], queryFn: server.fetch });
    const refreshed = refetchFromNow(client, ['ticket']);
    await settle(client, ['ticket'], server);
    await expect(awaited).resolves.toBe('ticket');
    await refreshed;
  });
});
