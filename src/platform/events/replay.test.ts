// Catching up after a reconnect: the events a console missed come again from the outbox, filtered exactly as live
// ones; too far back it is told to reload (reset); a client that stops reading is dropped, not buffered for.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestApp } from '../../../test/app.ts';
import { onPostgres } from '../../../test/db.ts';
import { eventsIn, openEventStream } from '../../../test/event-stream.ts';
import { openDatabase } from '../db/connect.ts';
import { type Audience, appendEvent } from './outbox.ts';
import { REPLAY_WINDOW } from './stream.ts';

let t: TestApp;
let address: string;
let agent: Client;
let nurse: Client;
let nurseId: string;
beforeAll(async () => {
  t = await createTestApp();
  address = await t.app.listen({ port: 0, host: '127.0.0.1' });
  [agent, nurse] = await Promise.all([t.signIn('agent'), t.signIn('nurse')]);
  nurseId = (await nurse.get('/api/v1/auth/me')).json().user.id;
});
afterAll(() => t.close());

async function emit(subjectId: string, audience: Audience): Promise<string> {
  await t.ctx.database.db.transaction((tx) =>
    appendEvent(tx, { type: 'test.happened', subjectType: 'test', subjectId, audience }),
  );
  const rows = await t.ctx.database.query<{ id: string }>(
    'SELECT max(id)::text AS id FROM outbox WHERE subject_id = $1',
    [subjectId],
  );
  return rows[0]!.id;
}

/** Inserts `n` events for agents in one statement (a desk's busy hour, without a round trip per event). */
async function emitMany(n: number, prefix: string, payloadBytes = 0) {
  await t.ctx.database.query(
    `INSERT INTO outbox (type, subject_type, subject_id, payload, audience)
     SELECT 'test.bulk', 'test', $1 || g, jsonb_build_object('filler', repeat('x', $2::int)), '{"roles":["agent"]}'
       FROM generate_series(1, $3::int) g`,
    [prefix, payloadBytes, n],
  );
}

/** Waits until this instance's dispatcher has handed out every committed event. */
async function caughtUp() {
  const rows = await t.ctx.database.query<{ id: string }>('SELECT max(id)::text AS id FROM outbox');
  await t.ctx.events.poke();
  await expect.poll(() => t.ctx.events.position.id, { timeout: 10_000 }).toBe(rows[0]!.id);
}

const subjects = (text: string) => eventsIn(text).map((e) => JSON.parse(e.data || '{}').subjectId as string);

describe('reconnecting with Last-Event-ID', () => {
  it('replays what each viewer missed, filtered exactly as its live stream, then goes on live without repeats', async () => {
    const before = await emit('r-before', { roles: ['agent'] });
    // Live streams of the same viewers, open all along: the replay must match them event for event. Opened once the
    // dispatcher has handed out r-before: a stream gets every event handed out after it subscribed, and a stream
    // that beat the dispatcher to it (a warm fetch() on PostgreSQL, a few ms) got r-before, which the replay from
    // r-before rightly leaves out.
    await caughtUp();
    const live = {
      agent: await openEventStream(address, agent.cookie!),
      nurse: await openEventStream(address, nurse.cookie!),
    };
    await emit('r-desk-only', { roles: ['agent', 'manager'] });
    await emit('r-for-the-nurse', { userIds: [nurseId] });
    await emit('r-internal', { roles: ['agent'], vendorProviderIds: ['00000000-0000-7000-8000-000000000001'] });
    const last = await emit('r-last', { roles: ['agent'], userIds: [nurseId] });
    await t.ctx.events.poke();
    await expect.poll(() => live.agent.read(), { timeout: 5000 }).toContain(`id: ${last}\n`);
    await expect.poll(() => live.nurse.read(), { timeout: 5000 }).toContain(`id: ${last}\n`);

    const replay = {
      agent: await openEventStream(address, agent.cookie!, before),
      nurse: await openEventStream(address, nurse.cookie!, before),
    };
    await expect.poll(() => replay.agent.read(), { timeout: 5000 }).toContain(`id: ${last}\n`);
    await expect.poll(() => replay.nurse.read(), { timeout: 5000 }).toContain(`id: ${last}\n`);
    expect(subjects(replay.agent.read())).toEqual(['r-desk-only', 'r-internal', 'r-last']);
    expect(subjects(replay.nurse.read())).toEqual(['r-for-the-nurse', 'r-last']);
    for (const who of ['agent', 'nurse'] as const) {
      expect(eventsIn(replay[who].read())).toEqual(eventsIn(live[who].read()));
      expect(replay[who].read()).not.toContain('audience');
    }

    // Live from here on, each event once.
    await emit('r-after', { roles: ['agent'], userIds: [nurseId] });
    await t.ctx.events.poke();
    for (const who of ['agent', 'nurse'] as const) {
      await expect.poll(() => subjects(replay[who].read()), { timeout: 5000 }).toContain('r-after');
      expect(subjects(replay[who].read()).filter((s) => s === 'r-after')).toHaveLength(1);
      await replay[who].stop();
      await live[who].stop();
    }
  });

  it('sends nothing again to a viewer that is up to date', async () => {
    const last = await emit('u-last', { roles: ['agent'] });
    await t.ctx.events.poke();
    const stream = await openEventStream(address, agent.cookie!, last);
    await emit('u-next', { roles: ['agent'] });
    await t.ctx.events.poke();
    await expect.poll(() => subjects(stream.read()), { timeout: 5000 }).toEqual(['u-next']);
    await stream.stop();
  });

  it.runIf(onPostgres)(
    'resumes in commit-safe order, not by id: an event committed late is neither lost nor repeated',
    async () => {
      // Transaction A starts first and writes its event last (a larger id, an older transaction); B commits first.
      const before = await emit('o-before', { roles: ['agent'] });
      const url = (t.ctx.database as { url?: string }).url!;
      const slow = await openDatabase({ databaseUrl: url, poolSize: 1 });
      let release!: () => void;
      const held = new Promise<void>((r) => {
        release = r;
      });
      let started!: () => void;
      const began = new Promise<void>((r) => {
        started = r;
      });
      const slowTx = slow.db.transaction(async (tx) => {
        await tx.execute('SELECT pg_current_xact_id()');
        started();
        await held;
        await appendEvent(tx, {
          type: 'test.happened',
          subjectType: 'test',
          subjectId: 'o-a-late',
          audience: { roles: ['agent'] },
        });
      });
      await began;
      const b = await emit('o-b-first', { roles: ['agent'] });
      release();
      await slowTx;
      await slow.close();
      await emit('o-after', { roles: ['agent'] });
      await caughtUp();
      // The live order is A, B: a client that got B has had A; one that got only what came before has neither.
      const fromB = await openEventStream(address, agent.cookie!, b);
      const fromBefore = await openEventStream(address, agent.cookie!, before);
      await expect.poll(() => subjects(fromB.read()), { timeout: 5000 }).toContain('o-after');
      await expect.poll(() => subjects(fromBefore.read()), { timeout: 5000 }).toContain('o-after');
      expect(subjects(fromB.read())).toEqual(['o-after']);
      expect(subjects(fromBefore.read())).toEqual(['o-a-late', 'o-b-first', 'o-after']);
      await fromB.stop();
      await fromBefore.stop();
      // …although A's id is larger than B's: resuming "after id B" would have sent A again.
      const rows = await t.ctx.database.query<{ id: string }>(
        "SELECT id::text AS id FROM outbox WHERE subject_id = 'o-a-late'",
      );
      expect(Number(rows[0]!.id)).toBeGreaterThan(Number(b));
    },
  );

  it('tells a viewer to reload when its id is unknown or further back than the window, then goes on live', async () => {
    const old = await emit('w-old', { roles: ['agent'] });
    await emitMany(REPLAY_WINDOW + 1, 'w-bulk-');
    await caughtUp();
    for (const lastEventId of [old, '987654321987', 'not-a-number']) {
      const stream = await openEventStream(address, agent.cookie!, lastEventId);
      await expect.poll(() => eventsIn(stream.read()).map((e) => e.type), { timeout: 5000 }).toEqual(['reset']);
      // The reset carries the place live events resume from, for the next reconnect.
      expect(Number(eventsIn(stream.read())[0]!.id)).toBeGreaterThan(Number(old));
      await emit(`w-live-${lastEventId}`, { roles: ['agent'] });
      await t.ctx.events.poke();
      await expect.poll(() => subjects(stream.read()), { timeout: 5000 }).toContain(`w-live-${lastEventId}`);
      expect(stream.read()).not.toContain('w-bulk-');
      await stream.stop();
    }
  });

  it('drops a client that stops reading instead of buffering events for it without bound', async () => {
    // The other tests' streams have closed: this one is the only subscriber.
    await expect.poll(() => t.ctx.events.subscriberCount, { timeout: 5000 }).toBe(0);
    // A raw socket that never reads: the kernel's buffers fill, then the server's.
    const socket = net.connect(Number(new URL(address).port), '127.0.0.1');
    try {
      await new Promise((resolve) => socket.once('connect', resolve));
      let received = '';
      let closed = false;
      socket.on('data', (d) => {
        received += d.toString();
      });
      socket.on('close', () => {
        closed = true;
      });
      socket.on('error', () => {});
      socket.write(
        `GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: clinidesk_session=${agent.cookie}\r\n\r\n`,
      );
      await expect.poll(() => received, { timeout: 5000 }).toContain(': connected');
      expect(t.ctx.events.subscriberCount).toBe(1);
      socket.pause();
      // 1 MB of events at a time (up to 40 MB), until the loopback socket's buffers and MAX_UNSENT_BYTES are full.
      for (let i = 0; i < 40 && t.ctx.events.subscriberCount > 0; i++) {
        await emitMany(100, `slow-${i}-`, 10_000);
        await caughtUp();
        await new Promise((r) => setTimeout(r, 100)); // the dropped socket's close event
      }
      expect(t.ctx.events.subscriberCount).toBe(0);
      socket.resume();
      await expect.poll(() => closed, { timeout: 10_000 }).toBe(true);
    } finally {
      socket.destroy();
    }
  });
});
