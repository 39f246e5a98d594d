// One viewer's live event stream (SSE), with catch-up and backpressure.
//
// Catch-up: a console that reconnects sends back the id of the last event it received (Last-Event-ID; browsers do
// it by themselves when the server writes `id:` lines). The events after it are read again from the outbox — at most
// REPLAY_WINDOW of them, of every audience — and pass the very same filter as live ones (canReceive), so nothing
// reaches a viewer in a replay that it would not have received live. An id we do not know, or one further back than
// the window, gets a `reset` event instead: the client reloads what it shows, and the stream goes on live.
// Heartbeats carry the id of the last event this stream has passed (sent or filtered out), so a viewer that receives
// few events still reconnects from a recent place.
//
// Backpressure: a live event is never queued for a client whose socket already holds MAX_UNSENT_BYTES unsent: the
// connection is dropped instead, and the browser reconnects and catches up as above. A replay waits for the socket
// to drain between writes.
import type { ServerResponse } from 'node:http';
import type { Queryable } from '../db/connect.ts';
import {
  type CommittedEvent,
  canReceive,
  committedEventsAfter,
  isAfter,
  type OutboxPosition,
  positionOfEvent,
  type Receiver,
} from './outbox.ts';

/** At most this many outbox events (of every audience) are replayed to a reconnecting stream; further back: reset. */
export const REPLAY_WINDOW = 1000;
/** Bytes a stream may have waiting in its socket before a live event drops the connection. */
export const MAX_UNSENT_BYTES = 256 * 1024;
const EVENT_ID = /^\d{1,19}$/;

export class ViewerStream {
  /** Every event at or before this place has been sent to the viewer or filtered out. */
  private floor: OutboxPosition = { txid: '0', id: '0' };
  /** Live events that arrive while the stream catches up; null once live. */
  private pending: CommittedEvent[] | null = [];
  private closed = false;
  private wakeDrain: (() => void) | undefined;

  constructor(
    private readonly res: ServerResponse,
    private readonly receiver: Receiver,
    private readonly onDrop: (reason: string) => void = () => {},
  ) {
    res.on('drain', () => this.wakeDrain?.());
  }

  /** A live event from the dispatcher (subscribe before start(), so that none is missed while catching up). */
  push(event: CommittedEvent): void {
    if (this.closed) return;
    if (this.pending) {
      if (this.pending.length >= REPLAY_WINDOW) this.drop('too many live events while catching up');
      else this.pending.push(event);
      return;
    }
    if (this.res.writableLength > MAX_UNSENT_BYTES) {
      this.drop('the client reads too slowly');
      return;
    }
    this.deliver(event);
  }

  /**
   * Catches up from the viewer's Last-Event-ID (if it sent one), then goes live. `live` is the dispatcher's position
   * when this stream subscribed: every later event reaches push().
   */
  async start(db: Queryable, lastEventId: string | undefined, live: OutboxPosition): Promise<void> {
    this.floor = live;
    if (lastEventId !== undefined) {
      const from = EVENT_ID.test(lastEventId.trim()) ? await positionOfEvent(db, lastEventId.trim()) : null;
      const missed = from ? await committedEventsAfter(db, from, REPLAY_WINDOW + 1) : [];
      if (this.closed) return;
      if (!from || missed.length > REPLAY_WINDOW) {
        this.write(`${live.id === '0' ? '' : `id: ${live.id}\n`}event: reset\ndata: {}\n\n`);
      } else {
        this.floor = from;
        for (const event of missed) {
          if (!this.deliver(event)) await this.drained();
          if (this.closed) return;
        }
      }
    }
    const pending = this.pending ?? [];
    this.pending = null;
    for (const event of pending) this.deliver(event);
  }

  /** A comment that keeps proxies from closing an idle stream, and the viewer's place in the outbox. */
  heartbeat(): void {
    if (this.closed) return;
    if (this.res.writableLength > MAX_UNSENT_BYTES) {
      this.drop('the client reads too slowly');
      return;
    }
    const place = this.pending || this.floor.id === '0' ? '' : `id: ${this.floor.id}\n`;
    this.write(`: keep-alive\n${place}\n`);
  }

  close(): void {
    this.closed = true;
    this.wakeDrain?.();
  }

  /** Sends the event if the viewer may receive it; false when the socket wants to drain first. */
  private deliver(event: CommittedEvent): boolean {
    const at = { txid: event.txid, id: String(event.id) };
    if (!isAfter(at, this.floor)) return true; // already sent in the replay, or the viewer had it
    this.floor = at;
    if (!canReceive(event.audience, this.receiver)) return true;
    return this.write(messageOf(event));
  }

  private write(text: string): boolean {
    return this.closed ? true : this.res.write(text);
  }

  private drained(): Promise<void> {
    return new Promise((resolve) => {
      this.wakeDrain = () => {
        this.wakeDrain = undefined;
        resolve();
      };
    });
  }

  private drop(reason: string): void {
    if (this.closed) return;
    this.onDrop(reason);
    this.close();
    this.res.destroy();
  }
}

// The dispatcher hands every stream the same event object, and what a stream sends of it is the same for every viewer
// allowed it (the audience decides who, never what): each event is written out once, not once per open console.
const messages = new WeakMap<CommittedEvent, string>();

function messageOf(event: CommittedEvent): string {
  let message = messages.get(event);
  if (message === undefined) {
    const { audience: _a, txid: _t, ...visible } = event;
    message = `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(visible)}\n\n`;
    messages.set(event, message);
  }
  return message;
}
