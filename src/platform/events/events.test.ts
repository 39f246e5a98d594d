import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { onPostgres } from '../../../test/db.ts';
import { openEventStream } from '../../../test/event-stream.ts';
import { openDatabase } from '../db/connect.ts';
import { EventDispatcher } from './dispatcher.ts';
import { appendEvent, type StoredEvent } from './outbox.ts';

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
