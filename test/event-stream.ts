// Reads the live event stream (SSE) as a signed-in person, over a real socket: what a browser tab would receive.
import { expect } from 'vitest';

export type EventStream = { read(): string; stop(): Promise<void> };

export type StreamedEvent = { id: string | undefined; type: string; data: string };

/** The events in a stream's text, in order (comments and id-only heartbeats left out). */
export function eventsIn(text: string): StreamedEvent[] {
  const events: StreamedEvent[] = [];
  for (const block of text.split('\n\n')) {
    const field = (name: string) =>
      block
        .split('\n')
        .find((line) => line.startsWith(`${name}: `))
        ?.slice(name.length + 2);
    const type = field('event');
    if (type) events.push({ id: field('id'), type, data: field('data') ?? '' });
  }
  return events;
}

/**
 * Opens /api/v1/events with the session cookie and keeps everything received; stop() closes it. With `lastEventId`,
 * it reconnects as a browser does after a drop (Last-Event-ID header).
 */
export async function openEventStream(address: string, cookie: string, lastEventId?: string): Promise<EventStream> {
  const ac = new AbortController();
  const res = await fetch(`${address}/api/v1/events`, {
    headers: {
      cookie: `clinidesk_session=${cookie}`,
      ...(lastEventId === undefined ? {} : { 'last-event-id': lastEventId }),
    },
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
