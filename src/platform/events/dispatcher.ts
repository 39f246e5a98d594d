// Tails the outbox and hands committed events, in commit-safe order, to this process's subscribers
// (the SSE streams, and later the jobs). Every instance tails the same table, so all instances see every event.
//
// Order and completeness: a reader takes only events whose writing transaction is older than the oldest
// transaction still running that may write events (quiet ones, such as the report-facts refresh, are left out:
// outbox.ts), so an event committed late by a slow transaction is never skipped.
//
// A NOTIFY whose event that rule still holds back (an older writer was running as it committed) is looked at again
// soon, 50 ms and doubling, not only at the next poll: the older writer may end without an event, and so without a
// NOTIFY of its own to wake the readers.
import type { Database } from '../db/connect.ts';
import {
  type CommittedEvent,
  committedEventsAfter,
  EVENTS_CHANNEL,
  newestCommittedPosition,
  type OutboxPosition,
} from './outbox.ts';

/** Called with each committed event, in order; the event carries its transaction id (its place in the outbox). */
export type Subscriber = (event: CommittedEvent) => void;

/** The first look again after a NOTIFY that delivered nothing; doubled each time, up to the poll's interval. */
const HELD_BACK_RETRY_MS = 50;

export class EventDispatcher {
  private last: OutboxPosition = { txid: '0', id: '0' };
  private retryMs = HELD_BACK_RETRY_MS;
  private retryTimer: NodeJS.Timeout | undefined;
  private subscribers = new Set<Subscriber>();
  private timer: NodeJS.Timeout | undefined;
  private unlisten: (() => Promise<void>) | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    private readonly database: Database,
    private readonly pollMs: number,
    private readonly onError: (err: unknown) => void = () => {},
  ) {}

  async start(): Promise<void> {
    const newest = await newestCommittedPosition(this.database.db);
    if (newest) this.last = newest;
    this.unlisten = await this.database.listen(EVENTS_CHANNEL, () => this.notified());
    this.timer = setInterval(() => this.poke(), this.pollMs);
    this.timer.unref();
  }

  /** The last event handed to the subscribers (or, before any, the newest committed one at start). */
  get position(): OutboxPosition {
    return this.last;
  }

  /** How many subscribers (open event streams) this process has. */
  get subscriberCount(): number {
    return this.subscribers.size;
  }

  subscribe(fn: Subscriber): () => void {
    this.subscribers.add(fn);
    return () => this.subscribers.delete(fn);
  }

  /** On NOTIFY: reads the new events, and if none could be handed out yet, looks again soon (see the top). */
  private notified(): void {
    const before = this.last;
    void this.poke().then(() => {
      if (this.stopped || this.last !== before || this.retryTimer || this.retryMs > this.pollMs) return;
      this.retryTimer = setTimeout(() => {
        this.retryTimer = undefined;
        this.retryMs *= 2;
        this.notified();
      }, this.retryMs);
      this.retryTimer.unref();
    });
  }

  /** Reads new events now (also called on NOTIFY and by the timer). Resolves when caught up. */
  poke(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.drain()
      .catch(this.onError)
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          void this.poke();
        }
      });
    return this.running;
  }

  private async drain(): Promise<void> {
    for (;;) {
      const rows = await committedEventsAfter(this.database.db, this.last, 500);
      if (rows.length) this.retryMs = HELD_BACK_RETRY_MS;
      for (const event of rows) {
        this.last = { txid: event.txid, id: String(event.id) };
        for (const fn of this.subscribers) {
          try {
            fn(event);
          } catch (err) {
            this.onError(err);
          }
        }
      }
      if (rows.length < 500) return;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.running;
    await this.unlisten?.().catch(() => {});
  }
}
