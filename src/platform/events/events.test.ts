import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { onPostgres } from '../../../test/db.ts';
import { openEventStream } from '../../../test/event-stream.ts';
import { createPgDatabase } from '../../../test/pg-database.ts';
import { recordAudit, sealAuditTrail } from '../audit/service.ts';
import { countUnsealed } from '../audit/store.ts';
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

/**
 * Pokes the dispatcher until `read` gives what is expected. One poke right after a commit may hand out nothing yet:
 * on a PostgreSQL server shared with other test files, a transaction of another database that ends between the
 * reader's snapshot and its look at pg_stat_activity is waited for, to be safe (outbox.ts), until the next read.
 */
function afterPokes<T>(dispatcher: EventDispatcher, read: () => T) {
  return expect.poll(
    async () => {
      await dispatcher.poke();
      return read();
    },
    { timeout: 10_000, interval: 100 },
  );
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
    const ids = () => seen.filter((e) => e.type === 'test.happened').map((e) => e.subjectId);
    await afterPokes(t.ctx.events, ids).toEqual(['a', 'b', 'c']);
  });

  it('keeps numeric order when ids cross a power of ten (9 → 10 sorts after, not before): each event once', async () => {
    // The ids and transaction ids are read as text; sorted as text, '100' came before '99', so a reader handed out
    // the later events first, went back for the earlier ones and skipped them in the live stream (found by the
    // email bench on PGlite when transaction ids passed 999 → 1000).
    const [{ next }] = (await t.ctx.database.query<{ next: string }>(
      `SELECT (10::numeric ^ (length((coalesce(max(id), 0) + 10)::text)))::bigint AS next FROM outbox`,
    )) as [{ next: string }];
    await t.ctx.database.query(`SELECT setval(pg_get_serial_sequence('outbox', 'id'), $1::bigint - 4)`, [next]);
    const dispatcher = new EventDispatcher(t.ctx.database, 60_000);
    await dispatcher.start();
    const seen = collect(dispatcher);
    await t.ctx.database.db.transaction(async (tx) => {
      for (const s of ['p', 'q', 'r', 's', 't', 'u', 'v']) await appendEvent(tx, event(`pow-${s}`));
    });
    const pows = () => seen.filter((e) => e.subjectId.startsWith('pow-'));
    await afterPokes(dispatcher, () => pows().length).toBeGreaterThanOrEqual(7);
    await dispatcher.stop();
    const mine = pows();
    expect(mine.map((e) => e.subjectId)).toEqual(['pow-p', 'pow-q', 'pow-r', 'pow-s', 'pow-t', 'pow-u', 'pow-v']);
    expect(mine.map((e) => BigInt(e.id) - BigInt(next))).toEqual([-3n, -2n, -1n, 0n, 1n, 2n, 3n]);
    // A reader that starts now begins after the newest event, not at the one that sorts last as text.
    const again = new EventDispatcher(t.ctx.database, 60_000);
    await again.start();
    expect(again.position.id).toBe(String(BigInt(next) + 3n));
    await again.stop();
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

  it('ends its open streams when the app stops, instead of waiting for every viewer to leave', async () => {
    const other = await createTestApp();
    const address = await other.app.listen({ port: 0, host: '127.0.0.1' });
    const stream = await openEventStream(address, (await other.signIn('agent')).cookie!);
    try {
      await expect.poll(() => stream.read(), { timeout: 5000 }).toContain(': connected');
      const stopped = other.close().then(() => 'stopped');
      const waiting = new Promise((r) => setTimeout(() => r('still waiting for the stream'), 5000).unref());
      expect(await Promise.race([stopped, waiting])).toBe('stopped');
    } finally {
      await stream.stop();
    }
  });

  it.runIf(onPostgres)('fans events out to a second app instance on the same PostgreSQL server', async () => {
    const url = (t.ctx.database as { url?: string }).url!;
    const other = await openDatabase({ databaseUrl: url, poolSize: 2 });
    const second = new EventDispatcher(other, 60_000);
    await second.start();
    const seen = collect(second);
    await t.ctx.database.db.transaction((tx) => appendEvent(tx, event('cross-instance')));
    // Delivered on NOTIFY, not by the (one-minute) poll. An event is handed out once every older transaction of this
    // database that may write events has ended (outbox.ts, FRONTIER): under the full suite the test app's own jobs
    // write now and then, so a few seconds are allowed.
    await expect.poll(() => seen.map((e) => e.subjectId), { timeout: 10_000 }).toContain('cross-instance');

    // Held back at its NOTIFY by an older writer that then ends without an event (so without a NOTIFY of its own):
    // the second instance looks again soon, and does not wait for its poll. CI once waited the poll out (2026-12-05).
    const older = await holdTransaction(url, { quiet: false });
    await t.ctx.database.db.transaction((tx) => appendEvent(tx, event('held-back')));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(seen.map((e) => e.subjectId)).not.toContain('held-back');
    await older.end();
    await expect.poll(() => seen.map((e) => e.subjectId), { timeout: 10_000 }).toContain('held-back');
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

  it.runIf(onPostgres)(
    "does not wait for another database's transactions on the same server (events and audit seals)",
    async () => {
      // A hospital's PostgreSQL server often holds other databases; a long transaction there cannot write here.
      const url = (t.ctx.database as { url?: string }).url!;
      const neighbour = await createPgDatabase(new URL('/postgres', url).toString());
      const elsewhere = await holdTransaction(neighbour.url, { quiet: false });
      try {
        const seen = collect(t.ctx.events);
        await t.ctx.database.db.transaction(async (tx) => {
          await appendEvent(tx, event('beside-a-neighbour'));
          await recordAudit(
            tx,
            { actor: null, ip: '127.0.0.1', requestId: 'neighbour-test' },
            { action: 'auth.login', outcome: 'failure', actorLabel: 'nobody' },
          );
        });
        await t.ctx.events.poke();
        await expect.poll(() => seen.map((e) => e.subjectId), { timeout: 3000 }).toContain('beside-a-neighbour');
        // Sealed while the neighbour's transaction is still open (it is ended only in `finally`).
        await expect
          .poll(
            async () => {
              await sealAuditTrail(t.ctx.database);
              return countUnsealed(t.ctx.database.db);
            },
            { timeout: 10_000, interval: 100 },
          )
          .toBe(0);
      } finally {
        await elsewhere.end();
        await neighbour.drop();
      }
    },
  );

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
    await afterPokes(t.ctx.events, () => seen.map((e) => e.subjectId)).toContain('after-quiet');
  });
});
