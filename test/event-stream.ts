// Reads the live event stream (SSE) as a signed-in person, over a real socket: what a browser tab would receive.
import { expect } from 'vitest';

export type EventStream = { read(): string; stop(): Promise<void> };

/** Opens /api/v1/events with the session cookie and keeps everything received; stop() closes it. */
export async function openEventStream(address: string, cookie: string): Promise<EventStream> {
  const ac = new AbortController();
  const res = await fetch(`${address}/api/v1/events`, {
    headers: { cookie: `clinidesk_session=${cookie}` },
    signal: ac.signal,
  });
  expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
  const reader = res.body!.getReader();
  let text = '';
  const pump = (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      text += new TextDecoder().decode(value);
    }
  })();
  return {
    read: () => text,
    stop: async () => {
      ac.abort();
      await pump;
    },
  };
}
