import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { onPostgres } from '../../../test/db.ts';
import { openEventStream } from '../../../test/event-stream.ts';
import { openDatabase } from '../db/connect.ts';
import { EventDispatcher } from './dispatcher.ts';
import { appendEvent, declareWritesNoEvents, type StoredEvent } from './outbox.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

function collect(dispatcher: EventDispatcher) {
  const seen: StoredEvent[] = [];
  dispatcher.subscribe((e) => seen.push(e));
  return seen;
}

const event = (subjectId: string) => ({
  type: 'test.happened',
  subjectType: 'test',
  subjectId,
  audience: { roles: ['agent' as const] },
});

describe('outbox and dispatcher', () => {
  it('delivers committed events in order and never those of a rolled-back transaction', async () => {
    const seen = collect(t.ctx.events);
    await t.ctx.database.db.transaction(async (tx) => {
      await appendEvent(tx, event('a'));
      await appendEvent(tx, event('b'));
    });
    await t.ctx.database.db
      .transaction(async (tx) => {
        await appendEvent(tx, event('rolled-back'));
        throw new Error('abort');
      })
      .catch(() => {});
    await t.ctx.database.db.transaction((tx) => appendEvent(tx, event('c')));
    await t.ctx.events.poke();
    const ids = seen.filter((e) => e.type === 'test.happened').map((e) => e.subjectId);
    expect(ids).toEqual(['a', 'b', 'c']);
  });

  it('streams events over SSE only to users in the audience', async () => {
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const agent = await t.signIn('agent');
    const nurse = await t.signIn('nurse');
    const agentStream = await openEventStream(address, agent.cookie!);
    const nurseStream = await openEventStream(address, nurse.cookie!);
    await t.ctx.database.db.transaction((tx) => appendEvent(tx, event('for-agents')));
    await t.ctx.events.poke();
    await expect.poll(() => agentStream.read(), { timeout: 5000 }).toContain('for-agents');
    expect(agentStream.read()).toContain('event: test.happened');
    expect(agentStream.read()).not.toContain('audience');
    expect(nurseStream.read()).not.toContain('for-agents');
    await agentStream.stop();
    await nurseStream.stop();
  });

  it('refuses the event stream to anonymous callers', async () => {
    expect((await t.anonymous.get('/api/v1/events')).statusCode).toBe(401);
  });

  it.runIf(onPostgres)('fans events out to a second app instance on the same PostgreSQL server', async () => {
    const url = (t.ctx.database as { url?: string }).url!;
    const other = await openDatabase({ databaseUrl: url, poolSize: 2 });
    const second = new EventDispatcher(other, 60_000);
    await second.start();
    const seen = collect(second);
    await t.ctx.database.db.transaction((tx) => appendEvent(tx, event('cross-instance')));
    // Delivered by LISTEN/NOTIFY, not by the (one-minute) poll.
    await expect.poll(() => seen.map((e) => e.subjectId), { timeout: 5000 }).toContain('cross-instance');
    await second.stop();
    await other.close();
  });

  it.runIf(onPostgres)('does not skip an event whose transaction commits after a later one', async () => {
    const url = (t.ctx.database as { url?: string }).url!;
    const slow = await openDatabase({ databaseUrl: url, poolSize: 1 });
    const seen = collect(t.ctx.events);
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    let written!: () => void;
    const inserted = new Promise<void>((r) => {
      written = r;
    });
    const slowTx = slow.db.transaction(async (tx) => {
      await appendEvent(tx, event('slow-first'));
      written();
      await held;
    });
    // The slow transaction has written its row (uncommitted) before the fast one starts.
    await inserted;
    await t.ctx.database.db.transaction((tx) => appendEvent(tx, event('fast-second')));
    await t.ctx.events.poke();
    release();
    await slowTx;
    await t.ctx.events.poke();
    await expect
      .poll(() => seen.map((e) => e.subjectId), { timeout: 5000 })
      .toEqual(expect.arrayContaining(['slow-first', 'fast-second']));
    await slow.close();
  });
});

/** A transaction on a connection of its own, held open (with a transaction id) until released. */
async function holdTransaction(url: string, opts: { quiet: boolean }) {
  const other = await openDatabase({ databaseUrl: url, poolSize: 1 });
  let release!: (lastEvent?: string) => void;
  const released = new Promise<string | undefined>((r) => {
    release = r;
  });
  let began!: () => void;
  const begun = new Promise<void>((r) => {
    began = r;
  });
  const done = other.db.transaction(async (tx) => {
    if (opts.quiet) await declareWritesNoEvents(tx);
    await tx.execute(sql`SELECT pg_current_xact_id()`); // it has a transaction id now, as a writer does
    began();
    const last = await released;
    if (last) await appendEvent(tx, event(last));
  });
  await begun;
  return {
    async end(lastEvent?: string) {
      release(lastEvent);
      await done;
      await other.close();
    },
  };
}

describe('long transactions and live events', () => {
  it.runIf(onPostgres)('does not hold live events back behind a long transaction that writes no events', async () => {
    // The report-facts refresh is such a transaction: seconds long, a minute after a seed on a busy machine, and
    // every ticket event written meanwhile reached the consoles only when it ended.
    const seen = collect(t.ctx.events);
    const quiet = await holdTransaction((t.ctx.database as { url?: string }).url!, { quiet: true });
    try {
      await t.ctx.database.db.transaction((tx) => appendEvent(tx, event('during-quiet')));
      await t.ctx.events.poke();
      await expect.poll(() => seen.map((e) => e.subjectId), { timeout: 3000 }).toContain('during-quiet');
    } finally {
      await quiet.end();
    }
  });

  it.runIf(onPostgres)('still waits for a long transaction that may write events, and skips none of them', async () => {
    const seen = collect(t.ctx.events);
    const slow = await holdTransaction((t.ctx.database as { url?: string }).url!, { quiet: false });
    let ended = false;
    try {
      await t.ctx.database.db.transaction((tx) => appendEvent(tx, event('after-slow-began')));
      await t.ctx.events.poke();
      await new Promise((r) => setTimeout(r, 300));
      await t.ctx.events.poke();
      // Handing it out now would move the dispatcher past the slow transaction's id: its event would be skipped.
      expect(seen.map((e) => e.subjectId)).not.toContain('after-slow-began');
      await slow.end('slow-committed-last');
      ended = true;
      await t.ctx.events.poke();
      await expect
        .poll(() => seen.map((e) => e.subjectId), { timeout: 5000 })
        .toEqual(expect.arrayContaining(['slow-committed-last', 'after-slow-began']));
      const order = seen.map((e) => e.subjectId);
      expect(order.indexOf('slow-committed-last')).toBeLessThan(order.indexOf('after-slow-began'));
    } finally {
      if (!ended) await slow.end();
    }
  });

  it('refuses an event in a transaction that declared it writes none', async () => {
    const err = await t.ctx.database.db
      .transaction(async (tx) => {
        await declareWritesNoEvents(tx);
        await appendEvent(tx, event('not-allowed'));
      })
      .then(
        () => null,
        (e: Error & { cause?: Error }) => e,
      );
    // The database's own refusal (the trigger of migration 0042), under the driver's "Failed query" wrapper.
    expect(err?.cause?.message ?? err?.message).toMatch(/declared that it writes no events/);
  });

  it('refuses the declaration once the transaction has written', async () => {
    await expect(
      t.ctx.database.db.transaction(async (tx) => {
        await appendEvent(tx, event('written-first'));
        await declareWritesNoEvents(tx);
      }),
    ).rejects.toThrow(/before the transaction writes anything/);
  });

  it('reads on as before once a quiet transaction has ended', async () => {
    const seen = collect(t.ctx.events);
    await t.ctx.database.db.transaction(async (tx) => {
      await declareWritesNoEvents(tx);
      await tx.execute(sql`SELECT pg_current_xact_id()`);
    });
    await t.ctx.database.db.transaction((tx) => appendEvent(tx, event('after-quiet')));
    await t.ctx.events.poke();
    expect(seen.map((e) => e.subjectId)).toContain('after-quiet');
  });
});
